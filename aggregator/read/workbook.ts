// The first step of the data flow in Node: a file on disk → plain grids of cell values.
// The reading itself is read-bytes.ts (no node:* module: the browser runs it too); this
// module adds the file on disk (size checked before reading), the exceljs reader and
// PILOT_FORMS_READER.
//
//   path / bytes ──size check──▶ read once, sha256 ──sniffBytes──▶
//     zip ──sniffZipKind──▶ .xlsx/.xlsm ──guardZip──▶ fast reader (fast.ts) ──▶ WorkbookGrid
//                                                  └─ throws? ──▶ SheetJS (sheetjs.ts)
//                      ──▶ .ods/.xlsb ──guardZip──▶ SheetJS
//                      ──▶ .docx ──guardZip──▶ docx.ts: each Word table a grid 表格N (format "docx")
//                      ──▶ .pptx/.odt/a zip of files ──▶ not-spreadsheet
//     OLE ──▶ .xls (BIFF5/8), WPS .et ──▶ SheetJS (size-bounded: maxBytes) · encrypted .xlsx ──▶ encrypted
//         ──▶ .doc/.ppt ──▶ not-spreadsheet
//     text ──▶ CSV / tab-separated (GBK, UTF-8 with or without BOM, UTF-16) ──▶ csv.ts
//          ──▶ flat .fods, SpreadsheetML 2003, HTML tables saved as .xls ──▶ SheetJS
//          (a web archive .mht, or a page without a table, is refused with a message)
//     PDF, RTF, RAR/7z/gz, images, plain text ──▶ not-spreadsheet
//
// The fast reader gives exceljs's grid for every file exceljs reads right (test/read/fast.test.ts
// checks it on every template, example and generated workbook) and reads right what exceljs
// loses (see fast.ts). What it does not understand makes it throw, and SheetJS reads the file
// (counted in readerStats). PILOT_FORMS_READER=exceljs, or ReadOptions.reader, forces the old
// exceljs path for .xlsx. exceljs and SheetJS are loaded only when needed.
//
// Every failure is a ReadResult with a kind and one or two Chinese sentences saying what the
// file is and what to do; nothing here throws for a bad file. What a reader noticed in a file
// it read (formulas without results, sheets it could not read) are `notes` with rule codes.
// The input is never written.
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import type ExcelJS from "exceljs";
import { a1 } from "../../forms/address.js";
import type { CellValue, SheetGrid, WorkbookGrid } from "../../forms/model.js";
import { NoteCollector, sheetKindWord } from "./notes.js";
import { corruptMessage, maxBytesOf, readWorkbookBytes, tooLarge, type ReadOptions, type ReadResult } from "./read-bytes.js";
import { decodeXml } from "./xml-text.js";
import { WORKBOOK_PART } from "./zip-guard.js";

export type { ReadNote } from "./notes.js";
export {
  DEFAULT_MAX_BYTES,
  readerStats,
  readWorkbookBytes,
  type ReadFailKind,
  type ReadFormat,
  type ReadOptions,
  type ReadResult,
} from "./read-bytes.js";

export type ReadInput = { path: string } | { bytes: Uint8Array; name: string };

// ---------------------------------------------------------------------------------------
// The Chinese built-in number formats.
//
// Excel and WPS write 2025年11月28日 as a cell whose xf has numFmtId="31" (or 57/58, 27–36,
// 50–58) and NO <numFmt> element: the code is implied by the id and the locale. exceljs
// 4.4.0 maps ids to codes with lib/xlsx/defaultnumformats.js, whose entries for these ids
// have only per-locale codes ({'zh-cn': …, 'ja-jp': …}) and no `f`; StylesXform.getStyleModel
// then finds no code, so the cell comes back as a plain serial number (45989) with
// `cell.numFmt === undefined`, and exceljs drops the style's numFmtId after reading (it
// keeps only the resolved code). Nothing on the loaded workbook tells a date any more.
//
// The fix is made where exceljs resolves the id: give each of these entries the zh-CN code
// as its `f`. exceljs then sets `cell.numFmt` to e.g. 'yyyy"年"m"月"d"日"', its isDateFmt
// sees y/m/d, and the value comes back as a Date like every other date cell. Writing is
// unaffected (exceljs hashes the default codes for writing when it is first loaded, before
// this runs), except that an exceljs round trip now keeps such a cell's date format as a
// custom format instead of losing it. The patch is process-wide and idempotent; it applies
// to every exceljs load in this process after this module is imported.
export const CJK_BUILTIN_NUMFMT_IDS = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];

/** zh-CN code of each built-in id above, as exceljs lists them (e.g. 31 → yyyy"年"m"月"d"日"). */
export const CJK_BUILTIN_NUMFMTS: Readonly<Record<number, string>> = patchExcelJsBuiltinFormats();

function patchExcelJsBuiltinFormats(): Record<number, string> {
  const codes: Record<number, string> = {};
  try {
    const require = createRequire(import.meta.url);
    // exceljs's writer hashes the default codes when its numFmt module first loads: load it
    // now, before patching, so that what we write never depends on import order.
    require("exceljs/lib/xlsx/xform/style/numfmt-xform.js");
    const table = require("exceljs/lib/xlsx/defaultnumformats.js") as Record<string, Record<string, string>>;
    for (const id of CJK_BUILTIN_NUMFMT_IDS) {
      const entry = table[id];
      const zh = entry?.["zh-cn"];
      if (!entry || !zh) continue;
      codes[id] = zh;
      if (!entry.f) entry.f = zh;
    }
  } catch {
    // exceljs moved its table: the test "reads numFmtId 31 as a date" fails and says so.
  }
  return codes;
}

// ---------------------------------------------------------------------------------------

let excelJsModule: Promise<typeof ExcelJS> | undefined;

/** exceljs, imported on first use (~0.5 s here): worker threads that read with fast.ts never load it. */
export function importExcelJs(): Promise<typeof ExcelJS> {
  excelJsModule ??= import("exceljs").then((m) => ((m as { default?: typeof ExcelJS }).default ?? m) as typeof ExcelJS);
  return excelJsModule;
}

/** exceljs's ValueType.Merge, read from its enums without loading the whole library. */
const MERGE_VALUE_TYPE: number = (() => {
  try {
    const enums = createRequire(import.meta.url)("exceljs/lib/doc/enums.js") as { ValueType: { Merge: number } };
    return enums.ValueType.Merge;
  } catch {
    return 1;
  }
})();

/** Load bytes with exceljs (full reader). Throws what exceljs throws: use readWorkbook for untrusted files. */
export async function loadExcelJs(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const { Workbook } = await importExcelJs();
  const wb = new Workbook();
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

/**
 * Read a workbook from disk or memory into plain grids. Never throws for a bad file.
 * `input.name` (bytes) or the path's base name is used for the extension hint and messages.

/**
 * Read a workbook from disk or memory into plain grids. Never throws for a bad file.
 * `input.name` (bytes) or the path's base name is used for the extension hint and messages.
 */
export async function readWorkbook(input: ReadInput, opts: ReadOptions = {}): Promise<ReadResult> {
  const reader = opts.reader ?? (process.env.PILOT_FORMS_READER === "exceljs" ? "exceljs" : "fast");
  const options: ReadOptions = { ...opts, reader, excelJs: reader === "exceljs" ? excelJsReader : undefined };
  if (!("path" in input)) return readWorkbookBytes(input.bytes, input.name, options);
  let loaded: Awaited<ReturnType<typeof readFileBounded>>;
  try {
    loaded = readFileBounded(input.path, maxBytesOf(opts));
  } catch (e) {
    return { ok: false, kind: "corrupt", message: corruptMessage(e) };
  }
  if ("kind" in loaded) return loaded;
  return readWorkbookBytes(loaded.bytes, basename(input.path), options);
}

/** The exceljs reader (ReadOptions.excelJs): load, then the grid, with the sheets exceljs drops noted. */
const excelJsReader: NonNullable<ReadOptions["excelJs"]> = async (bytes) => {
  const wb = await loadExcelJs(bytes);
  return (parts) => {
    const notes = new NoteCollector();
    const grid = gridFromExcelJs(wb, notes);
    droppedSheets(grid, notes, parts[WORKBOOK_PART], parts["xl/_rels/workbook.xml.rels"]);
    return { grid, notes: notes.finish() };
  };
};

/**
 * Open, check the size on disk, then read the whole file once. Synchronous on purpose: the
 * four awaited calls (open, stat, readFile, close) cost 0.19 ms a file here against 0.02 ms
 * for these, and the caller (one file at a time, or one file per worker thread) has nothing
 * else to do meanwhile.
 */
function readFileBounded(path: string, maxBytes: number): { bytes: Buffer } | Extract<ReadResult, { ok: false }> {
  const shown = basename(path);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    return { ok: false, kind: "missing", message: openErrorMessage(e, path, shown) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, kind: "missing", message: `“${shown}”不是文件（可能是文件夹），无法作为工作簿读取。` };
    if (st.size > maxBytes) return tooLarge(st.size, maxBytes);
    const bytes = readFileSync(fd);
    if (bytes.byteLength > maxBytes) return tooLarge(bytes.byteLength, maxBytes);
    return { bytes };
  } catch (e) {
    return { ok: false, kind: "missing", message: openErrorMessage(e, path, shown) };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
}

function openErrorMessage(e: unknown, path: string, shown: string): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return `找不到文件“${path}”。请确认文件名和所在文件夹是否正确。`;
  if (code === "EACCES" || code === "EPERM") return `没有权限读取文件“${shown}”。请检查文件权限，或关闭正在占用它的程序后重试。`;
  if (code === "EISDIR") return `“${shown}”是文件夹，不是文件。`;
  if (code === "EBUSY") return `文件“${shown}”正被其他程序占用，请关闭该程序后重试。`;
  return `无法打开文件“${shown}”（${code ?? (e instanceof Error ? e.message : String(e))}）。`;
}

// ---------------------------------------------------------------------------------------
// exceljs workbook → WorkbookGrid

/**
 * Plain grids of an exceljs workbook, one SheetGrid per worksheet in workbook order.
 *
 * - `values[r][c]` is the cell at row r + 1, column c + 1 (top = left = 0). Rows are NOT
 *   padded to a rectangle: each row ends at its last non-empty cell (an empty row is []),
 *   so a sheet with one stray cell at XFD1048576 costs one long row, not a billion slots.
 *   Read cells as `values[r]?.[c] ?? null`. Trailing empty rows are trimmed.
 * - Values: strings (rich text and hyperlinks as their text; "" → null), numbers, booleans,
 *   Dates (UTC midnight of the date shown: read them with getUTC*), error cells as their
 *   text ("#N/A"), formulas as their cached result (a formula without one → null and a
 *   warning).
 * - `formats` has the same shape and holds each non-empty cell's number format code.
 * - Merged ranges keep their value in the top-left cell only; `merges` lists them ("B2:D2").
 *
 * Formulas without a cached result are noted in `notes` (cell.no_result, capped).
 */
export function gridFromExcelJs(wb: ExcelJS.Workbook, notes: NoteCollector = new NoteCollector()): WorkbookGrid {
  const sheets = wb.worksheets.map((ws) => sheetGrid(ws, notes));
  return { sheets };
}

function sheetGrid(ws: ExcelJS.Worksheet, notes: NoteCollector): SheetGrid {
  const values: CellValue[][] = [];
  const formats: (string | undefined)[][] = [];

  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    let vals: CellValue[] | undefined;
    let fmts: (string | undefined)[] | undefined;
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      // Merged cells other than the master mirror the master's value: leave them empty.
      if (cell.type === (MERGE_VALUE_TYPE as ExcelJS.ValueType)) return;
      const v = toCellValue(cell.value, () => notes.noResultCell(ws.name, cell.address));
      if (v === null) return;
      if (!vals || !fmts) {
        vals = [];
        fmts = [];
      }
      vals[colNumber - 1] = v;
      const fmt = (cell.style as Partial<ExcelJS.Style> | undefined)?.numFmt;
      fmts[colNumber - 1] = fmt ? fmt : undefined;
    });
    if (vals && fmts) {
      for (let c = 0; c < vals.length; c++) {
        if (vals[c] === undefined) {
          vals[c] = null;
          fmts[c] = undefined;
        }
      }
      values[rowNumber - 1] = vals;
      formats[rowNumber - 1] = fmts;
    }
  });
  // Rows between non-empty rows (holes in the arrays) become [].
  for (let r = 0; r < values.length; r++) {
    if (values[r] === undefined) {
      values[r] = [];
      formats[r] = [];
    }
  }

  return {
    name: ws.name,
    values,
    formats,
    top: 0,
    left: 0,
    merges: mergesOf(ws),
    state: ws.state === "hidden" || ws.state === "veryHidden" ? ws.state : "visible",
  };
}

interface MergeDims {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Merged ranges in A1 notation, top to bottom, left to right. */
function mergesOf(ws: ExcelJS.Worksheet): string[] {
  // exceljs keeps merges in worksheet._merges (master address → Range); `ws.model.merges`
  // would give the same strings but builds the model of every row first.
  const internal = (ws as unknown as { _merges?: Record<string, MergeDims | undefined> })._merges;
  let dims: MergeDims[];
  if (internal && typeof internal === "object") {
    dims = Object.values(internal).filter((m): m is MergeDims => !!m && typeof m.top === "number");
  } else {
    const ranges = (ws.model as unknown as { merges?: string[] }).merges ?? [];
    return [...ranges].map((r) => r.replace(/\$/g, "")).sort();
  }
  dims.sort((a, b) => a.top - b.top || a.left - b.left);
  return dims.map((m) => `${a1(m.top - 1, m.left - 1)}:${a1(m.bottom - 1, m.right - 1)}`);
}

/** One exceljs cell value → CellValue. `noResult` is called for a formula without a cached result. */
export function toCellValue(v: ExcelJS.CellValue | undefined, noResult?: () => void): CellValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "string":
      return v === "" ? null : v;
    case "number":
      return Number.isFinite(v) ? v : null;
    case "boolean":
      return v;
    case "object":
      break;
    default:
      return null;
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  const o = v as unknown as Record<string, unknown>;
  if ("formula" in o || "sharedFormula" in o) {
    const result = o.result;
    if (result === undefined || result === null) {
      noResult?.();
      return null;
    }
    return toCellValue(result as ExcelJS.CellValue);
  }
  if ("error" in o) return typeof o.error === "string" ? o.error : String(o.error);
  if (Array.isArray(o.richText)) return richText(o.richText);
  if ("text" in o) {
    const t = o.text;
    if (typeof t === "string") return t === "" ? null : t;
    return toCellValue(t as ExcelJS.CellValue);
  }
  return null;
}

function richText(runs: unknown[]): string | null {
  let s = "";
  for (const run of runs) {
    const t = (run as { text?: unknown } | null)?.text;
    if (typeof t === "string") s += t;
  }
  return s === "" ? null : s;
}

// ---------------------------------------------------------------------------------------
// Sheets that exceljs silently leaves out

/**
 * exceljs reads only parts named xl/worksheets/sheetN.xml; a worksheet stored under another
 * name, a macro sheet or a dialog sheet is dropped without a word. Compare the sheet list of
 * xl/workbook.xml with what was read and say which are missing (chart sheets hold no cells
 * and are skipped quietly).
 */
function droppedSheets(grid: WorkbookGrid, notes: NoteCollector, workbookXml?: string, relsXml?: string): void {
  if (!workbookXml) return;
  const read = new Set(grid.sheets.map((s) => s.name));
  const relTypes = new Map<string, string>();
  for (const m of (relsXml ?? "").matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*)>/g)) {
    const id = attr(m[1], "Id");
    const type = attr(m[1], "Type");
    if (id && type) relTypes.set(id, type);
  }
  for (const m of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*)>/g)) {
    const name = attr(m[1], "name");
    if (name === undefined || read.has(name)) continue;
    const rid = /\s[\w.-]+:id\s*=\s*"([^"]*)"/.exec(m[1])?.[1] ?? /\s[\w.-]+:id\s*=\s*'([^']*)'/.exec(m[1])?.[1];
    const type = (rid && relTypes.get(rid)) || "";
    if (/\/chartsheet$/i.test(type)) continue;
    notes.unreadableSheet(name, sheetKindWord(type));
  }
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  if (!m) return undefined;
  return decodeXml(m[1] ?? m[2] ?? "");
}
