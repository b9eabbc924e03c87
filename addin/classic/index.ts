// The classic pane's entry (taskpane.html loads it on Trident and EdgeHTML): once Office is
// ready, mount the pane over addin/excel/host.ts. The harness page, which has no office.js
// but a simulated host, calls window.pilotFormsClassic.mount itself.
import { officeHost as paneHost } from "../taskpane/office-host.js";
import type { ClassicHost } from "./classic-host.js";
import { mountClassic } from "./pane.js";

/** The classic pane asks for the ExcelApi 1.1 part of the pane's Excel host. */
export const officeHost: ClassicHost = paneHost;

declare global {
  interface Window {
    pilotFormsClassic?: { mount: (root: HTMLElement, host?: ClassicHost) => () => void };
  }
}

window.pilotFormsClassic = { mount: (root, host = officeHost) => mountClassic(root, host) };

if (typeof Office !== "undefined" && typeof Office.onReady === "function")
  void Office.onReady(() => {
    const root = document.getElementById("root");
    if (root) mountClassic(root, officeHost);
  });
