/*
 * Open the collapsed answer a reader was sent to.
 *
 * Question ids sit on the `###` heading, and the answer is the <details> right after it, so a link
 * to `page/#question-id` would otherwise land on a closed answer. Search results carry `?h=terms`
 * and Material marks the matches (asynchronously, once its index is ready); a match inside a
 * closed answer is invisible, so that answer is opened too, scrolled to and briefly highlighted.
 */
(() => {
  const FOUND_CLASS = "answer--found";

  function answerAfter(heading) {
    const next = heading?.nextElementSibling;
    return next?.matches("details") ? next : null;
  }

  function reveal(details, scrollTarget) {
    if (!details) return;
    details.open = true;
    details.classList.remove(FOUND_CLASS);
    void details.offsetWidth; // restart the highlight animation
    details.classList.add(FOUND_CLASS);
    scrollTarget?.scrollIntoView({ block: "center" });
  }

  function openLinkedAnswer() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (target) reveal(target.matches("h3") ? answerAfter(target) : target.closest("details"));
  }

  function openSearchHits(content) {
    if (!new URL(location.href).searchParams.get("h")) return;
    const openHits = () => {
      const marks = [...content.querySelectorAll("mark[data-md-highlight]")];
      if (!marks.length) return false;
      const section = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      // Prefer a match in the answer the search result pointed at, else the first match.
      const inSection = section && marks.find((mark) => answerAfter(section)?.contains(mark));
      const first = inSection || marks[0];
      marks.forEach((mark) => {
        const details = mark.closest("details");
        if (details) details.open = true;
      });
      reveal(first.closest("details"), first);
      return true;
    };
    if (openHits()) return;
    const observer = new MutationObserver(() => openHits() && observer.disconnect());
    observer.observe(content, { childList: true, subtree: true });
    setTimeout(() => observer.disconnect(), 10000);
  }

  document$.subscribe(() => {
    const content = document.querySelector(".md-content");
    if (!content) return;
    openLinkedAnswer();
    openSearchHits(content);
  });
  window.addEventListener("hashchange", openLinkedAnswer);
})();
