// The metadata sheet: form, profile and template version, in a very-hidden sheet that both
// Office.js (ExcelApi 1.1) and exceljs can read. A workbook without it is recognised by
// its headings instead.
import { FORM_IDS, type FormId, type SheetGrid } from "./model.js";

export const META_SHEET = "pilot-forms-meta";
export const TEMPLATE_VERSION = 1;

export interface WorkbookMeta {
  form?: FormId;
  profile?: string;
  templateVersion?: number;
  /** City, where a city clerk's workbook records it (merge uses it first). */
  city?: string;
}

/** Rows written into the metadata sheet, column A key, column B value. */
export function metaRows(meta: WorkbookMeta): [string, string][] {
  const rows: [string, string][] = [["tool", "pilot-forms"]];
  if (meta.form) rows.push(["form", meta.form]);
  if (meta.profile) rows.push(["profile", meta.profile]);
  rows.push(["templateVersion", String(meta.templateVersion ?? TEMPLATE_VERSION)]);
  if (meta.city) rows.push(["city", meta.city]);
  return rows;
}

export function isMetaSheet(name: string): boolean {
  return name === META_SHEET;
}

/** Read the metadata sheet's key/value rows; unknown keys and bad values are ignored. */
export function parseMeta(sheet: SheetGrid): WorkbookMeta {
  const meta: WorkbookMeta = {};
  for (const row of sheet.values) {
    const key = typeof row[0] === "string" ? row[0].trim() : "";
    const raw = row[1];
    const value = raw === null || raw === undefined ? "" : String(raw).trim();
    if (!value) continue;
    if (key === "form" && (FORM_IDS as readonly string[]).includes(value)) meta.form = value as FormId;
    else if (key === "profile") meta.profile = value;
    else if (key === "templateVersion" && /^\d+$/.test(value)) meta.templateVersion = Number(value);
    else if (key === "city") meta.city = value;
  }
  return meta;
}
