/*
 * Study mode: hide or reveal every answer, jump to the next question you don't know yet or a random
 * one. Grading, progress and what is due come from the study tools (study-tools.js, loaded by
 * study-loader.js once the reader studies): they fill the bar's progress line and the badge after each
 * question, which this file reads to find the questions not yet known. This file stores nothing.
 *
 * The bar's markup is rendered at build time (overrides/hooks/study.py) with `hidden`, and its space
 * is reserved before this script runs, so nothing shifts; without JavaScript the bar stays hidden and
 * the answers are plain collapsible blocks.
 */
(() => {
  // The build marks each answered question's heading (sitemodel.mark_questions); its answer follows it.
  function questionsOn(content) {
    return [...content.querySelectorAll("h3.question")]
      .map((heading) => ({ heading, answer: heading.nextElementSibling }));
  }

  function questionText(heading) {
    return [...heading.childNodes]
      .filter((node) => !(node.nodeType === 1 && node.matches(".headerlink, .study-status")))
      .map((node) => node.textContent)
      .join("")
      .trim();
  }

  function setUpBar(bar, content) {
    const questions = questionsOn(content);
    if (!questions.length) return;
    const progress = bar.querySelector("[data-study-progress]");
    const status = bar.querySelector("[data-study-status]");
    let position = -1;
    // Until the study tools load (the reader has not studied yet), nothing is known.
    if (!progress.textContent) progress.textContent = `${questions.length} questions on this page: open an answer to grade it`;

    const goTo = (index, how) => {
      position = index;
      const { heading, answer } = questions[index];
      answer.open = false; // test yourself first
      heading.setAttribute("tabindex", "-1");
      heading.scrollIntoView({ block: "start" });
      heading.focus({ preventScroll: true });
      status.textContent = `${how}: question ${index + 1} of ${questions.length}, ${questionText(heading)}`;
    };

    const unknown = () => questions.map((_, index) => index)
      .filter((index) => questions[index].heading.querySelector(".study-status")?.dataset.mark !== "known");

    const actions = {
      hide: () => {
        questions.forEach(({ answer }) => (answer.open = false));
        status.textContent = "All answers hidden";
      },
      reveal: () => {
        questions.forEach(({ answer }) => (answer.open = true));
        status.textContent = "All answers revealed";
      },
      next: () => {
        const left = unknown();
        if (!left.length) return (status.textContent = "You know every question on this page");
        goTo(left.find((index) => index > position) ?? left[0], "Next unknown");
      },
      shuffle: () => {
        const left = unknown().filter((index) => index !== position);
        const pool = left.length ? left : unknown();
        if (!pool.length) return (status.textContent = "You know every question on this page");
        goTo(pool[Math.floor(Math.random() * pool.length)], "Random");
      },
    };

    bar.querySelectorAll("[data-study-action]").forEach((control) => {
      control.addEventListener("click", () => actions[control.dataset.studyAction]());
    });
    bar.hidden = false;
  }

  document$.subscribe(() => {
    const bar = document.querySelector("[data-study-bar]");
    const content = document.querySelector(".md-content");
    if (bar && content) setUpBar(bar, content);
  });
})();
