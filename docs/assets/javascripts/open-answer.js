/*
 * Open the collapsed answer a reader was sent to.
 *
 * Question ids sit on the `###` heading (class `question`, from the build: sitemodel.mark_questions),
 * and the answer is the <details> right after it, so a link
 * to `page/#question-id` would otherwise land on a closed answer: it is opened, its question scrolled
 * to the top and the answer briefly highlighted. Search results are such links with `?h=terms`, for
 * which Material marks the words on the page; only the result's own answer is opened.
 */
(() => {
  const FOUND_CLASS = "answer--found";

  function answerAfter(heading) {
    return heading?.matches?.(".question") ? heading.nextElementSibling : null;  // heading may be "" (no #fragment)
  }

  function reveal(details, scrollTarget) {
    if (!details) return;
    details.open = true;
    details.classList.remove(FOUND_CLASS);
    void details.offsetWidth; // restart the highlight animation
    details.classList.add(FOUND_CLASS);
    scrollTarget?.scrollIntoView({ block: "start" });
  }

  function openLinkedAnswer() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    if (target.matches(".question")) reveal(answerAfter(target), target);
    else reveal(target.closest("details"));
  }

  // A search result names its answer (#question-id) and the words to mark (?h=). Only that answer is
  // opened, with its question scrolled to the top, so the rest of the page stays closed for
  // self-testing; and Material's navigation.tracking, which rewrites the address to the heading at
  // the top of the screen, keeps the result's #fragment. Without a fragment (a page-level result),
  // the answer holding the first mark is opened once Material has marked the page.
  function openSearchHits(content) {
    if (!new URL(location.href).searchParams.get("h")) return;
    const heading = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    const chosen = answerAfter(heading);
    const showHit = () => {
      if (chosen) {  // opened by openLinkedAnswer; bring its first mark into view if it is below
        const mark = chosen.querySelector("mark[data-md-highlight]");
        if (mark && mark.getBoundingClientRect().bottom > innerHeight) mark.scrollIntoView({ block: "center" });
        return Boolean(mark);
      }
      const mark = content.querySelector("details mark[data-md-highlight]");
      const details = mark?.closest("details");
      if (details) reveal(details, details.previousElementSibling?.matches(".question") ? details.previousElementSibling : mark);
      return Boolean(mark);
    };
    if (showHit()) return;
    const observer = new MutationObserver(() => showHit() && observer.disconnect());
    observer.observe(content, { childList: true, subtree: true });
    setTimeout(() => observer.disconnect(), 10000);
  }

  // The result a reader clicked. While instant navigation loads its page, Material's anchor tracking
  // on the page being left may rewrite the address with that page's heading as the #fragment, or
  // none (seen when the page is slow to come: offline from the worker, or a busy machine); the new
  // page then restores the fragment it was sent to, so the chosen answer is the one opened.
  let clicked = null;
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a.md-search-result__link");
    if (link) clicked = new URL(link.href, location.href);
  }, true);

  function restoreFragment() {
    const sent = clicked;
    clicked = null;
    if (sent?.hash && location.hash !== sent.hash && sent.pathname === location.pathname && sent.search === location.search) {
      history.replaceState(history.state, "", sent.href);
    }
  }

  document$.subscribe(() => {
    const content = document.querySelector(".md-content");
    if (!content) return;
    restoreFragment();
    openLinkedAnswer();
    openSearchHits(content);
  });
  window.addEventListener("hashchange", openLinkedAnswer);
})();
