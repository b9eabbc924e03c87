// How a message names a place in a submission. A worksheet cell is 工作表“X”的 B3; a cell of a
// Word table (SheetGrid.kind "wordTable", read from a .docx) is 第N个表格第R行第C列, as a clerk
// looking at the printed form counts: tables in document order, rows and columns from 1. The
// cover page's lines (方 案 名 称：…), which the Word reader puts below a table's rows
// (SheetGrid coverRows), are named by their label: 封面“方案名称”一行.
// Pure: usable in Node and in the browser. Other code may adopt it for its wording.
import { parseA1 } from "./address.js";
import type { SheetGrid } from "./model.js";

/** Cover-page lines a Word reader put below a table's rows: 1-based first row, one label a row (方案名称). */
export interface CoverRows {
  fromRow: number;
  lines: string[];
}

/** What naming a place needs of a sheet. */
export type PlaceSheet = Pick<SheetGrid, "kind" | "index" | "name"> & { coverRows?: CoverRows };

/** 第N个表格第R行第C列 for a cell (A1, absolute in the sheet) of a Word table, 封面“方案名称”一行 in a cover line; undefined for a worksheet. */
export function wordTablePlace(sheet: PlaceSheet, cell?: string): string | undefined {
  if (sheet.kind !== "wordTable") return undefined;
  const named = /^表格(\d+)$/.exec(sheet.name);
  const n = sheet.index ?? (named ? Number(named[1]) : undefined);
  const table = n === undefined ? `表格“${sheet.name}”` : `第${n}个表格`;
  if (!cell) return table;
  const { row, col } = parseA1(cell);
  const cover = sheet.coverRows;
  const line = cover ? cover.lines[row + 1 - cover.fromRow] : undefined;
  if (cover && row + 1 >= cover.fromRow && line !== undefined) return `封面“${line}”一行`;
  return `${table}第${row + 1}行第${col + 1}列`;
}

/** A place in words: 第2个表格第3行第2列 (Word), 工作表“联合申报单位”的 B3 (worksheet), or the sheet alone. */
export function placeText(sheet: PlaceSheet, cell?: string): string {
  return wordTablePlace(sheet, cell) ?? (cell ? `工作表“${sheet.name}”的 ${cell}` : `工作表“${sheet.name}”`);
}
