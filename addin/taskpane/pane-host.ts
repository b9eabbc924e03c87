// What the pane needs from Excel (and from its own web server, for templates), passed in as
// functions: addin/excel/host.ts in Excel (mount.tsx), a fake or the simulated host in tests.
import type { SheetGrid, WorkbookGrid } from "../../forms/model.js";
import type { Capabilities, CellWrite, ChangedRange, Mark, OriginalFills, ProfileChoice } from "../excel/host.js";

export interface PaneHost {
  capabilities(): Capabilities;
  readWorkbook(): Promise<WorkbookGrid>;
  readSheet(name: string): Promise<WorkbookGrid["sheets"][number]>;
  /** Rows of a sheet (live mode reads only the edited rows when it can). */
  readRows?(
    sheet: string,
    top: number,
    bottom: number,
    left: number,
    right: number,
  ): Promise<Pick<SheetGrid, "values" | "formats">>;
  selectCell(sheet: string, cell: string): Promise<void>;
  markCells(marks: Mark[], scattered: boolean): Promise<OriginalFills>;
  /** Returns the keys whose sheet no longer exists (those cannot be restored). */
  restoreFills(originals: OriginalFills): Promise<string[] | void>;
  writeCells(writes: CellWrite[]): Promise<void>;
  watchChanges(onChange: (change: ChangedRange) => void): Promise<() => Promise<void>>;
  insertSheets(base64: string): Promise<void>;
  savedOriginals(): OriginalFills;
  saveOriginals(originals: OriginalFills): Promise<void>;
  /** A template's bytes as base64, by its path under templates/. */
  fetchTemplate(relativePath: string): Promise<string>;
  /** The profile (and form) chosen for this workbook before (its document settings); absent: nothing remembered. */
  savedProfile?(): ProfileChoice | undefined;
  /** Remember the user's choice in the workbook (undefined: forget it). */
  saveProfile?(choice: ProfileChoice | undefined): Promise<void>;
  /** The office's default profile id; absent: the build's __PILOT_FORMS_DEFAULT_PROFILE__ (default-profile.ts). */
  defaultProfile?: string;
  /** The open workbook as .xlsx bytes (下载标注副本); absent: the pane offers no annotated copy. */
  workbookBytes?(): Promise<Uint8Array>;
  /** The workbook's file name ("申报.xlsx"), when Office knows it (a saved workbook). */
  workbookName?(): string | undefined;
  /** YYYY-MM-DD for the rules' deadlines (tests fix it); today when absent. */
  today?: string;
}
