/*
 * Drill mode for packet walks: "Predict the next hop".
 *
 * A walk whose steps all carry choices (`Right:` and `Wrong: choice — reason` bullets, read by
 * diagram-stepper.js into `block.walk.steps`) gets a toggle. In drill mode each hop is a question:
 * the reader picks one of the choices (a fixed shuffle, so a walk always asks the same way), is told
 * in a polite live region whether it was right (with the step's caption) or why not (with the right
 * answer), then the real hop is shown with its caption and packet state (hidden while the question
 * is open, so the choices and the picture fit one phone screen). At the end: the score, and, if the study scheduler exists
 * (`window.k8sStudy.rate`), an offer to rate the walk's question by it (1 Again ... 4 Easy).
 */
(() => {
  // A stable order that does not put the right answer first: sort by a hash of the text.
  function hash(text) {
    let h = 2166136261;
    for (const char of text) h = Math.imul(h ^ char.codePointAt(0), 16777619);
    return h >>> 0;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(label, className = "") {
    const node = element("button", `md-button stepper__button ${className}`.trim(), label);
    node.type = "button";
    return node;
  }

  function questionId(block) {
    const answer = block.closest("details");
    const heading = answer?.previousElementSibling;
    return heading?.matches("h3.question") ? heading.id : "";  // marked by the build (sitemodel.mark_questions)
  }

  function setUpDrill(block) {
    const walk = block.walk;
    if (!walk || block.dataset.drill === "ready") return;
    const steps = walk.steps;
    if (!steps.every((s) => s.right && s.wrongs.length >= 2)) return;
    block.dataset.drill = "ready";
    const total = steps.length;
    let hop = 0;
    let score = 0;

    const toggle = button("Drill: predict each hop", "drill__toggle");
    toggle.setAttribute("aria-pressed", "false");
    walk.buttons.append(toggle);

    const panel = element("div", "drill");
    panel.hidden = true;
    const question = element("p", "drill__question");
    question.id = `drill-${Math.random().toString(36).slice(2, 9)}`;
    question.tabIndex = -1;
    const choices = element("div", "drill__choices");
    choices.setAttribute("role", "group");
    choices.setAttribute("aria-labelledby", question.id);
    const feedback = element("p", "drill__feedback");
    feedback.setAttribute("role", "status");
    const onward = button("Next hop", "md-button--primary drill__next");
    const actions = element("div", "drill__actions");
    panel.append(question, choices, feedback, actions);
    walk.group.append(panel);

    function ask() {
      question.textContent = `Hop ${hop} of ${total}: what happens next?`;
      const step = steps[hop - 1];
      const options = [{ choice: step.right, right: true }, ...step.wrongs]
        .sort((a, b) => hash(`${hop}${a.choice}`) - hash(`${hop}${b.choice}`));
      choices.replaceChildren(...options.map((option) => {
        const pick = button(option.choice, "drill__choice");
        pick.addEventListener("click", () => answer(option));
        return pick;
      }));
      choices.hidden = false;
      block.classList.remove("is-answered");
      feedback.textContent = "";
      actions.replaceChildren();
    }

    function answer(option) {
      const step = steps[hop - 1];
      if (option.right) score++;
      // The choices make way for the hop itself: on a phone, picture and panel share one screen.
      choices.hidden = true;
      block.classList.add("is-answered");
      feedback.textContent = option.right
        ? `Right. ${step.caption}`
        : `Not quite: ${option.reason.replace(/\.$/, "")}. The right answer: ${step.right}.`;
      onward.textContent = hop === total ? "See your score" : "Next hop";
      actions.replaceChildren(onward);
      // Shown once the panel holds its feedback, so the hop is scrolled clear of the panel's full height.
      walk.show(hop, { scroll: true });
      onward.focus();
    }

    function finish() {
      choices.hidden = true;
      choices.replaceChildren();
      question.textContent = `Drill finished: ${score} of ${total} right.`;
      feedback.textContent = `You predicted ${score} of ${total} hops.`;
      const again = button("Try again", "drill__again");
      again.addEventListener("click", start);
      actions.replaceChildren(again);
      const id = questionId(block);
      const rate = window.k8sStudy?.rate;
      if (id && typeof rate === "function") {
        const rating = score === total ? 4 : score >= total * 0.75 ? 3 : score >= total * 0.5 ? 2 : 1;
        const name = ["", "Again", "Hard", "Good", "Easy"][rating];
        const offer = button(`Rate this question "${name}" in your reviews`, "drill__rate");
        offer.addEventListener("click", () => {
          rate.call(window.k8sStudy, id, rating);
          offer.disabled = true;
          feedback.textContent = `Rated "${name}" in your reviews.`;
          again.focus();
        });
        actions.append(offer);
      }
      question.focus();
    }

    function start() {
      hop = 1;
      score = 0;
      walk.show(0);
      walk.caption.textContent = "The packet has not left yet.";
      ask();
      choices.firstElementChild.focus();
    }

    onward.addEventListener("click", () => {
      if (hop === total) return finish();
      hop++;
      ask();
      choices.firstElementChild.focus();
    });

    toggle.addEventListener("click", () => {
      const on = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", String(on));
      block.classList.toggle("is-drilling", on);
      block.classList.remove("is-answered");
      panel.hidden = !on;
      // The feedback says it all while drilling; the caption would repeat it.
      walk.caption.setAttribute("aria-live", on ? "off" : "polite");
      walk.group.querySelector(".stepper__packet").setAttribute("aria-live", on ? "off" : "polite");
      if (on) return start();
      walk.show(0);
      toggle.focus();
    });
  }

  document$.subscribe(() => document.querySelectorAll(".packet-path").forEach(setUpDrill));
})();
