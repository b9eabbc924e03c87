// What the classic pane asks of Excel: the ExcelApi 1.1 part of addin/excel/host.ts (read the
// workbook, select a cell, fill and restore cells, keep the original fills in the document's
// settings). Office 2016 has 1.1; 2019 has 1.7, whose extras the classic pane does not use.
import type { WorkbookGrid } from "../../forms/model.js";
import type { Capabilities, Mark, OriginalFills, ProfileChoice } from "../excel/host.js";

export interface ClassicHost {
  capabilities(): Capabilities;
  readWorkbook(): Promise<WorkbookGrid>;
  selectCell(sheet: string, cell: string): Promise<void>;
  markCells(marks: Mark[], scattered: boolean): Promise<OriginalFills>;
  restoreFills(originals: OriginalFills): Promise<string[]>;
  savedOriginals(): OriginalFills;
  saveOriginals(originals: OriginalFills): Promise<void>;
  /** The notice (and form) chosen for this workbook before, from its document settings. */
  savedProfile?(): ProfileChoice | undefined;
  saveProfile?(choice: ProfileChoice | undefined): Promise<void>;
  /** The office's default notice; absent: the build's (default-profile.ts). */
  defaultProfile?: string;
}
