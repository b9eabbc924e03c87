// The pane's host in Excel: addin/excel/host.ts's functions, and the templates fetched from
// the add-in's own web server (next to taskpane.html). The React pane (mount.tsx) and the
// classic pane (addin/classic/) use it; the tests use it over the simulated Excel.
import * as excel from "../excel/host.js";
import type { PaneHost } from "./pane-host.js";
import { templateHref } from "./session.js";

/** Base64 of bytes, in chunks (String.fromCharCode has an argument limit). */
function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The templates are served by the add-in's own web server, next to taskpane.html. */
async function fetchTemplate(relativePath: string): Promise<string> {
  const url = new URL(templateHref(relativePath), document.baseURI);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`模板 ${relativePath} 无法下载（HTTP ${res.status}）`);
  return base64(new Uint8Array(await res.arrayBuffer()));
}

export const officeHost: PaneHost = {
  capabilities: excel.capabilities,
  readWorkbook: excel.readWorkbook,
  readSheet: excel.readSheet,
  readRows: excel.readRows,
  selectCell: excel.selectCell,
  markCells: excel.markCells,
  restoreFills: excel.restoreFills,
  writeCells: excel.writeCells,
  watchChanges: excel.watchChanges,
  insertSheets: excel.insertSheets,
  savedOriginals: excel.savedOriginals,
  saveOriginals: excel.saveOriginals,
  savedProfile: excel.savedProfile,
  saveProfile: excel.saveProfile,
  workbookBytes: () => excel.workbookBytes(),
  workbookName: excel.workbookName,
  fetchTemplate,
};
