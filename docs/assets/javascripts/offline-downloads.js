/*
 * Offline downloads: a deck link (<a download>) saves the file the service worker holds.
 *
 * Chromium fetches a download in the browser process, past the page's service worker, so offline a
 * precached Anki deck would fail to download. While a worker controls the page, a click on a
 * download link fetches the file through the worker instead (precache, else network) and saves
 * that copy under the link's file name. Without a worker, or if that fetch fails, the link does
 * what it always does. One listener on the document, so it outlives Material's instant navigation.
 */
(() => {
  const workers = navigator.serviceWorker;
  if (!workers) return;
  document.addEventListener("click", async (event) => {
    const link = event.target.closest?.("a[download][href]");
    if (!link || !workers.controller || link.dataset.fetched || event.defaultPrevented) return;
    if (!/^https?:$/.test(link.protocol) || link.origin !== location.origin) return;  // not the blob copy below
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    let url;
    try {
      const response = await fetch(link.href);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      url = URL.createObjectURL(await response.blob());
    } catch {
      link.dataset.fetched = "no";  // let the browser try, and report, as without a worker
      link.click();
      delete link.dataset.fetched;
      return;
    }
    const copy = Object.assign(document.createElement("a"), {
      href: url, download: link.getAttribute("download") || link.pathname.split("/").pop(),
    });
    document.body.append(copy);
    copy.click();
    copy.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  });
})();
