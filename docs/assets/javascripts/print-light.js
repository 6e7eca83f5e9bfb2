/*
 * Print in the light scheme even when the dark one is active: switch Material's palette attribute
 * for the print job and put it back afterwards. Diagram colours follow, since Material draws them
 * from the same CSS variables. The listeners sit on window, which instant navigation keeps, so
 * unlike the other scripts this one needs no document$ subscription.
 */
(() => {
  let scheme = null;
  window.addEventListener("beforeprint", () => {
    scheme = document.body.getAttribute("data-md-color-scheme");
    document.body.setAttribute("data-md-color-scheme", "default");
  });
  window.addEventListener("afterprint", () => {
    if (scheme) document.body.setAttribute("data-md-color-scheme", scheme);
  });
})();
