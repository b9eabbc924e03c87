// A city's 典型案例推荐汇总表 drafted from its 典型案例申报书s (issue 9, item 2; SPEC §10): one
// row per 申报书, in input order, written with the template writer of `pilot-forms template`
// (same dropdowns, print setup and metadata sheet — form case-summary — plus the city).
//
// Where each column comes from:
//  - 案例名称: the case table's 案例名称;
//  - 申报单位, 联系人, 联系电话: the unit table's 单位名称, 联系人, 联系电话;
//  - 单位类别: the unit's 单位类别 mapped to the summary's two options (summaryCategory):
//    行业企业 stays 行业企业; every service-institution kind (保险公司, 再保险公司, 保险中介机构,
//    网络安全企业, 基础电信运营商, 保险科技公司, 专业测评机构, 科研院所, 司法鉴定机构) is
//    网络安全保险服务机构, as the 申报书's own check boxes group them ("网络安全保险服务机构（…）
//    □行业企业"); a value already one of the summary's options is kept; anything else (empty,
//    unknown, several ticked) is left empty and marked for the clerk;
//  - 联合申报单位: the joint table's 单位名称s joined with 、;
//  - 案例简要描述: a Word 申报书's "（一）案例概述" paragraphs (the form's bracketed guidance
//    left out); up to 200 字 as written, longer cut after the last sentence that fits and
//    marked for the clerk; a .xlsx 申报书 has no such field: empty and marked;
//  - 推荐单位: "<城市>工业和信息化局" (the profile's `recommender` is the province's, for the
//    provincial summary); 日期 and the 联系人 / 手机/座机 lines below the table: left for the clerk.
// Marked cells get a fill, and a note line under the table says what to do (a 注： line, which
// the reader recognises as a note).
import type ExcelJS from "exceljs";
import type { CellValue, LocatedTable, TableRecord } from "../../forms/model.js";
import type { Profile } from "../../forms/profile.js";
import { tableDef } from "../../forms/tables.js";
import { matchOption, tickedItem } from "../../forms/parse/options.js";
import { cellText } from "../../forms/parse/text.js";
import { countWords } from "../../forms/parse/words.js";
import { META_SHEET } from "../../forms/meta.js";
import { narrativeSections, type DocxParagraph } from "../read/docx.js";
import { buildTemplate, BODY_FONT, type TemplateData } from "../template/write.js";
import { workbookBytes } from "../xlsx/deterministic.js";

/** One 申报书 as the draft sees it: its located tables and, for a .docx, its paragraphs outside tables. */
export interface SummarySource {
  file: string;
  tables: LocatedTable[];
  paragraphs?: DocxParagraph[];
}

export interface DraftRow {
  file: string;
  title: string;
  applicant: string;
  /** 网络安全保险服务机构 / 行业企业, or "" when the 申报书 does not say. */
  category: string;
  joint: string;
  description: string;
  contact: string;
  phone: string;
  /** Cells the clerk must fill or check (field keys of the summary table). */
  marked: ("category" | "description")[];
}

/** Service-institution kinds of every profile (miit-2023 also lists 司法鉴定机构). */
const INSTITUTION_KINDS = ["司法鉴定机构"];

/** The summary's 单位类别 for a 申报书 unit's 单位类别 (typed, picked or ticked); undefined when it cannot be told. */
export function summaryCategory(profile: Profile, raw: string): string | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  const summaryOptions = tableDef(profile, "caseSummary", "case-summary").fields.find((f) => f.key === "category")?.options ?? [
    "网络安全保险服务机构",
    "行业企业",
  ];
  const [institution, enterprise] = summaryOptions;
  const direct = matchOption(text, summaryOptions);
  if (direct.status === "exact") return direct.option;
  const unitOptions = tableDef(profile, "unit", "case-application").fields.find((f) => f.key === "category")?.options ?? [];
  const kinds = [...new Set([...unitOptions, ...profile.options.unitCategory, ...INSTITUTION_KINDS, "行业企业"])];
  // Word check boxes: the option ticked ("□网络安全保险服务机构（☑保险公司 …） □行业企业"), its brackets left out.
  const ticked = tickedItem(text);
  if (ticked) {
    if (!ticked.ok) return undefined;
    const option = ticked.text.replace(/[（）()]/g, "").trim();
    if (/^网络安全保险服务机构/.test(option)) return institution;
    return option && option !== text ? summaryCategory(profile, option) : undefined;
  }
  const m = matchOption(text, kinds);
  if (m.status === "exact") return m.option === "行业企业" ? enterprise : institution;
  return undefined;
}

/** A paragraph that is only the form's guidance: wholly in brackets, （不超过1000字） … */
const GUIDANCE = /^\s*[（(][^（）()]*[）)]\s*$/;

/** The 案例概述 of a Word 申报书 (paragraphs under a heading "…案例概述…"), or undefined. */
export function caseOverview(paragraphs: DocxParagraph[] | undefined): string | undefined {
  if (!paragraphs?.length) return undefined;
  const section = narrativeSections(paragraphs).find((s) => /案例概述/.test(s.heading));
  if (!section) return undefined;
  const text = section.paragraphs
    .map((p) => p.trim())
    .filter((p) => p && !GUIDANCE.test(p))
    .join("\n");
  return text || undefined;
}

/** `text` up to `limit` 字: whole when it fits, else the sentences that fit (or the first `limit` characters). */
export function fitWords(text: string, limit: number): { text: string; cut: boolean } {
  if (countWords(text) <= limit) return { text, cut: false };
  const sentences = text.match(/[^。！？!?；;\n]*[。！？!?；;\n]?/g)?.filter((s) => s) ?? [text];
  let out = "";
  for (const s of sentences) {
    if (countWords(out + s) > limit) break;
    out += s;
  }
  if (!out.trim()) {
    const chars = [...text];
    let n = Math.min(chars.length, limit);
    while (n > 0 && countWords(chars.slice(0, n).join("")) > limit) n--;
    out = chars.slice(0, n).join("");
  }
  return { text: out.trim(), cut: true };
}

const text = (v: CellValue | undefined): string => cellText(v ?? null).trim();

function recordOf(tables: LocatedTable[], id: LocatedTable["table"]): TableRecord | undefined {
  return tables.find((t) => t.table === id)?.records[0];
}

/** One draft row per source, in order. */
export function draftRows(profile: Profile, sources: SummarySource[]): DraftRow[] {
  const limit = tableDef(profile, "caseSummary", "case-summary").fields.find((f) => f.key === "description")?.maxWords ?? 200;
  return sources.map((s) => {
    const unit = recordOf(s.tables, "unit");
    const kase = recordOf(s.tables, "case");
    const joints = s.tables
      .filter((t) => t.table === "joint")
      .flatMap((t) => t.records)
      .map((r) => text(r.fields.name?.value))
      .filter((n) => n);
    const marked: DraftRow["marked"] = [];
    const category = summaryCategory(profile, text(unit?.fields.category?.value));
    if (!category) marked.push("category");
    const overview = caseOverview(s.paragraphs);
    let description = "";
    if (overview) {
      const fit = fitWords(overview, limit);
      description = fit.text;
      if (fit.cut) marked.push("description");
    } else marked.push("description");
    return {
      file: s.file,
      title: text(kase?.fields.title?.value),
      applicant: text(unit?.fields.name?.value),
      category: category ?? "",
      joint: [...new Set(joints)].join("、"),
      description,
      contact: text(unit?.fields.contact?.value),
      phone: text(unit?.fields.phone?.value),
      marked,
    };
  });
}

/** 推荐单位 of a city's summary. */
export function recommenderFor(city: string): string {
  return `${city}工业和信息化局`;
}

/** The values for templateBuffer / buildTemplate: the list rows and 推荐单位 (日期 and the footer left empty). */
export function summaryData(city: string, rows: DraftRow[]): TemplateData {
  return {
    lines: { recommender: recommenderFor(city) },
    lists: {
      caseSummary: rows.map((r, i) => ({
        seq: i + 1,
        title: r.title || null,
        applicant: r.applicant || null,
        category: r.category || null,
        joint: r.joint || null,
        description: r.description || null,
        contact: r.contact || null,
        phone: r.phone || null,
      })),
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
  const notes = noteLines(rows, def.fields.find((f) => f.key === "description")?.maxWords ?? 200);
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
  return workbookBytes(wb);
}
