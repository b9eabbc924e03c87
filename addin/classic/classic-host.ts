// What the classic pane asks of Excel: the ExcelApi 1.1 part of the pane's host (read the
// workbook, select a cell, fill and restore cells, keep the original fills and the chosen
// notice in the document's settings). Office 2016 has 1.1; 2019 has 1.7, whose extras the
// classic pane does not use.
import type { PaneHost } from "../taskpane/pane-host.js";

export type ClassicHost = Pick<
  PaneHost,
  | "capabilities"
  | "readWorkbook"
  | "selectCell"
  | "markCells"
  | "restoreFills"
  | "savedOriginals"
  | "saveOriginals"
  | "savedProfile"
  | "saveProfile"
  | "defaultProfile"
>;
