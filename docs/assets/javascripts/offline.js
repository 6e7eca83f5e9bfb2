/*
 * Offline: register the service worker that overrides/hooks/offline.py builds (sw.js, Workbox), and
 * say when a new version has been installed in the background.
 *
 * The worker keeps answering from the build it came with until the reader presses "Reload" in the
 * notice; only then does the new worker take over (SKIP_WAITING), and every open page of the site
 * reloads, so no page ever mixes two builds. The page names the worker (data-service-worker on its
 * manifest link) only in a real build: on `mkdocs serve` there is none, and any worker
 * a built copy left on the same address is removed, so live reload is never answered from a cache.
 */
(() => {
  const workers = navigator.serviceWorker;
  const named = document.querySelector("link[rel=manifest][data-service-worker]");
  if (!workers) return;
  if (!named) {
    workers.getRegistrations().then((all) => all.forEach((registration) => registration.unregister()));
    return;
  }

  // The first worker claiming this page changes nothing on screen. A later change of worker means a
  // new version was accepted, here or in another tab: reload, so page and worker are one build.
  let controlled = Boolean(workers.controller);
  let reloading = false;
  const reload = () => reloading || ((reloading = true), location.reload());
  workers.addEventListener("controllerchange", () => {
    if (controlled) reload();
    controlled = true;
  });

  let notice;
  function notify(waiting) {
    if (!notice || notice.firstChild) return;
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Reload";
    button.addEventListener("click", () => {
      button.disabled = true;
      // Also once it is active, in case this page was not told of the change of worker.
      waiting.addEventListener("statechange", () => waiting.state === "activated" && reload());
      waiting.postMessage({ type: "SKIP_WAITING" });
    });
    // Filled in after the empty live region exists, so screen readers announce it; focus stays put.
    notice.append("A new version is available — ", button);
  }

  function register() {
    // Outside Material's components, so instant navigation keeps it on screen.
    notice = document.createElement("div");
    notice.className = "update-notice";
    notice.setAttribute("role", "status");
    document.body.append(notice);
    workers.register(new URL(named.dataset.serviceWorker, location.href)).then((registration) => {
      // The browser may have found the new version before this ran (it checks on every load).
      const watch = (worker) => worker?.addEventListener("statechange", () => {
        if (worker.state === "installed" && workers.controller) notify(worker);
      });
      if (registration.waiting && workers.controller) notify(registration.waiting);
      watch(registration.installing);
      registration.addEventListener("updatefound", () => watch(registration.installing));
      // Instant navigation loads no page, so the browser checks for a new version only on real
      // loads; check too when the reader returns to the tab, at most once an hour.
      let checked = Date.now();
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState !== "visible" || Date.now() - checked < 36e5) return;
        checked = Date.now();
        registration.update().catch(() => {});
      });
    }).catch(() => {});  // no worker (private mode, storage denied): the site works online as before
  }

  // After the load event and when the main thread is idle, so it costs the first visit nothing.
  const start = () => (window.requestIdleCallback ? requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 500));
  if (document.readyState === "complete") start();
  else addEventListener("load", start, { once: true });
})();
