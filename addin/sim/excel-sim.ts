// A simulated Excel host for the task pane: `globalThis.Office` and `globalThis.Excel` backed by a
// real workbook held in exceljs. Used by the vitest suites (Node) and by the harness page
// (addin/harness/, bundled by webpack with exceljs's browser build), so this file imports
// nothing but exceljs: no fs, path or Buffer.
//
//   const host = installSimulatedExcel({ workbook, apiVersion: "1.9" });
//   await Excel.run(async (context) => { ... });      // the pane's own adapter, unchanged
//   host.syncCount, host.selections, host.fillWrites, host.fillOf("Sheet1", "B3")
//   await host.edit("Sheet1", "B3", "新值");            // the user typing; fires onChanged (1.7+)
//   await host.idle();                                 // wait for event handlers and runs in flight
//   host.snapshot("Sheet1"), host.sheetList()          // what the harness page draws
//   host.protect("Sheet1")                             // writes there fail, as on a protected sheet
//   Office.context.document.getFileAsync(Compressed, { sliceSize }, cb)   // the workbook's bytes
//
// What it is faithful to (checked against office.js 1.1.110 and the Office.js docs):
// - Batching: every call only queues an action; `context.sync()` runs the queue in order.
//   A property is readable only after the sync that loaded it (else an Error with code
//   "PropertyNotLoaded"); a property set on a proxy reads back at once (office.js keeps the
//   set value), and a load queued before a write in the same batch returns the value before
//   the write. A failing action rejects the sync: the actions before it stay applied, the
//   loads of that sync are not delivered, the ones after it are dropped.
// - `Excel.run(batch)` and `Excel.run(object, batch)` (reusing the object's context); the
//   batch must return a promise ("RunMustReturnPromise"); queued actions left at the end are
//   flushed by one more sync, as office.js does (counted in syncCount only when there were
//   actions, since an empty sync makes no round trip).
// - Requirement sets: an API above `apiVersion` throws "ApiNotFound" when called.
// - Values: "" for empty cells (and for the non-top-left cells of a merge), numbers, booleans,
//   dates as 1900-system serials, formulas as their cached result, rich text and hyperlinks
//   as their text, errors as "#N/A" and the like. Writes are parsed the way Excel parses a
//   typed entry: "123" becomes the number 123 and "2025-12-15" a date (unless the cell's
//   number format is "@"), "TRUE" a boolean, a leading apostrophe keeps text, "=..." is a
//   formula; null leaves a cell unchanged, "" clears it; a 2D array must match the range's
//   shape (a single value fills every cell).
// - fill.color: "#RRGGBB" uppercase, "#FFFFFF" for no fill, null for a multi-cell range whose
//   fills differ; set → solid fill, clear() → no fill. Theme and indexed colours are mapped
//   through the default Office theme and the legacy palette.
// - Addresses: "Sheet1!B3:D10", sheet names quoted as Excel does ('My Sheet'!A1, and any
//   name with punctuation, spaces, a leading digit or the shape of a cell reference).
// - The document (Common API): getFileAsync(Office.FileType.Compressed, { sliceSize }) gives the
//   live workbook written by exceljs (writeBuffer) in slices of byte arrays (at most 4 MB,
//   "Internal Error" above), getSliceAsync(i) each, closeAsync(); a third file
//   open at once fails, as Office keeps at most two. document.url and document.mode
//   ("readWrite", or "readOnly" with every write failing with AccessDenied, like a workbook
//   opened read-only or Excel on the web in view mode); a protected sheet (protect())
//   fails every write to it with AccessDenied, failing that sync.
// - Events: worksheet.onChanged (1.7) and worksheets.onChanged (1.9) fire for host.edit()
//   and, asynchronously after the sync, for values written through the API (as Excel does;
//   context.runtime.enableEvents = false (1.8) turns both off). Handlers are not awaited.
//
// Approximations (kept simple on purpose):
// - The used range is the bounding box of the cells with a value or a fill (Excel also counts
//   other formatting); an empty sheet gives A1.
// - `text` is a rough rendering of the number format (dates, fixed decimals, percent,
//   thousands); formulas written through the API are stored without a result and read as ""
//   (the sim does not calculate); "+x", "-x", "@x" that are not numbers read back as
//   "#NAME?" formulas.
// - insertWorksheetsFromBase64 copies values, styles, merges, column widths, row heights,
//   views, data validations and visibility; tables, defined names, conditional formats and
//   images are not copied.
// - Event handler registration is queued to the sync like office.js; object lifetimes
//   (InvalidObjectPath after Excel.run ends) are not enforced.
import ExcelJS from "exceljs";
import { columnIndex, columnLetter } from "../../forms/address.js";
import { fillRgb } from "./fill-colors.js";
import { setStyleProp, typedText, type TypedEntry } from "./typed-entry.js";

// =========================================================================================
// Public types

export interface SimOptions {
  workbook: ExcelJS.Workbook;
  /** Highest supported ExcelApi 1.x, e.g. "1.1", "1.7", "1.9", "1.13". Default "1.18". */
  apiVersion?: string;
  /** Office.context.displayLanguage. Default "zh-CN". */
  displayLanguage?: string;
  /** Fire onChanged for values written through the API, as Excel does. Default true. */
  apiWritesFireEvents?: boolean;
  /** Office.context.document.url (a path or URL ending in the file name); default none (an unsaved workbook). */
  url?: string;
  /** Opened read-only (Office.context.document.mode "readOnly"): every write fails. Default false. */
  readOnly?: boolean;
  /** Sheets protected from the start (see SimHost.protect). */
  protectedSheets?: string[];
}

export interface SimSelection {
  sheet: string;
  /** Without the sheet: "B3" or "B3:D10". */
  address: string;
}

export interface SimFillWrite {
  sheet: string;
  address: string;
  /** "#RRGGBB", or null for fill.clear(). */
  color: string | null;
}

/** A window of a sheet as Excel would show it (for the harness page). */
export interface SimSnapshot {
  sheet: string;
  /** 0-based, of the top-left cell shown. */
  rowIndex: number;
  columnIndex: number;
  /** The used range's address (without the sheet). */
  usedAddress: string;
  /** The selection's address (without the sheet). */
  selection: string;
  /** True when the used range is larger than what is shown. */
  truncated: boolean;
  /** Display text and fill ("#RRGGBB" or null) of each cell shown. */
  cells: { text: string; fill: string | null }[][];
}

/** The argument onChanged handlers receive. */
export interface SimWorksheetChangedEventArgs {
  type: "WorksheetChanged";
  address: string;
  worksheetId: string;
  changeType: "RangeEdited";
  source: "Local";
  /** ExcelApi 1.9, single-cell changes only. */
  details?: { valueBefore: unknown; valueAfter: unknown; valueTypeBefore: string; valueTypeAfter: string };
  /** ExcelApi 1.14. */
  triggerSource?: "ThisLocalAddin" | "Unknown";
  getRange(ctx: SimRequestContext): SimRange;
  getRangeOrNullObject(ctx: SimRequestContext): SimRange;
}

export type SimChangedHandler = (args: SimWorksheetChangedEventArgs) => unknown;

export interface SimHost {
  /** Every context.sync() (and every implicit final sync of Excel.run that had actions). */
  syncCount: number;
  /** Clears syncCount, selections, fillWrites, calls and handlerErrors. */
  resetCounters(): void;
  /** Every range.select() / rangeAreas.select(), in order. */
  selections: SimSelection[];
  /** The active sheet's name. */
  readonly activeSheet: string;
  /** Every fill set or cleared, in order (one entry per range or area). */
  fillWrites: SimFillWrite[];
  /** Trace of API calls, e.g. "worksheet.getRange", "range.load". Capped at 20,000 entries. */
  calls: string[];
  /** The live workbook: every write goes into it. */
  readonly workbook: ExcelJS.Workbook;
  readonly apiVersion: string;
  /** In-memory Office.context.document.settings. */
  settings: Map<string, unknown>;
  /** Errors thrown or rejected by event handlers (they would be lost in Excel). */
  handlerErrors: unknown[];
  /** "#RRGGBB", or null for no fill (or a range whose cells differ). */
  fillOf(sheet: string, address: string): string | null;
  /** The value Office.js would return for one cell ("" when empty). */
  valueOf(sheet: string, address: string): unknown;
  /** The sheet's current selection (last select() there, or a click in the harness); "A1" by default. */
  selectionOf(sheet: string): string;
  /** Simulate the user typing into a cell (or filling a range): parse, set, fire onChanged. */
  edit(sheet: string, address: string, value: unknown): Promise<void>;
  /** Simulate the user clicking a cell (not recorded in `selections`). */
  userSelect(sheet: string, address: string): void;
  /** Simulate the user clicking a sheet tab. */
  userActivate(sheet: string): void;
  /** The sheets in tab order with their Office.js visibility ("Visible", "Hidden", "VeryHidden"). */
  sheetList(): { name: string; visibility: string }[];
  /** What the harness draws: the used range (widened to the selection), capped, as text and fills. */
  snapshot(sheet: string, limits?: { maxRows?: number; maxColumns?: number }): SimSnapshot;
  /** Called after every sync and edit; returns an unsubscribe function. */
  onUpdate(listener: () => void): () => void;
  /** Resolves when no Excel.run, sync or event handler is in flight. */
  idle(): Promise<void>;
  /** Number of onChanged handlers registered (all sheets). */
  handlerCount(): number;
  /** Remove globalThis.Office / Excel / OfficeExtension if they are still this host's. */
  uninstall(): void;
  /** Office.context.document.url; null for an unsaved workbook. Settable (the harness names its file). */
  url: string | null;
  /** Protect a sheet (on = false: unprotect): every write to it then fails with AccessDenied. */
  protect(sheet: string, on?: boolean): void;
  /** Files got with getFileAsync and not yet closed. */
  readonly openFiles: number;
}

// =========================================================================================
// Errors

export const ErrorCodes = {
  accessDenied: "AccessDenied",
  apiNotFound: "ApiNotFound",
  generalException: "GeneralException",
  invalidArgument: "InvalidArgument",
  invalidOperation: "InvalidOperation",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  propertyNotLoaded: "PropertyNotLoaded",
  runMustReturnPromise: "RunMustReturnPromise",
  valueNotLoaded: "ValueNotLoaded",
} as const;

/** Shaped like OfficeExtension.Error: `code`, `message`, `debugInfo`. */
export class SimOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }
}

const fail = (code: string, message: string, location?: string): never => {
  throw new SimOfficeError(code, message, location);
};

// =========================================================================================
// Versions

function parseVersion(v: string): [number, number] | null {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*$/.exec(v);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : null;
}

/** Numeric, part by part: "1.10" > "1.9". */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a) ?? [0, 0];
  const y = parseVersion(b) ?? [0, 0];
  return x[0] - y[0] || x[1] - y[1];
}

// =========================================================================================
// Addresses

const MAX_ROWS = 1048576;
const MAX_COLS = 16384;

/** 1-based, inclusive. */
interface Bounds {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** "A" for 1, "AA" for 27 (1-based, as Office.js counts; forms/address.ts counts from 0). */
export function columnLetters(n: number): string {
  return columnLetter(n - 1);
}

function columnNumber(letters: string): number {
  return columnIndex(letters) + 1;
}

const badAddress = (text: string): never =>
  fail(ErrorCodes.invalidArgument, `The argument is invalid or missing or has an incorrect format: address "${text}".`);

/** Strip a sheet prefix ("Sheet1!", "'My Sheet'!"): returns the sheet (if any) and the area. */
function splitSheet(address: string): { sheet?: string; area: string } {
  const bang = address.lastIndexOf("!");
  if (bang < 0) return { area: address };
  let sheet = address.slice(0, bang).trim();
  if (sheet.startsWith("'") && sheet.endsWith("'") && sheet.length >= 2) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, area: address.slice(bang + 1) };
}

/** "B3", "$B$3", "B3:D10", "A:C", "3:5" → bounds (normalised so r0 <= r1, c0 <= c1). */
function parseArea(text: string): Bounds {
  const s = text.trim().replace(/\$/g, "");
  const parts = s.split(":");
  if (parts.length > 2 || !s) return badAddress(text);
  const cell = /^([A-Za-z]{1,3})(\d{1,7})$/;
  const col = /^([A-Za-z]{1,3})$/;
  const row = /^(\d{1,7})$/;
  let b: Bounds;
  const a = parts[0];
  const z = parts[1] ?? parts[0];
  let m1: RegExpExecArray | null;
  let m2: RegExpExecArray | null;
  if ((m1 = cell.exec(a)) && (m2 = cell.exec(z))) {
    b = { r0: Number(m1[2]), c0: columnNumber(m1[1]), r1: Number(m2[2]), c1: columnNumber(m2[1]) };
  } else if (parts.length === 2 && (m1 = col.exec(a)) && (m2 = col.exec(z))) {
    b = { r0: 1, c0: columnNumber(m1[1]), r1: MAX_ROWS, c1: columnNumber(m2[1]) };
  } else if (parts.length === 2 && (m1 = row.exec(a)) && (m2 = row.exec(z))) {
    b = { r0: Number(m1[1]), c0: 1, r1: Number(m2[1]), c1: MAX_COLS };
  } else {
    return badAddress(text);
  }
  b = { r0: Math.min(b.r0, b.r1), r1: Math.max(b.r0, b.r1), c0: Math.min(b.c0, b.c1), c1: Math.max(b.c0, b.c1) };
  checkBounds(b, text);
  return b;
}

function checkBounds(b: Bounds, text = ""): void {
  if (b.r0 < 1 || b.c0 < 1 || b.r1 > MAX_ROWS || b.c1 > MAX_COLS || b.r0 > b.r1 || b.c0 > b.c1) badAddress(text || formatArea(b));
}

/** "B3", "B3:D10", "A:C" (whole columns), "3:5" (whole rows). */
function formatArea(b: Bounds): string {
  if (b.r0 === 1 && b.r1 === MAX_ROWS && !(b.c0 === 1 && b.c1 === MAX_COLS))
    return `${columnLetters(b.c0)}:${columnLetters(b.c1)}`;
  if (b.c0 === 1 && b.c1 === MAX_COLS) return `${b.r0}:${b.r1}`;
  const tl = `${columnLetters(b.c0)}${b.r0}`;
  return b.r0 === b.r1 && b.c0 === b.c1 ? tl : `${tl}:${columnLetters(b.c1)}${b.r1}`;
}

/** Excel quotes a sheet name unless it is letters, digits, "_" and "." not starting with a digit, and not a cell reference. */
export function quoteSheetName(name: string): string {
  const plain = /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name);
  const cellLike =
    /^[A-Za-z]{1,3}\d+$/.test(name) && columnNumber(name.replace(/\d+$/, "")) <= MAX_COLS
      ? true
      : /^[RrCc]$|^[Rr]\d*[Cc]\d*$|^[Rr]\d+$|^[Cc]\d+$/.test(name) || /^(true|false)$/i.test(name);
  return plain && !cellLike ? name : `'${name.replace(/'/g, "''")}'`;
}

const cellCount = (b: Bounds) => (b.r1 - b.r0 + 1) * (b.c1 - b.c0 + 1);

/** Reads bigger than this fail, like Excel on the web's 5 MB response cap. */
const MAX_READ_CELLS = 5_000_000;
const MAX_WRITE_CELLS = 2_000_000;

// =========================================================================================
// Colours

const NAMED_COLORS: Record<string, string> = {
  black: "000000",
  white: "FFFFFF",
  red: "FF0000",
  green: "008000",
  lime: "00FF00",
  blue: "0000FF",
  yellow: "FFFF00",
  orange: "FFA500",
  purple: "800080",
  gray: "808080",
  grey: "808080",
  silver: "C0C0C0",
  pink: "FFC0CB",
  cyan: "00FFFF",
  aqua: "00FFFF",
  magenta: "FF00FF",
  fuchsia: "FF00FF",
  navy: "000080",
  teal: "008080",
  maroon: "800000",
  olive: "808000",
  brown: "A52A2A",
  gold: "FFD700",
  lightyellow: "FFFFE0",
  lightgreen: "90EE90",
  lightblue: "ADD8E6",
  lightgray: "D3D3D3",
  lightgrey: "D3D3D3",
  lightpink: "FFB6C1",
};

/** Office.js accepts "#RRGGBB", "RRGGBB" or an HTML colour name; returns "RRGGBB". */
function parseColorInput(color: unknown): string {
  if (typeof color !== "string") return fail(ErrorCodes.invalidArgument, `Invalid color: ${String(color)}.`, "RangeFill.color");
  const s = color.trim();
  const hex = /^#?([0-9A-Fa-f]{6})$/.exec(s);
  if (hex) return hex[1].toUpperCase();
  const short = /^#([0-9A-Fa-f]{3})$/.exec(s);
  if (short)
    return [...short[1]]
      .map((ch) => ch + ch)
      .join("")
      .toUpperCase();
  const named = NAMED_COLORS[s.toLowerCase()];
  return named ?? fail(ErrorCodes.invalidArgument, `Invalid color: ${color}.`, "RangeFill.color");
}

const solidFill = (rgb: string): ExcelJS.Fill => ({ type: "pattern", pattern: "solid", fgColor: { argb: `FF${rgb}` } });

// =========================================================================================
// Cells: reading

const T_NULL = 0;
const T_MERGE = 1;
const T_NUMBER = 2;
const T_STRING = 3;
const T_DATE = 4;
const T_HYPERLINK = 5;
const T_FORMULA = 6;
const T_RICHTEXT = 8;
const T_BOOLEAN = 9;
const T_ERROR = 10;

const MS_PER_DAY = 86400000;

function dateToSerial(d: Date, date1904: boolean): number {
  let serial = d.getTime() / MS_PER_DAY + 25569;
  if (date1904) return serial - 1462;
  if (serial < 61) serial -= 1; // Excel's phantom 1900-02-29
  return serial;
}

function serialToDate(serial: number, date1904: boolean): Date {
  let s = serial;
  if (date1904) s += 1462;
  else if (s < 61) s += 1;
  return new Date(Math.round((s - 25569) * MS_PER_DAY));
}

function richTextString(v: { richText?: { text?: string }[] }): string {
  return (v.richText ?? []).map((r) => r.text ?? "").join("");
}

/** Any exceljs value → what Office.js `values` returns. */
function convertValue(v: unknown, date1904: boolean): unknown {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return dateToSerial(v, date1904);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("formula" in o || "sharedFormula" in o) return convertValue(o.result, date1904);
    if ("richText" in o) return richTextString(o as { richText?: { text?: string }[] });
    if ("error" in o) return String(o.error);
    if ("hyperlink" in o || "text" in o) return convertValue(o.text, date1904);
  }
  return String(v);
}

function cellValue(cell: ExcelJS.Cell | undefined, date1904: boolean): unknown {
  if (!cell) return "";
  switch (cell.type as number) {
    case T_NULL:
    case T_MERGE:
      return "";
    case T_NUMBER:
    case T_STRING:
    case T_BOOLEAN:
      return cell.value;
    case T_DATE:
      return dateToSerial(cell.value as Date, date1904);
    case T_FORMULA:
      return convertValue(cell.result, date1904);
    case T_HYPERLINK:
      return convertValue((cell.value as { text?: unknown }).text, date1904);
    case T_RICHTEXT:
      return richTextString(cell.value as { richText?: { text?: string }[] });
    case T_ERROR:
      return String((cell.value as { error?: string }).error ?? "#N/A");
    default:
      return convertValue(cell.value, date1904);
  }
}

function valueType(cell: ExcelJS.Cell | undefined, value: unknown): string {
  if (cell && (cell.type as number) === T_ERROR) return "Error";
  if (cell && (cell.type as number) === T_FORMULA && cell.result && typeof cell.result === "object" && "error" in cell.result)
    return "Error";
  if (value === "") return "Empty";
  if (typeof value === "number") return "Double";
  if (typeof value === "boolean") return "Boolean";
  return "String";
}

/** exceljs names built-in format 14 "mm-dd-yy"; Office.js reports it as "m/d/yyyy". */
function cellNumFmt(cell: ExcelJS.Cell | undefined): string {
  const f = cell?.numFmt;
  if (!f) return "General";
  return f === "mm-dd-yy" ? "m/d/yyyy" : f;
}

function cellFormula(cell: ExcelJS.Cell | undefined, date1904: boolean): unknown {
  if (cell && (cell.type as number) === T_FORMULA) return `=${cell.formula}`;
  return cellValue(cell, date1904);
}

function isDateFormat(fmt: string): boolean {
  const bare = fmt.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, "");
  return /[yd]/i.test(bare) || /\bm{1,4}\b.*\b[dy]/i.test(bare) || /h{1,2}:m/i.test(bare);
}

/** A rough rendering of `value` in `fmt` (Range.text). */
function formatText(value: unknown, fmt: string, date1904: boolean): string {
  if (value === "" || value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value !== "number") return String(value);
  const section = fmt.split(";")[0];
  if (fmt === "General" || fmt === "@") {
    if (Number.isInteger(value) && Math.abs(value) < 1e11) return String(value);
    return String(Number(value.toPrecision(11)));
  }
  if (isDateFormat(section)) {
    const d = serialToDate(value, date1904);
    const y = d.getUTCFullYear();
    const mo = d.getUTCMonth() + 1;
    const da = d.getUTCDate();
    return section
      .replace(/\[[^\]]*\]/g, "")
      .replace(/"([^"]*)"|\\(.)|yyyy|yy|mm|m|dd|d|;@|@/gi, (tok, lit?: string, esc?: string) => {
        if (lit !== undefined) return lit;
        if (esc !== undefined) return esc;
        switch (tok.toLowerCase()) {
          case "yyyy":
            return String(y);
          case "yy":
            return String(y % 100).padStart(2, "0");
          case "mm":
            return String(mo).padStart(2, "0");
          case "m":
            return String(mo);
          case "dd":
            return String(da).padStart(2, "0");
          case "d":
            return String(da);
          default:
            return "";
        }
      });
  }
  const decimals = /\.([0#]+)/.exec(section)?.[1].length ?? 0;
  if (section.includes("%")) return `${(value * 100).toFixed(decimals)}%`;
  if (section.includes(","))
    return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  if (/[0#]/.test(section)) return value.toFixed(decimals);
  return String(value);
}

// =========================================================================================
// Cells: writing (Excel's parsing of a typed entry)

const SKIP = Symbol("skip");

function parseEntry(input: unknown, currentFmt: string): TypedEntry | typeof SKIP {
  if (input === null || input === undefined) return SKIP;
  if (typeof input === "number") {
    if (!Number.isFinite(input)) return fail(ErrorCodes.invalidArgument, `Invalid value: ${input}.`, "Range.values");
    return { value: input };
  }
  if (typeof input === "boolean") return { value: input };
  // Office.js sends JSON: a Date arrives as its ISO string, which Excel keeps as text.
  const s = input instanceof Date ? input.toISOString() : typeof input === "string" ? input : null;
  if (s === null) return fail(ErrorCodes.invalidArgument, `Invalid value of type ${typeof input}.`, "Range.values");
  return typedText(s, currentFmt);
}

// =========================================================================================
// Sheets: used range, fills

const findCell = (ws: ExcelJS.Worksheet, r: number, c: number): ExcelJS.Cell | undefined => ws.findRow(r)?.findCell(c);
/** The exceljs cell, created if missing (for writes). */
const cellAt = (ws: ExcelJS.Worksheet, r: number, c: number): ExcelJS.Cell => ws.getCell(r, c);

function hasFill(cell: ExcelJS.Cell): boolean {
  const f = cell.style?.fill;
  return !!f && (f.type === "gradient" || (f.type === "pattern" && !!f.pattern && f.pattern !== "none"));
}

/** Bounding box of the cells with a value (or a fill, unless valuesOnly); null if none. */
function usedBounds(ws: ExcelJS.Worksheet, valuesOnly: boolean): Bounds | null {
  let r0 = Infinity;
  let c0 = Infinity;
  let r1 = 0;
  let c1 = 0;
  const last = ws.rowCount;
  for (let r = 1; r <= last; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const n = row.cellCount;
    for (let c = 1; c <= n; c++) {
      const cell = row.findCell(c);
      if (!cell) continue;
      const t = cell.type as number;
      const used = valuesOnly ? t !== T_NULL && t !== T_MERGE : t !== T_NULL || hasFill(cell);
      if (!used) continue;
      if (r < r0) r0 = r;
      if (r > r1) r1 = r;
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
  }
  return r1 ? { r0, c0, r1, c1 } : null;
}

/** The fill a cell shows: its own, else its row's, else its column's. */
function cellFillRgb(ws: ExcelJS.Worksheet, r: number, c: number): string | null {
  const row = ws.findRow(r);
  const cell = row?.findCell(c);
  if (cell) return fillRgb(cell.style?.fill);
  const rowFill = (row as unknown as { style?: Partial<ExcelJS.Style> } | undefined)?.style?.fill;
  if (rowFill) return fillRgb(rowFill);
  const col = (ws.columns as ExcelJS.Column[] | null | undefined)?.[c - 1];
  return col ? fillRgb(col.style?.fill) : null;
}

/** One colour for the area ("RRGGBB" or null for none), or undefined when the cells differ. */
function areaFillRgb(ws: ExcelJS.Worksheet, b: Bounds): string | null | undefined {
  const first = cellFillRgb(ws, b.r0, b.c0);
  if (cellCount(b) > MAX_READ_CELLS)
    return fail(ErrorCodes.generalException, "The range is too large for the simulator to read.");
  for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) if (cellFillRgb(ws, r, c) !== first) return undefined;
  return first;
}

function grid<T>(b: Bounds, ws: ExcelJS.Worksheet, f: (cell: ExcelJS.Cell | undefined) => T): T[][] {
  if (cellCount(b) > MAX_READ_CELLS)
    fail(
      "ResponsePayloadSizeLimitExceeded",
      "The response payload size has exceeded the limit (the simulator reads at most 5,000,000 cells).",
    );
  const rows = b.r1 - b.r0 + 1;
  const cols = b.c1 - b.c0 + 1;
  const out: T[][] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const row = ws.findRow(b.r0 + i);
    const line: T[] = new Array(cols);
    for (let j = 0; j < cols; j++) line[j] = f(row ? row.findCell(b.c0 + j) : undefined);
    out[i] = line;
  }
  return out;
}

const STATE_TO_VISIBILITY: Record<string, string> = { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" };
const VISIBILITY_TO_STATE: Record<string, ExcelJS.WorksheetState> = {
  visible: "visible",
  hidden: "hidden",
  veryhidden: "veryHidden",
};

// =========================================================================================
// Base64 → bytes, without Buffer

function base64Bytes(b64: string): Uint8Array {
  const clean = b64.replace(/^data:[^,]*,/, "").replace(/\s+/g, "");
  let bin: string;
  try {
    bin = atob(clean);
  } catch {
    return fail(ErrorCodes.invalidArgument, "The base64 string is not valid.", "Workbook.insertWorksheetsFromBase64");
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// =========================================================================================
// Load arguments: "a,b/c", ["a", "b"], { a: true, b: { c: true } }, { select, expand }

function loadPaths(arg: unknown): string[] {
  if (arg === null || arg === undefined) return [];
  if (typeof arg === "string")
    return arg
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(arg)) return arg.flatMap(loadPaths);
  if (typeof arg === "object") {
    const o = arg as Record<string, unknown>;
    if ("select" in o || "expand" in o) return [...loadPaths(o.select), ...loadPaths(o.expand)];
    const out: string[] = [];
    for (const [k, v] of Object.entries(o)) {
      if (k === "$all") {
        if (v) out.push("*");
      } else if (k.startsWith("$")) {
        // $top, $skip: not simulated
      } else if (v === true) out.push(k);
      else if (v && typeof v === "object") {
        const sub = loadPaths(v);
        out.push(...(sub.length ? sub.map((s) => `${k}/${s}`) : [k]));
      }
    }
    return out;
  }
  return [];
}

// =========================================================================================
// Requests

/** What one sync collects while its actions run. */
class Tx {
  /** Applied only if the whole sync succeeds (delivering loaded values). */
  commits: (() => void)[] = [];
  /** Value writes, for onChanged after the sync. */
  changes: { ws: ExcelJS.Worksheet; bounds: Bounds; before?: unknown }[] = [];
}

type Action = (tx: Tx) => void | Promise<void>;

/** Excel.RequestContext. */
export class SimRequestContext {
  readonly workbook: SimWorkbook;
  readonly runtime: SimRuntime;
  /** Object lifetimes are not simulated: add/remove do nothing. */
  readonly trackedObjects = { add: () => undefined, remove: () => undefined };
  /** @internal */
  _queue: Action[] = [];

  constructor(readonly host: SimHostImpl) {
    this.workbook = new SimWorkbook(this);
    this.runtime = new SimRuntime(this);
  }

  /** @internal */
  _enqueue(action: Action): void {
    this._queue.push(action);
  }

  get _hasPending(): boolean {
    return this._queue.length > 0;
  }

  /** Run the queued actions in order. */
  sync<T>(passThroughValue?: T): Promise<T> {
    this.host.syncCount++;
    this.host.trace("context.sync");
    const actions = this._queue;
    this._queue = [];
    return this.host.runSync(actions).then(() => passThroughValue as T);
  }
}

/** Scalar property computers and navigation properties of a proxy. */
abstract class SimObject {
  /** @internal */
  _loaded = new Map<string, unknown>();
  protected abstract readonly _type: string;

  constructor(readonly context: SimRequestContext) {}

  /** @internal Scalar properties: name → computed value (called while the sync runs). */
  abstract _scalars(): Record<string, () => unknown>;
  /** @internal Navigation properties (format, fill, worksheet…). */
  _navs(): Record<string, SimObject> {
    return {};
  }
  /** @internal Called first in every load action (resolves the object). */
  _prepare(): void {}

  protected _get<T>(prop: string): T {
    if (!this._loaded.has(prop))
      throw new SimOfficeError(
        ErrorCodes.propertyNotLoaded,
        `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
        `${this._type}.${prop}`,
      );
    return this._loaded.get(prop) as T;
  }

  protected get _host(): SimHostImpl {
    return this.context.host;
  }

  load(propertyNames?: string | string[] | Record<string, unknown>): this {
    this._host.trace(`${this._type.toLowerCase()}.load`);
    const paths = loadPaths(propertyNames);
    this.context._enqueue((tx) => this._load(paths, tx));
    return this;
  }

  /** @internal */
  _load(paths: string[], tx: Tx): void {
    this._prepare();
    if (!paths.length || paths.includes("*")) this._loadAll(tx);
    for (const p of paths) if (p !== "*") this._loadPath(p.split("/"), tx);
  }

  /** @internal */
  _loadAll(tx: Tx): void {
    for (const [name, compute] of Object.entries(this._scalars())) {
      const v = compute();
      tx.commits.push(() => this._loaded.set(name, v));
    }
  }

  /** @internal */
  _loadPath(segments: string[], tx: Tx): void {
    const [head, ...rest] = segments;
    const scalar = this._scalars()[head];
    if (scalar && !rest.length) {
      const v = scalar();
      tx.commits.push(() => this._loaded.set(head, v));
      return;
    }
    const nav = this._navs()[head];
    if (!nav)
      return fail(ErrorCodes.invalidArgument, `The property '${head}' does not exist on ${this._type}.`, `${this._type}.load`);
    nav._prepare();
    if (rest.length) nav._loadPath(rest, tx);
    else nav._loadAll(tx);
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._loaded);
  }
}

/** OfficeExtension.ClientResult. */
export class SimClientResult<T> {
  private _value: T | undefined;
  private _isLoaded = false;
  /** @internal */
  _set(v: T): void {
    this._value = v;
    this._isLoaded = true;
  }
  get value(): T {
    if (!this._isLoaded)
      throw new SimOfficeError(
        ErrorCodes.valueNotLoaded,
        'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" on the associated request context.',
        "clientResult.value",
      );
    return this._value as T;
  }
}

// =========================================================================================
// Runtime

export class SimRuntime extends SimObject {
  protected readonly _type = "Runtime";
  _scalars(): Record<string, () => unknown> {
    return { enableEvents: () => this._host.enableEvents };
  }
  get enableEvents(): boolean {
    return this._get("enableEvents");
  }
  set enableEvents(v: boolean) {
    this._host.requireApi("1.8", "Runtime.enableEvents");
    this._loaded.set("enableEvents", v);
    this.context._enqueue(() => {
      this._host.enableEvents = !!v;
    });
  }
}

// =========================================================================================
// Workbook and worksheets

export class SimWorkbook extends SimObject {
  protected readonly _type = "Workbook";
  readonly worksheets: SimWorksheetCollection;

  constructor(context: SimRequestContext) {
    super(context);
    this.worksheets = new SimWorksheetCollection(context);
  }

  _scalars(): Record<string, () => unknown> {
    return {};
  }

  override _navs(): Record<string, SimObject> {
    return { worksheets: this.worksheets };
  }

  /** The selection of the active sheet. */
  getSelectedRange(): SimRange {
    this._host.trace("workbook.getSelectedRange");
    const sheet = new SimWorksheet(this.context, { kind: "active" });
    return new SimRange(this.context, sheet, { kind: "selection" });
  }

  getActiveCell(): SimRange {
    this._host.requireApi("1.7", "Workbook.getActiveCell");
    this._host.trace("workbook.getActiveCell");
    const sheet = new SimWorksheet(this.context, { kind: "active" });
    return new SimRange(this.context, sheet, { kind: "selection", topLeft: true });
  }

  /** ExcelApi 1.13. The names inserted are in `.value` after the sync. */
  insertWorksheetsFromBase64(
    base64File: string,
    options?: { sheetNamesToInsert?: string[]; positionType?: string; relativeTo?: string | SimWorksheet },
  ): SimClientResult<string[]> {
    this._host.requireApi("1.13", "Workbook.insertWorksheetsFromBase64");
    this._host.trace("workbook.insertWorksheetsFromBase64");
    const result = new SimClientResult<string[]>();
    this.context._enqueue(async (tx) => {
      this._host.assertWritable(null, "Workbook.insertWorksheetsFromBase64");
      const names = await this._host.insertFromBase64(base64File, options ?? {});
      tx.commits.push(() => result._set(names));
    });
    return result;
  }
}

type SheetSpec =
  | { kind: "name"; key: string; orNull?: boolean }
  | { kind: "active" }
  | { kind: "ws"; ws: ExcelJS.Worksheet }
  | { kind: "new"; name?: string };

export class SimWorksheetCollection extends SimObject {
  protected readonly _type = "WorksheetCollection";
  private _onChanged?: SimEventHandlers;

  _scalars(): Record<string, () => unknown> {
    return {};
  }

  /** Available after a sync that loaded the collection. */
  get items(): SimWorksheet[] {
    return this._get("items");
  }

  override _load(paths: string[], tx: Tx): void {
    // "items/name", "name" (applies to the items), "items", "" → the items' properties.
    const itemPaths = paths.map((p) => (p === "items" ? "*" : p.startsWith("items/") ? p.slice(6) : p));
    const items = this._host.sheets().map((ws) => new SimWorksheet(this.context, { kind: "ws", ws }));
    for (const item of items) item._load(itemPaths, tx);
    tx.commits.push(() => this._loaded.set("items", items));
  }

  getItem(key: string): SimWorksheet {
    this._host.trace("worksheets.getItem");
    return new SimWorksheet(this.context, { kind: "name", key });
  }

  getItemOrNullObject(key: string): SimWorksheet {
    this._host.requireApi("1.4", "WorksheetCollection.getItemOrNullObject");
    this._host.trace("worksheets.getItemOrNullObject");
    const ws = new SimWorksheet(this.context, { kind: "name", key, orNull: true });
    this.context._enqueue((tx) => ws._resolveNull(tx));
    return ws;
  }

  getActiveWorksheet(): SimWorksheet {
    this._host.trace("worksheets.getActiveWorksheet");
    const ws = new SimWorksheet(this.context, { kind: "active" });
    // The active sheet is the one at this point of the batch.
    this.context._enqueue(() => void ws._ws());
    return ws;
  }

  getCount(visibleOnly?: boolean): SimClientResult<number> {
    this._host.requireApi("1.4", "WorksheetCollection.getCount");
    this._host.trace("worksheets.getCount");
    const result = new SimClientResult<number>();
    this.context._enqueue((tx) => {
      const n = this._host.sheets().filter((ws) => !visibleOnly || ws.state === "visible").length;
      tx.commits.push(() => result._set(n));
    });
    return result;
  }

  add(name?: string): SimWorksheet {
    this._host.trace("worksheets.add");
    const ws = new SimWorksheet(this.context, { kind: "new", name });
    this.context._enqueue(() => void ws._ws());
    return ws;
  }

  /** ExcelApi 1.9: changes on any sheet. */
  get onChanged(): SimEventHandlers {
    return (this._onChanged ??= new SimEventHandlers(this.context, null, "1.9", "WorksheetCollection.onChanged"));
  }
}

export class SimWorksheet extends SimObject {
  protected readonly _type = "Worksheet";
  private _resolved?: ExcelJS.Worksheet;
  private _isNull?: boolean;
  private _onChanged?: SimEventHandlers;

  constructor(
    context: SimRequestContext,
    private readonly _spec: SheetSpec,
  ) {
    super(context);
  }

  /** @internal The exceljs sheet (resolved once, during a sync). */
  _ws(): ExcelJS.Worksheet {
    if (this._resolved) return this._resolved;
    const spec = this._spec;
    let ws: ExcelJS.Worksheet | undefined;
    if (spec.kind === "ws") ws = spec.ws;
    else if (spec.kind === "active") ws = this._host.activeWs();
    else if (spec.kind === "new") ws = this._host.addSheet(spec.name);
    else {
      ws = this._host.sheetByKey(spec.key);
      if (!ws)
        fail(
          ErrorCodes.itemNotFound,
          `The requested resource doesn't exist: worksheet "${spec.key}".`,
          "WorksheetCollection.getItem",
        );
    }
    return (this._resolved = ws as ExcelJS.Worksheet);
  }

  /** @internal */
  _resolveNull(tx: Tx): void {
    const spec = this._spec;
    const ws = spec.kind === "name" ? this._host.sheetByKey(spec.key) : this._ws();
    if (ws) this._resolved = ws;
    tx.commits.push(() => (this._isNull = !ws));
  }

  override _prepare(): void {
    if (this._spec.kind === "name" && this._spec.orNull && !this._host.sheetByKey(this._spec.key)) return;
    this._ws();
  }

  override _loadAll(tx: Tx): void {
    if (this._isNullNow()) return;
    super._loadAll(tx);
  }

  override _loadPath(segments: string[], tx: Tx): void {
    if (this._isNullNow()) return;
    super._loadPath(segments, tx);
  }

  private _isNullNow(): boolean {
    return this._spec.kind === "name" && !!this._spec.orNull && !this._resolved && !this._host.sheetByKey(this._spec.key);
  }

  /** For getItemOrNullObject: known after the sync. */
  get isNullObject(): boolean {
    if (!(this._spec.kind === "name" && this._spec.orNull)) return false;
    return this._isNull ?? this._get<boolean>("isNullObject");
  }

  _scalars(): Record<string, () => unknown> {
    return {
      name: () => this._ws().name,
      id: () => this._host.sheetId(this._ws()),
      position: () => this._host.sheets().indexOf(this._ws()),
      visibility: () => STATE_TO_VISIBILITY[this._ws().state] ?? "Visible",
    };
  }

  get name(): string {
    return this._get("name");
  }
  set name(v: string) {
    this._host.trace("worksheet.name=");
    this._loaded.set("name", v);
    this.context._enqueue(() => this._host.renameSheet(this._ws(), v));
  }
  get id(): string {
    return this._get("id");
  }
  get position(): number {
    return this._get("position");
  }
  get visibility(): string {
    return this._get("visibility");
  }
  set visibility(v: string) {
    this._host.trace("worksheet.visibility=");
    this._loaded.set("visibility", v);
    this.context._enqueue(() => {
      const state = VISIBILITY_TO_STATE[String(v).toLowerCase()];
      if (!state) fail(ErrorCodes.invalidArgument, `Invalid visibility: ${v}.`, "Worksheet.visibility");
      this._ws().state = state;
    });
  }

  get worksheet(): SimWorksheet {
    return this;
  }

  getRange(address?: string): SimRange {
    this._host.trace("worksheet.getRange");
    return new SimRange(
      this.context,
      this,
      address === undefined || address === "" ? { kind: "whole" } : { kind: "address", address },
    );
  }

  getCell(row: number, column: number): SimRange {
    this._host.trace("worksheet.getCell");
    return new SimRange(this.context, this, {
      kind: "bounds",
      bounds: { r0: row + 1, c0: column + 1, r1: row + 1, c1: column + 1 },
    });
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): SimRange {
    this._host.requireApi("1.7", "Worksheet.getRangeByIndexes");
    this._host.trace("worksheet.getRangeByIndexes");
    const bounds = { r0: startRow + 1, c0: startColumn + 1, r1: startRow + rowCount, c1: startColumn + columnCount };
    return new SimRange(this.context, this, { kind: "bounds", bounds });
  }

  /** The used range at this point of the batch (A1 for an empty sheet). */
  getUsedRange(valuesOnly?: boolean): SimRange {
    this._host.trace("worksheet.getUsedRange");
    const range = new SimRange(this.context, this, { kind: "used", valuesOnly: !!valuesOnly });
    this.context._enqueue(() => void range._bounds());
    return range;
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): SimRange {
    this._host.requireApi("1.4", "Worksheet.getUsedRangeOrNullObject");
    this._host.trace("worksheet.getUsedRangeOrNullObject");
    const range = new SimRange(this.context, this, { kind: "used", valuesOnly: !!valuesOnly, orNull: true });
    this.context._enqueue((tx) => range._resolveNull(tx));
    return range;
  }

  /** ExcelApi 1.9: "A1, C3:C5" (comma- or semicolon-separated). */
  getRanges(address: string): SimRangeAreas {
    this._host.requireApi("1.9", "Worksheet.getRanges");
    this._host.trace("worksheet.getRanges");
    return new SimRangeAreas(this.context, this, address);
  }

  activate(): void {
    this._host.trace("worksheet.activate");
    this.context._enqueue(() => this._host.setActive(this._ws()));
  }

  /** ExcelApi 1.7. */
  get onChanged(): SimEventHandlers {
    return (this._onChanged ??= new SimEventHandlers(this.context, this, "1.7", "Worksheet.onChanged"));
  }
}

// =========================================================================================
// Ranges

type RangeSpec =
  | { kind: "address"; address: string }
  | { kind: "whole" }
  | { kind: "bounds"; bounds: Bounds }
  | { kind: "used"; valuesOnly: boolean; orNull?: boolean }
  | { kind: "selection"; topLeft?: boolean }
  | { kind: "derived"; parent: SimRange; f: (b: Bounds) => Bounds };

interface FillTarget {
  /** @internal */
  _fillAreas(): { ws: ExcelJS.Worksheet; areas: Bounds[] };
  readonly context: SimRequestContext;
}

export class SimRange extends SimObject implements FillTarget {
  protected readonly _type = "Range";
  private _b?: Bounds;
  private _isNull?: boolean;
  private _format?: SimRangeFormat;

  constructor(
    context: SimRequestContext,
    private readonly _sheet: SimWorksheet,
    private readonly _spec: RangeSpec,
  ) {
    super(context);
  }

  /** @internal The cells, resolved once during a sync (errors: InvalidArgument). */
  _bounds(): Bounds {
    if (this._b) return this._b;
    const spec = this._spec;
    const ws = this._sheet._ws();
    let b: Bounds;
    switch (spec.kind) {
      case "address": {
        const { sheet, area } = splitSheet(spec.address);
        if (sheet !== undefined && sheet.toLowerCase() !== ws.name.toLowerCase()) badAddress(spec.address);
        b = parseArea(area);
        break;
      }
      case "whole":
        b = { r0: 1, c0: 1, r1: MAX_ROWS, c1: MAX_COLS };
        break;
      case "bounds":
        b = spec.bounds;
        checkBounds(b);
        break;
      case "used":
        b = usedBounds(ws, spec.valuesOnly) ?? { r0: 1, c0: 1, r1: 1, c1: 1 };
        break;
      case "selection": {
        const sel = this._host.selectionBounds(ws);
        b = spec.topLeft ? { r0: sel.r0, c0: sel.c0, r1: sel.r0, c1: sel.c0 } : sel;
        break;
      }
      case "derived":
        b = spec.f(spec.parent._bounds());
        checkBounds(b);
        break;
    }
    return (this._b = b);
  }

  /** @internal */
  _resolveNull(tx: Tx): void {
    const spec = this._spec;
    const isNull = spec.kind === "used" && !usedBounds(this._sheet._ws(), spec.valuesOnly);
    if (!isNull) this._bounds();
    tx.commits.push(() => (this._isNull = isNull));
  }

  get isNullObject(): boolean {
    return this._isNull ?? false;
  }

  /** @internal */
  _fillAreas(): { ws: ExcelJS.Worksheet; areas: Bounds[] } {
    return { ws: this._sheet._ws(), areas: [this._bounds()] };
  }

  override _prepare(): void {
    if (this._isNullUsed()) return;
    this._bounds();
  }

  private _isNullUsed(): boolean {
    return this._spec.kind === "used" && !!this._spec.orNull && !usedBounds(this._sheet._ws(), this._spec.valuesOnly);
  }

  override _loadAll(tx: Tx): void {
    if (this._isNullUsed()) return;
    super._loadAll(tx);
  }

  override _loadPath(segments: string[], tx: Tx): void {
    if (this._isNullUsed()) return;
    super._loadPath(segments, tx);
  }

  _scalars(): Record<string, () => unknown> {
    const ws = () => this._sheet._ws();
    const d1904 = () => this._host.date1904;
    return {
      address: () => `${quoteSheetName(ws().name)}!${formatArea(this._bounds())}`,
      addressLocal: () => `${quoteSheetName(ws().name)}!${formatArea(this._bounds())}`,
      values: () => {
        const date1904 = d1904();
        return grid(this._bounds(), ws(), (cell) => cellValue(cell, date1904));
      },
      text: () => {
        const date1904 = d1904();
        return grid(this._bounds(), ws(), (cell) => formatText(cellValue(cell, date1904), cellNumFmt(cell), date1904));
      },
      numberFormat: () => grid(this._bounds(), ws(), cellNumFmt),
      formulas: () => {
        const date1904 = d1904();
        return grid(this._bounds(), ws(), (cell) => cellFormula(cell, date1904));
      },
      valueTypes: () => {
        const date1904 = d1904();
        return grid(this._bounds(), ws(), (cell) => valueType(cell, cellValue(cell, date1904)));
      },
      rowIndex: () => this._bounds().r0 - 1,
      columnIndex: () => this._bounds().c0 - 1,
      rowCount: () => this._bounds().r1 - this._bounds().r0 + 1,
      columnCount: () => this._bounds().c1 - this._bounds().c0 + 1,
      cellCount: () => cellCount(this._bounds()),
    };
  }

  override _navs(): Record<string, SimObject> {
    return { format: this.format, worksheet: this._sheet };
  }

  get address(): string {
    return this._get("address");
  }
  get addressLocal(): string {
    return this._get("addressLocal");
  }
  // Office.js types values as any[][]: so does the simulator.
  get values(): any[][] {
    return this._get("values");
  }
  set values(v: any[][]) {
    this._host.trace("range.values=");
    this._loaded.set("values", v);
    const input = copyInput(v, "values");
    this.context._enqueue((tx) => this._host.writeValues(this._sheet._ws(), this._bounds(), input, tx));
  }
  get text(): string[][] {
    return this._get("text");
  }
  get formulas(): any[][] {
    return this._get("formulas");
  }
  set formulas(v: any[][]) {
    this._host.trace("range.formulas=");
    this._loaded.set("formulas", v);
    const input = copyInput(v, "formulas");
    this.context._enqueue((tx) => this._host.writeValues(this._sheet._ws(), this._bounds(), input, tx));
  }
  get numberFormat(): any[][] {
    return this._get("numberFormat");
  }
  set numberFormat(v: any[][]) {
    this._host.trace("range.numberFormat=");
    this._loaded.set("numberFormat", v);
    const input = copyInput(v, "numberFormat");
    this.context._enqueue(() => this._host.writeNumberFormats(this._sheet._ws(), this._bounds(), input));
  }
  get valueTypes(): string[][] {
    return this._get("valueTypes");
  }
  get rowIndex(): number {
    return this._get("rowIndex");
  }
  get columnIndex(): number {
    return this._get("columnIndex");
  }
  get rowCount(): number {
    return this._get("rowCount");
  }
  get columnCount(): number {
    return this._get("columnCount");
  }
  get cellCount(): number {
    return this._get("cellCount");
  }

  get format(): SimRangeFormat {
    return (this._format ??= new SimRangeFormat(this.context, this));
  }

  get worksheet(): SimWorksheet {
    return this._sheet;
  }

  private _derived(name: string, f: (b: Bounds) => Bounds): SimRange {
    this._host.trace(`range.${name}`);
    return new SimRange(this.context, this._sheet, { kind: "derived", parent: this, f });
  }

  /** Relative to the range's top-left cell (may lie outside the range). */
  getCell(row: number, column: number): SimRange {
    return this._derived("getCell", (b) => ({ r0: b.r0 + row, c0: b.c0 + column, r1: b.r0 + row, c1: b.c0 + column }));
  }
  getRow(row: number): SimRange {
    return this._derived("getRow", (b) => ({ r0: b.r0 + row, c0: b.c0, r1: b.r0 + row, c1: b.c1 }));
  }
  getColumn(column: number): SimRange {
    return this._derived("getColumn", (b) => ({ r0: b.r0, c0: b.c0 + column, r1: b.r1, c1: b.c0 + column }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): SimRange {
    return this._derived("getOffsetRange", (b) => ({
      r0: b.r0 + rowOffset,
      c0: b.c0 + columnOffset,
      r1: b.r1 + rowOffset,
      c1: b.c1 + columnOffset,
    }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): SimRange {
    this._host.requireApi("1.2", "Range.getResizedRange");
    return this._derived("getResizedRange", (b) => ({ r0: b.r0, c0: b.c0, r1: b.r1 + deltaRows, c1: b.c1 + deltaColumns }));
  }

  select(): void {
    this._host.trace("range.select");
    this.context._enqueue(() => this._host.recordSelect(this._sheet._ws(), [this._bounds()]));
  }

  /** "All" (default), "Formats" or "Contents". */
  clear(applyTo?: string): void {
    this._host.trace("range.clear");
    const what = (applyTo ?? "All").toLowerCase();
    this.context._enqueue((tx) => {
      const ws = this._sheet._ws();
      const b = this._bounds();
      if (what === "all" || what === "contents") this._host.writeValues(ws, b, "", tx);
      if (what === "all" || what === "formats") this._host.clearFormats(ws, b);
    });
  }
}

export class SimRangeAreas extends SimObject implements FillTarget {
  protected readonly _type = "RangeAreas";
  private _areas?: Bounds[];
  private _format?: SimRangeFormat;

  constructor(
    context: SimRequestContext,
    private readonly _sheet: SimWorksheet,
    private readonly _address: string,
  ) {
    super(context);
  }

  /** @internal */
  _fillAreas(): { ws: ExcelJS.Worksheet; areas: Bounds[] } {
    const ws = this._sheet._ws();
    if (!this._areas) {
      const parts = this._address
        .split(/[,;]/)
        .map((s) => s.trim())
        .filter(Boolean);
      if (!parts.length) badAddress(this._address);
      this._areas = parts.map((p) => {
        const { sheet, area } = splitSheet(p);
        if (sheet !== undefined && sheet.toLowerCase() !== ws.name.toLowerCase()) badAddress(p);
        return parseArea(area);
      });
    }
    return { ws, areas: this._areas };
  }

  override _prepare(): void {
    this._fillAreas();
  }

  _scalars(): Record<string, () => unknown> {
    return {
      address: () => {
        const { ws, areas } = this._fillAreas();
        return areas.map((b) => `${quoteSheetName(ws.name)}!${formatArea(b)}`).join(",");
      },
      areaCount: () => this._fillAreas().areas.length,
      cellCount: () => this._fillAreas().areas.reduce((n, b) => n + cellCount(b), 0),
    };
  }

  override _navs(): Record<string, SimObject> {
    return { format: this.format, worksheet: this._sheet };
  }

  get address(): string {
    return this._get("address");
  }
  get areaCount(): number {
    return this._get("areaCount");
  }
  get cellCount(): number {
    return this._get("cellCount");
  }
  get format(): SimRangeFormat {
    return (this._format ??= new SimRangeFormat(this.context, this));
  }
  get worksheet(): SimWorksheet {
    return this._sheet;
  }

  select(): void {
    this._host.trace("rangeAreas.select");
    this.context._enqueue(() => {
      const { ws, areas } = this._fillAreas();
      this._host.recordSelect(ws, areas);
    });
  }
}

export class SimRangeFormat extends SimObject {
  protected readonly _type = "RangeFormat";
  readonly fill: SimRangeFill;

  constructor(
    context: SimRequestContext,
    private readonly _target: FillTarget,
  ) {
    super(context);
    this.fill = new SimRangeFill(context, _target);
  }

  override _prepare(): void {
    this._target._fillAreas();
  }

  _scalars(): Record<string, () => unknown> {
    return {};
  }

  override _navs(): Record<string, SimObject> {
    return { fill: this.fill };
  }
}

export class SimRangeFill extends SimObject {
  protected readonly _type = "RangeFill";

  constructor(
    context: SimRequestContext,
    private readonly _target: FillTarget,
  ) {
    super(context);
  }

  override _prepare(): void {
    this._target._fillAreas();
  }

  _scalars(): Record<string, () => unknown> {
    return {
      color: () => {
        const { ws, areas } = this._target._fillAreas();
        let color: string | null | undefined;
        for (const [i, b] of areas.entries()) {
          const c = areaFillRgb(ws, b);
          if (c === undefined || (i > 0 && c !== color)) return null;
          color = c;
        }
        return `#${color ?? "FFFFFF"}`;
      },
    };
  }

  /** "#RRGGBB"; "#FFFFFF" for no fill; null when the cells' fills differ. */
  get color(): string {
    return this._get("color");
  }
  set color(v: string) {
    this._host.trace("fill.color=");
    this._loaded.set("color", v);
    this.context._enqueue(() => {
      const rgb = parseColorInput(v);
      const { ws, areas } = this._target._fillAreas();
      this._host.writeFill(ws, areas, rgb);
    });
  }

  clear(): void {
    this._host.trace("fill.clear");
    this.context._enqueue(() => {
      const { ws, areas } = this._target._fillAreas();
      this._host.writeFill(ws, areas, null);
    });
  }
}

/** Copy a written 2D array (or single value) at the time of the set. */
function copyInput(v: unknown, prop: string): unknown {
  if (v === null || v === undefined)
    return fail(ErrorCodes.invalidArgument, `null is not a valid value for Range.${prop}.`, `Range.${prop}`);
  return Array.isArray(v) ? v.map((row) => (Array.isArray(row) ? row.slice() : row)) : v;
}

// =========================================================================================
// Events

interface Registration {
  handler: SimChangedHandler;
  ws: ExcelJS.Worksheet | null;
}

/** OfficeExtension.EventHandlerResult. */
export class SimEventHandlerResult {
  constructor(
    readonly context: SimRequestContext,
    private readonly _reg: Registration,
  ) {}

  /** Queued: takes effect at the next sync of this context. */
  remove(): void {
    this.context.host.trace("event.remove");
    this.context._enqueue(() => this.context.host.unregister(this._reg));
  }
}

export class SimEventHandlers {
  constructor(
    private readonly _context: SimRequestContext,
    private readonly _sheet: SimWorksheet | null,
    private readonly _version: string,
    private readonly _api: string,
  ) {}

  add(handler: SimChangedHandler): SimEventHandlerResult {
    const host = this._context.host;
    host.requireApi(this._version, this._api);
    host.trace(`${this._api}.add`);
    if (typeof handler !== "function") fail(ErrorCodes.invalidArgument, "The handler must be a function.", `${this._api}.add`);
    const reg: Registration = { handler, ws: null };
    this._context._enqueue(() => {
      reg.ws = this._sheet ? this._sheet._ws() : null;
      host.register(reg);
    });
    return new SimEventHandlerResult(this._context, reg);
  }
}

// =========================================================================================
// The host

class SimHostImpl implements SimHost {
  syncCount = 0;
  selections: SimSelection[] = [];
  fillWrites: SimFillWrite[] = [];
  calls: string[] = [];
  settings = new Map<string, unknown>();
  handlerErrors: unknown[] = [];
  enableEvents = true;
  readonly apiVersion: string;
  readonly displayLanguage: string;
  readonly apiWritesFireEvents: boolean;
  url: string | null;
  readonly readOnly: boolean;
  openFiles = 0;
  private _protected = new Set<string>();

  private _active: ExcelJS.Worksheet | undefined;
  private _selection = new Map<ExcelJS.Worksheet, Bounds>();
  private _regs = new Set<Registration>();
  private _listeners = new Set<() => void>();
  private _pending = new Set<Promise<unknown>>();
  private _chain: Promise<unknown> = Promise.resolve();
  /** @internal Set by installSimulatedExcel. */
  _globals: { Office: unknown; Excel: unknown; OfficeExtension: unknown } | null = null;

  constructor(
    readonly workbook: ExcelJS.Workbook,
    opts: SimOptions,
  ) {
    const version = opts.apiVersion ?? "1.18";
    if (!parseVersion(version)) throw new Error(`apiVersion must look like "1.9", not "${version}"`);
    this.apiVersion = version;
    this.displayLanguage = opts.displayLanguage ?? "zh-CN";
    this.apiWritesFireEvents = opts.apiWritesFireEvents ?? true;
    this.url = opts.url ?? null;
    this.readOnly = !!opts.readOnly;
    for (const name of opts.protectedSheets ?? []) this._protected.add(name);
    const sheets = this.sheets();
    const tab = workbook.views?.[0]?.activeTab ?? 0;
    const candidate = sheets[tab];
    this._active =
      candidate && candidate.state === "visible" ? candidate : (sheets.find((ws) => ws.state === "visible") ?? sheets[0]);
  }

  // ---- requirement sets, tracing

  supports(version: string): boolean {
    return compareVersions(version, this.apiVersion) <= 0;
  }

  requireApi(version: string, api: string): void {
    if (!this.supports(version))
      fail(
        ErrorCodes.apiNotFound,
        `The API you are trying to use could not be found: ${api} needs ExcelApi ${version}; this host supports ExcelApi ${this.apiVersion}.`,
        api,
      );
  }

  trace(call: string): void {
    if (this.calls.length < 20000) this.calls.push(call);
  }

  resetCounters(): void {
    this.syncCount = 0;
    this.selections = [];
    this.fillWrites = [];
    this.calls = [];
    this.handlerErrors = [];
  }

  // ---- sheets

  get date1904(): boolean {
    return !!this.workbook.properties?.date1904;
  }

  sheets(): ExcelJS.Worksheet[] {
    return this.workbook.worksheets;
  }

  /** By name (case-insensitive, like Excel) or by id. */
  sheetByKey(key: string): ExcelJS.Worksheet | undefined {
    const k = String(key).toLowerCase();
    const sheets = this.sheets();
    return sheets.find((ws) => ws.name.toLowerCase() === k) ?? sheets.find((ws) => this.sheetId(ws).toLowerCase() === k);
  }

  private sheetOrThrow(name: string): ExcelJS.Worksheet {
    return this.sheetByKey(name) ?? fail(ErrorCodes.itemNotFound, `No worksheet named "${name}".`);
  }

  sheetId(ws: ExcelJS.Worksheet): string {
    return `{00000000-0001-0000-${(ws.id - 1).toString(16).toUpperCase().padStart(4, "0")}-000000000000}`;
  }

  activeWs(): ExcelJS.Worksheet {
    const ws = this._active && this.sheets().includes(this._active) ? this._active : this.sheets()[0];
    return ws ?? fail(ErrorCodes.itemNotFound, "The workbook has no worksheet.");
  }

  get activeSheet(): string {
    return this.sheets().length ? this.activeWs().name : "";
  }

  setActive(ws: ExcelJS.Worksheet): void {
    this._active = ws;
  }

  uniqueName(base: string): string {
    const taken = new Set(this.sheets().map((ws) => ws.name.toLowerCase()));
    if (!taken.has(base.toLowerCase())) return base;
    for (let i = 2; ; i++) {
      const suffix = ` (${i})`;
      const name = base.slice(0, 31 - suffix.length) + suffix;
      if (!taken.has(name.toLowerCase())) return name;
    }
  }

  addSheet(name?: string): ExcelJS.Worksheet {
    let n = name;
    if (n === undefined) {
      let i = 1;
      while (this.sheetByKey(`Sheet${i}`)) i++;
      n = `Sheet${i}`;
    } else if (this.sheetByKey(n)) {
      fail(ErrorCodes.itemAlreadyExists, `A worksheet named "${n}" already exists.`, "WorksheetCollection.add");
    }
    return this.workbook.addWorksheet(n);
  }

  renameSheet(ws: ExcelJS.Worksheet, name: string): void {
    const other = this.sheetByKey(name);
    if (other && other !== ws)
      fail(ErrorCodes.itemAlreadyExists, `A worksheet named "${name}" already exists.`, "Worksheet.name");
    if (!name || name.length > 31 || /[:\\/?*[\]]/.test(name))
      fail(ErrorCodes.invalidArgument, `Invalid worksheet name "${name}".`, "Worksheet.name");
    ws.name = name;
  }

  // ---- selection

  selectionBounds(ws: ExcelJS.Worksheet): Bounds {
    return this._selection.get(ws) ?? { r0: 1, c0: 1, r1: 1, c1: 1 };
  }

  selectionOf(sheet: string): string {
    const ws = this.sheetByKey(sheet);
    return ws ? formatArea(this.selectionBounds(ws)) : "A1";
  }

  recordSelect(ws: ExcelJS.Worksheet, areas: Bounds[]): void {
    this._active = ws;
    this._selection.set(ws, areas[0]);
    this.selections.push({ sheet: ws.name, address: areas.map(formatArea).join(",") });
  }

  userSelect(sheet: string, address: string): void {
    const ws = this.sheetOrThrow(sheet);
    this._active = ws;
    this._selection.set(ws, parseArea(address));
    this.notify();
  }

  userActivate(sheet: string): void {
    this._active = this.sheetOrThrow(sheet);
    this.notify();
  }

  // ---- reading for tests

  fillOf(sheet: string, address: string): string | null {
    const ws = this.sheetOrThrow(sheet);
    const rgb = areaFillRgb(ws, parseArea(address));
    return rgb ? `#${rgb}` : null;
  }

  valueOf(sheet: string, address: string): unknown {
    const ws = this.sheetOrThrow(sheet);
    const b = parseArea(address);
    return cellValue(findCell(ws, b.r0, b.c0), this.date1904);
  }

  sheetList(): { name: string; visibility: string }[] {
    return this.sheets().map((ws) => ({ name: ws.name, visibility: STATE_TO_VISIBILITY[ws.state] ?? "Visible" }));
  }

  snapshot(sheet: string, limits: { maxRows?: number; maxColumns?: number } = {}): SimSnapshot {
    const ws = this.sheetOrThrow(sheet);
    const maxRows = limits.maxRows ?? 200;
    const maxColumns = limits.maxColumns ?? 30;
    const used = usedBounds(ws, false) ?? { r0: 1, c0: 1, r1: 1, c1: 1 };
    const sel = this.selectionBounds(ws);
    const r0 = Math.min(used.r0, sel.r0);
    const c0 = Math.min(used.c0, sel.c0);
    const r1 = Math.max(used.r1, Math.min(sel.r1, r0 + maxRows - 1));
    const c1 = Math.max(used.c1, Math.min(sel.c1, c0 + maxColumns - 1));
    const shown = { r0, c0, r1: Math.min(r1, r0 + maxRows - 1), c1: Math.min(c1, c0 + maxColumns - 1) };
    const date1904 = this.date1904;
    const cells = grid(shown, ws, (cell) => ({
      text: formatText(cellValue(cell, date1904), cellNumFmt(cell), date1904),
      fill: null as string | null,
    }));
    for (let i = 0; i < cells.length; i++) {
      for (let j = 0; j < cells[i].length; j++) {
        const rgb = cellFillRgb(ws, shown.r0 + i, shown.c0 + j);
        cells[i][j].fill = rgb ? `#${rgb}` : null;
      }
    }
    return {
      sheet: ws.name,
      rowIndex: shown.r0 - 1,
      columnIndex: shown.c0 - 1,
      usedAddress: formatArea(used),
      selection: formatArea(sel),
      truncated: shown.r1 < r1 || shown.c1 < c1,
      cells,
    };
  }

  // ---- protection

  protect(sheet: string, on = true): void {
    if (on) this._protected.add(sheet);
    else this._protected.delete(sheet);
  }

  /** Fails as Excel does when the workbook is read-only or the sheet protected. */
  assertWritable(ws: ExcelJS.Worksheet | null, api: string): void {
    if (this.readOnly) fail(ErrorCodes.accessDenied, "This workbook is open read-only: it cannot be changed.", api);
    if (ws && this._protected.has(ws.name))
      fail(ErrorCodes.accessDenied, "The cell or chart you're trying to change is on a protected sheet.", api);
  }

  // ---- writing

  /** `input`: a 2D array matching the range, or one value for every cell. */
  writeValues(ws: ExcelJS.Worksheet, b: Bounds, input: unknown, tx: Tx | null): void {
    this.assertWritable(ws, "Range.values");
    const rows = b.r1 - b.r0 + 1;
    const cols = b.c1 - b.c0 + 1;
    if (rows * cols > MAX_WRITE_CELLS) fail(ErrorCodes.generalException, "The range is too large for the simulator to write.");
    const is2d = Array.isArray(input);
    if (is2d) {
      const arr = input as unknown[];
      if (arr.length !== rows || arr.some((row) => !Array.isArray(row) || row.length !== cols))
        fail(
          ErrorCodes.invalidArgument,
          `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${rows}×${cols}).`,
          "Range.values",
        );
    }
    const single = rows === 1 && cols === 1;
    const before = single ? cellValue(findCell(ws, b.r0, b.c0), this.date1904) : undefined;
    // Parse everything first: a bad value fails the write without a partial change.
    const plan: { r: number; c: number; p: TypedEntry }[] = [];
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const raw = is2d ? (input as unknown[][])[i][j] : input;
        const existing = findCell(ws, b.r0 + i, b.c0 + j);
        const p = parseEntry(raw, existing?.numFmt ?? "General");
        if (p === SKIP) continue;
        if (existing && (existing.type as number) === T_MERGE) {
          if (p.value === null) continue;
          fail(ErrorCodes.invalidArgument, "We can't change part of a merged cell.", "Range.values");
        }
        plan.push({ r: b.r0 + i, c: b.c0 + j, p });
      }
    }
    for (const { r, c, p } of plan) {
      const target = cellAt(ws, r, c);
      target.value = p.value;
      const fmt = target.numFmt;
      if (p.numFmt && (!fmt || fmt === "General")) setStyleProp(target, "numFmt", p.numFmt);
    }
    if (tx && plan.length) tx.changes.push({ ws, bounds: b, before });
  }

  writeNumberFormats(ws: ExcelJS.Worksheet, b: Bounds, input: unknown): void {
    this.assertWritable(ws, "Range.numberFormat");
    const rows = b.r1 - b.r0 + 1;
    const cols = b.c1 - b.c0 + 1;
    if (rows * cols > MAX_WRITE_CELLS) fail(ErrorCodes.generalException, "The range is too large for the simulator to write.");
    const is2d = Array.isArray(input);
    if (
      is2d &&
      ((input as unknown[]).length !== rows || (input as unknown[]).some((row) => !Array.isArray(row) || row.length !== cols))
    )
      fail(
        ErrorCodes.invalidArgument,
        "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
        "Range.numberFormat",
      );
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const f = is2d ? (input as unknown[][])[i][j] : input;
        if (f === null || f === undefined) continue;
        const fmt = String(f);
        setStyleProp(cellAt(ws, b.r0 + i, b.c0 + j), "numFmt", fmt === "" || fmt === "General" ? undefined : fmt);
      }
    }
  }

  writeFill(ws: ExcelJS.Worksheet, areas: Bounds[], rgb: string | null): void {
    this.assertWritable(ws, "RangeFill.color");
    for (const b of areas)
      if (cellCount(b) > MAX_WRITE_CELLS) fail(ErrorCodes.generalException, "The range is too large for the simulator to write.");
    for (const b of areas) {
      for (let r = b.r0; r <= b.r1; r++) {
        for (let c = b.c0; c <= b.c1; c++) {
          if (rgb) setStyleProp(cellAt(ws, r, c), "fill", solidFill(rgb));
          else {
            const cell = findCell(ws, r, c);
            if (cell?.style?.fill) setStyleProp(cell, "fill", undefined);
          }
        }
      }
      this.fillWrites.push({ sheet: ws.name, address: formatArea(b), color: rgb ? `#${rgb}` : null });
    }
  }

  clearFormats(ws: ExcelJS.Worksheet, b: Bounds): void {
    this.assertWritable(ws, "Range.clear");
    for (let r = b.r0; r <= b.r1; r++) {
      const row = ws.findRow(r);
      if (!row) continue;
      for (let c = b.c0; c <= Math.min(b.c1, row.cellCount); c++) {
        const cell = row.findCell(c);
        if (cell) cell.style = {};
      }
    }
  }

  // ---- insertWorksheetsFromBase64

  async insertFromBase64(
    base64: string,
    options: { sheetNamesToInsert?: string[]; positionType?: string; relativeTo?: string | SimWorksheet },
  ): Promise<string[]> {
    const bytes = base64Bytes(base64);
    const src = new ExcelJS.Workbook();
    try {
      await src.xlsx.load(bytes.buffer as unknown as Parameters<typeof src.xlsx.load>[0]);
    } catch (e) {
      fail(
        ErrorCodes.invalidArgument,
        `The file is not a valid workbook: ${(e as Error).message}`,
        "Workbook.insertWorksheetsFromBase64",
      );
    }
    const wanted = options.sheetNamesToInsert?.map((n) => n.toLowerCase());
    const sources = src.worksheets.filter((ws) => !wanted?.length || wanted.includes(ws.name.toLowerCase()));
    if (wanted?.length && sources.length !== wanted.length)
      fail(
        ErrorCodes.invalidArgument,
        "A sheet named in sheetNamesToInsert is not in the file.",
        "Workbook.insertWorksheetsFromBase64",
      );
    const position = (options.positionType ?? "End").toLowerCase();
    let anchor: ExcelJS.Worksheet | undefined;
    if (position === "before" || position === "after") {
      const rel = options.relativeTo;
      anchor = rel instanceof SimWorksheet ? rel._ws() : typeof rel === "string" ? this.sheetByKey(rel) : undefined;
      if (!anchor)
        fail(
          ErrorCodes.invalidArgument,
          "relativeTo is required for Before/After and must name a worksheet.",
          "Workbook.insertWorksheetsFromBase64",
        );
    }
    const existing = this.sheets();
    const inserted = sources.map((s) => copySheet(s, this.workbook, this.uniqueName(s.name)));
    let at = existing.length;
    if (position === "beginning") at = 0;
    else if (anchor) at = existing.indexOf(anchor) + (position === "after" ? 1 : 0);
    const order = [...existing.slice(0, at), ...inserted, ...existing.slice(at)];
    order.forEach((ws, i) => {
      (ws as unknown as { orderNo: number }).orderNo = i + 1;
    });
    return inserted.map((ws) => ws.name);
  }

  // ---- syncs

  /** Runs one sync's actions, one sync at a time across contexts. */
  runSync(actions: Action[]): Promise<void> {
    const run = async () => {
      const tx = new Tx();
      try {
        for (const action of actions) await action(tx);
        for (const commit of tx.commits) commit();
      } finally {
        if (tx.changes.length && this.apiWritesFireEvents) this.scheduleChanges(tx.changes, "ThisLocalAddin");
        this.notify();
      }
    };
    const p = this._chain.then(run, run);
    this._chain = p.catch(() => undefined);
    return this.track(p);
  }

  /** Track a promise for idle(); rejections stay with the caller. */
  track<T>(p: Promise<T>): Promise<T> {
    const settled = p.then(
      () => undefined,
      () => undefined,
    );
    this._pending.add(settled);
    void settled.then(() => this._pending.delete(settled));
    return p;
  }

  async idle(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      await new Promise((r) => setTimeout(r, 0));
      if (!this._pending.size) return;
      await Promise.all([...this._pending]);
    }
  }

  notify(): void {
    for (const l of [...this._listeners]) {
      try {
        l();
      } catch (e) {
        this.handlerErrors.push(e);
      }
    }
  }

  onUpdate(listener: () => void): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  // ---- events

  register(reg: Registration): void {
    this._regs.add(reg);
  }

  unregister(reg: Registration): void {
    this._regs.delete(reg);
  }

  handlerCount(): number {
    return this._regs.size;
  }

  /** Events for API writes: the handlers registered at the sync, called just after it. */
  private scheduleChanges(changes: Tx["changes"], trigger: "ThisLocalAddin" | "Unknown"): void {
    const calls = changes.map((ch) => this.prepareChanged(ch.ws, ch.bounds, ch.before, trigger));
    this.track(
      new Promise<void>((resolve) =>
        setTimeout(() => {
          for (const call of calls) call();
          resolve();
        }, 0),
      ),
    );
  }

  /** The onChanged call for a change, bound to the handlers registered now. */
  prepareChanged(ws: ExcelJS.Worksheet, b: Bounds, before: unknown, trigger: "ThisLocalAddin" | "Unknown"): () => void {
    if (!this.supports("1.7") || !this.enableEvents) return () => undefined;
    const regs = [...this._regs].filter((r) => r.ws === ws || (r.ws === null && this.supports("1.9")));
    if (!regs.length) return () => undefined;
    const address = formatArea(b);
    const sheetName = ws.name;
    const args: SimWorksheetChangedEventArgs = {
      type: "WorksheetChanged",
      address,
      worksheetId: this.sheetId(ws),
      changeType: "RangeEdited",
      source: "Local",
      getRange: (ctx) => ctx.workbook.worksheets.getItem(sheetName).getRange(address),
      getRangeOrNullObject: (ctx) => ctx.workbook.worksheets.getItem(sheetName).getRange(address),
    };
    if (this.supports("1.9") && b.r0 === b.r1 && b.c0 === b.c1) {
      const after = cellValue(findCell(ws, b.r0, b.c0), this.date1904);
      const kind = (v: unknown) =>
        v === "" || v === undefined ? "Empty" : typeof v === "number" ? "Double" : typeof v === "boolean" ? "Boolean" : "String";
      args.details = { valueBefore: before ?? "", valueAfter: after, valueTypeBefore: kind(before), valueTypeAfter: kind(after) };
    }
    if (this.supports("1.14")) args.triggerSource = trigger;
    return () => {
      for (const reg of regs) {
        if (!this._regs.has(reg)) continue;
        try {
          const r = reg.handler(args);
          if (r && typeof (r as Promise<unknown>).then === "function") {
            this.track(Promise.resolve(r as Promise<unknown>).catch((e: unknown) => void this.handlerErrors.push(e)));
          }
        } catch (e) {
          this.handlerErrors.push(e);
        }
      }
    };
  }

  async edit(sheet: string, address: string, value: unknown): Promise<void> {
    this.trace("user.edit");
    let fire: (() => void) | null = null;
    const apply = () => {
      const ws = this.sheetOrThrow(sheet);
      const b = parseArea(address);
      const single = b.r0 === b.r1 && b.c0 === b.c1;
      const before = single ? cellValue(findCell(ws, b.r0, b.c0), this.date1904) : undefined;
      // Typing "" or deleting clears; null means the same here (the user pressed Delete).
      const v = value === null || value === undefined ? "" : value;
      this.writeValues(ws, b, v, null);
      fire = this.prepareChanged(ws, b, before, "Unknown");
    };
    const p = this._chain.then(apply, apply);
    this._chain = p.catch(() => undefined);
    await this.track(p);
    this.notify();
    (fire as (() => void) | null)?.();
  }

  uninstall(): void {
    const g = globalThis as unknown as Record<string, unknown>;
    if (!this._globals) return;
    if (g.Office === this._globals.Office) delete g.Office;
    if (g.Excel === this._globals.Excel) delete g.Excel;
    if (g.OfficeExtension === this._globals.OfficeExtension) delete g.OfficeExtension;
    this._globals = null;
  }
}

// =========================================================================================
// Copying a sheet between workbooks (insertWorksheetsFromBase64)

const jsonClone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

function cloneValue(v: ExcelJS.CellValue): ExcelJS.CellValue {
  if (v instanceof Date) return new Date(v.getTime());
  if (v && typeof v === "object") return jsonClone(v);
  return v;
}

function copySheet(src: ExcelJS.Worksheet, wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const dst = wb.addWorksheet(name, {
    state: src.state,
    properties: jsonClone(src.properties),
    views: jsonClone(src.views),
  });
  (src.columns as ExcelJS.Column[] | null | undefined)?.forEach((col, i) => {
    const d = dst.getColumn(i + 1);
    if (col.width !== undefined) d.width = col.width;
    if (col.hidden) d.hidden = true;
  });
  const last = src.rowCount;
  for (let r = 1; r <= last; r++) {
    const row = src.findRow(r);
    if (!row) continue;
    const drow = dst.getRow(r);
    if (row.height !== undefined) drow.height = row.height;
    if (row.hidden) drow.hidden = true;
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.findCell(c);
      if (!cell) continue;
      const dcell = drow.getCell(c);
      if ((cell.type as number) === T_FORMULA)
        dcell.value = { formula: cell.formula, result: cell.result } as ExcelJS.CellFormulaValue;
      else if ((cell.type as number) !== T_MERGE && (cell.type as number) !== T_NULL) dcell.value = cloneValue(cell.value);
      dcell.style = jsonClone(cell.style ?? {});
    }
  }
  const merges = (src as unknown as { _merges?: Record<string, { range?: string }> })._merges ?? {};
  for (const m of Object.values(merges)) if (m?.range) dst.mergeCells(m.range);
  try {
    const dv = (src as unknown as { dataValidations?: { model?: unknown } }).dataValidations?.model;
    const ddv = (dst as unknown as { dataValidations?: { model?: unknown } }).dataValidations;
    if (dv && ddv) ddv.model = jsonClone(dv);
  } catch {
    // data validations are optional here
  }
  return dst;
}

// =========================================================================================
// Office and Excel globals

function makeSettings(host: SimHostImpl) {
  return {
    get(name: string): unknown {
      return host.settings.has(name) ? jsonClone(host.settings.get(name)) : null;
    },
    set(name: string, value: unknown): void {
      host.settings.set(name, jsonClone(value));
    },
    remove(name: string): void {
      host.settings.delete(name);
    },
    saveAsync(a?: unknown, b?: unknown): void {
      const cb = (typeof a === "function" ? a : b) as ((r: { status: string; value?: unknown }) => void) | undefined;
      setTimeout(() => cb?.({ status: "succeeded", value: undefined }), 0);
    },
    refreshAsync(cb?: (r: { status: string; value?: unknown }) => void): void {
      setTimeout(() => cb?.({ status: "succeeded", value: undefined }), 0);
    },
  };
}

/** Office.AsyncResult of the Common API's callbacks. */
interface SimAsyncResult<T> {
  status: "succeeded" | "failed";
  value: T;
  error?: { code: number; name: string; message: string };
  asyncContext?: unknown;
}

const succeeded = <T>(value: T): SimAsyncResult<T> => ({ status: "succeeded", value });
const failedResult = (code: number, name: string, message: string): SimAsyncResult<undefined> => ({
  status: "failed",
  value: undefined,
  error: { code, name, message },
});

/** Office's largest slice: 4 MB (64 KB on iPad); a larger sliceSize fails with "Internal Error". */
const MAX_SLICE = 4194304;

/**
 * The workbook as Excel would save it. exceljs reads a whole-column print area ('服务对象'!$A:$E)
 * as "ANaN:ENaN" and would write that back, a file no program opens: written as A1:E1048576
 * (the same cells), the workbook itself left as it was.
 */
async function writeWorkbook(wb: ExcelJS.Workbook): Promise<ArrayBuffer> {
  const repaired: { ws: ExcelJS.Worksheet; printArea: string }[] = [];
  for (const ws of wb.worksheets) {
    const area = ws.pageSetup?.printArea;
    if (!area || !area.includes("NaN")) continue;
    repaired.push({ ws, printArea: area });
    ws.pageSetup.printArea = area
      .split(",")
      .map((part) =>
        part.replace(/^\$?([A-Z]+)\$?NaN:\$?([A-Z]+)\$?NaN$/, (_, from: string, to: string) => `${from}1:${to}1048576`),
      )
      .join(",");
  }
  try {
    return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
  } finally {
    for (const r of repaired) r.ws.pageSetup.printArea = r.printArea;
  }
}

/**
 * Document.getFileAsync over the live workbook (exceljs writeBuffer): Compressed only (Pdf and
 * Text need Excel's own rendering), in slices; at most two files open, as Office allows.
 */
function makeGetFileAsync(host: SimHostImpl) {
  return (fileType: unknown, a?: unknown, b?: unknown): void => {
    const cb = (typeof a === "function" ? a : b) as ((r: SimAsyncResult<unknown>) => void) | undefined;
    const options = (typeof a === "object" && a ? a : {}) as { sliceSize?: number };
    host.trace("document.getFileAsync");
    const reply = (r: SimAsyncResult<unknown>): void => void setTimeout(() => cb?.(r), 0);
    if (fileType !== "compressed")
      return reply(
        failedResult(5001, "Internal Error", `The simulator gives only Office.FileType.Compressed, not ${String(fileType)}.`),
      );
    const sliceSize = options.sliceSize ?? MAX_SLICE;
    if (!Number.isInteger(sliceSize) || sliceSize < 1 || sliceSize > MAX_SLICE)
      return reply(failedResult(5001, "Internal Error", `sliceSize ${sliceSize} is not between 1 and ${MAX_SLICE}.`));
    if (host.openFiles >= 2)
      return reply(
        failedResult(5001, "Internal Error", "No more than two documents are allowed in memory: close one with File.closeAsync."),
      );
    host.openFiles++;
    let open = true;
    writeWorkbook(host.workbook).then(
      (buffer) => {
        const bytes = new Uint8Array(buffer as ArrayBuffer);
        const sliceCount = Math.max(1, Math.ceil(bytes.length / sliceSize));
        const file = {
          size: bytes.length,
          sliceCount,
          getSliceAsync(index: number, done?: (r: SimAsyncResult<unknown>) => void): void {
            host.trace("file.getSliceAsync");
            const answer = (r: SimAsyncResult<unknown>): void => void setTimeout(() => done?.(r), 0);
            if (!open) return answer(failedResult(5001, "Internal Error", "The file is closed."));
            if (!Number.isInteger(index) || index < 0 || index >= sliceCount)
              return answer(failedResult(5001, "Internal Error", `No slice ${index} (the file has ${sliceCount}).`));
            const data = Array.from(bytes.subarray(index * sliceSize, Math.min(bytes.length, (index + 1) * sliceSize)));
            answer(succeeded({ data, index, size: data.length }));
          },
          closeAsync(done?: (r: SimAsyncResult<undefined>) => void): void {
            host.trace("file.closeAsync");
            if (open) host.openFiles--;
            open = false;
            setTimeout(() => done?.(succeeded(undefined)), 0);
          },
        };
        reply(succeeded(file));
      },
      (e: unknown) => {
        host.openFiles--;
        open = false;
        reply(failedResult(5001, "Internal Error", e instanceof Error ? e.message : String(e)));
      },
    );
  };
}

function makeOffice(host: SimHostImpl) {
  const info = { host: "Excel", platform: "PC" };
  return {
    HostType: { Excel: "Excel" },
    PlatformType: { PC: "PC", OfficeOnline: "OfficeOnline", Mac: "Mac" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    FileType: { Compressed: "compressed", Pdf: "pdf", Text: "text" },
    DocumentMode: { ReadOnly: "readOnly", ReadWrite: "readWrite" },
    onReady(cb?: (i: typeof info) => void): Promise<typeof info> {
      return Promise.resolve().then(() => {
        cb?.(info);
        return info;
      });
    },
    context: {
      displayLanguage: host.displayLanguage,
      contentLanguage: host.displayLanguage,
      host: "Excel",
      platform: "PC",
      diagnostics: { host: "Excel", platform: "PC", version: "16.0.0.0" },
      requirements: {
        isSetSupported(name: string, version?: string): boolean {
          if (String(name).toLowerCase() !== "excelapi") return false;
          if (version === undefined || version === null || version === "") return true;
          const v = typeof version === "number" ? String(version) : version;
          return parseVersion(v) !== null && host.supports(v);
        },
      },
      document: {
        settings: makeSettings(host),
        get url(): string | null {
          return host.url;
        },
        get mode(): string {
          return host.readOnly ? "readOnly" : "readWrite";
        },
        getFileAsync: makeGetFileAsync(host),
      },
    },
  };
}

type Batch<T> = (context: SimRequestContext) => Promise<T>;

/** Excel.run(batch), or Excel.run(object, batch) to reuse that object's context. */
interface SimRun {
  <T>(batch: Batch<T>): Promise<T>;
  <T>(object: unknown, batch: Batch<T>): Promise<T>;
}

function makeExcel(host: SimHostImpl) {
  const run: SimRun = <T>(a: unknown, b?: unknown): Promise<T> => {
    const batch = (typeof a === "function" ? a : b) as Batch<T> | undefined;
    if (typeof batch !== "function")
      return Promise.reject(new SimOfficeError(ErrorCodes.invalidArgument, "Excel.run needs a batch function.", "Excel.run"));
    // Excel.run(object, batch) reuses the object's request context (event results, ranges…).
    const given = typeof a === "function" ? undefined : (a as { context?: unknown } | SimRequestContext | undefined);
    const ctx =
      given instanceof SimRequestContext
        ? given
        : given && given.context instanceof SimRequestContext
          ? given.context
          : new SimRequestContext(host);
    host.trace("Excel.run");
    const p = (async () => {
      const r = batch(ctx) as unknown;
      if (!r || typeof (r as Promise<T>).then !== "function")
        throw new SimOfficeError(
          ErrorCodes.runMustReturnPromise,
          'The batch function passed to the ".run" method didn\'t return a promise.',
          "Excel.run",
        );
      const result = await (r as Promise<T>);
      if (ctx._hasPending) await ctx.sync();
      return result;
    })();
    return host.track(p);
  };
  return {
    run,
    RequestContext: SimRequestContext,
    ErrorCodes,
    SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
    WorksheetPositionType: { none: "None", before: "Before", after: "After", beginning: "Beginning", end: "End" },
    ClearApplyTo: { all: "All", formats: "Formats", contents: "Contents" },
    EventSource: { local: "Local", remote: "Remote" },
    DataChangeType: { rangeEdited: "RangeEdited" },
    EventType: { worksheetChanged: "WorksheetChanged" },
    RangeValueType: {
      unknown: "Unknown",
      empty: "Empty",
      string: "String",
      integer: "Integer",
      double: "Double",
      boolean: "Boolean",
      error: "Error",
    },
  };
}

/** The shape of globalThis.Excel and globalThis.Office while the simulator is installed. */
export type SimExcel = ReturnType<typeof makeExcel>;
export type SimOffice = ReturnType<typeof makeOffice>;

/**
 * Install the simulated host: sets globalThis.Office, globalThis.Excel and
 * globalThis.OfficeExtension (replacing any previous ones) and returns the host.
 */
export function installSimulatedExcel(opts: SimOptions): SimHost {
  const host = new SimHostImpl(opts.workbook, opts);
  const g = globalThis as unknown as Record<string, unknown>;
  const globals = {
    Office: makeOffice(host),
    Excel: makeExcel(host),
    OfficeExtension: {
      Error: SimOfficeError,
      ErrorCodes,
      ClientResult: SimClientResult,
      EventHandlerResult: SimEventHandlerResult,
    },
  };
  g.Office = globals.Office;
  g.Excel = globals.Excel;
  g.OfficeExtension = globals.OfficeExtension;
  host._globals = globals;
  return host;
}
