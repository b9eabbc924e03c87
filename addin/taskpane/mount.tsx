// Render the pane into an element, talking to Excel through addin/excel/host.ts. Called by
// index.tsx once Office is ready, and by the harness page after it installs the simulated host.
import * as React from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import * as excel from "../excel/host.js";
import { App } from "./App.js";
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

/** Render the pane; returns a function that unmounts it (the harness opens another workbook with it). */
export function mountPane(root: HTMLElement, host: PaneHost = officeHost): () => void {
  const reactRoot = createRoot(root);
  reactRoot.render(
    <FluentProvider theme={webLightTheme} style={{ minHeight: "100%" }}>
      <App host={host} />
    </FluentProvider>,
  );
  return () => reactRoot.unmount();
}
