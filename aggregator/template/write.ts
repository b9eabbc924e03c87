// Blank template workbooks, one per form and profile, generated from the table definitions
// (forms/tables.ts) so that labels, option lists and limits have one source. Each workbook:
// 填报说明 first, opening with the Word form's cover page (its lines drawn by formula from the
// tables); one sheet per table of the form (list tables as Excel tables that grow when the
// clerk types below them, key–value tables laid out as the Word form: label | value, or
// label | value | label | value where it pairs them, a □/☑ line of a closed list's options
// under its dropdown, 推荐单位意见 and 真实性承诺 below); dropdowns, prompts and soft checks by
// data validation over ranges; required hints in a column right of the print area (nothing
// of them prints); print set up for A4; a hidden 选项 sheet behind the dropdowns and the
// very-hidden metadata sheet. Every formula is written with its result, so that readers
// that do not recalculate see the right text.
//
// exceljs traps avoided here (EXCELJS-NOTES.md): validation only by range and never over
// whole columns; list validations refer to named ranges on 选项, never to inline lists;
// tables get rows, filter buttons on every column, unique ASCII names, no merged cells
// inside them and no notes on their sheets; fixed workbook dates plus deterministicXlsx
// so that the same definitions always give the same bytes.
import ExcelJS from "exceljs";
import { formEdition, type FormEdition, type Profile } from "../../forms/profile.js";
import type { CellValue, FormId, TableId } from "../../forms/model.js";
import { tablesForForm, type FieldDef, type TableDef } from "../../forms/tables.js";
import { META_SHEET, TEMPLATE_VERSION, metaRows } from "../../forms/meta.js";
import { columnLetter } from "../../forms/address.js";
import { FIXED_DATE, workbookBytes } from "../xlsx/deterministic.js";
import { partText, type PackageParts } from "../xlsx/bulk-rows.js";

/**
 * Values to fill into a template (examples, round-trip tests): key–value tables by field
 * key, list tables as rows of field key → value (the table grows to hold them), and the
 * 推荐汇总表's lines above and below its list.
 */
export interface TemplateData {
  kv?: Partial<Record<TableId, Record<string, CellValue>>>;
  lists?: Partial<Record<TableId, Record<string, CellValue>[]>>;
  lines?: Record<string, CellValue>;
}

export const INSTRUCTIONS_SHEET = "填报说明";
export const OPTIONS_SHEET = "选项";
/** List validations, formats and required-cell hints reach this row, past the printed rows. */
export const VALIDATION_LAST_ROW = 500;
/** Rows of a list table's header; data starts on the next row. */
export const LIST_HEADER_ROW = 2;
/** caseSummary: heading, the 推荐单位/日期 line, then the header row. */
export const SUMMARY_HEADER_ROW = 3;

export const FONT = "宋体";
export const BODY_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 11 };
export const BOLD_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 11, bold: true };
export const HEADING_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 16, bold: true };
export const TITLE_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 18, bold: true };
export const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FF000000" } };
export const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const LABEL_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7E6E6" } };
export const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } };
/** The hint column's text (outside the print area), dark red. */
const HINT_FONT: Partial<ExcelJS.Font> = { name: FONT, size: 10, color: { argb: "FFC00000" } };
const DATE_FORMAT = 'yyyy"年"m"月"d"日"';
const MONEY_FORMAT = "0.00";
const COUNT_FORMAT = "0";
const TEXT_FORMAT = "@";
const MARGINS = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 };
export const FOOTER = "&C第 &P 页，共 &N 页";

// ---------------------------------------------------------------------------------------
// Names and files

// The names live in forms/profile.ts: the add-in's 插入模板 fetches templates by them.
export { templateFileName, templateRelativePath } from "../../forms/profile.js";

/** The Excel table name of a list table (unique in a workbook: each table occurs once per form). */
export function tableName(def: TableDef): string {
  return `T_${def.id}`;
}

/** The defined name of a field's option list on the 选项 sheet. */
export function optionListName(def: TableDef, field: FieldDef): string {
  return `opt_${def.id}_${field.key}`;
}

function requireEdition(profile: Profile, form: FormId): FormEdition {
  const edition = formEdition(profile, form);
  if (!edition) throw new Error(`配置 ${profile.id} 没有表单 ${form}`);
  return edition;
}

/**
 * Rows a list table gets in the template: at least the 15 service-target rows the notice
 * prints and 10 of the other lists; the joint table keeps the notice's cap (5 in Shanghai)
 * and the case summary its 6 printed rows (its footer then stays close to the table).
 */
export function templateRows(def: TableDef): number {
  const paper = def.paperRows ?? 10;
  if (def.id === "targets") return Math.max(paper, 15);
  if (def.id === "joint" || def.id === "caseSummary") return Math.max(paper, 1);
  return Math.max(paper, 10);
}

// ---------------------------------------------------------------------------------------
// Text measurement (row heights: Excel does not fit wrapped rows when it opens a file)

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2e80 ? 1.05 : 2.1;
  return w;
}

export function lineCount(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  return text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
}

/**
 * A table's header row from column A: bold, shaded, bordered, centred and wrapped, as tall
 * as its longest label needs at the given column widths (at least `minHeight` points).
 * Templates and the roll-up's lists share it.
 */
export function styleHeaderRow(ws: ExcelJS.Worksheet, row: number, labels: string[], widths: number[], minHeight: number): void {
  const header = ws.getRow(row);
  let lines = 1;
  labels.forEach((label, i) => {
    const cell = header.getCell(i + 1);
    cell.font = BOLD_FONT;
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    lines = Math.max(lines, lineCount(label, widths[i]));
  });
  header.height = Math.min(MAX_ROW_HEIGHT, Math.max(minHeight, heightFor(lines)));
}

export function heightFor(lines: number, size = 11): number {
  return Math.round(lines * (size + 3.5) + 4);
}

/** Excel's largest row height, in points. */
export const MAX_ROW_HEIGHT = 409;

/** The text a cell shows, for measuring (a date as its longest 年月日 form). */
export function shownText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return "0000年00月00日";
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("result" in v) return String(v.result ?? "");
    if ("formula" in v || "sharedFormula" in v) return "";
    if ("error" in v) return String(v.error);
  }
  return String(v);
}

/**
 * The height a row needs for wrapped texts, each in its width (Excel column units) at its
 * font size, capped at Excel's maximum; undefined when every text fits on one line.
 */
export function wrappedHeight(texts: { text: string; width: number; size?: number }[]): number | undefined {
  let need = 0;
  let multi = false;
  for (const t of texts) {
    if (!t.text) continue;
    const lines = lineCount(t.text, t.width);
    if (lines > 1) multi = true;
    need = Math.max(need, heightFor(lines, t.size ?? 11));
  }
  return multi ? Math.min(MAX_ROW_HEIGHT, need) : undefined;
}

/** A sheet's column width in Excel units (exceljs's default 9 when unset). */
function columnWidth(ws: ExcelJS.Worksheet, col: number): number {
  return ws.getColumn(col).width ?? ws.properties.defaultColWidth ?? 9;
}

type MergeModel = { top: number; left: number; bottom: number; right: number };

/**
 * Grow a row to the wrapped text of its cells (merged across columns: their summed width),
 * never shrinking it: a height the row already has stays when it is enough. Cells merged
 * over several rows are left alone (their height is shared). Returns the height set, if any.
 */
export function fitRowToText(ws: ExcelJS.Worksheet, rowNumber: number): number | undefined {
  const row = ws.getRow(rowNumber);
  const merges = (ws as unknown as { _merges?: Record<string, { model: MergeModel } | undefined> })._merges ?? {};
  const texts: { text: string; width: number; size?: number }[] = [];
  row.eachCell((cell, col) => {
    if (!cell.alignment?.wrapText) return;
    if (cell.isMerged && cell.master !== cell) return;
    const m = merges[cell.address]?.model;
    if (m && m.bottom > m.top) return;
    let width = 0;
    for (let c = col; c <= (m ? m.right : col); c++) width += columnWidth(ws, c);
    texts.push({ text: shownText(cell.value), width, size: cell.font?.size });
  });
  const need = wrappedHeight(texts);
  if (need === undefined) return undefined;
  if (row.height !== undefined && row.height >= need) return undefined;
  row.height = need;
  return need;
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join("") + "…";
}

// ---------------------------------------------------------------------------------------
// Option lists and validations

class OptionLists {
  readonly lists: { name: string; values: string[] }[] = [];

  /** Register a list; returns the defined name to use in a list validation. */
  add(name: string, values: string[]): string {
    if (!this.lists.some((l) => l.name === name)) this.lists.push({ name, values });
    return name;
  }
}

/** An "其他（请注明）" option: the clerk must type what it is, so the list cannot be closed. */
function needsFreeText(options: string[]): boolean {
  return options.some((o) => /^其他\s*[（(].*(注明|备注).*[)）]$/.test(o));
}

type Validation = {
  type: "list" | "whole" | "decimal" | "date" | "textLength" | "any";
  operator?: string;
  allowBlank?: boolean;
  formulae?: unknown[];
  showInputMessage?: boolean;
  promptTitle?: string;
  prompt?: string;
  showErrorMessage?: boolean;
  errorStyle?: "stop" | "warning" | "information";
  errorTitle?: string;
  error?: string;
};

function withPrompt(v: Validation, field: FieldDef, prompt: string | undefined): Validation {
  if (!prompt) return v;
  return {
    ...v,
    showInputMessage: true,
    promptTitle: clip(`${field.label}${field.required ? "（必填）" : ""}`, 32),
    prompt: clip(prompt, 255),
  };
}

function withError(v: Validation, style: "stop" | "warning" | "information", title: string, message: string): Validation {
  return { ...v, showErrorMessage: true, errorStyle: style, errorTitle: clip(title, 32), error: clip(message, 225) };
}

/** The length check's prompt: what the limit is, and that the cell warns from the limit on. */
export function lengthPrompt(prompt: string, maxWords: number): string {
  return `${prompt}。达到${maxWords}个字符时提示，准确字数以校验结果为准`;
}

/** The data validation of a field's value cells, or undefined where none helps. */
function fieldValidation(def: TableDef, field: FieldDef, lists: OptionLists): Validation | undefined {
  const options = field.options ?? [];
  switch (field.kind) {
    case "enum": {
      if (!options.length) return field.prompt ? withPrompt({ type: "any" }, field, field.prompt) : undefined;
      const name = lists.add(optionListName(def, field), options);
      const base: Validation = { type: "list", allowBlank: true, formulae: [name] };
      if (field.closed && !needsFreeText(options)) {
        return withError(
          withPrompt(base, field, field.prompt ?? "请从下拉列表中选择"),
          "stop",
          "请从下拉列表中选择",
          `${field.label}只能是：${options.join("、")}`,
        );
      }
      if (field.closed) {
        const other = options.find((o) => o.startsWith("其他")) ?? "其他";
        return withError(
          withPrompt(base, field, field.prompt ?? `请从下拉列表中选择；选“${other}”时请注明具体内容，如 其他（社会团体）`),
          "warning",
          "不在下拉列表中",
          `${field.label}应从下拉列表中选择；填写“其他”时请在括号中注明具体内容。确定保留此内容吗？`,
        );
      }
      return withError(
        withPrompt(base, field, field.prompt ?? "可从下拉列表中选择，也可直接填写"),
        "information",
        "不在建议选项中",
        `${field.label}不在建议选项中，将按所填内容保留。`,
      );
    }
    case "category": {
      // 申报类别 / 申报方向: pick "重点行业领域：" and type what follows the colon.
      const name = lists.add(
        optionListName(def, field),
        options.map((o) => `${o}：`),
      );
      return withPrompt({ type: "list", allowBlank: true, formulae: [name] }, field, field.prompt);
    }
    case "longText": {
      const prompt = field.prompt;
      if (!field.maxWords) return prompt ? withPrompt({ type: "any" }, field, prompt) : undefined;
      // Excel counts characters, not 字数: the check warns once the characters reach the limit
      // (a character is at most one 字), the exact count is validate's (text.too_long).
      return withError(
        withPrompt(
          { type: "textLength", operator: "lessThan", allowBlank: true, formulae: [field.maxWords] },
          field,
          lengthPrompt(prompt ?? `不超过${field.maxWords}字`, field.maxWords),
        ),
        "warning",
        "已达到字数限制",
        `${field.label}已有${field.maxWords}个字符以上，可能超过${field.maxWords}字的限制（按 Word/WPS 字数统计，连续的英文字母或数字计 1 字），请精简或用 pilot-forms 校验核对。`,
      );
    }
    case "money":
      return withError(
        withPrompt(
          { type: "decimal", operator: "greaterThanOrEqual", allowBlank: true, formulae: [0] },
          field,
          field.prompt ?? "单位：万元，填数字",
        ),
        "warning",
        "请填写数字",
        `${field.label}以万元为单位，请只填写不小于 0 的数字，如 50 或 50.5。`,
      );
    case "count":
      return withError(
        withPrompt(
          { type: "whole", operator: "greaterThanOrEqual", allowBlank: true, formulae: [0] },
          field,
          field.prompt ?? "填整数",
        ),
        "warning",
        "请填写整数",
        `${field.label}请填写不小于 0 的整数。`,
      );
    case "date":
      return withError(
        withPrompt(
          {
            type: "date",
            operator: "between",
            allowBlank: true,
            // From 1900-03-01: Excel's serials before it are off by one (the 1900 leap-year bug).
            formulae: [new Date(Date.UTC(1900, 2, 1)), new Date(Date.UTC(2099, 11, 31))],
          },
          field,
          field.prompt ?? "日期，如 2025-11-28",
        ),
        "warning",
        "请填写日期",
        `“${field.label}”应为日期，如 2025-11-28 或 2025年11月28日。`,
      );
    case "creditCode":
      return withError(
        withPrompt({ type: "textLength", operator: "between", allowBlank: true, formulae: [9, 20] }, field, field.prompt),
        "warning",
        "信用代码长度不对",
        "统一社会信用代码为18位，组织机构代码为9位（如 XXXXXXXX-X）。确定保留此内容吗？",
      );
    default:
      return field.prompt ? withPrompt({ type: "any" }, field, field.prompt) : undefined;
  }
}

/** Number format of a field's value cells. */
function fieldFormat(field: FieldDef): string | undefined {
  switch (field.kind) {
    case "money":
      return MONEY_FORMAT;
    case "count":
      return COUNT_FORMAT;
    case "date":
      return DATE_FORMAT;
    case "creditCode":
    case "phone":
    case "contact":
    case "personContact":
      return TEXT_FORMAT;
    default:
      return undefined;
  }
}

type DataValidations = { add(range: string, validation: Validation): void };

function addValidation(ws: ExcelJS.Worksheet, range: string, v: Validation | undefined): void {
  if (!v) return;
  // exceljs has dataValidations at runtime but not in its type definitions (#2818).
  (ws as unknown as { dataValidations: DataValidations }).dataValidations.add(range, v);
}

// ---------------------------------------------------------------------------------------
// Hints that do not print: a column right of the print area says which required cells of
// its row are still empty (no fill on the cells, so nothing of it reaches the paper).

/** The prefix of every hint: the reader takes such a cell for a placeholder (forms/locate.ts). */
export const HINT_PREFIX = "← 必填：";
/** A hint cell with nothing to say holds one space (not ""): an empty formula result is lost by some readers. */
export const NO_HINT = " ";

export interface HintPart {
  /** The value cell, A1. */
  cell: string;
  label: string;
  /** The value the cell holds (examples, filled templates), for the cached result. */
  value?: CellValue;
}

function isBlankValue(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/** ="← 必填："&… for the required cells of a row; `whenAny`: only once the row has content (list rows). */
export function hintFormula(parts: HintPart[], whenAny?: string): string {
  const empty = (p: HintPart) => `LEN(TRIM(${p.cell}))=0`;
  const names = parts.map((p) => `IF(${empty(p)},"、${p.label}","")`).join("&");
  const hint = `IF(OR(${parts.map(empty).join(",")}),"${HINT_PREFIX}"&MID(${names},2,500),"${NO_HINT}")`;
  return whenAny ? `IF(COUNTA(${whenAny})=0,"${NO_HINT}",${hint})` : hint;
}

/** What hintFormula computes for the given values (the cached result). */
export function hintResult(parts: HintPart[], rowHasContent = true): string {
  if (!rowHasContent) return NO_HINT;
  const missing = parts.filter((p) => isBlankValue(p.value)).map((p) => p.label);
  return missing.length ? `${HINT_PREFIX}${missing.join("、")}` : NO_HINT;
}

function hintCell(ws: ExcelJS.Worksheet, address: string, parts: HintPart[], whenAny?: string, rowHasContent = true): void {
  if (!parts.length) return;
  const cell = ws.getCell(address);
  cell.value = { formula: hintFormula(parts, whenAny), result: hintResult(parts, rowHasContent) };
  cell.font = HINT_FONT;
  cell.alignment = { vertical: "middle", wrapText: false };
}

// ---------------------------------------------------------------------------------------
// Printed options: a line of check boxes under a dropdown, the chosen option ticked

const TICK = "☑";
const BOX = "□";

/** The options a field's printed line shows: closed lists and 申报类别 / 申报方向 (category). */
export function printedOptions(field: FieldDef): string[] | undefined {
  if (!field.options?.length) return undefined;
  if (field.kind === "category" || (field.kind === "enum" && field.closed)) return field.options;
  return undefined;
}

/** Is the option ticked for this value? "其他…" options by their start, categories by their prefix. */
function ticked(field: FieldDef, option: string, value: CellValue | undefined): boolean {
  const v = typeof value === "string" ? value.trim() : value === null || value === undefined ? "" : String(value);
  if (!v) return false;
  if (field.kind === "category") return v.startsWith(option);
  if (/^其他/.test(option)) return v.startsWith("其他");
  return v === option;
}

const OPTION_GAP = "  ";

/** =IF(B8="国有企业","☑","□")&"国有企业  "&… : the option line of the value cell `cell`. */
export function optionFormula(field: FieldDef, cell: string): string {
  const options = printedOptions(field) ?? [];
  return options
    .map((o, i) => {
      const text = `"${o}${i < options.length - 1 ? OPTION_GAP : ""}"`;
      let test: string;
      if (field.kind === "category") test = `LEFT(TRIM(${cell}),${o.length})="${o}"`;
      else if (/^其他/.test(o)) test = `LEFT(TRIM(${cell}),2)="其他"`;
      else test = `TRIM(${cell})="${o}"`;
      return `IF(${test},"${TICK}","${BOX}")&${text}`;
    })
    .join("&");
}

/** What optionFormula computes for a value (the cached result). */
export function optionResult(field: FieldDef, value: CellValue | undefined): string {
  const options = printedOptions(field) ?? [];
  return options.map((o) => `${ticked(field, o, value) ? TICK : BOX}${o}`).join(OPTION_GAP);
}

// ---------------------------------------------------------------------------------------
// Sheets

export function printSetup(landscape: boolean, titleRow?: number): Partial<ExcelJS.PageSetup> {
  const setup: Partial<ExcelJS.PageSetup> = {
    paperSize: 9,
    orientation: landscape ? "landscape" : "portrait",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: MARGINS,
  };
  if (titleRow) setup.printTitlesRow = `${titleRow}:${titleRow}`;
  return setup;
}

function styleHeading(ws: ExcelJS.Worksheet, text: string, lastCol: number): void {
  const cell = ws.getCell(1, 1);
  cell.value = text;
  cell.font = HEADING_FONT;
  cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  if (lastCol > 1) ws.mergeCells(1, 1, 1, lastCol);
  let width = 0;
  for (let c = 1; c <= lastCol; c++) width += columnWidth(ws, c);
  ws.getRow(1).height = Math.max(32, wrappedHeight([{ text, width, size: HEADING_FONT.size }]) ?? 0);
}

function cellFormat(cell: ExcelJS.Cell, field: FieldDef): void {
  cell.font = BODY_FONT;
  cell.border = BORDER;
  const fmt = fieldFormat(field);
  if (fmt) cell.numFmt = fmt;
  cell.alignment =
    field.kind === "seq"
      ? { horizontal: "center", vertical: "middle" }
      : { horizontal: "left", vertical: field.kind === "longText" ? "top" : "middle", wrapText: true };
}

/** A label cell and its value cell on one line ("推荐单位：" | value), outside the table. */
function labelLine(
  ws: ExcelJS.Worksheet,
  row: number,
  field: FieldDef,
  labelCol: number,
  valueFrom: number,
  valueTo: number,
): void {
  const label = ws.getCell(row, labelCol);
  label.value = `${field.label}：`;
  label.font = BOLD_FONT;
  label.alignment = { horizontal: "right", vertical: "middle" };
  const value = ws.getCell(row, valueFrom);
  value.font = BODY_FONT;
  value.alignment = { horizontal: "left", vertical: "middle", wrapText: true };
  value.border = { bottom: THIN };
  const fmt = fieldFormat(field);
  if (fmt) value.numFmt = fmt;
  if (valueTo > valueFrom) {
    for (let c = valueFrom + 1; c <= valueTo; c++) ws.getCell(row, c).border = { bottom: THIN };
    ws.mergeCells(row, valueFrom, row, valueTo);
  }
  ws.getRow(row).height = 24;
}

interface PairSpan {
  label: number;
  from: number;
  to: number;
}

/**
 * caseSummary's lines outside the table: 推荐单位 and 日期 above it, 联系人 and 手机/座机
 * below it, both pairs of a line on one row as the paper form prints them. Each label sits
 * in its own cell with its value cell to its right; the reader takes the value up to the
 * next label, so an empty 推荐单位 is read as empty, not as "日期：". One row for both footer
 * labels also matters: 手机/座机 (not a column of the table) is what ends the list for the reader.
 */
function pairLine(
  ws: ExcelJS.Worksheet,
  row: number,
  fields: FieldDef[],
  spans: PairSpan[],
  def: TableDef,
  lists: OptionLists,
  values?: Record<string, CellValue>,
): void {
  const hints: HintPart[] = [];
  fields.forEach((f, i) => {
    const span = spans[i] ?? spans[spans.length - 1];
    labelLine(ws, row, f, span.label, span.from, span.to);
    if (values && f.key in values) ws.getCell(row, span.from).value = values[f.key];
    const address = `${columnLetter(span.from - 1)}${row}`;
    addValidation(ws, address, fieldValidation(def, f, lists));
    if (f.required) hints.push({ cell: address, label: f.label, value: values?.[f.key] });
  });
  hintCell(ws, `${columnLetter(def.fields.length)}${row}`, hints);
  // Filled values longer than their cells: the line grows (never below its 24 points).
  fitRowToText(ws, row);
}

/**
 * The rows of a list sheet that get the columns' validations and the hint column, as
 * [from, to] spans: from the first data row to VALIDATION_LAST_ROW, the caseSummary's footer
 * line (two rows below its last printed row) left out.
 */
export function listRowSpans(def: TableDef, last: number): [number, number][] {
  const first = (def.id === "caseSummary" ? SUMMARY_HEADER_ROW : LIST_HEADER_ROW) + 1;
  const bottom = Math.max(last, VALIDATION_LAST_ROW);
  if (def.id !== "caseSummary") return [[first, bottom]];
  const footer = last + 2;
  return [
    [first, footer - 1],
    [footer + 1, bottom],
  ];
}

function addListSheet(wb: ExcelJS.Workbook, def: TableDef, lists: OptionLists, data?: TemplateData): void {
  const fields = def.fields;
  const ncol = fields.length;
  const summary = def.id === "caseSummary";
  const headerRow = summary ? SUMMARY_HEADER_ROW : LIST_HEADER_ROW;
  const filled = data?.lists?.[def.id] ?? [];
  const rows = Math.max(templateRows(def), filled.length);
  const first = headerRow + 1;
  const last = headerRow + rows;
  const ws = wb.addWorksheet(def.sheet, {
    views: [{ state: "frozen", xSplit: 0, ySplit: headerRow, topLeftCell: `A${first}`, activeCell: `B${first}` }],
    pageSetup: { ...printSetup(ncol >= 5, headerRow), printArea: `A:${columnLetter(ncol - 1)}` },
    headerFooter: { oddFooter: FOOTER, evenFooter: FOOTER },
  });
  fields.forEach((f, i) => {
    const col = ws.getColumn(i + 1);
    col.width = f.width ?? (f.kind === "seq" ? 6 : 16);
    // Column styles reach the cells typed below the table (programs that do not extend tables).
    col.font = BODY_FONT;
    const fmt = fieldFormat(f);
    if (fmt) col.numFmt = fmt;
  });
  styleHeading(ws, def.heading, ncol);

  if (summary)
    pairLine(
      ws,
      2,
      def.header ?? [],
      [
        { label: 2, from: 3, to: ncol - 3 },
        { label: ncol - 2, from: ncol - 1, to: ncol },
      ],
      def,
      lists,
      data?.lines,
    );
  ws.addTable({
    name: tableName(def),
    ref: `A${headerRow}`,
    headerRow: true,
    totalsRow: false,
    style: {
      theme: "TableStyleLight1",
      showRowStripes: true,
      showColumnStripes: false,
      showFirstColumn: false,
      showLastColumn: false,
    },
    columns: fields.map((f) => ({ name: f.label, filterButton: true })),
    rows: Array.from({ length: rows }, (_, i) =>
      fields.map((f) => (filled[i] && f.key in filled[i] ? filled[i][f.key] : f.kind === "seq" ? i + 1 : null)),
    ),
  });

  styleHeaderRow(
    ws,
    headerRow,
    fields.map((f) => f.label),
    fields.map((f) => f.width ?? 16),
    28,
  );
  for (let r = first; r <= last; r++) {
    const row = ws.getRow(r);
    fields.forEach((f, i) => cellFormat(row.getCell(i + 1), f));
    // Filled rows as tall as their wrapped values (blank rows keep the default height).
    if (r - first < filled.length) fitRowToText(ws, r);
  }

  // Validations and hints: the table's rows and on down to VALIDATION_LAST_ROW, so rows typed
  // below the table or inserted into it (Excel moves and grows the ranges) are checked too.
  // caseSummary: around its footer line (联系人 | 手机/座机), which has checks of its own.
  const spans = listRowSpans(def, last);
  const lastData = columnLetter(ncol - 1);
  const hintLetter = columnLetter(ncol);
  fields.forEach((f, i) => {
    const letter = columnLetter(i);
    const v = fieldValidation(def, f, lists);
    for (const [a, b] of spans) addValidation(ws, `${letter}${a}:${letter}${b}`, v);
  });
  const required = fields.map((f, i) => ({ f, i })).filter(({ f }) => f.required && f.kind !== "seq");
  for (const [a, b] of spans)
    for (let r = a; r <= b; r++) {
      const values = filled[r - first];
      const parts = required.map(({ f, i }) => ({ cell: `${columnLetter(i)}${r}`, label: f.label, value: values?.[f.key] }));
      const content = !!values && fields.some((f) => f.kind !== "seq" && !isBlankValue(values[f.key]));
      hintCell(ws, `${hintLetter}${r}`, parts, `$B${r}:$${lastData}${r}`, content);
    }
  ws.getColumn(ncol + 1).width = 30;

  // 联系人 and 手机/座机 below the table, one blank row between.
  if (summary)
    pairLine(
      ws,
      last + 2,
      def.footer ?? [],
      [
        { label: 2, from: 3, to: 3 },
        { label: 4, from: 5, to: 5 },
      ],
      def,
      lists,
      data?.lines,
    );
}

// ---------------------------------------------------------------------------------------
// Key–value sheets, laid out as the Word forms print them

/** Fields the Word forms print side by side (label | value | label | value), by table. */
const KV_PAIRS: Partial<Record<TableId, [string, string][]>> = {
  unit: [
    ["uscc", "founded"],
    ["address", "capital"],
    ["contact", "phone"],
    ["fax", "email"],
  ],
  case: [
    ["buyer", "buyerIndustry"],
    ["insured", "insuredIndustry"],
    ["insurer", "provider"],
    ["premium", "cover"],
  ],
  scheme: [["lead", "leadTitle"]],
  authority: [["headName", "headTitle"]],
};

/** Column widths of a key–value sheet: label | value | label | value, then the hint column. */
export const KV_WIDTHS = [18, 30, 18, 24];
/** The hint column of a key–value sheet (1-based), right of the print area A:D. */
export const KV_HINT_COL = 5;

/** One label and its value cell (1-based row and columns; the value may span to `valueTo`). */
export interface KvSlot {
  field: FieldDef;
  row: number;
  label: number;
  value: number;
  valueTo: number;
}

export interface KvLayout {
  slots: KvSlot[];
  /** The check-box line under a closed list's value: its row and the value cell it follows. */
  options: { field: FieldDef; row: number; valueCell: string }[];
  /** The last row of the table (its last value or option line). */
  last: number;
}

/**
 * Where each field of a key–value table goes: row 1 is the heading; then one row per field,
 * or two fields a row where the Word form pairs them (组织机构代码/三证合一码 | … | 成立时间 | …),
 * a single field's value across B:D; closed lists (单位性质, 单位类别, 是否出险, 申报类别 …)
 * get a line of their options right below.
 */
export function keyValueLayout(def: TableDef): KvLayout {
  const pairs = KV_PAIRS[def.id] ?? [];
  const keys = new Set(def.fields.map((f) => f.key));
  const partner = new Map<string, string>();
  for (const [a, b] of pairs) if (keys.has(a) && keys.has(b)) partner.set(a, b);
  const second = new Set(partner.values());
  const slots: KvSlot[] = [];
  const options: KvLayout["options"] = [];
  let row = 2;
  for (const f of def.fields) {
    if (second.has(f.key)) continue;
    const mate = partner.get(f.key);
    if (mate) {
      slots.push({ field: f, row, label: 1, value: 2, valueTo: 2 });
      slots.push({ field: def.fields.find((x) => x.key === mate)!, row, label: 3, value: 4, valueTo: 4 });
      row++;
      continue;
    }
    slots.push({ field: f, row, label: 1, value: 2, valueTo: 4 });
    if (printedOptions(f)) {
      options.push({ field: f, row: row + 1, valueCell: `B${row}` });
      row++;
    }
    row++;
  }
  return { slots, options, last: row - 1 };
}

/** The value cell (A1) of a key–value field in the template. */
export function keyValueCell(def: TableDef, key: string): string {
  const slot = keyValueLayout(def).slots.find((s) => s.field.key === key);
  if (!slot) throw new Error(`${def.id} 没有字段 ${key}`);
  return `${columnLetter(slot.value - 1)}${slot.row}`;
}

function styleLabel(cell: ExcelJS.Cell, text: string): void {
  cell.value = text; // exact: the reader matches labels
  cell.font = BOLD_FONT;
  cell.fill = LABEL_FILL;
  cell.border = BORDER;
  cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
}

function spanWidth(from: number, to: number): number {
  let w = 0;
  for (let c = from; c <= to; c++) w += KV_WIDTHS[c - 1];
  return w;
}

function addKeyValueSheet(
  wb: ExcelJS.Workbook,
  profile: Profile,
  def: TableDef,
  lists: OptionLists,
  data: TemplateData | undefined,
  blocks: { opinion: boolean; pledge: boolean },
): void {
  const values = data?.kv?.[def.id] ?? {};
  const layout = keyValueLayout(def);
  const ws = wb.addWorksheet(def.sheet, {
    views: [{ state: "normal", activeCell: "B2" }],
    pageSetup: printSetup(false),
    headerFooter: { oddFooter: FOOTER, evenFooter: FOOTER },
  });
  KV_WIDTHS.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  ws.getColumn(KV_HINT_COL).width = 30;
  styleHeading(ws, def.heading, 4);
  const byRow = new Map<number, KvSlot[]>();
  for (const slot of layout.slots) byRow.set(slot.row, [...(byRow.get(slot.row) ?? []), slot]);
  for (const [r, slots] of byRow) {
    const row = ws.getRow(r);
    const texts: { text: string; width: number }[] = [];
    let longText = false;
    const hints: HintPart[] = [];
    for (const { field: f, label, value: from, valueTo } of slots) {
      styleLabel(row.getCell(label), f.label);
      const value = row.getCell(from);
      cellFormat(value, f);
      for (let c = from + 1; c <= valueTo; c++) row.getCell(c).border = BORDER;
      if (valueTo > from) ws.mergeCells(r, from, r, valueTo);
      if (f.key in values) value.value = values[f.key];
      longText ||= f.kind === "longText";
      texts.push(
        { text: f.label, width: KV_WIDTHS[label - 1] },
        { text: shownText(value.value), width: spanWidth(from, valueTo) },
      );
      const address = `${columnLetter(from - 1)}${r}`;
      addValidation(ws, address, fieldValidation(def, f, lists));
      if (f.required) hints.push({ cell: address, label: f.label, value: values[f.key] });
    }
    const need = Math.max(
      wrappedHeight(texts) ?? 0,
      ...slots.map((s) => heightFor(lineCount(s.field.label, KV_WIDTHS[s.label - 1]))),
    );
    row.height = Math.max(longText ? 150 : 24, need);
    hintCell(ws, `${columnLetter(KV_HINT_COL - 1)}${r}`, hints);
  }
  // The options of a closed list, printed under its dropdown with the chosen one ticked; the
  // label cell reaches down over both rows, as the Word form's does.
  for (const { field, row: r, valueCell } of layout.options) {
    ws.mergeCells(r - 1, 1, r, 1);
    const cell = ws.getCell(r, 2);
    const text = optionResult(field, values[field.key]);
    cell.value = { formula: optionFormula(field, valueCell), result: text };
    cell.font = BODY_FONT;
    cell.alignment = { horizontal: "left", vertical: "middle", wrapText: true };
    for (let c = 2; c <= 4; c++) ws.getCell(r, c).border = BORDER;
    ws.mergeCells(r, 2, r, 4);
    ws.getRow(r).height = Math.max(20, heightFor(lineCount(text, spanWidth(2, 4))));
  }
  let last = layout.last;
  if (blocks.opinion) last = opinionBlock(ws, profile, last + 1);
  if (blocks.pledge) last = pledgeBlock(ws, last + 1);
  ws.pageSetup.printArea = `A$1:D$${last}`;
}

/**
 * 推荐单位意见 (the 2025 申报书; the 2023 服务方案: 如有推荐单位，请推荐单位填写推荐意见): a
 * label, room for the opinion, 推荐单位盖章 and 年 月 日 — for the recommending unit to
 * write and stamp on paper. Every line is one the reader recognises (a label with its
 * placeholder, a signature line), so a blank block is no content.
 */
function opinionBlock(ws: ExcelJS.Worksheet, profile: Profile, top: number): number {
  const lines: [string, ExcelJS.Alignment["horizontal"], number][] =
    profile.edition === "2025"
      ? [
          ["（推荐意见）", "left", 90],
          ["推荐单位盖章", "right", 22],
          ["年    月    日", "right", 22],
        ]
      : [["（推荐单位盖章）", "right", 90]];
  styleLabel(ws.getCell(top, 1), profile.edition === "2025" ? "推荐单位意见" : "如有推荐单位，请推荐单位填写推荐意见");
  if (lines.length > 1) ws.mergeCells(top, 1, top + lines.length - 1, 1);
  lines.forEach(([text, horizontal, height], i) => {
    const r = top + i;
    const cell = ws.getCell(r, 2);
    cell.value = text;
    cell.font = BODY_FONT;
    cell.alignment = {
      horizontal,
      vertical: i === 0 && lines.length > 1 ? "top" : "bottom",
      indent: horizontal === "right" ? 2 : 0,
    };
    ws.mergeCells(r, 2, r, 4);
    frame(ws, r, i === 0, i === lines.length - 1);
    ws.getRow(r).height = height;
  });
  return top + lines.length - 1;
}

/**
 * Borders of a block's row in B:D (merged): the frame's sides, its top on the first row, its
 * bottom on the last. The master cell carries both sides too: LibreOffice draws a merged
 * range with its first cell's borders, Excel with the edge cells'.
 */
function frame(ws: ExcelJS.Worksheet, r: number, first: boolean, last: boolean): void {
  for (let c = 2; c <= 4; c++)
    ws.getCell(r, c).border = {
      left: c === 2 ? THIN : undefined,
      right: c === 4 || c === 2 ? THIN : undefined,
      top: first ? THIN : undefined,
      bottom: last ? THIN : undefined,
    };
}

/** The 真实性承诺 of the notices' forms, word for word, with its stamp and date lines. */
export const PLEDGE_TEXT = "我单位申报的所有材料，均真实、完整，如有不实，愿承担相应的责任。";
export const PLEDGE_NOTE = "（根据联合申报单位数量自行调整，每家单位均需盖章，申报主体责任声明见附件）";

/** The stamp lines of the 承诺: the lead unit's, then two joint units'. */
export function pledgeLines(): string[] {
  const out: string[] = [];
  for (const unit of ["牵头申报单位公章：", "联合申报单位公章：", "联合申报单位公章："])
    out.push("法定代表人签章：", unit, "年    月    日");
  return out;
}

/**
 * 真实性承诺 under the last key–value table of the form: the heading beside the seed's text
 * (the reader takes the row for a section heading), the 法定代表人签章 / 单位公章 / 年 月 日
 * lines of the lead and joint units, three to a row group, and the note. Nothing to fill in:
 * it is signed and stamped on paper.
 */
function pledgeBlock(ws: ExcelJS.Worksheet, top: number): number {
  const lines = pledgeLines();
  const rows = 1 + lines.length + 1;
  styleLabel(ws.getCell(top, 1), "真实性承诺");
  ws.mergeCells(top, 1, top + rows - 1, 1);
  const put = (i: number, text: string, height: number, horizontal: ExcelJS.Alignment["horizontal"] = "left") => {
    const r = top + i;
    const cell = ws.getCell(r, 2);
    cell.value = text;
    cell.font = BODY_FONT;
    cell.alignment = {
      horizontal,
      vertical: "middle",
      wrapText: true,
      // The stamp lines stand to the right, as the Word form's do.
      indent: horizontal === "left" && i > 0 && i < rows - 1 ? 12 : 0,
    };
    ws.mergeCells(r, 2, r, 4);
    frame(ws, r, i === 0, i === rows - 1);
    ws.getRow(r).height = height;
  };
  put(0, PLEDGE_TEXT, 36);
  lines.forEach((text, i) => put(1 + i, text, i % 3 === 2 ? 28 : 20));
  put(rows - 1, PLEDGE_NOTE, 36);
  return top + rows - 1;
}

const INSTRUCTIONS_WIDTH = 76;

function line(ws: ExcelJS.Worksheet, text: string, font: Partial<ExcelJS.Font> = BODY_FONT, width = INSTRUCTIONS_WIDTH): void {
  const row = ws.addRow([text]);
  const cell = row.getCell(1);
  cell.font = font;
  cell.alignment = { vertical: "top", wrapText: true };
  row.height = Math.min(MAX_ROW_HEIGHT, heightFor(lineCount(text, width), font.size ?? 11));
}

function wordLimits(defs: TableDef[]): string[] {
  const out: string[] = [];
  for (const def of defs) for (const f of def.fields) if (f.maxWords) out.push(`“${f.label}”不超过${f.maxWords}字`);
  return out;
}

function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * Our own conventions, one per row. No "label：" text here: the reader looks for labels
 * with a colon anywhere in a sheet.
 */
export function conventions(profile: Profile, form: FormId, defs: TableDef[]): string[] {
  const lists = defs.filter((d) => d.layout === "list");
  const kv = defs.filter((d) => d.layout === "keyValue");
  const out: string[] = [];
  out.push(
    `本工作簿的工作表依次为 ${defs.map((d) => d.sheet).join("、")}，与通知附件中的表格一一对应；请勿修改工作表名称、列标题和项目名称，也不要删除工作表。`,
  );
  if (lists.length) {
    out.push("在表格最后一行按 Tab 键或直接在下方输入即可增加行，下拉选项和校验会自动延续。");
    out.push("序号按 1、2、3…… 顺序填写；模板已预先编好序号，只有序号、没有其他内容的行视为空行，无需删除。");
  }
  if (kv.length)
    out.push(
      "基本信息类工作表按通知附件的版式排列（两项一行处与 Word 表单相同），每个项目只填其右侧的一个单元格；选项类项目（如单位性质）下一行的“□/☑”选项行由所选内容自动勾选，打印稿上列出全部选项，该行无需填写。",
    );
  out.push("带下拉箭头的单元格请从下拉列表中选择；选“其他（请注明）”时请把括号里的文字改为具体内容，如 其他（社会团体）。");
  out.push(
    "必填项尚未填写时，打印区域右侧的提示列以红字“← 必填”列出该行未填的项目（列表中该行填写了内容后才提示），填写后自动消失；提示列和单元格的输入提示都不打印。",
  );
  if (coverLines(form, defs).length || PLEDGE_FORMS.has(form))
    out.push("本页开头的封面各项由各工作表中填写的内容自动生成；推荐单位意见、真实性承诺在打印稿上签字盖章，无需在表格中填写。");
  const words = wordLimits(defs);
  if (words.length)
    out.push(
      `字数限制 ${words.join("，")}；字数按 Word/WPS 的统计方法计算（每个汉字或全角标点计 1 字，连续的英文字母或数字计 1 字，空格不计）。Excel 只能数字符：长文字单元格达到限制的字符数时即提示，实际字数可能仍在限制之内，以 pilot-forms 校验的结果为准。`,
    );
  out.push("日期请填写为 2025-11-28 或 2025年11月28日 的形式；金额以万元为单位，只填数字。");
  out.push(
    "信用代码、电话等单元格已设为文本格式，可直接输入，开头的 0 不会丢失；联系方式（手机与邮箱）请在一个单元格内填写手机号码和电子邮箱，用“/”分隔。",
  );
  if (form === "case-summary" && profile.recommender)
    out.push(
      `推荐单位请填写本地推荐单位全称（如 某市工业和信息化局）；全省汇总表的推荐单位为“${profile.recommender}”，由省厅汇总时填写。`,
    );
  out.push("请始终保存为 .xlsx 格式（WPS 中请选择“Excel 文件(*.xlsx)”），不要另存为 .xls 或 .et，也不要设置打开密码。");
  return out;
}

/** Forms whose Word form has 推荐单位意见 (under the unit's table) and 真实性承诺 (under the last table). */
const OPINION_FORMS = new Set<FormId>(["case-application", "service-plan"]);
const PLEDGE_FORMS = new Set<FormId>(["case-application", "service-plan", "pilot-institution", "pilot-enterprise"]);

/** A line of the Word form's cover page: its label as printed, and the field it shows. */
export interface CoverLine {
  label: string;
  table: TableId;
  key: string;
  /** （加盖单位公章） after the value. */
  stamp?: boolean;
}

/** The cover page's lines of a form (the seeds' cover pages); none for the 推荐汇总表. */
export function coverLines(form: FormId, defs: TableDef[]): CoverLine[] {
  const has = (table: TableId, key: string) => defs.some((d) => d.id === table && d.fields.some((f) => f.key === key));
  const lines: CoverLine[] = [];
  const add = (label: string, table: TableId, key: string, stamp?: boolean) => {
    if (has(table, key)) lines.push({ label, table, key, stamp });
  };
  switch (form) {
    case "case-application":
      add("案 例 名 称", "case", "title");
      add("申 报 单 位", "unit", "name", true);
      add("申 报 日 期", "unit", "date");
      break;
    case "service-plan":
      add("方 案 名 称", "scheme", "title");
      add("申 报 方 向", "scheme", "direction");
      add("牵头申报单位", "unit", "name", true);
      add("申 报 日 期", "unit", "date");
      break;
    case "pilot-institution":
    case "pilot-enterprise":
      add("方 案 名 称", "unit", "title");
      add("申 报 方 向", "unit", "direction");
      add("牵头申报单位", "unit", "name", true);
      add("申 报 日 期", "unit", "date");
      break;
    case "pilot-authority":
      add("申 报 单 位", "authority", "name", true);
      add("申 报 日 期", "authority", "date");
      break;
    case "case-summary":
      break;
  }
  return lines;
}

const BLANK_DATE = "    年    月    日";

/** The cover line's formula: its label, the value from its table's sheet, the stamp note. */
export function coverFormula(line: CoverLine, def: TableDef): string {
  const ref = `'${def.sheet}'!${keyValueCell(def, line.key)}`;
  const field = def.fields.find((f) => f.key === line.key)!;
  const value =
    field.kind === "date"
      ? `IF(LEN(TRIM(${ref}))=0,"${BLANK_DATE}",IFERROR(YEAR(${ref})&"年"&MONTH(${ref})&"月"&DAY(${ref})&"日",TRIM(${ref})))`
      : `TRIM(${ref})`;
  return `"${line.label}："&${value}${line.stamp ? `&"（加盖单位公章）"` : ""}`;
}

/** What coverFormula computes for a value (the cached result). */
export function coverResult(line: CoverLine, def: TableDef, value: CellValue | undefined): string {
  const field = def.fields.find((f) => f.key === line.key)!;
  let text: string;
  if (field.kind === "date") {
    if (isBlankValue(value)) text = BLANK_DATE;
    else if (value instanceof Date) text = `${value.getUTCFullYear()}年${value.getUTCMonth() + 1}月${value.getUTCDate()}日`;
    else text = String(value).trim();
  } else text = isBlankValue(value) ? "" : value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim();
  return `${line.label}：${text}${line.stamp ? "（加盖单位公章）" : ""}`;
}

function addInstructionsSheet(wb: ExcelJS.Workbook, profile: Profile, form: FormId, defs: TableDef[], data?: TemplateData): void {
  const edition = requireEdition(profile, form);
  // One column only, so it must fit the page unscaled: LibreOffice never scales a single
  // column to fit the page width (it is "one page wide" however wide it is).
  const width = INSTRUCTIONS_WIDTH;
  const ws = wb.addWorksheet(INSTRUCTIONS_SHEET, {
    views: [{ state: "normal", showGridLines: false }],
    pageSetup: { ...printSetup(false), fitToHeight: 1 },
    headerFooter: { oddFooter: FOOTER, evenFooter: FOOTER },
  });
  ws.getColumn(1).width = width;
  line(ws, edition.name, TITLE_FONT, width);
  ws.getCell("A1").alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  line(ws, "");
  // The Word form's cover page, its values drawn from the sheets where they are filled in (this
  // sheet is the reader's helper sheet: nothing on it is read, so nothing here is typed twice).
  const cover = coverLines(form, defs);
  for (const c of cover) {
    const def = defs.find((d) => d.id === c.table)!;
    const text = coverResult(c, def, data?.kv?.[c.table]?.[c.key]);
    const row = ws.addRow([{ formula: coverFormula(c, def), result: text }]);
    const cell = row.getCell(1);
    cell.font = { name: FONT, size: 14 };
    cell.alignment = { vertical: "middle", wrapText: true, indent: 6 };
    row.height = Math.max(30, heightFor(lineCount(text, width - 6), 14));
  }
  if (cover.length) {
    line(ws, "（封面各项取自各工作表中填写的内容，请在对应工作表中填写。）", {
      name: FONT,
      size: 9,
      color: { argb: "FF808080" },
    });
    line(ws, "");
  }
  const attachment = edition.attachment ? `${edition.attachment}` : "附件";
  line(ws, `依据文件：${profile.noticeTitle}（${profile.notice}）${attachment}`);
  line(ws, `发文单位：${profile.issuer}`);
  line(ws, edition.deadline ? `上报截止时间：${formatDate(edition.deadline)}前` : "上报截止时间：以通知要求为准");
  line(ws, "");
  if (edition.instructions.length) {
    line(ws, "一、通知中的填报说明", BOLD_FONT);
    for (const text of edition.instructions) line(ws, text);
    line(ws, "");
  }
  line(ws, `${edition.instructions.length ? "二" : "一"}、本模板的填写约定`, BOLD_FONT);
  conventions(profile, form, defs).forEach((text, i) => line(ws, `${i + 1}. ${text}`));
  line(ws, `模板由 pilot-forms 根据 ${profile.id} 配置生成（模板版本 ${TEMPLATE_VERSION}）。`, {
    name: FONT,
    size: 9,
    color: { argb: "FF808080" },
  });
}

function addOptionsSheet(wb: ExcelJS.Workbook, lists: OptionLists): void {
  const ws = wb.addWorksheet(OPTIONS_SHEET, { state: "hidden" });
  lists.lists.forEach((list, i) => {
    const letter = columnLetter(i);
    // Row 1 holds the ASCII name, not a label: the reader looks for labels in every sheet.
    ws.getCell(`${letter}1`).value = list.name;
    list.values.forEach((v, j) => {
      const cell = ws.getCell(`${letter}${j + 2}`);
      cell.value = v;
      cell.numFmt = TEXT_FORMAT;
    });
    ws.getColumn(i + 1).width = 24;
    wb.definedNames.add(`'${OPTIONS_SHEET}'!$${letter}$2:$${letter}$${list.values.length + 1}`, list.name);
  });
}

function addMetaSheet(wb: ExcelJS.Workbook, profile: Profile, form: FormId): void {
  const ws = wb.addWorksheet(META_SHEET, { state: "veryHidden" });
  for (const [key, value] of metaRows({ form, profile: profile.id, templateVersion: TEMPLATE_VERSION })) {
    const row = ws.addRow([key, value]);
    row.getCell(2).numFmt = TEXT_FORMAT;
  }
  ws.getColumn(1).width = 18;
  ws.getColumn(2).width = 30;
}

// ---------------------------------------------------------------------------------------
// Public API

/** The template of one form under one profile: blank, or filled with `data`. */
export function buildTemplate(profile: Profile, form: FormId, data?: TemplateData): ExcelJS.Workbook {
  const edition = requireEdition(profile, form);
  const defs = tablesForForm(profile, form);
  const wb = new ExcelJS.Workbook();
  wb.creator = "pilot-forms";
  wb.lastModifiedBy = "pilot-forms";
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  wb.title = edition.name;
  wb.subject = `${profile.noticeTitle}（${profile.notice}）`;
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: "visible" }];
  const lists = new OptionLists();
  addInstructionsSheet(wb, profile, form, defs, data);
  const kv = defs.filter((d) => d.layout === "keyValue");
  for (const def of defs) {
    if (def.layout === "list") addListSheet(wb, def, lists, data);
    else
      addKeyValueSheet(wb, profile, def, lists, data, {
        opinion: def.id === "unit" && OPINION_FORMS.has(form),
        pledge: def === kv[kv.length - 1] && PLEDGE_FORMS.has(form),
      });
  }
  addOptionsSheet(wb, lists);
  addMetaSheet(wb, profile, form);
  return wb;
}

/** The template as deterministic .xlsx bytes. */
export async function templateBuffer(profile: Profile, form: FormId, data?: TemplateData): Promise<Buffer> {
  const wb = buildTemplate(profile, form, data);
  return workbookBytes(wb, { transform: templateParts });
}

/** The application our workbooks name in docProps/app.xml (exceljs writes "Microsoft Excel"). */
export const APPLICATION = "pilot-forms";

/**
 * The package as written for a template: docProps/app.xml names pilot-forms, not Microsoft
 * Excel. LibreOffice trusts the cached formula results of a file Excel saved and does not
 * recalculate them; saving such a file as .xls it then writes every text result it did not
 * recompute as 0 (the option lines, hints and cover lines would read as 0). A file from
 * another program it recalculates on opening, and the .xls holds the texts.
 */
export function templateParts(parts: PackageParts): void {
  const xml = partText(parts, "docProps/app.xml");
  if (xml === undefined) return;
  parts.set("docProps/app.xml", xml.replace(/<Application>[^<]*<\/Application>/, `<Application>${APPLICATION}</Application>`));
}
