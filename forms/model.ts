// The shapes that flow through pilot-forms, in the order data flows:
// grid (values with addresses) → located tables → records → issues.
// Pure types: no I/O, usable in Node and in the browser.
import type { RuleCode } from "./rules/codes.js";

/** A cell value as both exceljs (Node) and Office.js (Excel) can give it. */
export type CellValue = string | number | boolean | Date | null;

/**
 * One worksheet as a plain grid. `values[r][c]` is the cell at row `top + r`, column
 * `left + c` (both 0-based, so A1 is top = 0, left = 0). Merged ranges keep their value
 * only in the top-left cell; the other cells of the range are null (this is what
 * Office.js reports, and the exceljs reader clears the mirrored copies to match).
 */
export interface SheetGrid {
  name: string;
  values: CellValue[][];
  /** Number format per cell where known (same shape as values); used to tell dates from numbers. */
  formats?: (string | undefined)[][];
  top?: number;
  left?: number;
  /** Merged ranges in A1 notation, e.g. "B3:D3". */
  merges?: string[];
  state?: "visible" | "hidden" | "veryHidden";
  /**
   * Where the grid came from when it is not a worksheet: "wordTable", one table of a Word
   * document (.docx), named 表格N; `index` is then N (1-based, in document order), and a cell
   * is named 第N个表格第R行第C列 (forms/place.ts). Rows and columns are the table's own
   * (C counts grid columns: a cell spanning two columns takes two).
   */
  kind?: "wordTable";
  index?: number;
}

export interface WorkbookGrid {
  sheets: SheetGrid[];
}

export type Severity = "error" | "warning" | "info";

export type TableId = "unit" | "joint" | "institutions" | "targets" | "plans" | "case" | "caseSummary" | "authority" | "scheme";

export const TABLE_IDS: readonly TableId[] = [
  "unit",
  "joint",
  "institutions",
  "targets",
  "plans",
  "case",
  "caseSummary",
  "authority",
  "scheme",
];

export type FormId =
  "service-plan" | "pilot-authority" | "pilot-institution" | "pilot-enterprise" | "case-application" | "case-summary";

export const FORM_IDS: readonly FormId[] = [
  "service-plan",
  "pilot-authority",
  "pilot-institution",
  "pilot-enterprise",
  "case-application",
  "case-summary",
];

/** One value read from a sheet, with where it came from. */
export interface FieldValue {
  value: CellValue;
  /** A1 address in the source sheet. */
  cell: string;
  /** Number format, when the reader knew it. */
  format?: string;
  /**
   * A field spread over several cells (a two-row header: 联系方式（手机与邮箱） over 手机 | 邮箱):
   * each cell's own value, with its sub-heading. `value` is then the parts' texts joined by
   * "/" (what the roll-up shows) and `cell` the first part's cell.
   */
  parts?: FieldValue[];
  /** A part's sub-heading (手机, 邮箱), as written. */
  heading?: string;
}

/** One row of a list table, or the single record of a key–value table. */
export interface TableRecord {
  table: TableId;
  sheet: string;
  /** 1-based source row of a list row; for key–value tables the row of the first label found. */
  row: number;
  /** Values by field key; a field absent here was not found (key–value) or is outside the sheet. */
  fields: Record<string, FieldValue | undefined>;
  /** Key–value tables: the cell of each label found, so that a missing value can be pointed at. */
  labelCells?: Record<string, string>;
}

/** A table located in a sheet, with its records. */
export interface LocatedTable {
  table: TableId;
  sheet: string;
  /** Where the table starts: header row (list) or first label (key–value), A1. */
  anchor: string;
  /** 1-based header row of a list table. */
  headerRow?: number;
  /** 1-based row where a list table ended (its footer, the next heading, or the sheet's end + 1). */
  endRow?: number;
  /** Field key → 0-based absolute column index, for list tables (a split field: its first column). */
  columns?: Record<string, number>;
  /** Number of header rows of a list table (2: a group heading row over a sub-heading row). */
  headerRows?: number;
  /** Split fields: field key → the 0-based absolute columns of its parts, in order. */
  parts?: Record<string, number[]>;
  /** Why a list table ended before the sheet's end: the row (1-based), what it was, its text. */
  end?: { row: number; kind: "footer" | "section" | "total" | "header" | "label"; text: string };
  records: TableRecord[];
  /** List tables: header-block values (推荐单位, 日期, footer 联系人 …) of caseSummary. */
  meta?: TableRecord;
}

export interface Issue {
  /** One of the declared codes (forms/rules/codes.ts): its severity and description live there. */
  code: RuleCode;
  severity: Severity;
  message: string;
  /** Source file as given on the command line or in the roll-up; absent inside the add-in. */
  file?: string;
  sheet?: string;
  /** A1 address in the source sheet. */
  cell?: string;
  table?: TableId;
  /** The official column heading or label. */
  column?: string;
  /** The offending value, as text. */
  value?: string;
  /** 1-based source row. */
  row?: number;
  /**
   * The place in words where a cell address means nothing to a clerk: 第2个表格第3行第2列 in a
   * Word table, 封面“方案名称”一行 on a Word cover (forms/place.ts). Absent for worksheet cells.
   */
  place?: string;
  /** A safe replacement value (whitespace, full-width digits, credit-code case, 序号). */
  fix?: string | number;
  /**
   * Cross-file issues: the files involved (cross.summary_mismatch names at most 20 of a
   * city's 推荐汇总表 files besides the 申报书 it is about).
   */
  files?: string[];
}
