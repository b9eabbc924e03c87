// The forms core's entry point: grids → form → tables → records → rules → issues.
// The CLI (exceljs grids) and the pane (Office.js grids) both call validateGrid.
import { parseA1 } from "./address.js";
import type { FormId, Issue, LocatedTable, TableId, TableRecord, WorkbookGrid } from "./model.js";
import { formEdition, type Profile } from "./profile.js";
import { detectForm, Locator, type SheetResult } from "./locate.js";
import { FORM_TABLES, tableDef, tablesForForm, type TableDef } from "./tables.js";
import { isMetaSheet, parseMeta, type WorkbookMeta } from "./meta.js";
import { todayIso } from "./parse/date.js";
import { cellText } from "./parse/text.js";
import { RULES, SEVERITY_ORDER } from "./rules/codes.js";
import { checkCell } from "./rules/cells.js";
import type { RuleContext } from "./rules/context.js";
import {
  checkDuplicates,
  checkInsurer,
  checkJointCount,
  checkPremium,
  checkRegion,
  checkRequired,
  checkSequence,
} from "./rules/records.js";
import { checkNarrative, type NarrativeInput } from "./rules/narrative.js";
import { wordTablePlace } from "./place.js";

export interface ValidateOptions {
  profile: Profile;
  /** Known form (from the metadata sheet or the caller); detected from the headings otherwise. */
  form?: FormId;
  /** YYYY-MM-DD; defaults to today in Beijing time. */
  today?: string;
  /** A Word document's text cut at its headings (narrativeSections): checked against the profile's narrative limits. */
  sections?: NarrativeInput[];
}

export interface WorkbookValidation {
  form?: FormId;
  /** The form's name under the profile. */
  formName?: string;
  tables: LocatedTable[];
  sheets: SheetResult[];
  issues: Issue[];
  /** Data rows per table. */
  rows: Partial<Record<TableId, number>>;
}

/** The metadata sheet of a workbook grid, if it has one. */
export function readMeta(grid: WorkbookGrid): WorkbookMeta | undefined {
  const sheet = grid.sheets.find((s) => isMetaSheet(s.name));
  return sheet ? parseMeta(sheet) : undefined;
}

export function ruleContext(profile: Profile, form: FormId, today?: string): RuleContext {
  return { profile, form, today: today ?? todayIso(), deadline: formEdition(profile, form)?.deadline };
}

/** Locators by profile and form (or all of a profile's forms), built once: a merge reads hundreds of workbooks. */
const locators = new WeakMap<Profile, Map<string, Locator>>();

function locatorFor(profile: Profile, form?: FormId): Locator {
  let byForm = locators.get(profile);
  if (!byForm) locators.set(profile, (byForm = new Map()));
  let locator = byForm.get(form ?? "*");
  if (!locator) {
    const defs = form ? tablesForForm(profile, form) : profile.forms.flatMap((f) => tablesForForm(profile, f.id));
    byForm.set(form ?? "*", (locator = new Locator(defs)));
  }
  return locator;
}

/** Validate every table of a workbook. */
export function validateGrid(grid: WorkbookGrid, opts: ValidateOptions): WorkbookValidation {
  const { profile } = opts;
  let form = opts.form;
  let tables: LocatedTable[];
  let sheets: SheetResult[];
  if (form) {
    ({ tables, sheets } = locatorFor(profile, form).locate(grid));
  } else {
    const candidates = profile.forms.map((f) => ({ form: f.id, defs: tablesForForm(profile, f.id) }));
    const detected = detectForm(grid, candidates);
    if (detected) {
      form = detected.form;
      ({ tables, sheets } = detected.located);
    } else {
      ({ tables, sheets } = locatorFor(profile).locate(grid));
    }
  }
  const issues: Issue[] = [];
  for (const s of sheets) {
    if (s.status !== "unrecognized") continue;
    issues.push({
      code: "sheet.unrecognized",
      severity: RULES["sheet.unrecognized"].severity,
      sheet: s.name,
      cell: "A1",
      message: `工作表“${s.name}”有内容，但没有找到可识别的表格（表头或栏目名称与模板不一致），未作校验。如它是申报表格，请按模板的表头填写。`,
    });
  }
  issues.push(...unreadIssues(sheets));
  if (!form || tables.length === 0) {
    issues.push({
      code: "file.unknown_form",
      severity: RULES["file.unknown_form"].severity,
      message: `没有找到${profile.name}的任何表格（${profile.forms.map((f) => f.name).join("、")}）。请使用 pilot-forms 生成的模板，或检查表头是否与通知中的表格一致。`,
    });
    // a known form (given by the caller) whose tables are missing still has its text checked
    if (form && opts.sections) checkNarrative(opts.sections, ruleContext(profile, form, opts.today), (i) => issues.push(i));
    return { form, tables, sheets, issues: namePlaces(sortIssues(issues, grid), grid), rows: countRows(tables) };
  }
  const ctx = ruleContext(profile, form, opts.today);
  issues.push(...runRules(tables, ctx));
  if (opts.sections) checkNarrative(opts.sections, ctx, (i) => issues.push(i));
  return {
    form,
    formName: formEdition(profile, form)?.name,
    tables,
    sheets,
    issues: namePlaces(sortIssues(issues, grid), grid),
    rows: countRows(tables),
  };
}

/** The tables' names as the notices print them (messages, the roll-up's sheets, the terminal). */
export const TABLE_NAMES: Record<TableId, string> = {
  unit: "申报单位基本信息",
  joint: "联合申报单位",
  institutions: "服务机构",
  targets: "服务对象",
  plans: "服务方案",
  case: "典型案例基本信息",
  caseSummary: "典型案例推荐汇总表",
  authority: "主管部门基本情况",
  scheme: "方案基本信息",
};

const END_KINDS: Record<NonNullable<LocatedTable["end"]>["kind"], string> = {
  footer: "表尾",
  section: "标题",
  total: "合计行",
  header: "另一表格的表头",
  label: "栏目名称",
};

/** rows.unread: runs of rows with content that no table read and that are no recognised line (SPEC §7). */
export function unreadIssues(sheets: SheetResult[]): Issue[] {
  const issues: Issue[] = [];
  for (const s of sheets) {
    for (const run of s.account?.unread ?? []) {
      const rows = run.from === run.to ? `第 ${run.from} 行` : `第 ${run.from}–${run.to} 行`;
      const shown = run.text.replace(/\s+/g, " ");
      const text = shown.length > 30 ? shown.slice(0, 30) + "…" : shown;
      let why: string;
      if (run.after) {
        const endText = run.after.text.replace(/\s+/g, " ");
        why = `表格“${TABLE_NAMES[run.after.table]}”在第 ${run.after.row} 行因${END_KINDS[run.after.kind]}“${
          endText.length > 20 ? endText.slice(0, 20) + "…" : endText
        }”结束，其下的这些行没有读入。如它们是该表的数据，请删除或移走第 ${run.after.row} 行，使数据紧接在表格中。`;
      } else if (run.inside) {
        why = `这些行在表格“${TABLE_NAMES[run.inside]}”中，但只有“序号”一栏有文字，且不是序号，未作为数据读入。如是数据，请填在对应的栏目中；如是说明，请移到表格下方并以“注：”开头。`;
      } else if (run.beside) {
        why = `这些内容在表格“${TABLE_NAMES[run.beside]}”的栏目之外（表头中没有对应的栏目）。如需汇总，请放到模板的栏目中。`;
      } else {
        why = `如它们是申报数据，请按模板的表头放入表格；如是说明文字，可删除或以“注：”开头。`;
      }
      issues.push({
        code: "rows.unread",
        severity: RULES["rows.unread"].severity,
        sheet: s.name,
        cell: run.cell,
        row: run.from,
        value: run.text,
        message: `${rows}有内容，但不属于任何表格，未汇总：“${text}”${run.cells > 1 ? `等 ${run.cells} 个单元格` : ""}。${why}`,
      });
    }
  }
  return issues;
}

function countRows(tables: LocatedTable[]): Partial<Record<TableId, number>> {
  const rows: Partial<Record<TableId, number>> = {};
  for (const t of tables) {
    const def = t.table;
    const n = t.records.length;
    rows[def] = (rows[def] ?? 0) + n;
  }
  return rows;
}

/** The rule engine on located tables: cell, record, table and workbook rules. */
export function runRules(tables: LocatedTable[], ctx: RuleContext): Issue[] {
  const issues: Issue[] = [];
  const emit = (i: Issue) => issues.push(i);
  const defs = new Map<TableId, TableDef>();
  const defOf = (id: TableId) => {
    let d = defs.get(id);
    if (!d) defs.set(id, (d = tableDef(ctx.profile, id, FORM_TABLES[ctx.form].includes(id) ? ctx.form : undefined)));
    return d;
  };
  let lead: TableRecord | undefined;
  let joint: LocatedTable | undefined;
  for (const table of tables) {
    const def = defOf(table.table);
    const present = def.fields.filter((f) => def.layout === "keyValue" || table.columns?.[f.key] !== undefined);
    const missingColumns = def.layout === "list" ? def.fields.filter((f) => table.columns?.[f.key] === undefined) : [];
    for (const record of table.records) {
      for (const field of present) {
        const fv = record.fields[field.key];
        if (fv) checkCell({ record, def, field, fv }, ctx, emit);
      }
      checkRequired(record, def, def.layout === "keyValue" ? def.fields : present, emit, table.anchor);
      if (def.id === "case") checkPremium(record, def, emit);
      if (def.id === "unit") checkRegion(record, def, ctx, emit);
    }
    if (table.records.length && missingColumns.some((f) => f.required))
      checkRequired(table.records[0], def, missingColumns, (i) => emit({ ...i, cell: table.anchor }), table.anchor);
    if (table.meta) {
      const lines = [...(def.header ?? []), ...(def.footer ?? [])];
      const metaDef: TableDef = { ...def, layout: "keyValue", fields: lines };
      for (const field of lines) {
        const fv = table.meta.fields[field.key];
        if (fv) checkCell({ record: table.meta, def: metaDef, field, fv }, ctx, emit);
      }
      if (table.records.length) checkRequired(table.meta, metaDef, lines, emit, table.anchor);
    }
    checkSequence(table, def, emit);
    if (def.id === "unit") lead = table.records[0];
    if (def.id === "joint") joint = table;
  }
  for (const table of tables) {
    const def = defOf(table.table);
    checkDuplicates(table, def, lead, emit);
    if (def.id === "joint") checkJointCount(table, def, ctx, emit);
  }
  checkInsurer(lead, tables.some((t) => t.table === "unit") ? defOf("unit") : undefined, joint, ctx, emit);
  checkSeveralForms(tables, ctx, emit);
  return issues;
}

/** The tables a form has once (its 基本信息): found twice, the file holds several submissions. */
const ONCE_PER_FORM: TableId[] = ["case", "scheme", "unit", "authority"];

/**
 * file.several_forms: a form's one-per-submission table (典型案例基本信息, 方案基本信息, the lead's
 * 基本信息) filled in more than once — several 申报书s pasted into one Word document or workbook.
 * All are read, checked and merged, but the roll-up labels the whole file with the first one's
 * lead and name, so the clerk is asked to send one file each. One issue per file, at the second one.
 */
function checkSeveralForms(tables: LocatedTable[], ctx: RuleContext, emit: (i: Issue) => void): void {
  for (const id of ONCE_PER_FORM) {
    const filled = tables.filter((t) => t.table === id && t.records.length > 0);
    if (filled.length < 2) continue;
    const def = tableDef(ctx.profile, id, FORM_TABLES[ctx.form].includes(id) ? ctx.form : undefined);
    const names = filled
      .map((t) => cellText(t.records[0].fields.title?.value ?? t.records[0].fields.name?.value ?? null).trim())
      .filter(Boolean);
    const second = filled[1];
    emit({
      code: "file.several_forms",
      severity: RULES["file.several_forms"].severity,
      message:
        `本文件中有 ${filled.length} 份“${def.heading}”${names.length ? `（${names.map((n) => `“${n}”`).join("、")}）` : ""}，` +
        `像是几份申报材料合在了一个文件里。都已读取、校验和汇总，但汇总表中整个文件按第一份的单位和名称标注：请把每份申报材料分别保存为一个文件后重新提交。`,
      sheet: second.records[0].sheet,
      cell: second.anchor,
      table: id,
      row: second.records[0].row,
    });
    return;
  }
}

/** Word tables' issues get their place in words (第2个表格第3行第2列): a cell address means nothing in a .docx. */
function namePlaces(issues: Issue[], grid: WorkbookGrid): Issue[] {
  const words = new Map(grid.sheets.filter((s) => s.kind === "wordTable").map((s) => [s.name, s]));
  if (!words.size) return issues;
  for (const i of issues) {
    const sheet = i.sheet === undefined ? undefined : words.get(i.sheet);
    const place = sheet && wordTablePlace(sheet, i.cell);
    if (place) i.place = place;
  }
  return issues;
}

/** Issues in workbook order: sheet, row, column; then severity. */
export function sortIssues(issues: Issue[], grid?: WorkbookGrid): Issue[] {
  const sheetOrder = new Map<string, number>();
  grid?.sheets.forEach((s, i) => sheetOrder.set(s.name, i));
  const pos = (i: Issue) => {
    if (!i.cell) return [-1, -1];
    try {
      const p = parseA1(i.cell);
      return [p.row, p.col];
    } catch {
      return [-1, -1];
    }
  };
  return issues
    .map((issue, index) => ({ issue, index, p: pos(issue) }))
    .sort(
      (a, b) =>
        (a.issue.file ?? "").localeCompare(b.issue.file ?? "") ||
        (sheetOrder.get(a.issue.sheet ?? "") ?? -1) - (sheetOrder.get(b.issue.sheet ?? "") ?? -1) ||
        a.p[0] - b.p[0] ||
        a.p[1] - b.p[1] ||
        SEVERITY_ORDER[a.issue.severity] - SEVERITY_ORDER[b.issue.severity] ||
        a.index - b.index,
    )
    .map((x) => x.issue);
}
