/*
 * Study mode: hide or reveal every answer, mark each "Knew it" / "Review again", see progress,
 * jump to the next question you don't know yet or a random one.
 *
 * Marks live in this browser's localStorage only (no account, no network). The bar's markup is
 * rendered at build time (overrides/hooks/study.py) with `hidden`, and its space is reserved before
 * this script runs, so nothing shifts; without JavaScript the bar stays hidden and the answers are
 * plain collapsible blocks. Without storage, marks work for the visit and the bar says so.
 */
(() => {
  const STORAGE_KEY = "k8s-networking:study-marks:v1";
  const memory = {};

  const store = {
    available: (() => {
      try {
        localStorage.setItem(`${STORAGE_KEY}:probe`, "1");
        localStorage.removeItem(`${STORAGE_KEY}:probe`);
        return true;
      } catch {
        return false;
      }
    })(),
    read() {
      if (!this.available) return memory;
      try {
        return JSON.parse(localStorage.getItem(STORAGE_KEY)) || {};
      } catch {
        return {};
      }
    },
    write(marks) {
      if (this.available) {
        try {
          return localStorage.setItem(STORAGE_KEY, JSON.stringify(marks));
        } catch {
          this.available = false; // full or revoked: keep going in memory
        }
      }
      Object.keys(memory).forEach((key) => delete memory[key]);
      Object.assign(memory, marks);
    },
    set(id, mark) {
      const marks = { ...this.read() };
      if (mark) marks[id] = mark;
      else delete marks[id];
      this.write(marks);
    },
  };

  function questionsOn(content) {
    return [...content.querySelectorAll("h3[id]")]
      .map((heading) => ({ heading, answer: heading.nextElementSibling }))
      .filter(({ answer }) => answer?.matches("details.answer"));
  }

  function questionText(heading) {
    return [...heading.childNodes]
      .filter((node) => !(node.nodeType === 1 && node.matches(".headerlink, .study-status")))
      .map((node) => node.textContent)
      .join("")
      .trim();
  }

  function button(label, className, onClick) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = `md-button ${className}`;
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  function addMarkControls(question, refresh) {
    const { heading, answer } = question;
    const name = questionText(heading);
    const group = document.createElement("div");
    group.className = "study-marks";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", `Mark: ${name}`);
    const knew = button("Knew it", "study-mark study-mark--known", () => toggle("known"));
    const review = button("Review again", "study-mark study-mark--review", () => toggle("review"));
    group.append(knew, review);
    answer.append(group);

    const status = document.createElement("span");
    status.className = "study-status";
    heading.insertBefore(status, heading.querySelector(".headerlink"));

    function toggle(mark) {
      const current = store.read()[heading.id];
      store.set(heading.id, current === mark ? null : mark);
      refresh();
      // A new mark is also a review for the spaced-repetition scheduler (study-loader.js):
      // "Knew it" counts as Good (3), "Review again" as Again (1).
      if (current !== mark) window.k8sStudy?.rate(heading.id, mark === "known" ? 3 : 1);
    }

    question.render = (marks) => {
      const mark = marks[heading.id];
      knew.setAttribute("aria-pressed", String(mark === "known"));
      review.setAttribute("aria-pressed", String(mark === "review"));
      status.textContent = mark === "known" ? "known" : mark === "review" ? "review" : "";
      status.dataset.mark = mark || "";
    };
  }

  function setUpBar(bar, content) {
    const questions = questionsOn(content);
    if (!questions.length) return;
    const total = Number(bar.dataset.total) || questions.length;
    const progress = bar.querySelector("[data-study-progress]");
    const status = bar.querySelector("[data-study-status]");
    let position = -1;

    const refresh = () => {
      const marks = store.read();
      questions.forEach((question) => question.render(marks));
      const knownHere = questions.filter(({ heading }) => marks[heading.id] === "known").length;
      const knownOverall = Object.values(marks).filter((mark) => mark === "known").length;
      progress.textContent =
        `${knownHere} of ${questions.length} known on this page · ${knownOverall} of ${total} overall` +
        (store.available ? "" : " (not saved: this browser blocks storage)");
    };

    const goTo = (index, how) => {
      position = index;
      const { heading, answer } = questions[index];
      answer.open = false; // test yourself first
      heading.setAttribute("tabindex", "-1");
      heading.scrollIntoView({ block: "start" });
      heading.focus({ preventScroll: true });
      status.textContent = `${how}: question ${index + 1} of ${questions.length}, ${questionText(heading)}`;
    };

    const unknown = () => {
      const marks = store.read();
      return questions.map((_, index) => index).filter((index) => marks[questions[index].heading.id] !== "known");
    };

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
      reset: () => {
        questions.forEach(({ heading }) => store.set(heading.id, null));
        refresh();
        status.textContent = "Marks on this page cleared";
      },
    };

    bar.querySelectorAll("[data-study-action]").forEach((control) => {
      control.addEventListener("click", () => actions[control.dataset.studyAction]());
    });
    questions.forEach((question) => addMarkControls(question, refresh));
    refresh();
    bar.hidden = false;
  }

  document$.subscribe(() => {
    const bar = document.querySelector("[data-study-bar]");
    const content = document.querySelector(".md-content");
    if (bar && content) setUpBar(bar, content);
  });
})();
