// A simulated WPS 表格 for the WPS host (addin/wps/host.ts): the ET object model's `Application`,
// as a WPS 加载项 sees it, backed by a real workbook held in exceljs. Imports nothing but exceljs
// and the address helpers (no fs, path or Buffer), like addin/sim/excel-sim.ts.
//
//   const sim = createEtSim({ workbook });
//   const host = createWpsHost(sim.Application);       // the WPS host, unchanged
//   sim.calls, sim.selections, sim.activeSheet, sim.fillOf("Sheet1", "B3"), sim.valueOf(...)
//   sim.edit("Sheet1", "B3", "新值");                    // the user typing; fires SheetChange
//   const again = await sim.reopen();                  // saved as .xlsx and opened again
//
// What it is faithful to (the declarations of et-jsapi-declare 2.5.0, and Excel's COM model
// where they are loose — see addin/wps/et.ts):
// - Every call is synchronous; rows and columns are 1-based; Worksheets.Item takes a 1-based
//   index or a name and throws (下标越界) for anything else.
// - Range.Value2: the value for one cell (undefined when empty), a 2-D array (rows × columns)
//   otherwise; numbers, strings, booleans, dates as 1900-system serials, formulas as their
//   cached result, rich text and hyperlinks as their text, errors as "#N/A" and the like; the
//   non-top-left cells of a merge are empty. Writing parses the text as a typed entry would,
//   as Excel's COM model does ("123" → 123, "2025-12-15" → a date unless the format is "@",
//   "TRUE" → true, a leading apostrophe keeps text, "=…" is a formula); a 2-D array must match
//   the range's shape, a scalar fills every cell.
// - Range.NumberFormat: the format when every cell has the same one ("General" for none),
//   null otherwise; Range.MergeCells true / false / null (mixed); MergeArea; Address(false,
//   false) "B3:D5", Address() "$B$3:$D$5"; Rows / Columns (Count, Item(i)); Item(r, c).
// - Interior.Color: a BGR long (red = 255), 16777215 (white) for a cell without fill, null
//   for cells whose fills differ; Interior.ColorIndex −4142 (xlNone) without fill; setting
//   Color gives a solid fill, ColorIndex = −4142 (or Pattern = −4142) removes it. Theme and
//   indexed colours are mapped through the default Office theme and the legacy palette, as in
//   excel-sim.ts (so both simulators report the same fills for the same file).
// - Worksheet.Visible: −1 xlSheetVisible, 0 xlSheetHidden, 2 xlSheetVeryHidden; at least one
//   sheet must stay visible. Activate() makes a sheet active (a hidden one cannot be);
//   Range.Select() fails unless its sheet is active (as in Excel); selections are recorded.
//   Worksheets.Add(Before, After) adds "SheetN" and makes it active, as Excel does.
// - Workbook.CustomDocumentProperties: Count, Item(name | index) (throws when missing),
//   Add(Name, LinkToContent, Type, Value) (throws when the name exists). A text value longer
//   than `propertyLimit` (default 255) is refused. WPS's documentation gives no limit for a
//   custom property (solution.wps.cn, DocumentProperties.Add); 255 characters is the limit of
//   a text property in Office's own UI, taken here as a conservative one. The properties
//   survive reopen() (exceljs does not write custom.xml, so the simulator carries them).
// - Application.ApiEvent.AddApiEventListener / RemoveApiEventListener("SheetChange", f): f is
//   called with the worksheet and the changed range, synchronously, for edit() and for values
//   written through the API (as Excel's COM model does; Application.EnableEvents = false turns
//   both off). Errors thrown by listeners are kept in handlerErrors.
//
// Approximations: the used range is the bounding box of the cells with a value or a fill (an
// empty sheet gives A1); format 14 reads "m/d/yyyy" (as excel-sim.ts; a Chinese WPS may say
// "yyyy/m/d"); Worksheets.Add always appends at the end; there are no multi-area ranges
// ("B3,D5"); formulas written through the API have no result.
import ExcelJS from "exceljs";
import { columnIndex, columnLetter } from "../../forms/address.js";
import type {
  EtApiEvent,
  EtApplication,
  EtDocumentProperties,
  EtDocumentProperty,
  EtInterior,
  EtRange,
  EtSheets,
  EtWorkbook,
  EtWorksheet,
  SheetChangeListener,
} from "../wps/et.js";
import { fillRgb, INDEXED } from "./fill-colors.js";
import { setStyleProp, typedText, type TypedEntry } from "./typed-entry.js";

// =========================================================================================
// Public types

export interface EtSimOptions {
  workbook: ExcelJS.Workbook;
  /** Longest text a custom document property takes. Default 255. */
  propertyLimit?: number;
  /** Custom document properties the document already has (reopen() passes them on). */
  properties?: Map<string, string | number | boolean>;
  /** Fire SheetChange for values written through the API. Default true. */
  apiWritesFireEvents?: boolean;
}

export interface EtSim {
  /** What a WPS 加载项 sees as the global `Application`. */
  readonly Application: EtApplication & { EnableEvents: boolean; DisplayAlerts: boolean };
  readonly workbook: ExcelJS.Workbook;
  /** The custom document properties by name. */
  readonly properties: Map<string, string | number | boolean>;
  /** Every object-model call, e.g. "Range.Value2", "Interior.Color=". Capped at 50,000 entries. */
  calls: string[];
  /** Every Range.Select() / Activate(), in order ("B3" or "B3:D5"). */
  selections: { sheet: string; address: string }[];
  readonly activeSheet: string;
  /** Errors thrown by SheetChange listeners. */
  handlerErrors: unknown[];
  listenerCount(): number;
  /** "#RRGGBB", or null for no fill. */
  fillOf(sheet: string, address: string): string | null;
  /** Value2 of one cell. */
  valueOf(sheet: string, address: string): unknown;
  /** The user typing into a cell (or filling a range): parse, set, fire SheetChange. */
  edit(sheet: string, address: string, value: unknown): void;
  /** The sheets in tab order with Worksheet.Visible. */
  sheetList(): { name: string; visible: number }[];
  /** Save as .xlsx, open again (a new Application; the document properties kept). */
  reopen(): Promise<EtSim>;
}

/** Shaped like the error a COM call raises in WPS (a message, a number). */
export class EtSimError extends Error {
  constructor(
    message: string,
    readonly number = -2147352567,
  ) {
    super(message);
    this.name = "EtError";
  }
}

// =========================================================================================
// Addresses (1-based, inclusive)

const MAX_ROWS = 1048576;
const MAX_COLS = 16384;

interface Bounds {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

const letters = (c: number) => columnLetter(c - 1);

function parseArea(text: string): Bounds {
  const s = text.trim().replace(/\$/g, "");
  const m = /^([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?$/.exec(s);
  if (!m) throw new EtSimError(`方法 'Range' 作用于对象 '_Worksheet' 时失败：${text}`);
  const a = { r: Number(m[2]), c: columnIndex(m[1]) + 1 };
  const z = m[3] ? { r: Number(m[4]), c: columnIndex(m[3]) + 1 } : a;
  const b = { r0: Math.min(a.r, z.r), r1: Math.max(a.r, z.r), c0: Math.min(a.c, z.c), c1: Math.max(a.c, z.c) };
  if (b.r0 < 1 || b.c0 < 1 || b.r1 > MAX_ROWS || b.c1 > MAX_COLS) throw new EtSimError(`地址越界：${text}`);
  return b;
}

function formatArea(b: Bounds, absolute: boolean): string {
  const d = absolute ? "$" : "";
  const tl = `${d}${letters(b.c0)}${d}${b.r0}`;
  return b.r0 === b.r1 && b.c0 === b.c1 ? tl : `${tl}:${d}${letters(b.c1)}${d}${b.r1}`;
}

const cellCount = (b: Bounds) => (b.r1 - b.r0 + 1) * (b.c1 - b.c0 + 1);
const MAX_READ_CELLS = 5_000_000;

// =========================================================================================
// Colours (fills read through fill-colors.ts, as excel-sim.ts reads them)

/** "RRGGBB" ↔ the BGR long of Interior.Color. */
export const rgbToBgr = (rgb: string): number => {
  const n = parseInt(rgb, 16);
  return ((n & 0xff) << 16) | (n & 0xff00) | ((n >> 16) & 0xff);
};
export const bgrToRgb = (bgr: number): string =>
  [bgr & 0xff, (bgr >> 8) & 0xff, (bgr >> 16) & 0xff].map((x) => x.toString(16).padStart(2, "0").toUpperCase()).join("");

/** The ColorIndex (1–56) nearest a colour, as Excel reports for any fill. */
function nearestIndex(rgb: string): number {
  const n = parseInt(rgb, 16);
  let best = 1;
  let dist = Infinity;
  for (let i = 1; i <= 56; i++) {
    const m = parseInt(INDEXED[i + 7], 16);
    const d =
      (((n >> 16) & 255) - ((m >> 16) & 255)) ** 2 + (((n >> 8) & 255) - ((m >> 8) & 255)) ** 2 + ((n & 255) - (m & 255)) ** 2;
    if (d < dist) [best, dist] = [i, d];
  }
  return best;
}

// =========================================================================================
// Cells

const T_NULL = 0;
const T_MERGE = 1;
const T_DATE = 4;
const T_HYPERLINK = 5;
const T_FORMULA = 6;
const T_RICHTEXT = 8;
const T_ERROR = 10;
const MS_PER_DAY = 86400000;

function dateToSerial(d: Date, date1904: boolean): number {
  let serial = d.getTime() / MS_PER_DAY + 25569;
  if (date1904) return serial - 1462;
  if (serial < 61) serial -= 1; // Excel's phantom 1900-02-29
  return serial;
}

const richText = (v: unknown) => ((v as { richText?: { text?: string }[] }).richText ?? []).map((r) => r.text ?? "").join("");

function convert(v: unknown, date1904: boolean): unknown {
  if (v === null || v === undefined || v === "") return undefined;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return dateToSerial(v, date1904);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("formula" in o || "sharedFormula" in o) return convert(o.result, date1904);
    if ("richText" in o) return richText(o);
    if ("error" in o) return String(o.error);
    if ("hyperlink" in o || "text" in o) return convert(o.text, date1904);
  }
  return String(v);
}

/** Value2 of one cell: undefined when empty. */
function cellValue2(cell: ExcelJS.Cell | undefined, date1904: boolean): unknown {
  if (!cell) return undefined;
  switch (cell.type as number) {
    case T_NULL:
    case T_MERGE:
      return undefined;
    case T_DATE:
      return dateToSerial(cell.value as Date, date1904);
    case T_FORMULA:
      return convert(cell.result, date1904);
    case T_HYPERLINK:
      return convert((cell.value as { text?: unknown }).text, date1904);
    case T_RICHTEXT:
      return richText(cell.value);
    case T_ERROR:
      return String((cell.value as { error?: string }).error ?? "#N/A");
    default:
      return convert(cell.value, date1904);
  }
}

function cellNumFmt(cell: ExcelJS.Cell | undefined): string {
  const f = cell?.numFmt;
  if (!f) return "General";
  return f === "mm-dd-yy" ? "m/d/yyyy" : f;
}

const SKIP = Symbol("skip");

/** A value written to Value2 (or typed), parsed as Excel parses an entry. */
function parseEntry(input: unknown, fmt: string): TypedEntry | typeof SKIP {
  if (input === undefined) return { value: null };
  if (input === null) return SKIP;
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw new EtSimError(`无效的值：${input}`);
    return { value: input };
  }
  if (typeof input === "boolean") return { value: input };
  if (typeof input !== "string") throw new EtSimError(`无效的值类型：${typeof input}`);
  const s = input;
  return typedText(s, fmt);
}

const findCell = (ws: ExcelJS.Worksheet, r: number, c: number) => ws.findRow(r)?.findCell(c);

function hasFill(cell: ExcelJS.Cell): boolean {
  const f = cell.style?.fill;
  return !!f && (f.type === "gradient" || (f.type === "pattern" && !!f.pattern && f.pattern !== "none"));
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

function usedBounds(ws: ExcelJS.Worksheet): Bounds {
  let r0 = Infinity;
  let c0 = Infinity;
  let r1 = 0;
  let c1 = 0;
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.findCell(c);
      if (!cell || ((cell.type as number) === T_NULL && !hasFill(cell))) continue;
      r0 = Math.min(r0, r);
      r1 = Math.max(r1, r);
      c0 = Math.min(c0, c);
      c1 = Math.max(c1, c);
    }
  }
  return r1 ? { r0, c0, r1, c1 } : { r0: 1, c0: 1, r1: 1, c1: 1 };
}

/** Merged areas of a sheet (exceljs keeps them as "B2:D3" in _merges). */
function mergesOf(ws: ExcelJS.Worksheet): Bounds[] {
  const raw = (ws as unknown as { _merges?: Record<string, { range?: string; tl?: string; br?: string }> })._merges ?? {};
  return Object.values(raw).map((m) => parseArea(m.range ?? `${m.tl}:${m.br}`));
}

const STATE_TO_VISIBLE: Record<string, number> = { visible: -1, hidden: 0, veryHidden: 2 };
const VISIBLE_TO_STATE: Record<number, ExcelJS.WorksheetState> = { [-1]: "visible", 0: "hidden", 2: "veryHidden" };

// =========================================================================================
// The object model

class Doc {
  calls: string[] = [];
  selections: { sheet: string; address: string }[] = [];
  handlerErrors: unknown[] = [];
  listeners: SheetChangeListener[] = [];
  active: string;
  enableEvents = true;
  displayAlerts = true;
  constructor(
    readonly wb: ExcelJS.Workbook,
    readonly properties: Map<string, string | number | boolean>,
    readonly propertyLimit: number,
    readonly apiWritesFireEvents: boolean,
  ) {
    this.active = wb.worksheets.find((ws) => ws.state === "visible")?.name ?? wb.worksheets[0]?.name ?? "";
  }
  call(name: string): void {
    if (this.calls.length < 50_000) this.calls.push(name);
  }
  get date1904(): boolean {
    return !!this.wb.properties?.date1904;
  }
  sheet(name: string): ExcelJS.Worksheet {
    const ws = this.wb.worksheets.find((w) => w.name === name);
    if (!ws) throw new EtSimError(`下标越界：没有名为“${name}”的工作表`, -2147352565);
    return ws;
  }
  fire(ws: ExcelJS.Worksheet, b: Bounds): void {
    if (!this.enableEvents) return;
    for (const f of [...this.listeners]) {
      try {
        f(new SimWorksheet(this, ws), new SimRange(this, ws, b));
      } catch (e) {
        this.handlerErrors.push(e);
      }
    }
  }
}

type Mode = "cells" | "rows" | "columns";

class SimInterior implements EtInterior {
  constructor(private readonly range: SimRange) {}
  private each(f: (ws: ExcelJS.Worksheet, r: number, c: number) => void): void {
    const { ws, b } = this.range;
    for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) f(ws, r, c);
  }
  /** One colour ("RRGGBB" or null for none) for the range, undefined when the cells differ. */
  private fill(): string | null | undefined {
    const { ws, b } = this.range;
    if (cellCount(b) > MAX_READ_CELLS) throw new EtSimError("区域太大");
    const first = cellFillRgb(ws, b.r0, b.c0);
    let same = true;
    this.each((w, r, c) => {
      if (same && cellFillRgb(w, r, c) !== first) same = false;
    });
    return same ? first : undefined;
  }
  private paint(rgb: string | null): void {
    this.each((ws, r, c) => setStyleProp(ws.getCell(r, c), "fill", rgb === null ? undefined : solidFill(rgb)));
  }
  get Color(): number | null {
    this.range.doc.call("Interior.Color");
    const f = this.fill();
    return f === undefined ? null : rgbToBgr(f ?? "FFFFFF");
  }
  set Color(v: number) {
    this.range.doc.call("Interior.Color=");
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffff) throw new EtSimError(`无效的颜色：${String(v)}`);
    this.paint(bgrToRgb(v));
  }
  get ColorIndex(): number | null {
    this.range.doc.call("Interior.ColorIndex");
    const f = this.fill();
    return f === undefined ? null : f === null ? -4142 : nearestIndex(f);
  }
  set ColorIndex(v: number) {
    this.range.doc.call("Interior.ColorIndex=");
    if (v === -4142 || v === -4105) this.paint(null);
    else if (Number.isInteger(v) && v >= 1 && v <= 56) this.paint(INDEXED[v + 7]);
    else throw new EtSimError(`无效的颜色索引：${v}`);
  }
  get Pattern(): number | null {
    this.range.doc.call("Interior.Pattern");
    const f = this.fill();
    return f === undefined ? null : f === null ? -4142 : 1;
  }
  set Pattern(v: number) {
    this.range.doc.call("Interior.Pattern=");
    if (v === -4142) this.paint(null);
  }
}

const solidFill = (rgb: string): ExcelJS.Fill => ({ type: "pattern", pattern: "solid", fgColor: { argb: `FF${rgb}` } });

class SimRange implements EtRange {
  constructor(
    readonly doc: Doc,
    readonly ws: ExcelJS.Worksheet,
    readonly b: Bounds,
    private readonly mode: Mode = "cells",
  ) {}
  private get rows() {
    return this.b.r1 - this.b.r0 + 1;
  }
  private get cols() {
    return this.b.c1 - this.b.c0 + 1;
  }
  get Value2(): string | Array<any> {
    this.doc.call("Range.Value2");
    const { ws, b } = this;
    if (cellCount(b) > MAX_READ_CELLS) throw new EtSimError("区域太大");
    const d = this.doc.date1904;
    if (b.r0 === b.r1 && b.c0 === b.c1) return cellValue2(findCell(ws, b.r0, b.c0), d) as string;
    const out: unknown[][] = [];
    for (let r = b.r0; r <= b.r1; r++) {
      const row = ws.findRow(r);
      const line: unknown[] = [];
      for (let c = b.c0; c <= b.c1; c++) line.push(cellValue2(row?.findCell(c), d));
      out.push(line);
    }
    return out;
  }
  set Value2(v: string | Array<any>) {
    this.doc.call("Range.Value2=");
    const { ws, b } = this;
    const at = (i: number, j: number): unknown => {
      if (!Array.isArray(v)) return v;
      const row: unknown = v[i];
      if (!Array.isArray(row) || v.length !== this.rows || row.length !== this.cols)
        throw new EtSimError(`数组的大小（${v.length} 行）与区域（${this.rows} × ${this.cols}）不符`);
      return row[j];
    };
    for (let r = b.r0; r <= b.r1; r++)
      for (let c = b.c0; c <= b.c1; c++) {
        const cell = ws.getCell(r, c);
        const p = parseEntry(at(r - b.r0, c - b.c0), cellNumFmt(cell));
        if (p === SKIP) continue;
        cell.value = p.value;
        if (p.numFmt && cellNumFmt(cell) === "General") setStyleProp(cell, "numFmt", p.numFmt);
      }
    if (this.doc.apiWritesFireEvents) this.doc.fire(ws, b);
  }
  get Row(): number {
    return this.b.r0;
  }
  get Column(): number {
    return this.b.c0;
  }
  get Count(): number {
    return this.mode === "rows" ? this.rows : this.mode === "columns" ? this.cols : this.rows * this.cols;
  }
  get Rows(): SimRange {
    return new SimRange(this.doc, this.ws, this.b, "rows");
  }
  get Columns(): SimRange {
    return new SimRange(this.doc, this.ws, this.b, "columns");
  }
  get Worksheet(): SimWorksheet {
    return new SimWorksheet(this.doc, this.ws);
  }
  get Interior(): SimInterior {
    return new SimInterior(this);
  }
  Item(RowIndex: number, ColumnIndex?: number): SimRange {
    this.doc.call("Range.Item");
    const { b } = this;
    let r: number;
    let c: number;
    if (ColumnIndex !== undefined) [r, c] = [b.r0 + RowIndex - 1, b.c0 + ColumnIndex - 1];
    else if (this.mode === "rows")
      return new SimRange(this.doc, this.ws, { ...b, r0: b.r0 + RowIndex - 1, r1: b.r0 + RowIndex - 1 });
    else if (this.mode === "columns")
      return new SimRange(this.doc, this.ws, { ...b, c0: b.c0 + RowIndex - 1, c1: b.c0 + RowIndex - 1 });
    else [r, c] = [b.r0 + Math.floor((RowIndex - 1) / this.cols), b.c0 + ((RowIndex - 1) % this.cols)];
    if (r < 1 || c < 1 || r > MAX_ROWS || c > MAX_COLS) throw new EtSimError("下标越界");
    return new SimRange(this.doc, this.ws, { r0: r, r1: r, c0: c, c1: c });
  }
  get NumberFormat(): string {
    this.doc.call("Range.NumberFormat");
    const { ws, b } = this;
    const first = cellNumFmt(findCell(ws, b.r0, b.c0));
    for (let r = b.r0; r <= b.r1; r++)
      for (let c = b.c0; c <= b.c1; c++) if (cellNumFmt(findCell(ws, r, c)) !== first) return null as unknown as string;
    return first;
  }
  set NumberFormat(v: string) {
    this.doc.call("Range.NumberFormat=");
    const { ws, b } = this;
    for (let r = b.r0; r <= b.r1; r++) for (let c = b.c0; c <= b.c1; c++) setStyleProp(ws.getCell(r, c), "numFmt", v);
  }
  private merged(r: number, c: number): Bounds | undefined {
    return mergesOf(this.ws).find((m) => r >= m.r0 && r <= m.r1 && c >= m.c0 && c <= m.c1);
  }
  get MergeCells(): boolean {
    this.doc.call("Range.MergeCells");
    const areas = mergesOf(this.ws);
    const { b } = this;
    let any = false;
    let all = true;
    for (let r = b.r0; r <= b.r1; r++)
      for (let c = b.c0; c <= b.c1; c++) {
        const inside = areas.some((m) => r >= m.r0 && r <= m.r1 && c >= m.c0 && c <= m.c1);
        any ||= inside;
        all &&= inside;
      }
    return (all ? true : any ? null : false) as boolean;
  }
  set MergeCells(v: boolean) {
    this.doc.call("Range.MergeCells=");
    if (v) this.ws.mergeCells(this.b.r0, this.b.c0, this.b.r1, this.b.c1);
    else this.ws.unMergeCells(this.b.r0, this.b.c0, this.b.r1, this.b.c1);
  }
  get MergeArea(): SimRange {
    this.doc.call("Range.MergeArea");
    const m = this.merged(this.b.r0, this.b.c0);
    return new SimRange(this.doc, this.ws, m ?? { r0: this.b.r0, c0: this.b.c0, r1: this.b.r0, c1: this.b.c0 });
  }
  Address(RowAbsolute?: boolean, ColumnAbsolute?: boolean): string {
    this.doc.call("Range.Address");
    const abs = RowAbsolute !== false || ColumnAbsolute !== false;
    return formatArea(this.b, abs);
  }
  Select(): boolean {
    this.doc.call("Range.Select");
    if (this.doc.active !== this.ws.name) throw new EtSimError("Range 类的 Select 方法无效（工作表未激活）");
    this.doc.selections.push({ sheet: this.ws.name, address: formatArea(this.b, false) });
    return true;
  }
  Activate(): boolean {
    this.doc.call("Range.Activate");
    if (this.doc.active !== this.ws.name) throw new EtSimError("Range 类的 Activate 方法无效（工作表未激活）");
    this.doc.selections.push({ sheet: this.ws.name, address: formatArea(this.b, false) });
    return true;
  }
}

class SimWorksheet implements EtWorksheet {
  constructor(
    private readonly doc: Doc,
    private readonly ws: ExcelJS.Worksheet,
  ) {}
  private live(): ExcelJS.Worksheet {
    if (!this.doc.wb.worksheets.includes(this.ws)) throw new EtSimError("对象已被删除");
    return this.ws;
  }
  get Name(): string {
    return this.live().name;
  }
  set Name(v: string) {
    this.doc.call("Worksheet.Name=");
    if (this.doc.wb.worksheets.some((w) => w !== this.ws && w.name === v)) throw new EtSimError(`工作表名称“${v}”已被占用`);
    if (this.doc.active === this.ws.name) this.doc.active = v;
    this.live().name = v;
  }
  get Visible(): Et.XlSheetVisibility {
    this.doc.call("Worksheet.Visible");
    return (STATE_TO_VISIBLE[this.live().state] ?? -1) as Et.XlSheetVisibility;
  }
  set Visible(v: Et.XlSheetVisibility) {
    this.doc.call("Worksheet.Visible=");
    const state = VISIBLE_TO_STATE[v as number] ?? (v ? "visible" : "hidden");
    const others = this.doc.wb.worksheets.filter((w) => w !== this.ws && w.state === "visible");
    if (state !== "visible" && !others.length) throw new EtSimError("工作簿中至少要有一张可见的工作表");
    this.live().state = state;
    if (state !== "visible" && this.doc.active === this.ws.name) this.doc.active = others[0].name;
  }
  get Index(): number {
    return this.doc.wb.worksheets.indexOf(this.live()) + 1;
  }
  get UsedRange(): SimRange {
    this.doc.call("Worksheet.UsedRange");
    return new SimRange(this.doc, this.live(), usedBounds(this.ws));
  }
  get Cells(): SimRange {
    return new SimRange(this.doc, this.live(), { r0: 1, c0: 1, r1: MAX_ROWS, c1: MAX_COLS });
  }
  Range(Cell1: string): SimRange {
    this.doc.call("Worksheet.Range");
    return new SimRange(this.doc, this.live(), parseArea(Cell1));
  }
  Activate(): void {
    this.doc.call("Worksheet.Activate");
    if (this.live().state !== "visible") throw new EtSimError("Worksheet 类的 Activate 方法无效（工作表已隐藏）");
    this.doc.active = this.ws.name;
  }
  Select(): void {
    this.Activate();
  }
  Delete(): void {
    this.doc.call("Worksheet.Delete");
    const ws = this.live();
    if (this.doc.wb.worksheets.filter((w) => w !== ws && w.state === "visible").length === 0)
      throw new EtSimError("工作簿中至少要有一张可见的工作表");
    if (this.doc.displayAlerts) throw new EtSimError("删除工作表需要用户确认（DisplayAlerts 为 true）");
    this.doc.wb.removeWorksheet(ws.id);
    if (this.doc.active === ws.name) this.doc.active = this.doc.wb.worksheets.find((w) => w.state === "visible")!.name;
  }
}

class SimSheets implements EtSheets {
  constructor(private readonly doc: Doc) {}
  get Count(): number {
    return this.doc.wb.worksheets.length;
  }
  Item(Index: string | number): SimWorksheet {
    this.doc.call("Worksheets.Item");
    const list = this.doc.wb.worksheets;
    const ws =
      typeof Index === "number" ? (Number.isInteger(Index) ? list[Index - 1] : undefined) : list.find((w) => w.name === Index);
    if (!ws) throw new EtSimError(`下标越界：${String(Index)}`, -2147352565);
    return new SimWorksheet(this.doc, ws);
  }
  Add(): SimWorksheet {
    this.doc.call("Worksheets.Add");
    let n = this.Count + 1;
    while (this.doc.wb.worksheets.some((w) => w.name === `Sheet${n}`)) n++;
    const ws = this.doc.wb.addWorksheet(`Sheet${n}`);
    this.doc.active = ws.name;
    return new SimWorksheet(this.doc, ws);
  }
}

class SimProperty implements EtDocumentProperty {
  constructor(
    private readonly doc: Doc,
    readonly Name: string,
  ) {}
  get Value(): string | number | boolean {
    this.doc.call("DocumentProperty.Value");
    const v = this.doc.properties.get(this.Name);
    if (v === undefined) throw new EtSimError("对象已被删除");
    return v;
  }
  set Value(v: string | number | boolean) {
    this.doc.call("DocumentProperty.Value=");
    checkProperty(this.doc, v);
    this.doc.properties.set(this.Name, v);
  }
  get Type(): Kso.MsoDocProperties {
    const v = this.doc.properties.get(this.Name);
    return (typeof v === "number" ? 5 : typeof v === "boolean" ? 2 : 4) as Kso.MsoDocProperties;
  }
  Delete(): void {
    this.doc.call("DocumentProperty.Delete");
    this.doc.properties.delete(this.Name);
  }
}

function checkProperty(doc: Doc, v: unknown): void {
  if (typeof v === "string" && v.length > doc.propertyLimit)
    throw new EtSimError(`自定义属性的值太长（${v.length} 个字符，最多 ${doc.propertyLimit} 个）`);
  if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") throw new EtSimError("无效的属性值");
}

class SimProperties implements EtDocumentProperties {
  constructor(private readonly doc: Doc) {}
  get Count(): number {
    return this.doc.properties.size;
  }
  Item(Index: string | number): SimProperty {
    this.doc.call("DocumentProperties.Item");
    const names = [...this.doc.properties.keys()];
    const name = typeof Index === "number" ? names[Index - 1] : names.find((n) => n === Index);
    if (name === undefined) throw new EtSimError(`无效的过程调用或参数：没有属性“${String(Index)}”`, -2147024809);
    return new SimProperty(this.doc, name);
  }
  Add(Name: string, _LinkToContent: boolean, _Type?: Kso.MsoDocProperties, Value?: string | number | boolean): SimProperty {
    this.doc.call("DocumentProperties.Add");
    if (this.doc.properties.has(Name)) throw new EtSimError(`属性“${Name}”已存在`);
    checkProperty(this.doc, Value ?? "");
    this.doc.properties.set(Name, Value ?? "");
    return new SimProperty(this.doc, Name);
  }
}

class SimWorkbook implements EtWorkbook {
  readonly Worksheets: SimSheets;
  readonly CustomDocumentProperties: SimProperties;
  constructor(private readonly doc: Doc) {
    this.Worksheets = new SimSheets(doc);
    this.CustomDocumentProperties = new SimProperties(doc);
  }
  get ActiveSheet(): SimWorksheet {
    return new SimWorksheet(this.doc, this.doc.sheet(this.doc.active));
  }
}

class SimApiEvent implements EtApiEvent {
  constructor(private readonly doc: Doc) {}
  AddApiEventListener(EventName: "SheetChange", callback: SheetChangeListener): void {
    if (EventName !== "SheetChange") return;
    this.doc.listeners.push(callback);
  }
  RemoveApiEventListener(EventName: "SheetChange", callback?: SheetChangeListener): void {
    if (EventName !== "SheetChange") return;
    this.doc.listeners = callback ? this.doc.listeners.filter((f) => f !== callback) : [];
  }
}

// =========================================================================================
// The simulator

export function createEtSim(opts: EtSimOptions): EtSim {
  const doc = new Doc(opts.workbook, opts.properties ?? new Map(), opts.propertyLimit ?? 255, opts.apiWritesFireEvents ?? true);
  const workbook = new SimWorkbook(doc);
  const Application = {
    ActiveWorkbook: workbook,
    ApiEvent: new SimApiEvent(doc),
    Build: 19770,
    Version: "12.0",
    get EnableEvents() {
      return doc.enableEvents;
    },
    set EnableEvents(v: boolean) {
      doc.enableEvents = v;
    },
    get DisplayAlerts() {
      return doc.displayAlerts;
    },
    set DisplayAlerts(v: boolean) {
      doc.displayAlerts = v;
    },
  };
  const sim: EtSim = {
    Application,
    workbook: opts.workbook,
    properties: doc.properties,
    get calls() {
      return doc.calls;
    },
    set calls(v) {
      doc.calls = v;
    },
    get selections() {
      return doc.selections;
    },
    set selections(v) {
      doc.selections = v;
    },
    get activeSheet() {
      return doc.active;
    },
    get handlerErrors() {
      return doc.handlerErrors;
    },
    set handlerErrors(v) {
      doc.handlerErrors = v;
    },
    listenerCount: () => doc.listeners.length,
    fillOf(sheet, address) {
      const b = parseArea(address);
      const rgb = cellFillRgb(doc.sheet(sheet), b.r0, b.c0);
      return rgb === null ? null : `#${rgb}`;
    },
    valueOf(sheet, address) {
      const b = parseArea(address);
      return cellValue2(findCell(doc.sheet(sheet), b.r0, b.c0), doc.date1904);
    },
    edit(sheet, address, value) {
      const ws = doc.sheet(sheet);
      const b = parseArea(address);
      for (let r = b.r0; r <= b.r1; r++)
        for (let c = b.c0; c <= b.c1; c++) {
          const cell = ws.getCell(r, c);
          const p = parseEntry(value, cellNumFmt(cell));
          if (p === SKIP) continue;
          cell.value = p.value;
          if (p.numFmt && cellNumFmt(cell) === "General") setStyleProp(cell, "numFmt", p.numFmt);
        }
      doc.fire(ws, b);
    },
    sheetList: () => opts.workbook.worksheets.map((ws) => ({ name: ws.name, visible: STATE_TO_VISIBLE[ws.state] ?? -1 })),
    async reopen() {
      const bytes = await opts.workbook.xlsx.writeBuffer();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes);
      return createEtSim({ ...opts, workbook: wb, properties: new Map(doc.properties) });
    },
  };
  return sim;
}
