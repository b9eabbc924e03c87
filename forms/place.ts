// How a message names a place in a submission. A worksheet cell is 工作表“X”的 B3; a cell of a
// Word table (SheetGrid.kind "wordTable", read from a .docx) is 第N个表格第R行第C列, as a clerk
// looking at the printed form counts: tables in document order, rows and columns from 1.
// Pure: usable in Node and in the browser. Other code may adopt it for its wording.
import { parseA1 } from "./address.js";
import type { SheetGrid } from "./model.js";

/** 第N个表格第R行第C列 for a cell (A1, absolute in the sheet) of a Word table; undefined for a worksheet. */
export function wordTablePlace(sheet: Pick<SheetGrid, "kind" | "index" | "name">, cell?: string): string | undefined {
  if (sheet.kind !== "wordTable") return undefined;
  const named = /^表格(\d+)$/.exec(sheet.name);
  const n = sheet.index ?? (named ? Number(named[1]) : undefined);
  const table = n === undefined ? `表格“${sheet.name}”` : `第${n}个表格`;
  if (!cell) return table;
  const { row, col } = parseA1(cell);
  return `${table}第${row + 1}行第${col + 1}列`;
}

/** A place in words: 第2个表格第3行第2列 (Word), 工作表“联合申报单位”的 B3 (worksheet), or the sheet alone. */
export function placeText(sheet: Pick<SheetGrid, "kind" | "index" | "name">, cell?: string): string {
  return wordTablePlace(sheet, cell) ?? (cell ? `工作表“${sheet.name}”的 ${cell}` : `工作表“${sheet.name}”`);
}
