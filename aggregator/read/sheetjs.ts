// Every other spreadsheet format through one maintained reader: SheetJS (@e965/xlsx 0.20.3,
// the maintained build of the `xlsx` package, whose npm release 0.18.5 is stale).
//
//   .xls (BIFF8, BIFF5 with its code page), WPS .et/.ett (BIFF8 in a compound file),
//   .ods (zip) and .fods (flat XML), .xlsb, SpreadsheetML 2003 (.xml saved as .xls) ──▶
//   XLSX.read(dense, number formats, no dates: we make the Dates) ──▶ the same SheetGrid
//   that fast.ts gives for an .xlsx
//
// and the fallback for an .xlsx that fast.ts does not read (it throws on what it does not
// understand). The grid follows fast.ts's rules: values by type (strings, numbers, booleans,
// error text, Dates at UTC midnight of the date shown for date-formatted numbers, in the
// workbook's 1900 or 1904 system), "" → null, formulas as their cached result (none →
// cell.no_result), each merged range's value only in its top-left cell, jagged rows, the
// number format of each cell ("General" → undefined), sheet states from the workbook
// (Hidden 0/1/2; .ods from its table styles' table:display="false").
//
// SheetJS comes from the runtime (aggregator/runtime/): in Node it is loaded on first use
// (~1 MB of JavaScript): reading only .xlsx files never loads it; a browser bundle has it. Its console.error chatter ("ODS number format may be incorrect …") is silenced
// while it reads: the reader's findings are notes, not terminal lines.
import type * as XLSXNS from "@e965/xlsx";
import { runtime, type SheetJs } from "../runtime/index.js";
import { a1 } from "../../forms/address.js";
import type { CellValue, SheetGrid, WorkbookGrid } from "../../forms/model.js";
import { isDateFormat } from "../../forms/parse/date.js";
import { csvValue } from "./csv.js";
import { decodeXml } from "./xml-text.js";
import { NoteCollector, sheetKindWord, type ReadNote } from "./notes.js";

/** SheetJS with its code pages (BIFF5 and old BIFF8 strings in GBK/Big5 …), imported once. */
export function importSheetJs(): Promise<SheetJs> {
  return runtime.loadSheetJs();
}

export type SheetJsFormat = "xls" | "et" | "ods" | "fods" | "xlsb" | "xlml" | "xlsx" | "html";

export interface SheetJsResult {
  grid: WorkbookGrid;
  notes: ReadNote[];
}

/** Thrown for a password-protected file (SheetJS: "File is password-protected", ODS encryption …). */
export class PasswordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PasswordError";
  }
}

/** How the reader calls SheetJS (annotated copies use the same, with column widths). */
export const READ_OPTS = {
  type: "buffer",
  dense: true,
  cellDates: false,
  cellNF: true,
  cellStyles: false,
  cellHTML: false,
  cellFormula: true,
  sheetStubs: false,
  bookVBA: false,
  WTF: false,
} as const;

/**
 * Read bytes with SheetJS into plain grids. Throws what SheetJS throws (PasswordError for a
 * password); readWorkbook turns both into results. `hiddenSheets` (names) overrides the
 * states SheetJS reports, for .ods/.fods whose visibility lives in table styles.
 */
export async function gridFromSheetJs(
  bytes: Uint8Array | string,
  format: SheetJsFormat,
  opts: { ods?: OdsLayout } = {},
): Promise<SheetJsResult> {
  const X = await importSheetJs();
  let wb: XLSXNS.WorkBook;
  const quiet = console.error;
  console.error = () => undefined;
  try {
    if (typeof bytes === "string")
      // HTML tables (decoded text): raw, every cell as its text; csvValue converts below.
      wb = X.read(bytes, { ...READ_OPTS, type: "string", raw: true });
    else {
      const input = runtime.sheetJsInput(bytes);
      wb = X.read(input.data, { ...READ_OPTS, type: input.type });
    }
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(text)) throw new PasswordError(text);
    throw e instanceof Error ? e : new Error(text);
  } finally {
    console.error = quiet;
  }
  return gridFromSheetJsWorkbook(wb, format, opts.ods);
}

/** A SheetJS workbook (dense) → WorkbookGrid and notes. */
export function gridFromSheetJsWorkbook(wb: XLSXNS.WorkBook, format: SheetJsFormat, ods?: OdsLayout): SheetJsResult {
  const notes = new NoteCollector();
  const date1904 = !!wb.Workbook?.WBProps?.date1904;
  const sheets: SheetGrid[] = [];
  wb.SheetNames.forEach((name, i) => {
    const ws = wb.Sheets[name] as XLSXNS.WorkSheet | undefined;
    const type = (ws?.["!type"] as string | undefined) ?? "sheet";
    if (type === "chart") return; // no cells: skipped quietly, as in fast.ts
    if (!ws || type === "macro" || type === "dialog") {
      notes.unreadableSheet(name, sheetKindWord(type));
      return;
    }
    const flag = wb.Workbook?.Sheets?.[i]?.Hidden;
    let state: SheetGrid["state"] = flag === 2 ? "veryHidden" : flag === 1 ? "hidden" : "visible";
    const layout = ods && (format === "ods" || format === "fods") ? ods : undefined;
    if (layout) state = layout.hidden.has(name) ? "hidden" : "visible";
    const grid = sheetGrid(ws, name, state, date1904, notes, layout?.merges.get(name));
    // HTML cells are text: the same conservative conversion as CSV (00123 and phone numbers stay text).
    if (format === "html") grid.values = grid.values.map((row) => row.map((v) => (typeof v === "string" ? csvValue(v) : v)));
    sheets.push(grid);
  });
  return { grid: { sheets }, notes: notes.finish() };
}

/** SheetJS error codes (BErr) → the text Excel shows. */
const ERRORS: Record<number, string> = {
  0x00: "#NULL!",
  0x07: "#DIV/0!",
  0x0f: "#VALUE!",
  0x17: "#REF!",
  0x1d: "#NAME?",
  0x24: "#NUM!",
  0x2a: "#N/A",
  0x2b: "#GETTING_DATA",
};

const DAY_MS = 24 * 3600 * 1000;

/** An Excel serial → the Date at UTC of the date and time shown (fast.ts's excelToDate). */
export function serialToDate(v: number, date1904: boolean): Date {
  return new Date(Math.round((v - 25569 + (date1904 ? 1462 : 0)) * DAY_MS));
}

interface MergeBox {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function sheetGrid(
  ws: XLSXNS.WorkSheet,
  name: string,
  state: SheetGrid["state"],
  date1904: boolean,
  notes: NoteCollector,
  odsMerges?: MergeBox[],
): SheetGrid {
  const data = (ws["!data"] ?? []) as (XLSXNS.CellObject | undefined)[][];
  const merges: MergeBox[] = (
    odsMerges ??
    ((ws["!merges"] ?? []) as XLSXNS.Range[]).map((m) => ({
      top: Math.min(m.s.r, m.e.r),
      left: Math.min(m.s.c, m.e.c),
      bottom: Math.max(m.s.r, m.e.r),
      right: Math.max(m.s.c, m.e.c),
    }))
  )
    .filter((m) => m.top >= 0 && m.left >= 0)
    .sort((a, b) => a.top - b.top || a.left - b.left);
  // Overlapping merges: Excel repairs such a file and exceljs refuses it; so do we (corrupt).
  for (let a = 0; a < merges.length; a++)
    for (let b = a + 1; b < merges.length && merges[b].top <= merges[a].bottom; b++)
      if (!(merges[b].right < merges[a].left || merges[b].left > merges[a].right))
        throw new Error("Cannot merge already merged cells");

  const values: CellValue[][] = [];
  const formats: (string | undefined)[][] = [];
  let last = -1;
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    const vals: CellValue[] = [];
    const fmts: (string | undefined)[] = [];
    if (row) {
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (!cell) continue;
        // SheetJS gives no format to the first cell of a built-in id it has no code for (the
        // CJK date ids 27–36, 50–58 of an .xlsx/.xlsb without <numFmt>) and then shows it in
        // its implicit code, m/d/yy or h:mm:ss (later cells of the id get that code as z):
        // General never shows a number so, so the text tells the format.
        if (cell.t === "n" && cell.z === undefined && typeof cell.w === "string") {
          if (/^\d{1,2}\/\d{1,2}\/\d{2}$/.test(cell.w)) cell.z = "m/d/yy";
          else if (/^\d{1,2}:\d{2}:\d{2}$/.test(cell.w)) cell.z = "h:mm:ss";
        }
        const v = cellValue(cell, date1904);
        if (v === undefined) {
          notes.noResultCell(name, a1(r, c));
          continue;
        }
        if (v === null) continue;
        while (vals.length < c) {
          vals.push(null);
          fmts.push(undefined);
        }
        vals[c] = v;
        const z = typeof cell.z === "string" ? cell.z : undefined;
        fmts[c] = z && z !== "General" ? z : undefined;
      }
    }
    values.push(vals);
    formats.push(fmts);
    if (vals.length) last = r;
  }
  // Merged ranges: only the top-left cell keeps a value.
  for (const m of merges) {
    for (let r = m.top; r <= m.bottom && r < values.length; r++) {
      const rv = values[r];
      const rf = formats[r];
      for (let c = r === m.top ? m.left + 1 : m.left; c <= m.right && c < rv.length; c++) {
        rv[c] = null;
        rf[c] = undefined;
      }
    }
  }
  // Jagged: each row ends at its last value; trailing empty rows go.
  last = -1;
  for (let r = 0; r < values.length; r++) {
    const rv = values[r];
    let n = rv.length;
    while (n > 0 && rv[n - 1] === null) n--;
    rv.length = n;
    formats[r].length = n;
    if (n) last = r;
  }
  values.length = last + 1;
  formats.length = last + 1;
  return {
    name,
    values,
    formats,
    top: 0,
    left: 0,
    merges: merges.map((m) => `${a1(m.top, m.left)}:${a1(m.bottom, m.right)}`),
    state,
  };
}

/** A SheetJS cell → CellValue; undefined for a formula without a cached result. */
function cellValue(cell: XLSXNS.CellObject, date1904: boolean): CellValue | undefined {
  const v = cell.v;
  if (v === undefined || v === null) return cell.f !== undefined && cell.f !== "" ? undefined : null;
  switch (cell.t) {
    case "s":
    case "str" as XLSXNS.ExcelDataType: {
      const s = typeof v === "string" ? v : String(v);
      return s === "" ? null : s;
    }
    case "n": {
      if (typeof v !== "number" || !Number.isFinite(v)) return null;
      if (typeof cell.z === "string" && isDateFormat(cell.z)) {
        const d = serialToDate(v, date1904);
        return Number.isNaN(d.getTime()) ? null : d;
      }
      return v;
    }
    case "b":
      return typeof v === "boolean" ? v : !!v;
    case "e":
      return typeof cell.w === "string" && cell.w ? cell.w : (ERRORS[v as number] ?? "#N/A");
    case "d": {
      const d = v instanceof Date ? v : new Date(String(v));
      return Number.isNaN(d.getTime()) ? null : d;
    }
    case "z":
      return null;
    default:
      return typeof v === "string" ? (v === "" ? null : v) : typeof v === "number" ? v : null;
  }
}

// ---------------------------------------------------------------------------------------
// OpenDocument layout that SheetJS 0.20.3 does not report: sheet visibility (a table whose
// automatic style has <style:table-properties table:display="false"/>) and the merges of
// empty cells (<table:table-cell table:number-columns-spanned="3" … /> with no content:
// SheetJS keeps only the merges of cells with text).

export interface OdsLayout {
  hidden: Set<string>;
  /** Merged ranges per table, 0-based, from number-columns-spanned / number-rows-spanned. */
  merges: Map<string, MergeBox[]>;
}

/** Visibility and merges of an ODS content.xml or a flat .fods document. */
export function odsLayout(xml: string): OdsLayout {
  const hidden = odsHiddenSheets(xml);
  const merges = new Map<string, MergeBox[]>();
  const bodyAt = Math.max(0, xml.indexOf("<office:body"));
  const num = (attrs: string, name: string): number => {
    const m = new RegExp(`table:${name}\\s*=\\s*["'](\\d+)["']`).exec(attrs);
    return m ? Math.max(1, parseInt(m[1], 10)) : 1;
  };
  let table: string | undefined;
  let list: MergeBox[] = [];
  let depth = 0; // nested tables (sub-tables in a cell) are skipped
  let r = 0;
  let c = 0;
  let rowRepeat = 1;
  const tag = /<(\/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(\/?)>/g;
  tag.lastIndex = bodyAt;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [, close, name, attrs, selfClose] = m;
    if (name === "table") {
      if (close) {
        depth--;
        if (depth === 0 && table !== undefined) merges.set(table, list);
      } else if (!selfClose) {
        depth++;
        if (depth === 1) {
          const n = /table:name\s*=\s*"([^"]*)"|table:name\s*=\s*'([^']*)'/.exec(attrs);
          table = n ? decodeXml(n[1] ?? n[2]) : undefined;
          list = [];
          r = 0;
        }
      }
      continue;
    }
    if (depth !== 1) continue;
    if (name === "table-row") {
      if (close) r += rowRepeat;
      else {
        rowRepeat = num(attrs, "number-rows-repeated");
        c = 0;
        if (selfClose) r += rowRepeat;
      }
      continue;
    }
    if (close) continue;
    const repeat = num(attrs, "number-columns-repeated");
    if (name === "table-cell" && /number-(?:columns|rows)-spanned/.test(attrs)) {
      const w = num(attrs, "number-columns-spanned");
      const h = num(attrs, "number-rows-spanned");
      if (w > 1 || h > 1)
        for (let k = 0; k < Math.min(repeat, 1024); k++)
          list.push({ top: r, left: c + k * w, bottom: r + h - 1, right: c + k * w + w - 1 });
    }
    c += repeat;
  }
  return { hidden, merges };
}

/** Names of the hidden tables of an ODS content.xml or a flat .fods document. */
export function odsHiddenSheets(xml: string): Set<string> {
  const hiddenStyles = new Set<string>();
  const bodyAt = xml.indexOf("<office:body");
  const head = bodyAt > 0 ? xml.slice(0, bodyAt) : xml;
  for (const m of head.matchAll(/<style:style\b([^>]*?)(\/?)>([\s\S]*?)(?:<\/style:style>|(?=<style:style\b))/g)) {
    const attrs = m[1];
    if (!/style:family\s*=\s*["']table["']/.test(attrs) || m[2] === "/") continue;
    if (!/table:display\s*=\s*["']false["']/.test(m[3])) continue;
    const n = /style:name\s*=\s*"([^"]*)"|style:name\s*=\s*'([^']*)'/.exec(attrs);
    if (n) hiddenStyles.add(decodeXml(n[1] ?? n[2]));
  }
  const out = new Set<string>();
  if (!hiddenStyles.size) return out;
  for (const m of xml.slice(Math.max(0, bodyAt)).matchAll(/<table:table\s([^>]*)>/g)) {
    const name = /table:name\s*=\s*"([^"]*)"|table:name\s*=\s*'([^']*)'/.exec(m[1]);
    const style = /table:style-name\s*=\s*"([^"]*)"|table:style-name\s*=\s*'([^']*)'/.exec(m[1]);
    if (name && style && hiddenStyles.has(decodeXml(style[1] ?? style[2]))) out.add(decodeXml(name[1] ?? name[2]));
  }
  return out;
}
