// The only module that calls Office.js (SPEC §12). Everything else in the pane works on
// plain grids (forms/model.ts) and the small records below, so the same UI runs against
// Excel, the simulated host of the tests and the harness page.
//
// Batches: reading a workbook is one sync for the sheet list and one for every sheet's used
// range (values and number formats) — two, whatever the number of rows; marking, clearing,
// selecting and writing fixes are one sync each. No sync ever runs in a loop.
//
// What needs which ExcelApi set (the pane says what is off and why, see capabilities()):
// 1.1 read, select, fills; 1.7 worksheet.onChanged (live mode); 1.9 getRanges (scattered
// cells in one call); 1.13 insertWorksheetsFromBase64 (插入模板). The workbook's bytes for
// 下载标注副本 come from the Common API (Document.getFileAsync, the CompressedFile set), not Excel.run.
/// <reference types="office-js" />
import type { CellValue, SheetGrid, WorkbookGrid } from "../../forms/model.js";
import { a1, parseRange } from "../../forms/address.js";

// ---------------------------------------------------------------------------------------
// Capabilities

export interface Capabilities {
  /** Highest ExcelApi 1.x the host reports (of the ones the pane cares about). */
  apiVersion: string;
  live: boolean;
  scatteredMarks: boolean;
  insertTemplate: boolean;
  /** Office display language, e.g. "zh-CN", "en-US". */
  language: string;
  /**
   * Whether the pane may fill cells in the workbook (标记问题): false when Office opened it
   * read-only (Office.context.document.mode, e.g. Excel on the web in view mode). A protected
   * sheet is only found out by trying. Absent: true.
   */
  markInPlace?: boolean;
  /** Whether Office can hand the pane the workbook's bytes (getFileAsync, for 下载标注副本). Absent: false. */
  workbookCopy?: boolean;
}

const SETS = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11", "1.12", "1.13", "1.14"];

function supported(version: string): boolean {
  try {
    return Office.context.requirements.isSetSupported("ExcelApi", version);
  } catch {
    return false;
  }
}

export function capabilities(): Capabilities {
  let apiVersion = "1.1";
  for (const v of SETS) if (supported(v)) apiVersion = v;
  return {
    apiVersion,
    live: supported("1.7"),
    scatteredMarks: supported("1.9"),
    insertTemplate: supported("1.13"),
    language: Office.context.displayLanguage || "zh-CN",
    markInPlace: !readOnly(),
    workbookCopy: typeof Office.context.document?.getFileAsync === "function",
  };
}

function readOnly(): boolean {
  try {
    return String(Office.context.document.mode).toLowerCase() === "readonly";
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------
// Reading

const VISIBILITY: Record<string, SheetGrid["state"]> = { Visible: "visible", Hidden: "hidden", VeryHidden: "veryHidden" };

/** A used range's values as a grid: Office.js gives "" for an empty cell, the grids hold null. */
function sheetGrid(name: string, visibility: string, range: Excel.Range): SheetGrid {
  const values: CellValue[][] = range.values.map((row) =>
    row.map((v) => (v === "" || v === undefined ? null : (v as CellValue))),
  );
  const formats = range.numberFormat.map((row) => row.map((f) => (f && f !== "General" ? String(f) : undefined)));
  return {
    name,
    values,
    formats,
    top: range.rowIndex,
    left: range.columnIndex,
    state: VISIBILITY[visibility] ?? "visible",
  };
}

/** Every sheet of the open workbook as a grid (values from each used range). Two syncs. */
export async function readWorkbook(): Promise<WorkbookGrid> {
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name,items/visibility");
    await context.sync();
    const ranges = sheets.items.map((ws) => {
      const range = ws.getUsedRange();
      range.load("values,numberFormat,rowIndex,columnIndex");
      return { name: ws.name, visibility: String(ws.visibility), range };
    });
    await context.sync();
    return { sheets: ranges.map((r) => sheetGrid(r.name, r.visibility, r.range)) };
  });
}

/** One sheet again (live mode: after an edit). One sync. */
export async function readSheet(name: string): Promise<SheetGrid> {
  return Excel.run(async (context) => {
    const ws = context.workbook.worksheets.getItem(name);
    ws.load("name,visibility");
    const range = ws.getUsedRange();
    range.load("values,numberFormat,rowIndex,columnIndex");
    await context.sync();
    return sheetGrid(ws.name, String(ws.visibility), range);
  });
}

/** Values and number formats of rows top..bottom, columns left..right (0-based) of a sheet. One sync. */
export async function readRows(
  sheet: string,
  top: number,
  bottom: number,
  left: number,
  right: number,
): Promise<Pick<SheetGrid, "values" | "formats">> {
  return Excel.run(async (context) => {
    const range = context.workbook.worksheets.getItem(sheet).getRange(`${a1(top, left)}:${a1(bottom, right)}`);
    range.load("values,numberFormat,rowIndex,columnIndex");
    await context.sync();
    const g = sheetGrid(sheet, "Visible", range);
    return { values: g.values, formats: g.formats };
  });
}

// ---------------------------------------------------------------------------------------
// Selecting

/** Activate the sheet and select the cell. One sync. */
export async function selectCell(sheet: string, cell: string): Promise<void> {
  await Excel.run(async (context) => {
    const ws = context.workbook.worksheets.getItem(sheet);
    ws.activate();
    ws.getRange(cell).select();
    await context.sync();
  });
}

// ---------------------------------------------------------------------------------------
// Marks

export interface Mark {
  sheet: string;
  cell: string;
  /** "#RRGGBB" */
  color: string;
}

/** Original fill per "sheet!cell": "#RRGGBB", or null for no fill. */
export type OriginalFills = Record<string, string | null>;

export const markKey = (sheet: string, cell: string) => `${sheet}!${cell}`;

/** Excel reports a cell without fill as white: restore white as "no fill". */
const NO_FILL = "#FFFFFF";

/**
 * Fill the cells, returning the fills they had before (read in the same batch: a load
 * queued before a write sees the value before it). One sync. With ExcelApi 1.9 the writes
 * go through getRanges, one call per sheet and colour; before that, one range per cell.
 */
export async function markCells(marks: Mark[], scattered: boolean): Promise<OriginalFills> {
  if (!marks.length) return {};
  return Excel.run(async (context) => {
    const sheets = new Map<string, Excel.Worksheet>();
    const sheetOf = (name: string) => {
      let ws = sheets.get(name);
      if (!ws) sheets.set(name, (ws = context.workbook.worksheets.getItem(name)));
      return ws;
    };
    const before = marks.map((m) => {
      const fill = sheetOf(m.sheet).getRange(m.cell).format.fill;
      fill.load("color");
      return { m, fill };
    });
    if (scattered) {
      const groups = new Map<string, { sheet: string; color: string; cells: string[] }>();
      for (const m of marks) {
        const key = `${m.sheet}\u0000${m.color}`;
        if (!groups.has(key)) groups.set(key, { sheet: m.sheet, color: m.color, cells: [] });
        groups.get(key)!.cells.push(m.cell);
      }
      for (const g of groups.values())
        for (const chunk of addressChunks(g.cells)) sheetOf(g.sheet).getRanges(chunk).format.fill.color = g.color;
    } else {
      for (const { m, fill } of before) fill.color = m.color;
    }
    await context.sync();
    const originals: OriginalFills = {};
    for (const { m, fill } of before) {
      const c = fill.color ? String(fill.color).toUpperCase() : null;
      originals[markKey(m.sheet, m.cell)] = c === NO_FILL ? null : c;
    }
    return originals;
  });
}

/**
 * Put the original fills back. One sync; if it fails (a marked sheet was renamed or
 * deleted since), the sheet names are read and the cells of the sheets still there are
 * restored (two more). Returns the keys that could not be restored (their sheet is gone).
 */
export async function restoreFills(originals: OriginalFills): Promise<string[]> {
  const entries = Object.entries(originals);
  if (!entries.length) return [];
  const split = (key: string) => {
    const at = key.lastIndexOf("!");
    return { sheet: key.slice(0, at), cell: key.slice(at + 1) };
  };
  const restore = (keep: (sheet: string) => boolean) =>
    Excel.run(async (context) => {
      const sheets = new Map<string, Excel.Worksheet>();
      for (const [key, color] of entries) {
        const { sheet, cell } = split(key);
        if (!keep(sheet)) continue;
        let ws = sheets.get(sheet);
        if (!ws) sheets.set(sheet, (ws = context.workbook.worksheets.getItem(sheet)));
        const range = ws.getRange(cell);
        if (color === null) range.format.fill.clear();
        else range.format.fill.color = color;
      }
      await context.sync();
    });
  try {
    await restore(() => true);
    return [];
  } catch {
    const names = await Excel.run(async (context) => {
      const ws = context.workbook.worksheets;
      ws.load("items/name");
      await context.sync();
      return new Set(ws.items.map((w) => w.name));
    });
    await restore((sheet) => names.has(sheet));
    return entries.map(([key]) => key).filter((key) => !names.has(split(key).sheet));
  }
}

/** getRanges takes a comma-separated list; keep each under Excel's address length limit. */
function addressChunks(cells: string[], max = 2000): string[] {
  const out: string[] = [];
  let cur = "";
  for (const c of cells) {
    if (cur && cur.length + c.length + 1 > max) {
      out.push(cur);
      cur = "";
    }
    cur = cur ? `${cur},${c}` : c;
  }
  if (cur) out.push(cur);
  return out;
}

// ---------------------------------------------------------------------------------------
// Writing values (自动修正)

export interface CellWrite {
  sheet: string;
  cell: string;
  value: string | number;
}

/**
 * Text Excel might turn into something else when written as a value — a number, a date or
 * time ("1月1日", "12:30"), currency ("¥100"), a negative in brackets, a fraction, a formula,
 * a boolean, an error value such as #N/A, or text losing its own leading apostrophe — is
 * written with the apostrophe prefix, which keeps it text as typing it would. The test is
 * deliberately wide (any text starting with a digit, sign, currency sign, bracket, "#", "."
 * or an apostrophe): the prefix is invisible and harmless on text that would have stayed text.
 */
export function excelText(value: string): string {
  return /^\s*[\d=+\-@'#.(¥$€£（]|^\s*(true|false)\s*$/i.test(value) ? `'${value}` : value;
}

/** Write the values. One sync. */
export async function writeCells(writes: CellWrite[]): Promise<void> {
  if (!writes.length) return;
  await Excel.run(async (context) => {
    const sheets = new Map<string, Excel.Worksheet>();
    for (const w of writes) {
      let ws = sheets.get(w.sheet);
      if (!ws) sheets.set(w.sheet, (ws = context.workbook.worksheets.getItem(w.sheet)));
      ws.getRange(w.cell).values = [[typeof w.value === "string" ? excelText(w.value) : w.value]];
    }
    await context.sync();
  });
}

// ---------------------------------------------------------------------------------------
// Live mode

/** Range address of an onChanged event, without the sheet ("B3" or "B3:D5"); bounds 0-based, -1 when unknown. */
export interface ChangedRange {
  sheet: string;
  address: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Call `onChange` when a cell of any sheet is edited (ExcelApi 1.7). One sync to register;
 * the returned function removes the handlers (one more).
 */
export async function watchChanges(onChange: (change: ChangedRange) => void): Promise<() => Promise<void>> {
  const handlers = await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name,items/id");
    await context.sync();
    const byId = new Map(sheets.items.map((ws) => [ws.id, ws.name]));
    const results = sheets.items.map((ws) =>
      ws.onChanged.add(async (e: Excel.WorksheetChangedEventArgs) => {
        const address = e.address.includes("!") ? e.address.slice(e.address.lastIndexOf("!") + 1) : e.address;
        let bounds = { top: -1, bottom: -1, left: -1, right: -1 };
        try {
          bounds = parseRange(address);
        } catch {
          // a whole-column or unusual address: re-read the sheet all the same
        }
        onChange({ sheet: byId.get(e.worksheetId) ?? "", address, ...bounds });
      }),
    );
    await context.sync();
    return results;
  });
  return async () => {
    await Excel.run(handlers[0]?.context ?? ({} as Excel.RequestContext), async (context) => {
      for (const h of handlers) h.remove();
      await context.sync();
    });
  };
}

// ---------------------------------------------------------------------------------------
// Templates

/** Insert the sheets of an .xlsx (base64) at the end of the workbook (ExcelApi 1.13). One sync. */
export async function insertSheets(base64: string): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.insertWorksheetsFromBase64(base64, { positionType: "End" });
    await context.sync();
  });
}

// ---------------------------------------------------------------------------------------
// The workbook's bytes (下载标注副本: the annotated copy is made in the pane)

/** Office's largest slice (4 MB); Office on iPad takes at most 64 KB, but the pane is not used there. */
export const MAX_SLICE = 4 * 1024 * 1024;

function failed(result: Office.AsyncResult<unknown>, what: string): Error | undefined {
  if (result.status !== Office.AsyncResultStatus.Failed) return undefined;
  const e = result.error;
  return new Error(`${what}: ${e?.message ?? "failed"}${e?.code !== undefined ? ` (${e.code})` : ""}`);
}

/**
 * The open workbook as .xlsx bytes, as Office last has it (the edits not yet saved included):
 * Document.getFileAsync(Compressed) read slice by slice, then the file closed (Office keeps at
 * most two open, and a file left open fails the next call). Needs the CompressedFile set.
 */
export function workbookBytes(sliceSize = MAX_SLICE): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize }, (result) => {
      const error = failed(result, "getFileAsync");
      if (error) return reject(error);
      const file = result.value;
      const slices: Uint8Array[] = [];
      const done = (e?: Error) =>
        file.closeAsync(() => {
          if (e) return reject(e);
          const bytes = new Uint8Array(slices.reduce((n, s) => n + s.length, 0));
          let at = 0;
          for (const s of slices) {
            bytes.set(s, at);
            at += s.length;
          }
          resolve(bytes);
        });
      const next = (index: number) => {
        if (index >= file.sliceCount) return done();
        file.getSliceAsync(index, (r) => {
          const e = failed(r, `getSliceAsync(${index})`);
          if (e) return done(e);
          const data: unknown = r.value.data;
          // Compressed slices are arrays of byte values (a typed array in some hosts).
          slices.push(data instanceof Uint8Array ? data : Uint8Array.from(data as ArrayLike<number>));
          next(index + 1);
        });
      };
      next(0);
    });
  });
}

/** The workbook's file name ("申报.xlsx"): the last part of Office.context.document.url; undefined when unsaved or unknown. */
export function workbookName(): string | undefined {
  try {
    const url = Office.context.document.url;
    if (!url) return undefined;
    const text = String(url);
    // A URL (Excel on the web, OneDrive, SharePoint) loses its query; a local path may hold "#".
    const isUrl = /^[a-z][\w+.-]*:\/\//i.test(text);
    const path = isUrl ? text.split(/[?#]/)[0] : text;
    const last = path.split(/[\\/]/).filter(Boolean).pop();
    if (!last || !isUrl) return last;
    try {
      return decodeURIComponent(last);
    } catch {
      return last;
    }
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// Settings (the original fills survive closing the pane)

const FILLS_SETTING = "pilot-forms.originalFills";

export function savedOriginals(): OriginalFills {
  try {
    const v = Office.context.document.settings.get(FILLS_SETTING) as OriginalFills | null;
    return v && typeof v === "object" ? v : {};
  } catch {
    return {};
  }
}

export async function saveOriginals(originals: OriginalFills): Promise<void> {
  try {
    const settings = Office.context.document.settings;
    if (Object.keys(originals).length) settings.set(FILLS_SETTING, originals);
    else settings.remove(FILLS_SETTING);
    await new Promise<void>((resolve) => settings.saveAsync(() => resolve()));
  } catch {
    // settings unavailable: the fills are still kept for this session
  }
}

// ---------------------------------------------------------------------------------------
// Settings: the profile (and form) the user chose for this workbook

/** The user's choice of profile for a workbook (and of form, when asked between forms). */
export interface ProfileChoice {
  profile: string;
  form?: string;
}

const PROFILE_SETTING = "pilot-forms.profile";

/** Where settings are unavailable (the pane outside Office, an error): kept for this session only. */
let profileFallback: ProfileChoice | undefined;

function isProfileChoice(v: unknown): v is ProfileChoice {
  return !!v && typeof v === "object" && typeof (v as ProfileChoice).profile === "string";
}

/** The profile chosen for this workbook before (stored in its document settings), if any. */
export function savedProfile(): ProfileChoice | undefined {
  try {
    const v: unknown = Office.context.document.settings.get(PROFILE_SETTING);
    return isProfileChoice(v) ? { profile: v.profile, form: v.form } : undefined;
  } catch {
    return profileFallback;
  }
}

/** Remember the choice in the workbook's settings (saved with it); undefined forgets it. */
export async function saveProfile(choice: ProfileChoice | undefined): Promise<void> {
  profileFallback = choice;
  try {
    const settings = Office.context.document.settings;
    if (choice)
      settings.set(PROFILE_SETTING, choice.form ? { profile: choice.profile, form: choice.form } : { profile: choice.profile });
    else settings.remove(PROFILE_SETTING);
    await new Promise<void>((resolve) => settings.saveAsync(() => resolve()));
  } catch {
    // settings unavailable: the choice is still kept for this session
  }
}
