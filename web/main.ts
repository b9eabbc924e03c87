// The page's one script, inlined into index.html (file:// refuses module scripts and sibling
// files). The same bundle, started from a blob: URL, is the worker: no second file to load.
import { startPage } from "./page.js";
import { startWorker } from "./worker.js";

declare global {
  interface Window {
    /** Set as soon as this script runs: the too-old-browser check in index.html looks for it. */
    pilotFormsStarted?: boolean;
  }
}

if (typeof document === "undefined") startWorker();
else {
  window.pilotFormsStarted = true;
  // Read now: currentScript is only set while the inline script first runs.
  const source = document.currentScript?.textContent ?? "";
  const start = () => startPage(source);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
