// An .xlsx made from a workbook the reader reads through SheetJS or as CSV (.xls, WPS .et,
// .ods/.fods, .xlsb, SpreadsheetML 2003, HTML tables saved as .xls, .csv), so that such an
// input gets an annotated copy too (exceljs, which marks the copy, loads only .xlsx).
//
//   .xls/.et/.ods/.fods/.xlsb/.xml ──XLSX.read (the reader's options, + column widths)──▶
//       the sheets the reader made a grid of, their merges and states as the reader saw them
//   .csv / HTML tables ──▶ the reader's grid itself (its values are converted text)
//   ──XLSX.write bookType "xlsx"──▶ bytes
//
// Sheet names an .xlsx cannot hold (CSV files are named after the file: often past 31
// characters; .ods allows []:*?/\) are shortened or replaced, and the issues' sheets are
// mapped. The copy is then read back by the reader and, for every issue with a cell, the
// value there must be the value the validator saw at that address: otherwise no copy (a copy
// with the marks on the wrong cells is worse than none).
//
// From bytes, no node:* module and no Buffer: the page converts with the same code.
import type * as XLSXNS from "@e965/xlsx";
import { parseA1, parseRange } from "../forms/address.js";
import type { CellValue, Issue, SheetGrid, WorkbookGrid } from "../forms/model.js";
import { readWorkbookBytes, type ReadFormat } from "./read/read-bytes.js";
import { importSheetJs, READ_OPTS as SHEETJS_READ_OPTS } from "./read/sheetjs.js";

/** What the converted copy was made from, as the clerk knows it. */
export const FORMAT_LABEL: Record<Exclude<ReadFormat, "xlsx">, string> & { xlsx: string } = {
  xls: ".xls",
  et: "WPS .et",
  ods: ".ods",
  fods: ".fods",
  xlsb: ".xlsb",
  xlml: "XML 电子表格（.xml）",
  csv: ".csv",
  html: "网页格式（HTML）的表格",
  docx: "Word 文档（.docx）",
  xlsx: ".xlsx",
};

export interface ConvertedCopy {
  /** The .xlsx bytes. */
  bytes: Uint8Array;
  /** The input's format (ReadFormat) and how to name it in messages. */
  format: ReadFormat;
  label: string;
  /** Sheet names of the input → the copy's, where they differ. */
  renamed: Map<string, string>;
}

/** Thrown when the converted copy does not hold the validator's values at the issues' cells. */
export class ConversionMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConversionMismatch";
  }
}

// The reader's SheetJS options, with column widths; the bytes given as an array (no Buffer).
const READ_OPTS = { ...SHEETJS_READ_OPTS, type: "array", cellStyles: true } as const;

/**
 * The input as an .xlsx, or undefined for an .xlsx/.xlsm (marked by exceljs as it is) unless
 * `force` (an .xlsx exceljs cannot load: SheetJS converts it as it read it). Throws when the
 * reader cannot read the input, or (ConversionMismatch) when the copy would not match.
 */
export async function convertForAnnotation(
  bytes: Uint8Array,
  name: string,
  issues: Issue[],
  opts: { force?: boolean } = {},
): Promise<ConvertedCopy | undefined> {
  const read = await readWorkbookBytes(bytes, name);
  if (!read.ok) throw new Error(read.message);
  if (read.format === "xlsx" && !opts.force) return undefined;
  const X = await importSheetJs();
  const grid = read.grid;
  const renamed = xlsxSheetNames(grid.sheets.map((s) => s.name));

  let wb: XLSXNS.WorkBook;
  if (read.format === "csv" || read.format === "html" || read.format === "docx") wb = fromGrid(X, grid, renamed);
  else {
    const quiet = console.error;
    console.error = () => undefined;
    try {
      wb = X.read(bytes, READ_OPTS);
    } finally {
      console.error = quiet;
    }
    wb = keepGridSheets(X, wb, grid, renamed);
  }
  const out = new Uint8Array(X.write(wb, { bookType: "xlsx", type: "array", compression: true }) as ArrayBuffer);
  checkSameCells(grid, await readBack(out), renamed, issues);
  return { bytes: out, format: read.format, label: FORMAT_LABEL[read.format], renamed };
}

async function readBack(bytes: Uint8Array): Promise<WorkbookGrid> {
  const r = await readWorkbookBytes(bytes, "copy.xlsx");
  if (!r.ok) throw new ConversionMismatch(`the converted copy does not read: ${r.message}`);
  return r.grid;
}

/** An .xlsx sheet name for each name (≤ 31 characters, none of []:*?/\, unique ignoring case); only the changed ones. */
export function xlsxSheetNames(names: string[]): Map<string, string> {
  const used = new Set<string>();
  const renamed = new Map<string, string>();
  const fits = (s: string) => s.length <= 31 && !/[[\]:*?/\\]/.test(s) && !/^'|'$/.test(s) && s.trim() !== "";
  for (const n of names) if (fits(n)) used.add(n.toLowerCase());
  for (const n of names) {
    if (fits(n)) continue;
    const base = [...n.replace(/[[\]:*?/\\]/g, "_").replace(/^'+|'+$/g, "")].join("") || "Sheet";
    for (let k = 1; ; k++) {
      const tag = k === 1 ? "" : `(${k})`;
      const chars = [...base];
      const candidate = (chars.length + tag.length > 31 ? chars.slice(0, 31 - tag.length).join("") : base) + tag;
      if (used.has(candidate.toLowerCase())) continue;
      used.add(candidate.toLowerCase());
      renamed.set(n, candidate);
      break;
    }
  }
  return renamed;
}

const nameIn = (renamed: Map<string, string>, n: string) => renamed.get(n) ?? n;

function mergesOf(s: SheetGrid): XLSXNS.Range[] {
  return (s.merges ?? []).map((m) => {
    const r = parseRange(m);
    return { s: { r: r.top, c: r.left }, e: { r: r.bottom, c: r.right } };
  });
}

/** CSV and HTML tables: the reader's grid (converted text) as the sheets, dates as dates. */
function fromGrid(X: typeof XLSXNS, grid: WorkbookGrid, renamed: Map<string, string>): XLSXNS.WorkBook {
  const wb = X.utils.book_new();
  for (const s of grid.sheets) {
    const top = s.top ?? 0;
    const left = s.left ?? 0;
    const ws = X.utils.aoa_to_sheet(
      s.values.map((row) => row.map((v) => (v === null ? null : v))),
      { cellDates: true, dateNF: "yyyy-mm-dd", origin: { r: top, c: left } } as XLSXNS.AOA2SheetOpts,
    );
    ws["!merges"] = mergesOf(s);
    // Column widths from the text (CSV has none): a clerk can read the cells.
    const widths: number[] = [];
    for (const row of s.values)
      row.forEach((v, c) => {
        const w =
          v === null
            ? 0
            : [...(v instanceof Date ? "2025-01-01" : String(v))].reduce((n, ch) => n + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0);
        widths[c + left] = Math.max(widths[c + left] ?? 8, Math.min(60, w + 2));
      });
    ws["!cols"] = Array.from(widths, (w) => ({ wch: w ?? 8 }));
    X.utils.book_append_sheet(wb, ws, nameIn(renamed, s.name));
    if (s.state && s.state !== "visible") {
      wb.Workbook ??= {};
      wb.Workbook.Sheets ??= [];
      wb.Workbook.Sheets[wb.SheetNames.length - 1] = { Hidden: s.state === "veryHidden" ? 2 : 1 };
    }
  }
  return wb;
}

/** Only the sheets the reader made grids of (no chart or macro sheets), with its merges and states, renamed for .xlsx. */
function keepGridSheets(
  X: typeof XLSXNS,
  wb: XLSXNS.WorkBook,
  grid: WorkbookGrid,
  renamed: Map<string, string>,
): XLSXNS.WorkBook {
  const bySheet = new Map(grid.sheets.map((s) => [s.name, s]));
  const names: string[] = [];
  const sheets: Record<string, XLSXNS.WorkSheet> = {};
  const props: NonNullable<NonNullable<XLSXNS.WorkBook["Workbook"]>["Sheets"]> = [];
  const dropped = wb.SheetNames.some((n) => !bySheet.has(n)) || renamed.size > 0;
  for (const n of wb.SheetNames) {
    const s = bySheet.get(n);
    if (!s) continue;
    const ws = wb.Sheets[n];
    // A dense sheet's rows may be holes (.ods: repeated empty rows), which XLSX.write does not skip.
    const data = ws["!data"] as unknown[][] | undefined;
    if (data) {
      const last = ws["!ref"] ? X.utils.decode_range(ws["!ref"]).e.r : data.length - 1;
      for (let r = 0; r <= Math.max(last, data.length - 1); r++) data[r] ??= [];
    }
    // The merges the validator saw (for .ods from its own layout reading, which SheetJS gets wrong).
    ws["!merges"] = mergesOf(s);
    const to = nameIn(renamed, n);
    names.push(to);
    sheets[to] = ws;
    props.push({ name: to, Hidden: s.state === "veryHidden" ? 2 : s.state === "hidden" ? 1 : 0 });
  }
  const workbook: NonNullable<XLSXNS.WorkBook["Workbook"]> = { ...(wb.Workbook ?? {}), Sheets: props };
  // Defined names may point at a dropped or renamed sheet: then none (print areas are lost, the cells are not).
  if (dropped) delete workbook.Names;
  return { ...wb, SheetNames: names, Sheets: sheets, Workbook: workbook };
}

/** A value as compared: dates by their time, numbers and strings as they are. */
function same(a: CellValue | undefined, b: CellValue | undefined): boolean {
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && Math.abs(a.getTime() - b.getTime()) < 1000;
  return (a ?? null) === (b ?? null);
}

export function gridValue(grid: WorkbookGrid, sheet: string, cell: string): CellValue | undefined {
  const s = grid.sheets.find((x) => x.name === sheet);
  if (!s) return undefined;
  const { row, col } = parseA1(cell);
  return s.values[row - (s.top ?? 0)]?.[col - (s.left ?? 0)] ?? null;
}

/** Every issue's cell holds the same value in the copy as in the grid the validator saw. */
function checkSameCells(grid: WorkbookGrid, copy: WorkbookGrid, renamed: Map<string, string>, issues: Issue[]): void {
  for (const s of grid.sheets)
    if (!copy.sheets.some((c) => c.name === nameIn(renamed, s.name)))
      throw new ConversionMismatch(`sheet ${s.name} is missing from the converted copy`);
  for (const i of issues) {
    if (!i.sheet || !i.cell || !/^[A-Z]{1,3}\d+$/.test(i.cell)) continue;
    if (!grid.sheets.some((s) => s.name === i.sheet)) continue;
    const want = gridValue(grid, i.sheet, i.cell);
    const got = gridValue(copy, nameIn(renamed, i.sheet), i.cell);
    if (!same(want, got))
      throw new ConversionMismatch(`${i.sheet}!${i.cell}: ${String(want)} in the input, ${String(got)} in the converted copy`);
  }
}

/** The input's base name (for the reader's extension hint): the issues name their file. */
export function inputName(issues: Issue[], fallback = "input"): string {
  const f = issues.find((i) => i.file)?.file;
  return f ? posixBasename(f) : fallback;
}

/** path.basename on posix: the last "/"-separated part, trailing slashes ignored; a "\\" stays (zip members' names may hold one). */
export function posixBasename(p: string): string {
  const parts = p.split("/").filter((s) => s !== "");
  return parts[parts.length - 1] ?? "";
}
