// A 典型案例推荐汇总表 row drafted from one 典型案例申报书 (issue 9, item 2; SPEC §10, §14): pure,
// shared by `pilot-forms summary` (a city's draft workbook, aggregator/summary/draft.ts) and
// `merge` (a provincial summary row for a 申报书 its city's summary does not list).
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
//    marked for the clerk; a .xlsx 申报书 has no such field: empty and marked.
import type { CellValue, LocatedTable, TableRecord } from "./model.js";
import type { Profile } from "./profile.js";
import { tableDef } from "./tables.js";
import { matchOption, tickedItem } from "./parse/options.js";
import { cellText } from "./parse/text.js";
import { countWords } from "./parse/words.js";
import type { NarrativeInput } from "./rules/narrative.js";
import { applicationsOf } from "./rules/cross.js";

/** One 申报书 as the draft sees it: its located tables and, for a .docx, its text cut at its headings. */
export interface SummarySource {
  file: string;
  tables: LocatedTable[];
  sections?: NarrativeInput[];
}

/** Cells of a drafted row the clerk must fill or check (field keys of the summary table). */
export type DraftMark = "category" | "description";

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
  marked: DraftMark[];
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

/** The 案例概述 of a Word 申报书 (the section under a heading "…案例概述…"), or undefined. */
export function caseOverview(sections: NarrativeInput[] | undefined): string | undefined {
  const section = sections?.find((s) => /案例概述/.test(s.heading));
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

/** The 字数 limit of the summary's 案例简要描述 (200 in the notices). */
export function descriptionLimit(profile: Profile): number {
  return tableDef(profile, "caseSummary", "case-summary").fields.find((f) => f.key === "description")?.maxWords ?? 200;
}

/** The 案例概述 sections of a document, in order (the i-th for the i-th 申报书 of a file with several). */
function overviews(sections: NarrativeInput[] | undefined): NarrativeInput[] {
  return (sections ?? []).filter((x) => /案例概述/.test(x.heading));
}

/** A drafted row and the 典型案例基本信息 it was drafted from (undefined when the 申报书 has none). */
export interface Draft {
  row: DraftRow;
  kase?: TableRecord;
  /** The applicant's 基本信息 it was drafted from. */
  unit?: TableRecord;
}

/**
 * The draft rows of one source: one per 申报书 in it — normally one; several when several
 * 申报书s were pasted into one file (file.several_forms), each with its own unit, joint list
 * and 案例概述 by order. A source without a case table still gives one row (its unit's).
 */
export function draftsOf(profile: Profile, s: SummarySource): Draft[] {
  const apps = applicationsOf(s.tables);
  const joints = s.tables.filter((t) => t.table === "joint");
  const parts = overviews(s.sections);
  const one = (kase: TableRecord | undefined, unit: TableRecord | undefined, index: number): Draft => {
    const names = (apps.length > 1 ? joints.slice(index, index + 1) : joints)
      .flatMap((t) => t.records)
      .map((r) => text(r.fields.name?.value))
      .filter((n) => n);
    const overview = caseOverview(parts.slice(apps.length > 1 ? index : 0));
    return { row: draftFrom(profile, s.file, kase, unit, [...new Set(names)], overview), kase, unit };
  };
  if (!apps.length) return [one(undefined, recordOf(s.tables, "unit"), 0)];
  return apps.map((a) => one(a.kase, a.unit, a.index));
}

function draftFrom(
  profile: Profile,
  file: string,
  kase: TableRecord | undefined,
  unit: TableRecord | undefined,
  joints: string[],
  overview: string | undefined,
): DraftRow {
  const marked: DraftMark[] = [];
  const category = summaryCategory(profile, text(unit?.fields.category?.value));
  if (!category) marked.push("category");
  let description = "";
  if (overview) {
    const fit = fitWords(overview, descriptionLimit(profile));
    description = fit.text;
    if (fit.cut) marked.push("description");
  } else marked.push("description");
  return {
    file,
    title: text(kase?.fields.title?.value),
    applicant: text(unit?.fields.name?.value),
    category: category ?? "",
    joint: joints.join("、"),
    description,
    contact: text(unit?.fields.contact?.value),
    phone: text(unit?.fields.phone?.value),
    marked,
  };
}

/** A draft row as the summary table's values by field key (empty cells null). */
export function summaryValues(d: DraftRow): Record<string, CellValue> {
  return {
    title: d.title || null,
    applicant: d.applicant || null,
    category: d.category || null,
    joint: d.joint || null,
    description: d.description || null,
    contact: d.contact || null,
    phone: d.phone || null,
  };
}

/** The draft rows of the sources, in order: one per 申报书. */
export function draftRows(profile: Profile, sources: SummarySource[]): DraftRow[] {
  return sources.flatMap((s) => draftsOf(profile, s).map((d) => d.row));
}

/** What the clerk must still do with a drafted row, one short line per marked cell ("" when nothing). */
export function draftMarkText(row: DraftRow, limit: number): string {
  const out: string[] = [];
  if (row.marked.includes("category")) out.push("单位类别在申报书中未能识别，请选择“网络安全保险服务机构”或“行业企业”");
  if (row.marked.includes("description"))
    out.push(
      row.description
        ? `案例简要描述摘自申报书“案例概述”的开头（不超过${limit}字），请核对`
        : `案例简要描述请按申报书填写（不超过${limit}字）`,
    );
  return out.join("；");
}
