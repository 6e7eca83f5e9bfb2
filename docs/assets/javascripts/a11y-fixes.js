/*
 * Accessibility fix to markup that Material creates in the browser (the build-time ones are in
 * overrides/hooks/a11y.py). Material wraps each code block's copy button in a <nav>, so a page with
 * many code blocks has many unnamed navigation landmarks (axe `landmark-unique`) that clutter a
 * screen reader's landmark list; the button itself stays reachable without the landmark.
 */
document$.subscribe(() => {
  document.querySelectorAll(".md-code__nav:not([role])").forEach((nav) => nav.setAttribute("role", "none"));
});
