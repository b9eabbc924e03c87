// The provincial roll-up workbook (SPEC §8) from the roll-up data (model.ts): 说明, the
// official 典型案例推荐汇总表 with 推荐城市 and trace columns outside its print area, one
// 汇总 sheet per table, 分市统计, 问题清单 with links to the source cells, 来源文件.
// While rows of the summary have errors it says so above the table and marks them (※) inside
// its print area; lists print one page wide only while readable (fitPrint).
//
// Safety and limits (SPEC §11): every input value is written as a value — a string is a
// shared string, never a formula, whatever it starts with (= + - @); the only formulas are
// the HYPERLINK links written here. Text longer than Excel's 32,767 characters is cut and
// the row's 问题 cell says so; sheet names are cleaned and kept to 31 characters.
//
// exceljs traps avoided (EXCELJS-NOTES.md): tables get filter buttons on every column, at
// least one row, unique ASCII names, no merged cells inside them and no notes on their
// sheets; links are HYPERLINK formulas with a cached result (#3027); the workbook has fixed
// dates and is re-zipped by deterministicXlsx, and nothing in it depends on the clock, so the
// same Rollup always gives the same bytes.
import ExcelJS from "exceljs";
import type { CellValue, Issue, Severity, TableId } from "../../forms/model.js";
import { TABLE_IDS } from "../../forms/model.js";
import { tableDef } from "../../forms/tables.js";
import { RULES, SEVERITY_LABEL } from "../../forms/rules/codes.js";
import { columnLetter } from "../../forms/address.js";
import { FILL, PLACE_LABEL } from "../xlsx/marks.js";
import { TABLE_NAMES, VERSION } from "../report.js";
import {
  BODY_FONT,
  BOLD_FONT,
  BORDER,
  FONT,
  FOOTER,
  HEADING_FONT,
  THIN,
  TITLE_FONT,
  displayWidth,
  heightFor,
  lineCount,
  printSetup,
  styleHeaderRow,
} from "../template/write.js";
import { FIXED_DATE, workbookU8 } from "../xlsx/deterministic.js";
import { patchBulkRows, StylePalette, writePalette, type BulkList } from "../xlsx/bulk-rows.js";
import { runtime } from "../runtime/index.js";
import type { CategoryCount, CityStats, ContextStatus, Rollup, RollupRow, RollupTable, SourceFile } from "./model.js";

// ---------------------------------------------------------------------------------------
// Names and limits

export const SHEET_INFO = "说明";
export const SHEET_SUMMARY = "典型案例推荐汇总表";
export const SHEET_STATS = "分市统计";
export const SHEET_ISSUES = "问题清单";
export const SHEET_FILES = "来源文件";
/**
 * caseSummary: the stamping line (本表有 N 行存在错误… / 可以盖章), the title, the 推荐单位/日期
 * line (as in the template), then the header row.
 */
export const ROLLUP_SUMMARY_HEADER_ROW = 4;
/** The mark of a summary row with errors, in its 序号 cell and in the note below the table (prints in black and white). */
export const ERROR_ROW_MARK = "※";
/** The mark of a summary row drafted from a 申报书 its city's summary does not list (来源 由申报书生成). */
export const DRAFTED_ROW_MARK = "△";
/** 来源 of a provincial summary row: the city's 推荐汇总表, or drafted from a 申报书. */
export const SUMMARY_SOURCE = { listed: "推荐汇总表", drafted: "由申报书生成" } as const;
/** The label of rows whose city could not be determined. */
export const UNKNOWN_CITY_LABEL = "（未确定）";
/** Excel's limit on the characters in one cell. */
export const MAX_CELL_CHARS = 32767;
export const TRUNCATED_MARK = "…（已截断）";
const MAX_SHEET_NAME = 31;
/** Excel's largest row height, in points. */
const MAX_ROW_HEIGHT = 409;
const DATE_FORMAT = "yyyy-mm-dd";
const MONEY_FORMAT = "#,##0.00";
const MAX_WIDTH = 60;
const LINK_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 11, color: { argb: "FF0563C1" }, underline: true };
const NOTE_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 9, color: { argb: "FF808080" } };
const SECTION_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 12, bold: true };
const TABLE_STYLE: ExcelJS.TableStyleProperties = {
  theme: "TableStyleLight1",
  showRowStripes: true,
  showColumnStripes: false,
  showFirstColumn: false,
  showLastColumn: false,
};

const CITY_SOURCE: Record<string, string> = {
  metadata: "元数据",
  recommender: "推荐单位",
  folder: "文件夹",
  file: "文件名",
  "": "未确定",
};

const STATUS_LABEL: Record<SourceFile["status"], string> = {
  ok: "正常",
  warnings: "有警告",
  errors: "有错误",
  unreadable: "无法读取",
  duplicate: "重复文件",
  superseded: "已被替代",
};

function cityLabel(city: string): string {
  return city || UNKNOWN_CITY_LABEL;
}

/** A valid, unique sheet name: no []:*?/\ or apostrophes, at most 31 characters. */
function sheetName(wb: ExcelJS.Workbook, wanted: string, taken: Set<string>): string {
  let base = wanted.replace(/[[\]:*?/\\']/g, "_").trim() || "汇总";
  base = clipUnits(base, MAX_SHEET_NAME);
  if (base.toLowerCase() === "history") base = "History_";
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()) || wb.getWorksheet(name); n++) {
    const suffix = `(${n})`;
    name = clipUnits(base, MAX_SHEET_NAME - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** The first `max` UTF-16 units of `s`, never splitting a surrogate pair. */
function clipUnits(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = s.slice(0, max);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut;
}

/** Table names unique in the workbook and valid in Excel (ASCII, leading letter). */
class TableNames {
  private readonly used = new Set<string>();

  take(wanted: string): string {
    const base = wanted.replace(/[^A-Za-z0-9_]/g, "_");
    let name = /^[A-Za-z_]/.test(base) ? base : `T_${base}`;
    for (let n = 2; this.used.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

/** Column names of one table: Excel requires them unique (case-insensitive) and non-empty. */
function uniqueLabels(labels: string[]): string[] {
  const seen = new Set<string>();
  return labels.map((l) => {
    let name = l.trim() || "列";
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${l.trim() || "列"}(${n})`;
    seen.add(name.toLowerCase());
    return name;
  });
}

// ---------------------------------------------------------------------------------------
// Values: text stays text, and within Excel's limits

/**
 * Lone surrogates cannot be written as XML: replace them. (exceljs drops control characters
 * itself.) A pair matches as a whole and stays; a surrogate matched alone is lone — no
 * lookbehind, which the page's ES2017 browsers do not parse.
 */
const SURROGATES = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;

const SURROGATE = /[\uD800-\uDFFF]/;

/** Text fit for a cell: at most 32,767 characters (cut with a mark), well-formed. */
export function cellText(text: string): { text: string; truncated: boolean } {
  // The look-around pattern is slow; most text has no surrogates at all.
  const clean = SURROGATE.test(text) ? text.replace(SURROGATES, (m) => (m.length === 2 ? m : "\uFFFD")) : text;
  if (clean.length <= MAX_CELL_CHARS) return { text: clean, truncated: false };
  return { text: clipUnits(clean, MAX_CELL_CHARS - TRUNCATED_MARK.length) + TRUNCATED_MARK, truncated: true };
}

function safeText(text: string): string {
  return cellText(text).text;
}

interface Out {
  value: ExcelJS.CellValue;
  truncated: boolean;
}

/**
 * An input value as it goes into a cell. Strings go in as strings (exceljs writes them as
 * shared strings, so "=1+1" stays text); numbers and booleans as themselves; dates as
 * dates; anything else as its text.
 */
function outValue(v: CellValue | undefined): Out {
  if (v === null || v === undefined) return { value: null, truncated: false };
  if (typeof v === "string") {
    const t = cellText(v);
    return { value: t.text, truncated: t.truncated };
  }
  if (typeof v === "number") return { value: Number.isFinite(v) ? v : String(v), truncated: false };
  if (typeof v === "boolean") return { value: v, truncated: false };
  if (v instanceof Date) return { value: Number.isNaN(v.getTime()) ? "无效日期" : v, truncated: false };
  const t = cellText(String(v));
  return { value: t.text, truncated: t.truncated };
}

/** What a value shows, for widths and heights. */
function shownText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return "0000-00-00";
  if (typeof v === "object" && "result" in v) return String((v as { result?: unknown }).result ?? "");
  return String(v);
}

/** Display width of the widest line of a text (CJK characters count double). */
function textWidth(text: string): number {
  let w = 0;
  for (const line of text.split("\n")) w = Math.max(w, displayWidth(line));
  return w;
}

function truncationNote(labels: string[]): string {
  return labels.length ? `${labels.map((l) => `“${l}”`).join("、")}超过 Excel 单元格上限 ${MAX_CELL_CHARS} 个字符，已截断` : "";
}

function fill(argb: string): ExcelJS.Fill {
  return { type: "pattern", pattern: "solid", fgColor: { argb } };
}

function severityFill(severity: Severity | undefined): ExcelJS.Fill | undefined {
  return severity === "error" || severity === "warning" ? fill(FILL[severity]) : undefined;
}

// ---------------------------------------------------------------------------------------
// Links to source cells

/**
 * The path of `file` relative to the roll-up's folder, with forward slashes (the runtime's
 * path rules: Node's path.relative of both resolved in the working folder; in the browser
 * both are display paths, "" being their root — see runtime/types.ts relativePath).
 */
export function relativeLink(file: string, outputDir: string): string {
  return runtime.relativePath(outputDir, file);
}

const A1 = /^\$?[A-Za-z]{1,3}\$?\d{1,7}(:\$?[A-Za-z]{1,3}\$?\d{1,7})?$/;

/** Excel caps a text constant in a formula, and HYPERLINK's link_location, at 255 characters. */
const MAX_LINK = 255;

/**
 * The HYPERLINK formula (without "=") to an issue's cell in its source file, relative to the
 * roll-up's folder; to the file alone when the issue has no sheet (or the full link would be
 * too long for Excel); none when even the path is too long or the file contains "#" (Excel
 * reads "#" as the start of the cell reference). Quotes in the path are doubled (string
 * literal), apostrophes in the sheet name doubled (quoted sheet name).
 */
export function issueLinkFormula(issue: Issue, outputDir: string): string | undefined {
  if (!issue.file) return undefined;
  const file = relativeLink(issue.file, outputDir);
  if (file.includes("#") || file.length > MAX_LINK) return undefined;
  let target = file;
  if (issue.sheet) {
    const cell = issue.cell && A1.test(issue.cell) ? issue.cell.replace(/\$/g, "").toUpperCase() : "A1";
    const withCell = `${file}#'${issue.sheet.replace(/'/g, "''")}'!${cell}`;
    if (withCell.length <= MAX_LINK) target = withCell;
  }
  return `HYPERLINK("${target.replace(/"/g, '""')}","打开")`;
}

// ---------------------------------------------------------------------------------------
// A list as an Excel table

interface ColumnSpec {
  label: string;
  /** Fixed width; otherwise from the content (CJK double), between minWidth and maxWidth. */
  width?: number;
  minWidth?: number;
  maxWidth?: number;
  /** Wrap the text (and count it for the row height). */
  wrap?: boolean;
  align?: "left" | "center" | "right";
  numFmt?: string;
  /** Leave out of the row height (text is still wrapped). */
  noHeight?: boolean;
  /** At most this many lines of this column count for the row height. */
  heightLines?: number;
  /**
   * A trace column (来源文件, 来源工作表, 来源行, 链接): when the sheet is too wide to print
   * readably, the trailing run of these is left out of the print area (still in the table).
   */
  noPrint?: boolean;
}

/** How one cell of a list differs from its column's style. */
type Decoration = "error" | "warning" | "link" | "mark" | "drafted";

const DECORATION: Record<Decoration, Partial<ExcelJS.Style>> = {
  error: { fill: fill(FILL.error) },
  // The 序号 of a summary row with errors: "※3" on screen and on paper, the value still the number 3.
  mark: { fill: fill(FILL.error), numFmt: `"${ERROR_ROW_MARK}"0`, font: BOLD_FONT },
  warning: { fill: fill(FILL.warning) },
  // The 序号 of a drafted summary row: "△3".
  drafted: { fill: fill(FILL.warning), numFmt: `"${DRAFTED_ROW_MARK}"0`, font: BOLD_FONT },
  link: { font: LINK_FONT },
};

interface ListSpec {
  name: string;
  /** Header row. */
  top: number;
  columns: ColumnSpec[];
  rows: ExcelJS.CellValue[][];
  /** A totals row of plain values (first cell: its label); bold. */
  totals?: ExcelJS.CellValue[];
  /** Vertical alignment of the data cells (default top: wrapped rows read from their first line). */
  valign?: "top" | "middle";
  /** The decoration of data cell (row k, column i), if any. */
  decorate?: (k: number, i: number) => Decoration | undefined;
  /**
   * Write the data rows as bulk rows (bulk-rows.ts) into this list: for a list without
   * totals. The rows are then not in the exceljs workbook.
   */
  bulk?: BulkList[];
}

interface ListPlace {
  header: number;
  /** First and last data rows (an empty table still has one row). */
  first: number;
  last: number;
  /** The totals row, if any. */
  totals?: number;
  /** Last row of the table (data or totals). */
  end: number;
}

/** Write a list as an Excel table at column A, row `top`, styled, sized and bordered. */
function addList(ws: ExcelJS.Worksheet, spec: ListSpec): ListPlace {
  const cols = spec.columns;
  const labels = uniqueLabels(cols.map((c) => c.label));
  const rows = spec.rows.length ? spec.rows : [cols.map(() => null)];
  const bulk = spec.bulk && !spec.totals;
  // Widths first: row heights depend on them. A sheet with several lists keeps the widest.
  const widths = cols.map((c, i) => {
    if (c.width) return c.width;
    let w = Math.min(textWidth(labels[i]), 16);
    for (const r of rows) w = Math.max(w, textWidth(shownText(r[i] ?? null)));
    if (spec.totals) w = Math.max(w, textWidth(shownText(spec.totals[i] ?? null)));
    return Math.max(c.minWidth ?? 6, Math.min(c.maxWidth ?? MAX_WIDTH, Math.ceil(w + 2)));
  });
  widths.forEach((w, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(col.width ?? 0, w);
  });
  const finalWidths = cols.map((_, i) => ws.getColumn(i + 1).width ?? widths[i]);

  ws.addTable({
    name: spec.name,
    ref: `A${spec.top}`,
    headerRow: true,
    totalsRow: !!spec.totals,
    style: TABLE_STYLE,
    columns: labels.map((name, i) =>
      spec.totals
        ? i === 0
          ? { name, filterButton: true, totalsRowLabel: String(spec.totals[0] ?? "") }
          : { name, filterButton: true, totalsRowFunction: "none" }
        : { name, filterButton: true },
    ),
    // Bulk rows: the table gets one empty row here and its real range when the rows are written.
    rows: bulk ? [cols.map(() => null)] : rows,
  });

  styleHeaderRow(ws, spec.top, labels, finalWidths, 20);

  // One style object per column, kind of value and decoration, shared by its cells: exceljs
  // then finds the style of each cell by identity when writing (a weak map) instead of
  // hashing it, which matters with 100,000 cells; bulk rows need the distinct styles anyway.
  const styles = cols.map((c) => {
    const make = (horizontal: "left" | "center" | "right", numFmt?: string): Partial<ExcelJS.Style> => ({
      font: BODY_FONT,
      border: BORDER,
      alignment: { horizontal: c.align ?? horizontal, vertical: spec.valign ?? "top", wrapText: !!c.wrap },
      ...(numFmt ? { numFmt } : {}),
    });
    return { text: make("left"), number: make("right", c.numFmt), date: make("right", DATE_FORMAT) };
  });
  const decorated = new Map<Partial<ExcelJS.Style>, Map<Decoration, Partial<ExcelJS.Style>>>();
  const styleOf = (k: number, i: number, v: ExcelJS.CellValue): Partial<ExcelJS.Style> => {
    const st = styles[i];
    const base = v instanceof Date ? st.date : typeof v === "number" ? st.number : st.text;
    // (an empty list's placeholder row has nothing to decorate)
    const d = spec.rows.length ? spec.decorate?.(k, i) : undefined;
    if (!d) return base;
    let byDecoration = decorated.get(base);
    if (!byDecoration) decorated.set(base, (byDecoration = new Map()));
    let style = byDecoration.get(d);
    if (!style) byDecoration.set(d, (style = { ...base, ...DECORATION[d] }));
    return style;
  };
  const rowHeight = (values: ExcelJS.CellValue[]): number | undefined => {
    let lines = 1;
    cols.forEach((c, i) => {
      const v = values[i] ?? null;
      if (c.wrap && !c.noHeight && v !== null) {
        const n = lineCount(shownText(v), finalWidths[i]);
        lines = Math.max(lines, c.heightLines ? Math.min(n, c.heightLines) : n);
      }
    });
    return lines > 1 ? Math.min(MAX_ROW_HEIGHT, heightFor(lines)) : undefined;
  };
  const first = spec.top + 1;
  const last = spec.top + rows.length;

  if (bulk) {
    const palette = new StylePalette();
    const styleIndex = new Uint16Array(rows.length * cols.length);
    const heights = rows.map((values, k) => {
      for (let i = 0; i < cols.length; i++) styleIndex[k * cols.length + i] = palette.indexOf(styleOf(k, i, values[i] ?? null));
      return rowHeight(values);
    });
    const list: BulkList = {
      sheet: ws.name,
      table: spec.name,
      first,
      columns: cols.length,
      rows,
      styleIndex,
      heights,
      palette: palette.styles,
    };
    writePalette(ws, list);
    spec.bulk!.push(list);
    return { header: spec.top, first, last, end: last };
  }

  rows.forEach((values, k) => {
    const row = ws.getRow(first + k);
    cols.forEach((_, i) => {
      row.getCell(i + 1).style = styleOf(k, i, values[i] ?? null) as ExcelJS.Style;
    });
    const h = rowHeight(values);
    if (h !== undefined) row.height = h;
  });

  let totals: number | undefined;
  if (spec.totals) {
    totals = last + 1;
    const row = ws.getRow(totals);
    cols.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.value = spec.totals![i] ?? null;
      cell.font = BOLD_FONT;
      cell.border = BORDER;
      cell.alignment = { horizontal: i === 0 ? "center" : "right", vertical: "middle" };
      if (c.numFmt) cell.numFmt = c.numFmt;
    });
  }
  return { header: spec.top, first, last, totals, end: totals ?? last };
}

function newListSheet(
  wb: ExcelJS.Workbook,
  name: string,
  headerRow: number,
  opts: { repeatHeader?: boolean; landscape?: boolean } = {},
): ExcelJS.Worksheet {
  const first = headerRow + 1;
  return wb.addWorksheet(name, {
    views: [{ state: "frozen", xSplit: 0, ySplit: headerRow, topLeftCell: `A${first}`, activeCell: `A${first}` }],
    pageSetup: printSetup(opts.landscape ?? true, opts.repeatHeader === false ? undefined : headerRow),
    headerFooter: { oddFooter: FOOTER, evenFooter: FOOTER },
  });
}

// ---------------------------------------------------------------------------------------
// Printing lists readably
//
// Fit to one page wide shrinks a wide list until it is unreadable (a 汇总 sheet's ~20 columns
// printed at 40%). So: one page wide only while the printed columns fit A4 landscape at
// MIN_PRINT_SCALE or more; otherwise the trailing trace columns (noPrint) are left out of the
// print area and the list goes as many pages wide as it needs at that scale, header row (and
// the title columns, 序号 and 城市) repeated on every page, the pages of one band of rows
// one after another (over, then down).

/** The smallest print scale a list is fitted to. */
export const MIN_PRINT_SCALE = 0.7;
/** A4 landscape less the side margins (0.5 in each, template/write.ts printSetup), in pixels at 96 dpi. */
export const PRINT_WIDTH_PX = Math.floor((297 / 25.4 - 1) * 96);

/** A column's width in pixels: the workbook's default font (Calibri 11) has a 7-pixel digit. */
export function columnPx(width: number): number {
  return Math.round(width * 7);
}

/**
 * How many pages wide columns of these widths print at MIN_PRINT_SCALE: columns are not split,
 * and every page after the first repeats the title columns (their widths `titles`).
 */
export function pagesWide(widths: number[], titles: number[] = []): number {
  const room = PRINT_WIDTH_PX / MIN_PRINT_SCALE;
  const repeated = titles.reduce((n, w) => n + columnPx(w), 0);
  let pages = 1;
  let used = 0;
  widths.forEach((w, i) => {
    const px = columnPx(w);
    if (used > 0 && used + px > room && i >= titles.length) {
      pages++;
      used = repeated;
    }
    used += px;
  });
  return pages;
}

/**
 * Print setup of a list sheet by the rule above. `columns`: the sheet's columns (from A);
 * `lastRow`: the last row printed; `titleColumns`: how many leading columns repeat on each page
 * when the list goes more than one page wide; `printed`: the columns printed in any case (the
 * official summary's own), else all but the trailing noPrint ones when the whole is too wide.
 */
function fitPrint(
  ws: ExcelJS.Worksheet,
  opts: { columns: { noPrint?: boolean }[]; lastRow: number; firstRow?: number; titleColumns?: number; printed?: number },
): void {
  const widths = opts.columns.map((_, i) => ws.getColumn(i + 1).width ?? 9);
  let printed = opts.printed ?? widths.length;
  if (opts.printed === undefined && pagesWide(widths) > 1) {
    while (printed > 1 && opts.columns[printed - 1].noPrint) printed--;
  }
  const shown = widths.slice(0, printed);
  const titles = shown.slice(0, opts.titleColumns ?? 0);
  const pages = pagesWide(shown, titles);
  ws.pageSetup.fitToPage = true;
  ws.pageSetup.fitToWidth = pages;
  ws.pageSetup.fitToHeight = 0;
  if (printed < widths.length || opts.firstRow)
    // exceljs prefixes each corner with "$" (the column): the row's "$" makes the reference absolute.
    ws.pageSetup.printArea = `A$${opts.firstRow ?? 1}:${columnLetter(printed - 1)}$${opts.lastRow}`;
  if (pages > 1) {
    ws.pageSetup.pageOrder = "overThenDown";
    if (titles.length) ws.pageSetup.printTitlesColumn = `A:${columnLetter(titles.length - 1)}`;
  }
}

function titleRow(ws: ExcelJS.Worksheet, row: number, text: string, font: Partial<ExcelJS.Font>, lastCol: number): void {
  const cell = ws.getCell(row, 1);
  cell.value = safeText(text);
  cell.font = font;
  cell.alignment = { horizontal: lastCol > 1 ? "center" : "left", vertical: "middle" };
  if (lastCol > 1) ws.mergeCells(row, 1, row, lastCol);
  ws.getRow(row).height = Math.round((font.size ?? 11) * 1.8);
}

// ---------------------------------------------------------------------------------------
// Trace columns (every input row stays traceable)

// 问题 first: the columns after it are only for tracing and filtering, left out of the print
// area of a sheet too wide to print readably (a print area is one block of columns).
const TRACE_COLUMNS: ColumnSpec[] = [
  { label: "问题", wrap: true, width: 50 },
  { label: "来源文件", wrap: true, maxWidth: 40, noHeight: true, noPrint: true },
  { label: "来源工作表", maxWidth: 20, noPrint: true },
  { label: "来源行", align: "right", minWidth: 8, noPrint: true },
];

// ---------------------------------------------------------------------------------------
// Context columns (SPEC §14): the submission of every 汇总 row, so that a reviewer filters
// rows by plan, direction, lead unit or file status without opening files. They follow 城市:
// the filters a reviewer combines (城市, 申报方向, 文件状态) sit side by side at the left,
// in view before the row's own (often wide) columns, and every row says first whose it is.

export const CONTEXT_LABELS = {
  title: "方案/案例名称",
  direction: "申报方向",
  lead: "牵头单位",
  leadCode: "牵头单位信用代码",
  leadCategory: "牵头单位类别",
  status: "文件状态",
} as const;

type ContextKey = keyof typeof CONTEXT_LABELS;

const CONTEXT_COLUMNS: (ColumnSpec & { key: ContextKey })[] = [
  { key: "title", label: CONTEXT_LABELS.title, wrap: true, minWidth: 16, maxWidth: 30, heightLines: 2 },
  { key: "direction", label: CONTEXT_LABELS.direction, wrap: true, minWidth: 10, maxWidth: 16, heightLines: 2 },
  { key: "lead", label: CONTEXT_LABELS.lead, wrap: true, minWidth: 16, maxWidth: 30, heightLines: 2 },
  // 18 characters, never wrapped.
  { key: "leadCode", label: CONTEXT_LABELS.leadCode, width: 21 },
  { key: "leadCategory", label: CONTEXT_LABELS.leadCategory, wrap: true, minWidth: 10, maxWidth: 16, heightLines: 2 },
  { key: "status", label: CONTEXT_LABELS.status, width: 10, align: "center" },
];

/** 文件状态 as the 汇总 rows show it (of the whole file, not only the row). */
export const CONTEXT_STATUS_LABEL: Record<ContextStatus, string> = { errors: "有错误", warnings: "有警告", ok: "无问题" };

/**
 * The context columns of a sheet with these field labels: one that a field of the table
 * already is (申报方向 of 方案基本信息, 牵头单位 of a 工作方案's unit table: the same
 * submission's value) is left out — Excel table columns need unique names.
 */
function contextColumns(fieldLabels: string[]): (ColumnSpec & { key: ContextKey })[] {
  const taken = new Set(fieldLabels.map((l) => l.trim().toLowerCase()));
  return CONTEXT_COLUMNS.filter((c) => !taken.has(c.label.toLowerCase()));
}

/** A row's context cells for these columns; empty cells for a row without context. */
function contextCells(row: RollupRow, columns: { key: ContextKey }[]): ExcelJS.CellValue[] {
  const c = row.context;
  return columns.map(({ key }) => {
    if (!c) return null;
    const v = key === "status" ? CONTEXT_STATUS_LABEL[c.status] : c[key];
    return v ? safeText(v) : null;
  });
}

function statusDecoration(row: RollupRow): Decoration | undefined {
  return row.context?.status === "errors" ? "error" : row.context?.status === "warnings" ? "warning" : undefined;
}

/** Field values of a row plus its trace cells; the 问题 cell also says what was cut. */
function rowCells(
  row: RollupRow,
  keys: string[],
  labels: string[],
): { cells: ExcelJS.CellValue[]; trace: ExcelJS.CellValue[]; severity?: Severity } {
  const cut: string[] = [];
  const cells = keys.map((k, i) => {
    const o = outValue(row.values[k]);
    if (o.truncated) cut.push(labels[i]);
    return o.value;
  });
  const problems = [row.problems, truncationNote(cut)].filter(Boolean).join("\n");
  const trace = [problems ? safeText(problems) : null, safeText(row.file), safeText(row.sheet), row.row];
  // Cut text is at least a warning: the reviewer must look at the source file.
  return { cells, trace, severity: row.severity ?? (cut.length ? "warning" : undefined) };
}

/** Decorations for the 问题 column (column `col`) of lists whose rows have a severity. */
function problemColumn(severities: (Severity | undefined)[], col: number): (k: number, i: number) => Decoration | undefined {
  return (k, i) => (i === col ? decorationOf(severities[k]) : undefined);
}

function decorationOf(severity: Severity | undefined): Decoration | undefined {
  return severity === "error" || severity === "warning" ? severity : undefined;
}

// ---------------------------------------------------------------------------------------
// Sheets

function addInfoSheet(wb: ExcelJS.Workbook, r: Rollup, guide: [string, string][]): void {
  const ws = wb.addWorksheet(SHEET_INFO, {
    views: [{ state: "normal", showGridLines: false }],
    // Landscape like every other sheet, so that the whole roll-up prints as one stack.
    pageSetup: printSetup(true),
    headerFooter: { oddFooter: FOOTER, evenFooter: FOOTER },
  });
  const widths = [22, 100];
  ws.getColumn(1).width = widths[0];
  ws.getColumn(2).width = widths[1];
  let row = 1;
  titleRow(ws, row++, `全省汇总（${r.profile.name}）`, TITLE_FONT, 2);
  ws.getRow(1).height = heightFor(lineCount(`全省汇总（${r.profile.name}）`, (widths[0] + widths[1]) / 1.6), 18);
  row++;

  const pair = (label: string, value: string | number, labelFill?: ExcelJS.Fill) => {
    const a = ws.getCell(row, 1);
    a.value = safeText(label);
    a.font = BOLD_FONT;
    a.alignment = { vertical: "top", horizontal: "left", wrapText: true };
    if (labelFill) a.fill = labelFill;
    const b = ws.getCell(row, 2);
    b.value = typeof value === "number" ? value : safeText(value);
    b.font = BODY_FONT;
    b.alignment = { vertical: "top", horizontal: "left", wrapText: true };
    const lines = Math.max(lineCount(label, widths[0]), lineCount(String(value), widths[1]));
    ws.getRow(row).height = Math.min(MAX_ROW_HEIGHT, heightFor(lines));
    row++;
  };
  const section = (text: string) => {
    row++;
    const a = ws.getCell(row, 1);
    a.value = text;
    a.font = SECTION_FONT;
    ws.getRow(row).height = 22;
    row++;
  };

  const p = r.profile;
  pair("通知配置", `${p.name}（${p.id}）`);
  pair("依据文件", `${p.noticeTitle}（${p.notice}）`);
  pair("发文单位", p.issuer);
  if (p.recommender) pair("推荐单位", p.recommender);

  const count = (s: SourceFile["status"]) => r.files.filter((f) => f.status === s).length;
  const notSpreadsheets = r.files.filter((f) => f.notSpreadsheet).length;
  const unreadable = count("unreadable") - notSpreadsheets;
  const read = r.files.length - count("unreadable") - count("duplicate") - count("superseded");
  section("一、收到的材料");
  pair("收到文件", `${r.files.length} 个`);
  pair("已汇总", `${read} 个（其中有错误 ${count("errors")} 个，有警告 ${count("warnings")} 个）`);
  pair("无法读取", `${unreadable} 个（原因见“来源文件”的“说明”列，请对方按说明处理后重新报送）`);
  pair("不是电子表格", `${notSpreadsheets} 个（Word、PDF、图片等，已计入所属城市并列出，请对方提交表格文件）`);
  pair("重复文件", `${count("duplicate")} 个（与其他文件内容完全相同，只汇总一次）`);
  pair(
    "已被替代",
    `${count("superseded")} 个（同一城市、表单、牵头单位和名称的旧版本，已由重新报送的新版本替代：列在“来源文件”，数据不计入汇总）`,
  );
  pair("已跳过", `${r.skipped.length} 个（锁定文件、管道、失效链接等，不是普通文件，未读取；见“来源文件”末尾）`);
  const perCity = r.cities.map((c) => {
    const s = r.stats.find((x) => x.city === c);
    return `${cityLabel(c)} ${s?.files ?? 0}`;
  });
  if (perCity.length) pair("各市文件数", perCity.join("，"));
  const missing = r.stats.filter((s) => s.status === "missing").map((s) => cityLabel(s.city));
  pair("未报送", missing.length ? `${missing.length} 个：${missing.join("、")}` : "无（各市均已报送）");

  section("二、汇总的数据行");
  const tableRows = TABLE_IDS.filter((id) => (r.total.rows[id] ?? 0) > 0);
  if (!tableRows.length) pair("数据行", "没有读到任何数据行");
  for (const id of tableRows) pair(TABLE_NAMES[id], `${r.total.rows[id]} 行`);

  section("三、发现的问题");
  pair("错误", `${r.total.errors} 个`, severityFill("error"));
  pair("警告", `${r.total.warnings} 个`, severityFill("warning"));
  pair("提示", `${r.total.infos} 个`);
  if (hasSummarySheet(r)) {
    const stamp = summaryStamp(r);
    const marks = [stamp.errors ? `“${ERROR_ROW_MARK}”` : "", stamp.drafted ? `“${DRAFTED_ROW_MARK}”` : ""]
      .filter(Boolean)
      .join("或");
    pair(
      "能否盖章",
      stamp.blocked ? `${stamp.line}（${SHEET_SUMMARY}中序号前标${marks}的行）。` : stamp.guide,
      stamp.errors ? severityFill("error") : stamp.blocked ? severityFill("warning") : undefined,
    );
  }

  section("四、颜色说明");
  pair("错误", "红色：必须修改的问题（如信用代码校验位不对、必填项未填、文件无法读取）。", severityFill("error"));
  pair("警告", "黄色：请核对的问题（如保费高于保额、序号不连续、同一服务对象重复申报）。", severityFill("warning"));
  pair("提示", "不填色，只列在“问题清单”中（如多余的空格、不在建议选项中的行业领域）。");
  pair("", "各汇总表的“问题”列和“问题清单”的“级别”列按上述颜色标出。");

  section("五、各工作表");
  for (const [name, text] of guide) pair(name, text);

  row++;
  const made = ws.getCell(row, 1);
  made.value = `由 pilot-forms ${VERSION} 汇总生成（通知配置 ${p.id}）。汇总表不修改任何来源文件；同样的材料总是得到同样的汇总表。`;
  made.font = NOTE_FONT;
  made.alignment = { vertical: "top", wrapText: true };
  ws.mergeCells(row, 1, row, 2);
  ws.getRow(row).height = heightFor(2, 9);
}

function addSummarySheet(wb: ExcelJS.Workbook, r: Rollup, names: TableNames, bulk: BulkList[]): void {
  const def = tableDef(r.profile, "caseSummary", "case-summary");
  const fields = def.fields.filter((f) => f.kind !== "seq");
  const H = ROLLUP_SUMMARY_HEADER_ROW;
  const ws = newListSheet(wb, SHEET_SUMMARY, H);
  const printed: ColumnSpec[] = [
    { label: "序号", width: 6, align: "center" },
    { label: "推荐城市", width: 10, wrap: true },
    ...fields.map((f) => ({
      label: f.label,
      width: f.key === "description" ? 50 : f.key === "category" ? 12 : Math.min(f.width ?? 16, 24),
      wrap: true,
      align: f.kind === "phone" || f.kind === "person" ? ("center" as const) : undefined,
    })),
  ];
  // The 问题 column is outside the print area: a few of its lines may grow a row, not more.
  // Outside it too: the 推荐汇总表 file's status (of the whole file, as on the 汇总 sheets) and 来源.
  const status = CONTEXT_COLUMNS.filter((c) => c.key === "status");
  const source: ColumnSpec = { label: "来源", width: 14, align: "center" };
  const trace = TRACE_COLUMNS.map((c) => (c.label === "问题" ? { ...c, heightLines: 3 } : c));
  const columns = [...printed, ...status, source, ...trace];
  const keys = fields.map((f) => f.key);
  const labels = fields.map((f) => f.label);
  const severities: (Severity | undefined)[] = [];
  const rows = r.summary.map((row, i) => {
    const { cells, trace: t, severity } = rowCells(row, keys, labels);
    severities.push(severity);
    const from = row.draft ? SUMMARY_SOURCE.drafted : SUMMARY_SOURCE.listed;
    return [i + 1, cityLabel(row.city), ...cells, ...contextCells(row, status), from, ...t];
  });
  const lastPrinted = printed.length;
  const problems = problemColumn(severities, columns.length - TRACE_COLUMNS.length);
  const stamp = summaryStamp(r);
  // A row with errors is marked inside the print area: "※" before its 序号 and its printed cells
  // filled; a drafted row "△" before its 序号 and the cells the draft could not fill.
  const wrong = (k: number) => r.summary[k]?.severity === "error";
  const draftCells = (k: number) => new Set((r.summary[k]?.draft?.marked ?? []).map((key) => 2 + keys.indexOf(key)));
  const printedDecoration = (k: number, i: number): Decoration | undefined => {
    if (wrong(k)) return i === 0 ? "mark" : "error";
    if (!r.summary[k]?.draft) return undefined;
    if (i === 0) return "drafted";
    return draftCells(k).has(i) ? "warning" : undefined;
  };

  const banner = ws.getCell(1, 1);
  banner.value = stamp.line;
  banner.font = stamp.blocked
    ? { name: FONT, size: 14, bold: true, color: { argb: "FFC00000" } }
    : { name: FONT, size: 11, color: { argb: "FF006100" } };
  banner.alignment = { horizontal: "center", vertical: "middle" };
  ws.mergeCells(1, 1, 1, lastPrinted);
  ws.getRow(1).height = stamp.blocked ? 26 : 20;
  titleRow(ws, 2, def.heading, { ...HEADING_FONT, size: 18 }, lastPrinted);
  const place = addList(ws, {
    name: names.take("T_summary"),
    top: H,
    columns,
    rows,
    valign: "middle",
    bulk,
    decorate: (k, i) =>
      i === lastPrinted
        ? statusDecoration(r.summary[k])
        : i < lastPrinted
          ? printedDecoration(k, i)
          : i === lastPrinted + 1
            ? r.summary[k]?.draft
              ? "warning"
              : undefined
            : problems(k, i),
  });

  // 推荐单位 (the province's, from the profile) and 日期 (dated and stamped on the printout).
  const [recommender, date] = def.header ?? [];
  const descCol = 2 + keys.indexOf("description") + 1;
  line(ws, H - 1, `${recommender?.label ?? "推荐单位"}：`, 1, 2, r.profile.recommender ?? "", 3, descCol - 1);
  line(ws, H - 1, `${date?.label ?? "日期"}：`, descCol, descCol, "", descCol + 1, lastPrinted);
  ws.getRow(H - 1).height = 28;

  // The note on the marked rows, right below the table (printed).
  if (stamp.note) {
    const note = ws.getCell(place.end + 1, 1);
    note.value = stamp.note;
    note.font = { name: FONT, size: 10, bold: true };
    note.alignment = { horizontal: "left", vertical: "middle", wrapText: true };
    ws.mergeCells(place.end + 1, 1, place.end + 1, lastPrinted);
    const printedWidth = printed.reduce((n, c) => n + (c.width ?? 10), 0);
    ws.getRow(place.end + 1).height = heightFor(lineCount(stamp.note, printedWidth * 1.1), 10);
  }

  // 联系人 and 手机/座机 two rows below the table, as the paper form prints them.
  const footerRow = place.end + 2;
  const [contact, phone] = def.footer ?? [];
  line(ws, footerRow, `${contact?.label ?? "联系人"}：`, 1, 2, "", 3, 3);
  line(ws, footerRow, `${phone?.label ?? "手机/座机"}：`, 4, 4, "", 5, 6);
  ws.getRow(footerRow).height = 28;

  // The stamping line prints only while rows must be corrected: a clean summary prints as the official form.
  fitPrint(ws, { columns, lastRow: footerRow, firstRow: stamp.blocked ? 1 : 2, printed: lastPrinted });
}

/**
 * Whether the provincial summary may be stamped: not while it has rows with errors of their
 * own (the row's issues, cross-file ones on the row included) or rows drafted from 申报书s
 * (a case the city did not list: the city must confirm it first). Not the rows of a file with
 * an error elsewhere: such a row is right as it stands (its 文件状态 column says so), and
 * marking it would send the reviewer to correct a correct row.
 */
export function summaryStamp(r: Rollup): {
  errors: number;
  drafted: number;
  blocked: boolean;
  line: string;
  note: string;
  guide: string;
} {
  const errors = r.summary.filter((x) => x.severity === "error").length;
  const drafted = r.summary.filter((x) => x.draft && x.severity !== "error").length;
  if (errors || drafted) {
    const what = [errors ? `${errors} 行存在错误` : "", drafted ? `${drafted} 行由申报书生成` : ""].filter(Boolean).join("、");
    const notes = [
      errors
        ? `标“${ERROR_ROW_MARK}”（序号前）并填色的 ${errors} 行存在错误，错误内容见本表右侧“问题”列（不打印）和“问题清单”工作表；请各市更正后重新汇总，再打印盖章。`
        : "",
      drafted
        ? `标“${DRAFTED_ROW_MARK}”（序号前）的 ${drafted} 行由申报书生成：该市的推荐汇总表没有列出这些案例（或该市没有报送推荐汇总表），请该市核对后补入推荐汇总表重新报送。`
        : "",
    ].filter(Boolean);
    const marks = [
      errors ? `“${ERROR_ROW_MARK}”并填红色（黑白打印也看得出）` : "",
      drafted ? `“${DRAFTED_ROW_MARK}”（由申报书生成）` : "",
    ]
      .filter(Boolean)
      .join("或");
    return {
      errors,
      drafted,
      blocked: true,
      line: `本表有 ${what}，请${errors ? "更正" : "核对"}后再盖章`,
      note: `注：${notes.join("")}`,
      guide: `本表有 ${what}，请${errors ? "更正" : "核对"}后再盖章：这些行的序号前标${marks}，表的上方和下方各有一行说明，都在打印区域内；内容见右侧“问题”和“来源”列和“问题清单”。`,
    };
  }
  const elsewhere = r.total.errors ? `（其他材料中还有 ${r.total.errors} 个错误，见“问题清单”，不在本表的行中。）` : "";
  return {
    errors: 0,
    drafted: 0,
    blocked: false,
    line: r.summary.length ? "本表各行均无错误，可以盖章（本行不打印）" : "本表没有推荐案例（本行不打印）",
    note: "",
    guide: r.summary.length
      ? `本表各行均无错误，可以盖章：可直接打印、填写日期并加盖公章。${elsewhere}`
      : `各市材料中没有推荐案例，本表为空。${elsewhere}`,
  };
}

/** "label：" in cells labelFrom..labelTo (merged) and its value cell(s) valueFrom..valueTo, underlined. */
function line(
  ws: ExcelJS.Worksheet,
  row: number,
  label: string,
  labelFrom: number,
  labelTo: number,
  value: string,
  valueFrom: number,
  valueTo: number,
): void {
  const l = ws.getCell(row, labelFrom);
  l.value = label;
  l.font = BOLD_FONT;
  l.alignment = { horizontal: "right", vertical: "middle" };
  if (labelTo > labelFrom) ws.mergeCells(row, labelFrom, row, labelTo);
  const v = ws.getCell(row, valueFrom);
  v.value = value ? safeText(value) : null;
  v.font = BODY_FONT;
  v.alignment = { horizontal: "left", vertical: "middle", wrapText: true };
  for (let c = valueFrom; c <= valueTo; c++) ws.getCell(row, c).border = { bottom: THIN };
  if (valueTo > valueFrom) ws.mergeCells(row, valueFrom, row, valueTo);
}

function addTableSheet(wb: ExcelJS.Workbook, t: RollupTable, name: string, names: TableNames, bulk: BulkList[]): void {
  const ws = newListSheet(wb, name, 1);
  const keys = t.fields.map((f) => f.key);
  const labels = t.fields.map((f) => f.label);
  const context = contextColumns(labels);
  const statusCol = context.findIndex((c) => c.key === "status");
  const columns: ColumnSpec[] = [
    { label: "序号", width: 6, align: "center" },
    { label: "城市", maxWidth: 12 },
    ...context,
    ...t.fields.map((f): ColumnSpec => ({
      label: f.label,
      wrap: true,
      maxWidth: f.kind === "longText" ? 50 : 40,
      minWidth: f.kind === "longText" ? 30 : 8,
      numFmt: f.kind === "money" ? "0.00" : undefined,
    })),
    ...TRACE_COLUMNS,
  ];
  const severities: (Severity | undefined)[] = [];
  const rows = t.rows.map((row, i) => {
    const { cells, trace, severity } = rowCells(row, keys, labels);
    severities.push(severity);
    return [i + 1, cityLabel(row.city), ...contextCells(row, context), ...cells, ...trace];
  });
  const problems = problemColumn(severities, columns.length - TRACE_COLUMNS.length);
  const place = addList(ws, {
    name: names.take(`T_${t.id}_all`),
    top: 1,
    columns,
    rows,
    decorate: (k, i) => (statusCol >= 0 && i === 2 + statusCol ? statusDecoration(t.rows[k]) : problems(k, i)),
    bulk,
  });
  // 序号 and 城市 repeat on every page of a list more than one page wide.
  fitPrint(ws, { columns, lastRow: place.end, titleColumns: 2 });
}

const STAT_TABLES: { id: TableId; label: string }[] = [
  { id: "unit", label: "申报单位" },
  { id: "joint", label: "联合申报单位" },
  { id: "institutions", label: "服务机构" },
  { id: "targets", label: "服务对象" },
  { id: "plans", label: "服务方案" },
  { id: "case", label: "典型案例" },
  { id: "caseSummary", label: "推荐案例" },
];
/** Tables counted only where some input has them. */
const OPTIONAL_STAT_TABLES: { id: TableId; label: string }[] = [
  { id: "authority", label: "主管部门" },
  { id: "scheme", label: "方案基本信息" },
];

function addStatsSheet(wb: ExcelJS.Workbook, r: Rollup, names: TableNames): void {
  const ws = wb.addWorksheet(SHEET_STATS, {
    views: [{ state: "frozen", xSplit: 1, ySplit: 2, topLeftCell: "B3", activeCell: "A3" }],
    pageSetup: printSetup(true),
    headerFooter: { oddFooter: FOOTER, evenFooter: FOOTER },
  });
  const tables = [...STAT_TABLES, ...OPTIONAL_STAT_TABLES.filter((t) => (r.total.rows[t.id] ?? 0) > 0)];
  const columns: ColumnSpec[] = [
    { label: "城市", minWidth: 12, align: "left" },
    { label: "报送情况", minWidth: 10, align: "center" },
    { label: "文件数", minWidth: 8 },
    ...tables.map((t): ColumnSpec => ({ label: t.label, minWidth: 8 })),
    { label: "保费合计（万元）", minWidth: 12, numFmt: MONEY_FORMAT },
    { label: "保额合计（万元）", minWidth: 12, numFmt: MONEY_FORMAT },
    { label: "错误", minWidth: 6 },
    { label: "警告", minWidth: 6 },
    { label: "提示", minWidth: 6 },
  ];
  const statRow = (label: string, s: CityStats | undefined, sent: string): ExcelJS.CellValue[] => [
    label,
    sent,
    s?.files ?? 0,
    ...tables.map((t) => s?.rows[t.id] ?? 0),
    s?.premium ?? 0,
    s?.cover ?? 0,
    s?.errors ?? 0,
    s?.warnings ?? 0,
    s?.infos ?? 0,
  ];
  const listed = [...r.cities, ...r.stats.map((s) => s.city).filter((c) => !r.cities.includes(c))];
  const sentOf = (s: CityStats | undefined) => (s?.status === "missing" || !s ? "未报送" : "已报送");
  const rows = listed.map((c) => {
    const s = r.stats.find((x) => x.city === c);
    return statRow(cityLabel(c), s, c === "" ? "" : sentOf(s));
  });
  const known = listed.filter((c) => c !== "");
  const sentCount = known.filter((c) => sentOf(r.stats.find((x) => x.city === c)) === "已报送").length;
  titleRow(ws, 1, "分市统计", SECTION_FONT, 1);
  const place = addList(ws, {
    name: names.take("T_stats_city"),
    top: 2,
    columns,
    rows,
    totals: statRow("合计", r.total, `${sentCount}/${known.length} 已报送`),
    valign: "middle",
  });

  let top = place.end + 3;
  const categoryBlock = (title: string, heading: string, counts: CategoryCount[], name: string) => {
    titleRow(ws, top, title, SECTION_FONT, 1);
    if (!counts.length) {
      const c = ws.getCell(top + 1, 1);
      c.value = "（没有数据）";
      c.font = BODY_FONT;
      top += 5;
      return;
    }
    // Only cities that sent something: a 未报送 city's column would be all zeros.
    const cities = r.cities.filter((c) => r.stats.find((s) => s.city === c)?.status !== "missing");
    for (const c of counts) for (const k of Object.keys(c.byCity)) if (!cities.includes(k)) cities.push(k);
    const cols: ColumnSpec[] = [
      { label: heading, minWidth: 12, maxWidth: 30, wrap: true },
      ...cities.map((c): ColumnSpec => ({ label: cityLabel(c), minWidth: 8 })),
      { label: "合计", minWidth: 6 },
    ];
    const body = counts.map((c) => [safeText(c.label), ...cities.map((city) => c.byCity[city] ?? 0), c.total]);
    const sums: ExcelJS.CellValue[] = [
      "合计",
      ...cities.map((city) => counts.reduce((n, c) => n + (c.byCity[city] ?? 0), 0)),
      counts.reduce((n, c) => n + c.total, 0),
    ];
    const p = addList(ws, { name: names.take(name), top: top + 1, columns: cols, rows: body, totals: sums, valign: "middle" });
    top = p.end + 3;
  };
  categoryBlock("按行业领域（服务对象）", "行业领域", r.industries, "T_stats_industry");
  categoryBlock("按方案类型（服务方案）", "方案类型", r.planTypes, "T_stats_plan_type");
  categoryBlock("按申报方向（试点工作方案，每份一计）", "申报方向", r.directions, "T_stats_direction");
  fitPrint(ws, { columns: Array.from({ length: ws.columnCount }, () => ({})), lastRow: ws.rowCount });
}

function addIssuesSheet(wb: ExcelJS.Workbook, r: Rollup, names: TableNames, bulk: BulkList[]): void {
  const ws = newListSheet(wb, SHEET_ISSUES, 1);
  const cityOf = new Map(r.files.map((f) => [f.path, f.city]));
  // A Word 申报书's issues also name the place as a clerk finds it there (第1个表格第4行第2列).
  const withPlace = r.issues.some((i) => i.place);
  const columns: ColumnSpec[] = [
    { label: "级别", width: 8, align: "center" },
    { label: "规则", maxWidth: 26 },
    { label: "问题", maxWidth: 20, wrap: true },
    { label: "说明", width: 60, wrap: true },
    { label: "城市", maxWidth: 12 },
    { label: "文件", maxWidth: 40, wrap: true },
    { label: "工作表", maxWidth: 20, wrap: true },
    { label: "单元格", width: 8, align: "center" },
    ...(withPlace ? [{ label: PLACE_LABEL, maxWidth: 22, wrap: true }] : []),
    { label: "值", maxWidth: 30, wrap: true, heightLines: 8 },
    // A link does nothing on paper.
    { label: "链接", width: 8, align: "center", noPrint: true },
  ];
  const linkCol = columns.length - 1;
  const rows = r.issues.map((i) => {
    const link = issueLinkFormula(i, r.outputDir);
    return [
      SEVERITY_LABEL[i.severity] ?? i.severity,
      safeText(i.code),
      (RULES as Record<string, { title: string }>)[i.code]?.title ?? "",
      safeText(i.message),
      i.file ? cityLabel(cityOf.get(i.file) ?? "") : "",
      i.file ? safeText(i.file) : "",
      i.sheet ? safeText(i.sheet) : "",
      i.cell ? safeText(i.cell) : "",
      ...(withPlace ? [i.place ? safeText(i.place) : ""] : []),
      i.value !== undefined ? safeText(String(i.value)) : "",
      link ? { formula: link, result: "打开" } : "",
    ] as ExcelJS.CellValue[];
  });
  const place = addList(ws, {
    name: names.take("T_issues"),
    top: 1,
    columns,
    rows,
    decorate: (k, i) => (i === 0 ? decorationOf(r.issues[k].severity) : i === linkCol && rows[k][linkCol] ? "link" : undefined),
    bulk,
  });
  fitPrint(ws, { columns, lastRow: place.end });
}

function addFilesSheet(wb: ExcelJS.Workbook, r: Rollup, names: TableNames, bulk: BulkList[]): void {
  const ws = newListSheet(wb, SHEET_FILES, 1);
  const tableIds = TABLE_IDS.filter((id) => r.files.some((f) => (f.rows[id] ?? 0) > 0));
  const columns: ColumnSpec[] = [
    { label: "文件", maxWidth: 50, wrap: true },
    { label: "城市", maxWidth: 12 },
    { label: "城市依据", minWidth: 10 },
    { label: "表单", maxWidth: 36, wrap: true },
    { label: "配置", maxWidth: 22 },
    { label: "SHA-256", width: 36, wrap: true },
    { label: "大小（字节）", minWidth: 10, numFmt: "#,##0" },
    ...tableIds.map((id): ColumnSpec => ({ label: TABLE_NAMES[id], minWidth: 11, maxWidth: 12 })),
    { label: "状态", minWidth: 10, align: "center" },
    { label: "说明", width: 50, wrap: true },
  ];
  const rows = r.files.map((f) => [
    safeText(f.path),
    cityLabel(f.city),
    CITY_SOURCE[f.citySource] ?? safeText(f.citySource),
    safeText(f.form),
    safeText(f.profile),
    f.sha256,
    f.bytes,
    ...tableIds.map((id) => f.rows[id] ?? 0),
    f.notSpreadsheet ? "不是电子表格" : (STATUS_LABEL[f.status] ?? f.status),
    f.note ? safeText(f.note) : "",
  ]);
  const severities = r.files.map((f): Severity | undefined =>
    f.notSpreadsheet
      ? "warning"
      : f.status === "errors" || f.status === "unreadable"
        ? "error"
        : f.status === "warnings"
          ? "warning"
          : undefined,
  );
  const place = addList(ws, {
    name: names.take("T_files"),
    top: 1,
    columns,
    rows,
    bulk,
    decorate: problemColumn(severities, columns.length - 2),
  });

  let lastRow = place.end;
  if (r.skipped.length) {
    const top = place.end + 3;
    titleRow(ws, top, "已跳过的文件", SECTION_FONT, 1);
    lastRow = top + 1 + r.skipped.length;
    addList(ws, {
      name: names.take("T_skipped"),
      top: top + 1,
      columns: [
        { label: "文件", maxWidth: 50, wrap: true },
        { label: "原因", maxWidth: 60, wrap: true },
      ],
      rows: r.skipped.map((s) => [safeText(s.path), safeText(s.reason)]),
    });
  }
  fitPrint(ws, { columns, lastRow });
}

// ---------------------------------------------------------------------------------------
// Public API

/** caseSummary rows of r.tables that are not already on the official sheet (normally none). */
function extraSummaryRows(r: Rollup, t: RollupTable): RollupRow[] {
  const onSheet = new Set(r.summary.map((x) => `${x.file}\u0000${x.sheet}\u0000${x.row}`));
  return t.rows.filter((x) => !onSheet.has(`${x.file}\u0000${x.sheet}\u0000${x.row}`));
}

/** Whether the roll-up has the official 推荐汇总表 sheet: the profile has the form, or rows came in. */
function hasSummarySheet(r: Rollup): boolean {
  return r.summary.length > 0 || r.profile.forms.some((f) => f.id === "case-summary");
}

/**
 * The roll-up workbook (SPEC §8) and the bulk rows (bulk-rows.ts) of its lists — the
 * official summary, the 汇总 sheets, 问题清单 and 来源文件 — which are not in the workbook
 * itself: rollupBytes() puts them in.
 */
export function buildRollup(r: Rollup): { wb: ExcelJS.Workbook; bulk: BulkList[] } {
  const wb = new ExcelJS.Workbook();
  wb.creator = "pilot-forms";
  wb.lastModifiedBy = "pilot-forms";
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  wb.title = `全省汇总（${r.profile.name}）`;
  wb.subject = `${r.profile.noticeTitle}（${r.profile.notice}）`;
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: "visible" }];

  const taken = new Set([SHEET_INFO, SHEET_SUMMARY, SHEET_STATS, SHEET_ISSUES, SHEET_FILES].map((s) => s.toLowerCase()));
  const tables = r.tables
    .map((t) => (t.id === "caseSummary" ? { ...t, rows: extraSummaryRows(r, t) } : t))
    .filter((t) => t.rows.length > 0)
    .map((t) => ({ table: t, name: sheetName(wb, t.sheet, taken) }));

  const guide: [string, string][] = [];
  if (hasSummarySheet(r))
    guide.push([
      SHEET_SUMMARY,
      `按通知附件格式汇总各市推荐的典型案例，在“序号”后增加“推荐城市”；某市报送的申报书没有列入该市推荐汇总表时，由申报书生成一行（“来源”列为“${SUMMARY_SOURCE.drafted}”）。${summaryStamp(r).guide}打印区域只含正式栏目；右侧的文件状态、来源、问题、来源文件、来源工作表和来源行列不打印。`,
    ]);
  for (const { table, name } of tables)
    guide.push([
      name,
      `各市材料中“${TABLE_NAMES[table.id] ?? table.id}”的全部行，附城市、所属申报材料（方案/案例名称、申报方向、牵头单位及其信用代码和单位类别、文件状态）、来源文件、来源工作表、来源行和问题。文件状态是整个文件的（有错误 / 有警告 / 无问题），不只是这一行的。`,
    ]);
  guide.push([SHEET_STATS, "各市的文件数、各表行数、保费和保额合计、问题数，以及按行业领域、方案类型、申报方向的分市统计。"]);
  guide.push([
    SHEET_ISSUES,
    "全部问题，每个问题一行；点击“打开”跳到来源文件中的单元格（来源文件须与本汇总表保持原来的相对位置）。",
  ]);
  guide.push([SHEET_FILES, "每个输入文件的城市及其依据、表单、SHA-256、各表行数和状态；以及未读取而跳过的文件。"]);
  guide.push([
    "筛选",
    "各列表都是 Excel 表格，可用标题行的筛选按钮按城市、申报方向、牵头单位、文件状态、行业领域、方案类型或问题筛选，如“服务方案汇总”中申报方向选“工业互联网”、城市选“保定市”和“石家庄市”、文件状态选“无问题”。",
  ]);

  const names = new TableNames();
  const bulk: BulkList[] = [];
  addInfoSheet(wb, r, guide);
  if (hasSummarySheet(r)) addSummarySheet(wb, r, names, bulk);
  for (const { table, name } of tables) addTableSheet(wb, table, name, names, bulk);
  addStatsSheet(wb, r, names);
  addIssuesSheet(wb, r, names, bulk);
  addFilesSheet(wb, r, names, bulk);
  return { wb, bulk };
}

/** The roll-up as deterministic .xlsx bytes (no Buffer: the browser writes the same bytes). */
export async function rollupBytes(r: Rollup): Promise<Uint8Array> {
  // Deflate level 1: a roll-up is written once per merge and read once; speed matters more than size.
  const { wb, bulk } = buildRollup(r);
  return workbookU8(wb, { level: 1, transform: (parts) => patchBulkRows(parts, bulk) });
}
