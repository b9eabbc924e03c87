// The classic pane's entry (taskpane.html loads it on Trident and EdgeHTML): once Office is
// ready, mount the pane over addin/excel/host.ts. The harness page, which has no office.js
// but a simulated host, calls window.pilotFormsClassic.mount itself.
import * as excel from "../excel/host.js";
import type { ClassicHost } from "./classic-host.js";
import { mountClassic } from "./pane.js";

/**
 * The ExcelApi 1.1 part of the pane's Excel host, taken from addin/excel/host.ts itself rather
 * than from taskpane/office-host.ts: that module also fetches templates (fetch, new URL) and
 * reads the file (getFileAsync), which IE 11 lacks and the classic bundle must not carry.
 */
export const officeHost: ClassicHost = {
  capabilities: excel.capabilities,
  readWorkbook: excel.readWorkbook,
  selectCell: excel.selectCell,
  markCells: excel.markCells,
  restoreFills: excel.restoreFills,
  savedOriginals: excel.savedOriginals,
  saveOriginals: excel.saveOriginals,
  savedProfile: excel.savedProfile,
  saveProfile: excel.saveProfile,
};

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
