// A city's 典型案例推荐汇总表 drafted from its 典型案例申报书s (issue 9, item 2; SPEC §10): one
// row per 申报书, in input order (the rows themselves: forms/summary-draft.ts, shared with
// merge), written with the template writer of `pilot-forms template` (same dropdowns, print
// setup and metadata sheet — form case-summary — plus the city). 推荐单位 is
// "<城市>工业和信息化局" (the profile's `recommender` is the province's, for the provincial
// summary); 日期 and the 联系人 / 手机/座机 lines below the table are left for the clerk.
// Marked cells get a fill, and a note line under the table says what to do (a 注： line, which
// the reader recognises as a note).
import type ExcelJS from "exceljs";
import type { Profile } from "../../forms/profile.js";
import { tableDef } from "../../forms/tables.js";
import { cellText } from "../../forms/parse/text.js";
import type { CellValue } from "../../forms/model.js";
import { META_SHEET } from "../../forms/meta.js";
import { descriptionLimit, summaryValues, type DraftRow } from "../../forms/summary-draft.js";
import { buildTemplate, BODY_FONT, templateParts, type TemplateData } from "../template/write.js";
import { workbookBytes } from "../xlsx/deterministic.js";

export {
  caseOverview,
  draftRows,
  fitWords,
  summaryCategory,
  type DraftRow,
  type SummarySource,
} from "../../forms/summary-draft.js";

/** 推荐单位 of a city's summary. */
export function recommenderFor(city: string): string {
  return `${city}工业和信息化局`;
}

/** The values for templateBuffer / buildTemplate: the list rows and 推荐单位 (日期 and the footer left empty). */
export function summaryData(city: string, rows: DraftRow[]): TemplateData {
  return {
    lines: { recommender: recommenderFor(city) },
    lists: {
      caseSummary: rows.map((r, i) => ({ seq: i + 1, ...summaryValues(r) })),
    },
  };
}

/** Cells the clerk must fill or check. */
export const MARK_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF8CBAD" } };

/** The note lines under the table for the marked cells. */
export function noteLines(rows: DraftRow[], limit = 200): string[] {
  const out: string[] = [];
  const empty = rows.some((r) => r.marked.includes("description") && !r.description);
  const cut = rows.some((r) => r.marked.includes("description") && r.description);
  if (empty) out.push(`注：案例简要描述请按申报书填写（不超过${limit}字）。标色的单元格待填写，填写后请删除本行。`);
  if (cut) out.push(`注：标色的案例简要描述摘自申报书“案例概述”的开头（不超过${limit}字），请核对；核对后请删除本行。`);
  if (rows.some((r) => r.marked.includes("category")))
    out.push("注：标色的单位类别在申报书中未能识别，请选择“网络安全保险服务机构”或“行业企业”；填写后请删除本行。");
  return out;
}

/** The drafted 推荐汇总表 as deterministic .xlsx bytes. */
export async function summaryBuffer(profile: Profile, city: string, rows: DraftRow[]): Promise<Buffer> {
  const def = tableDef(profile, "caseSummary", "case-summary");
  const wb = buildTemplate(profile, "case-summary", summaryData(city, rows));
  const ws = wb.getWorksheet(def.sheet);
  if (!ws) throw new Error(`模板中没有工作表“${def.sheet}”`);
  // The table's header row, found by its first label (the template's layout decides where).
  let header = 0;
  ws.eachRow((row, r) => {
    if (!header && cellText(row.getCell(1).value as CellValue) === def.fields[0].label) header = r;
  });
  const col = (key: string) => def.fields.findIndex((f) => f.key === key) + 1;
  rows.forEach((r, i) => {
    for (const key of r.marked) ws.getCell(header + 1 + i, col(key)).fill = MARK_FILL;
  });
  const notes = noteLines(rows, descriptionLimit(profile));
  let at = ws.rowCount + 2;
  for (const note of notes) {
    const cell = ws.getCell(at, 1);
    cell.value = note;
    cell.font = BODY_FONT;
    cell.alignment = { horizontal: "left", vertical: "middle", wrapText: true };
    ws.mergeCells(at, 1, at, def.fields.length);
    ws.getRow(at).height = 20;
    at++;
  }
  // The metadata sheet also records the city (merge and validate take it first).
  wb.getWorksheet(META_SHEET)?.addRow(["city", city]);
  return workbookBytes(wb, { transform: templateParts });
}
