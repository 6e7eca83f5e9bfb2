/*
 * The "Print this page" button on cheat sheets and the questions page. It is rendered hidden, so
 * readers without JavaScript (who can still use the browser's own print command) never see a dead
 * button. Like the print shortcut (print-diagrams.js), it draws any waiting diagram first.
 */
document$.subscribe(() => {
  document.querySelectorAll(".print-button").forEach((button) => {
    button.hidden = false;
    button.onclick = () => window.mermaid.drawAll().then(() => window.print());
  });
});
