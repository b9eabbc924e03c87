// `pilot-forms merge`: city workbooks → validated records → the provincial roll-up data
// (SPEC §8). Reading and validating is checkFile (the same as `validate`); this module
// adds what only a merge needs: duplicate files, cities, cross-file rules, sorting, counts.
// No node:* module and no Buffer (issue 10: the page merges with this same code): the bytes,
// hashes, modified times and places of the inputs come from a MergeSource (the CLI's is in
// command.ts: files on disk and zip members; the page's in merge-bytes.ts: bytes in memory).
import type { CellValue, FormId, Issue, Severity, TableId, TableRecord } from "../../forms/model.js";
import type { Profile } from "../../forms/profile.js";
import { tableDef, type FieldDef } from "../../forms/tables.js";
import { RULES, SEVERITY_LABEL, SEVERITY_ORDER } from "../../forms/rules/codes.js";
import { caseTitleKey, runCrossRules, type Submission } from "../../forms/rules/cross.js";
import { descriptionLimit, draftMarkText, draftsOf, summaryValues } from "../../forms/summary-draft.js";
import { parseMoneyWan } from "../../forms/parse/money.js";
import { matchOption } from "../../forms/parse/options.js";
import { cellText, normalizeHeading } from "../../forms/parse/text.js";
import { normalizeUnitName, unitKey } from "../../forms/rules/records.js";
import { sortIssues } from "../../forms/validate.js";
import { resolveCity } from "../../forms/city.js";
import type { InputFile } from "../inputs.js";
import { isZipMagic } from "../read/zip-expand.js";
import { ZipReader } from "../read/fast.js";
import type { CheckOptions, FilePlace } from "../check-bytes.js";
import type { FileResult } from "../check.js";
import type {
  CategoryCount,
  CityReport,
  CityStats,
  ContextStatus,
  MergeResult,
  Rollup,
  RollupRow,
  RollupTable,
  SourceFile,
  SubmissionContext,
} from "./model.js";

/** 汇总 sheets in order; caseSummary goes to the official 推荐汇总表 sheet instead. */
export const ROLLUP_SHEETS: { id: TableId; sheet: string }[] = [
  { id: "targets", sheet: "服务对象汇总" },
  { id: "plans", sheet: "服务方案汇总" },
  { id: "institutions", sheet: "服务机构汇总" },
  { id: "unit", sheet: "申报单位汇总" },
  { id: "joint", sheet: "联合申报单位汇总" },
  { id: "case", sheet: "典型案例汇总" },
  { id: "authority", sheet: "主管部门汇总" },
  { id: "scheme", sheet: "方案基本信息汇总" },
];

export const UNKNOWN_CITY = "";

export type CheckFilesFn = (
  files: InputFile[],
  opts: CheckOptions,
  onProgress?: (done: number, file: string) => void,
) => Promise<FileResult[]>;

/** Where the inputs' bytes and facts come from: files on disk (the CLI) or bytes in memory (the page). */
export interface MergeSource {
  /** Reads and validates files, one after another; never throws for a bad file (it becomes file.unreadable). */
  check: CheckFilesFn;
  /** sha256 (hex) of a file's bytes, undefined when they cannot be had. */
  sha256(file: InputFile): Promise<string | undefined>;
  /** A file's bytes (for its dcterms:modified), undefined when they cannot be had. */
  bytes(file: InputFile): Promise<Uint8Array | undefined>;
  /** The file's own modified time (ms since 1970: mtime, File.lastModified); none for a zip member. */
  fileModified(file: InputFile): Promise<number | undefined>;
  /** Where a file lies (display, own name, folders), for the city of a file that was not validated. */
  place(file: InputFile): FilePlace;
}

export interface MergeReadOptions extends CheckOptions {
  source: MergeSource;
  /** Reads and validates the unique files; defaults to source.check (the CLI passes its worker pool). */
  check?: CheckFilesFn;
  onProgress?: (done: number, total: number, file: string) => void;
}

/** sha256 of each input, a few at a time (never all files in memory at once). */
async function sha256All(files: InputFile[], source: MergeSource): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = new Array(files.length);
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const i = next++;
      out[i] = await source.sha256(files[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, files.length) }, lane));
  return out;
}

/**
 * Read and validate every input once: byte-identical files are merged once (the later
 * ones become file.duplicate), every other file is checked.
 */
export async function readInputs(files: InputFile[], opts: MergeReadOptions): Promise<FileResult[]> {
  const hashes = await sha256All(files, opts.source);
  const firstOf = new Map<string, number>();
  const unique: InputFile[] = [];
  files.forEach((f, i) => {
    const h = hashes[i];
    if (h && firstOf.has(h)) return;
    if (h) firstOf.set(h, i);
    unique.push(f);
  });
  const check = opts.check ?? opts.source.check;
  const checked = await check(unique, { ...opts, lean: true }, (done, file) => opts.onProgress?.(done, unique.length, file));
  const byPath = new Map(checked.map((r) => [r.input.abs, r]));
  return files.map((f, i) => {
    const own = byPath.get(f.abs);
    if (own) return own;
    const original = files[firstOf.get(hashes[i]!)!];
    const first = byPath.get(original.abs);
    return {
      input: f,
      sha256: hashes[i],
      profile: first?.profile,
      form: first?.form,
      formName: first?.formName,
      city: first?.city,
      citySource: first?.citySource,
      issues: [
        {
          code: "file.duplicate",
          severity: RULES["file.duplicate"].severity,
          file: f.display,
          message: `与 ${original.display} 内容完全相同（重复提交），只汇总一次。`,
          files: [original.display, f.display],
        },
      ],
      status: "duplicate",
    } satisfies FileResult;
  });
}

/**
 * The city of each file that has none yet and was not validated (unreadable, not a
 * spreadsheet, or read before the profile was known): from its folders (a .zip counts as a
 * folder) and its name, so that it is counted and fed back to its city.
 */
export function assignCities(results: FileResult[], profile: Profile, placeOf: (file: InputFile) => FilePlace): void {
  for (const r of results) {
    if (r.city || r.validation) continue;
    const { folders, fileName } = placeOf(r.input);
    const found = resolveCity(profile, { folders, fileName });
    if (found) {
      r.city = found.city;
      r.citySource = found.source;
    }
  }
}

/** file.city_unknown for each readable, non-duplicate file whose city could not be found. */
export function cityIssues(results: FileResult[], profile: Profile): Issue[] {
  if (!profile.cities.length) return [];
  return results
    .filter((r) => isMerged(r) && !r.city)
    .map((r) => ({
      code: "file.city_unknown",
      severity: RULES["file.city_unknown"].severity,
      file: r.input.display,
      message: `无法确定“${r.input.display}”来自哪个城市（元数据、推荐单位、文件夹名和文件名中都没有城市名）。请把文件放进以城市命名的文件夹（如“石家庄市”）后重新汇总。`,
    }));
}

/** Every city of the profile in its order (未报送 ones too), then other names met, then unknown. */
export function cityOrder(profile: Profile, results: FileResult[]): string[] {
  const known = profile.cities.map((c) => c.name);
  const met = new Set(results.map((r) => r.city ?? UNKNOWN_CITY));
  const others = [...met]
    .filter((c) => c !== UNKNOWN_CITY && !known.includes(c))
    .sort((a, b) => a.localeCompare(b, "zh-Hans-CN"));
  const order = [...known, ...others];
  if (met.has(UNKNOWN_CITY)) order.push(UNKNOWN_CITY);
  return order;
}

function worst(issues: Issue[]): Severity | undefined {
  let w: Severity | undefined;
  for (const i of issues) if (!w || SEVERITY_ORDER[i.severity] < SEVERITY_ORDER[w]) w = i.severity;
  return w;
}

/** "错误 B5 统一社会信用代码校验位不对…" lines for a row's issues (in a Word 申报书: "错误 第1个表格第4行第2列 …"). */
function problemText(issues: Issue[]): string {
  return issues
    .map((i) => `${SEVERITY_LABEL[i.severity]} ${i.place ?? i.cell ?? ""} ${i.message}`.replace(/\s+/g, " ").trim())
    .join("\n");
}

/**
 * A record's values as the roll-up shows them: as read, except a Word check-box list
 * ("□事业单位 ☑国有控股企业 □民营企业 …") of a field with options, which shows the option
 * ticked (其他 with what was written), so that the column filters like typed values.
 */
export function rowValues(record: TableRecord, fields: FieldDef[]): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  for (const [k, fv] of Object.entries(record.fields))
    if (fv)
      out[k] = shownOption(
        fv.value,
        fields.find((f) => f.key === k),
      );
  return out;
}

const CHECK_BOX = /[□☐☑■☒√✓✔]/;

function shownOption(value: CellValue, field: FieldDef | undefined): CellValue {
  if (typeof value !== "string" || !field?.options?.length || !CHECK_BOX.test(value)) return value;
  const m = matchOption(value, field.options);
  if (m.status === "exact") return m.option;
  if (m.status === "other") return `${m.option.replace(/[（(].*$/, "")}（${m.detail}）`;
  return value;
}

/** Build the roll-up data from checked files and the issues found across them. */
export function buildRollupData(
  profile: Profile,
  results: FileResult[],
  extraIssues: Issue[],
  skipped: { path: string; reason: string }[],
  outputDir: string,
): Rollup {
  const cities = cityOrder(profile, results);
  const cityRank = new Map(cities.map((c, i) => [c, i]));
  const merged = results.filter(isMerged);
  merged.sort(
    (a, b) =>
      (cityRank.get(a.city ?? UNKNOWN_CITY) ?? 0) - (cityRank.get(b.city ?? UNKNOWN_CITY) ?? 0) ||
      a.input.display.localeCompare(b.input.display, "zh-Hans-CN"),
  );
  const allIssues = sortIssues([...results.flatMap((r) => r.issues), ...extraIssues]);

  // Issues by file, table, sheet and row (key–value records: by file, table and sheet).
  const issueKey = (file: string, table: string | undefined, sheet: string | undefined, row: number | undefined) =>
    `${file}\u0000${table ?? ""}\u0000${sheet ?? ""}\u0000${row ?? ""}`;
  const byRow = new Map<string, Issue[]>();
  const add = (k: string, i: Issue) => {
    const list = byRow.get(k);
    if (list) list.push(i);
    else byRow.set(k, [i]);
  };
  for (const i of allIssues) {
    if (!i.file || !i.table) continue;
    add(issueKey(i.file, i.table, i.sheet, i.row), i);
    add(issueKey(i.file, i.table, i.sheet, undefined), i);
  }

  const statusByFile = fileStatuses(allIssues);
  // Field definitions per form and table (a unit table's options differ between forms).
  const defsByTable = new Map<string, FieldDef[]>();
  const fieldsOf = (id: TableId, form: FormId | undefined) => {
    const key = `${form ?? ""}\u0000${id}`;
    let defs = defsByTable.get(key);
    if (!defs) defsByTable.set(key, (defs = tableDef(profile, id, form).fields));
    return defs;
  };
  const rowsByTable = new Map<TableId, RollupRow[]>();
  const summary: RollupRow[] = [];
  const directionRows: { city: string; label: string }[] = [];
  for (const r of merged) {
    const context = submissionContext(r, statusByFile.get(r.input.display) ?? "ok");
    // A 工作方案 counts once per direction; a supplement with only its lists (服务对象补充表) does not.
    const cover = r.validation!.tables.some((t) => (t.table === "unit" || t.table === "scheme") && t.records.length > 0);
    if (r.form && DIRECTION_FORMS.has(r.form) && cover)
      directionRows.push({ city: r.city ?? UNKNOWN_CITY, label: context.direction });
    for (const t of r.validation!.tables) {
      const keyValue = !t.columns;
      const defs = fieldsOf(t.table, r.form);
      let rows = rowsByTable.get(t.table);
      if (!rows) rowsByTable.set(t.table, (rows = []));
      for (const record of t.records) {
        const own = byRow.get(issueKey(r.input.display, t.table, record.sheet, keyValue ? undefined : record.row)) ?? [];
        const row: RollupRow = {
          city: r.city ?? UNKNOWN_CITY,
          file: r.input.display,
          sheet: record.sheet,
          row: record.row,
          values: rowValues(record, defs),
          problems: problemText(own),
          severity: worst(own),
          context,
        };
        (t.table === "caseSummary" ? summary : rows).push(row);
      }
    }
  }

  // 申报书s their city's 推荐汇总表 does not list: drafted rows after the city's own (a stable sort).
  if (profile.forms.some((f) => f.id === "case-summary")) {
    const byFile = new Map<string, Issue[]>();
    for (const i of allIssues) {
      if (!i.file) continue;
      const list = byFile.get(i.file);
      // (push, not a copy per issue: a file with 100,000 issues made that quadratic)
      if (list) list.push(i);
      else byFile.set(i.file, [i]);
    }
    summary.push(...draftedSummaryRows(profile, merged, summary, (file) => byFile.get(file) ?? [], statusByFile));
    summary.sort((a, b) => (cityRank.get(a.city) ?? 0) - (cityRank.get(b.city) ?? 0));
  }

  const tables: RollupTable[] = [];
  for (const { id, sheet } of ROLLUP_SHEETS) {
    const rows = rowsByTable.get(id);
    if (!rows?.length) continue;
    tables.push({ id, sheet, fields: rollupFields(profile, id), rows });
  }

  // Duplicates and superseded submissions are listed in 来源文件 but counted once: not in the
  // files, rows or issues of their city. A city with no input at all is 未报送 (missing).
  const stats = cities.map((city) => {
    const mine = results.filter((r) => (r.city ?? UNKNOWN_CITY) === city);
    const s = cityStats(city, mine.filter(isCounted), allIssues);
    s.status = mine.length ? "reported" : "missing";
    return s;
  });
  const total = cityStats("合计", results.filter(isCounted), allIssues);
  const reported = cities.filter((_, i) => stats[i].status !== "missing");
  return {
    profile,
    cities,
    summary,
    tables,
    stats,
    total,
    industries: categoryCounts(labelsOf(rowsByTable.get("targets"), "industry"), reported),
    planTypes: categoryCounts(labelsOf(rowsByTable.get("plans"), "type"), reported),
    directions: categoryCounts(directionRows, reported),
    issues: allIssues,
    files: sourceFiles(results),
    skipped,
    outputDir,
  };
}

/**
 * A provincial summary row for each 典型案例申报书 (with a 案例名称) that no 推荐汇总表 of its city
 * lists (SPEC §14): drafted as `pilot-forms summary` drafts a city's (forms/summary-draft.ts),
 * pointing at the 申报书's 案例名称. Its 问题 — and its severity, so that a wrong value is
 * marked ※ like a city's own row — are what the draft could not fill and the issues on the
 * cells it was drafted from: the 案例名称 (the cross.summary_mismatch saying the summary lacks
 * it), the applicant's 单位名称, 单位类别, 联系人 and 联系电话, the joint units' 单位名称.
 */
export function draftedSummaryRows(
  profile: Profile,
  merged: FileResult[],
  summary: RollupRow[],
  issuesOf: (file: string) => Issue[],
  statusByFile: Map<string, ContextStatus>,
): RollupRow[] {
  const listed = new Set(summary.map((row) => `${row.city}\u0000${caseTitleKey(cellText(row.values.title ?? null))}`));
  const limit = descriptionLimit(profile);
  const out: RollupRow[] = [];
  for (const r of merged) {
    const city = r.city ?? UNKNOWN_CITY;
    const unitLabels = new Set(
      tableDef(profile, "unit", r.form)
        .fields.filter((f) => DRAFTED_UNIT_FIELDS.includes(f.key))
        .map((f) => f.label),
    );
    const drafts = draftsOf(profile, { file: r.input.display, tables: r.validation!.tables, sections: r.sections });
    for (const { row: d, kase, unit } of drafts) {
      if (!kase || !d.title || listed.has(`${city}\u0000${caseTitleKey(d.title)}`)) continue;
      const own = issuesOf(r.input.display).filter(
        (i) =>
          (i.table === "case" && i.sheet === kase.sheet && (i.row === kase.row || i.cell === kase.fields.title?.cell)) ||
          (i.table === "unit" && (!unit || i.sheet === unit.sheet) && unitLabels.has(i.column ?? "")) ||
          (i.table === "joint" && i.column === "单位名称" && drafts.length === 1),
      );
      const marks = draftMarkText(d, limit);
      out.push({
        city,
        file: r.input.display,
        sheet: kase.sheet,
        row: kase.row,
        values: summaryValues(d),
        problems: [`提示 本行由申报书生成${marks ? `：${marks}` : ""}`, problemText(own)].filter(Boolean).join("\n"),
        severity: worst(own) ?? "info",
        context: submissionContext(r, statusByFile.get(r.input.display) ?? "ok"),
        draft: { marked: d.marked },
      });
    }
  }
  return out;
}

/** The unit fields a drafted summary row takes (申报单位, 单位类别, 联系人, 联系电话). */
const DRAFTED_UNIT_FIELDS = ["name", "category", "contact", "phone"];

/** The columns of a 汇总 sheet: the table's fields as the profile words them, 序号 left out. */
export function rollupFields(profile: Profile, id: TableId): FieldDef[] {
  return tableDef(profile, id).fields.filter((f) => f.kind !== "seq");
}

function cityStats(city: string, results: FileResult[], issues: Issue[]): CityStats {
  const files = new Set(results.map((r) => r.input.display));
  const rows: Partial<Record<TableId, number>> = {};
  let premium = 0;
  let cover = 0;
  for (const r of results) {
    for (const t of r.validation?.tables ?? []) {
      rows[t.table] = (rows[t.table] ?? 0) + t.records.length;
      if (t.table !== "case") continue;
      for (const rec of t.records) {
        const p = rec.fields.premium ? parseMoneyWan(rec.fields.premium.value) : undefined;
        const c = rec.fields.cover ? parseMoneyWan(rec.fields.cover.value) : undefined;
        if (p?.ok) premium += p.value;
        if (c?.ok) cover += c.value;
      }
    }
  }
  const mine = issues.filter((i) => (i.file ? files.has(i.file) : false));
  return {
    city,
    files: files.size,
    rows,
    premium: round2(premium),
    cover: round2(cover),
    errors: mine.filter((i) => i.severity === "error").length,
    warnings: mine.filter((i) => i.severity === "warning").length,
    infos: mine.filter((i) => i.severity === "info").length,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function labelsOf(rows: RollupRow[] | undefined, key: string): { city: string; label: string }[] {
  return (rows ?? []).map((row) => ({ city: row.city, label: cellText(row.values[key] ?? null) }));
}

function categoryCounts(rows: { city: string; label: string }[], cities: string[]): CategoryCount[] {
  const counts = new Map<string, CategoryCount>();
  for (const row of rows) {
    const label = row.label.trim() || "（未填写）";
    let c = counts.get(label);
    if (!c) counts.set(label, (c = { label, byCity: Object.fromEntries(cities.map((x) => [x, 0])), total: 0 }));
    c.byCity[row.city] = (c.byCity[row.city] ?? 0) + 1;
    c.total++;
  }
  return [...counts.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label, "zh-Hans-CN"));
}

/** The forms that name a 申报方向 (试点工作方案 and 服务方案): counted per direction in 分市统计. */
const DIRECTION_FORMS = new Set<FormId>(["pilot-institution", "pilot-enterprise", "service-plan"]);

/** Each file's status from all its issues (its own and the cross-file ones): 提示 alone is ok. */
function fileStatuses(issues: Issue[]): Map<string, ContextStatus> {
  const out = new Map<string, ContextStatus>();
  for (const i of issues) {
    if (!i.file || (i.severity !== "error" && i.severity !== "warning")) continue;
    if (i.severity === "error") out.set(i.file, "errors");
    else if (out.get(i.file) !== "errors") out.set(i.file, "warnings");
  }
  return out;
}

/**
 * The context every 汇总 row of a file carries (SPEC §14): 方案名称 (unit table of a 工作方案,
 * else 方案基本信息) or 案例名称 (典型案例基本信息), 申报方向 (the same tables), the lead unit
 * (申报单位基本信息: name, credit code, 单位类别) and the file's status. A value the file
 * does not have is "".
 */
export function submissionContext(r: FileResult, status: ContextStatus): SubmissionContext {
  const tables = r.validation?.tables ?? [];
  const first = (id: TableId) => tables.find((t) => t.table === id)?.records[0];
  const unit = first("unit");
  const scheme = first("scheme");
  const text = (rec: TableRecord | undefined, key: string) => cellText(rec?.fields[key]?.value ?? null).trim();
  const pick = (key: string, from: (TableRecord | undefined)[]) => from.map((rec) => text(rec, key)).find(Boolean) ?? "";
  return {
    title: pick("title", [unit, scheme, first("case")]),
    direction: pick("direction", [unit, scheme]),
    lead: text(unit, "name"),
    leadCode: text(unit, "uscc"),
    leadCategory: text(unit, "category"),
    status,
  };
}

/** Issues about a whole file whose message is the 说明 of its 来源文件 row. */
const FILE_NOTES = new Set<string>(["file.unreadable", "file.not_spreadsheet", "file.duplicate", "file.superseded"]);

function sourceFiles(results: MergeResult[]): SourceFile[] {
  return results.map((r) => ({
    path: r.input.display,
    city: r.city ?? UNKNOWN_CITY,
    citySource: r.citySource ?? "",
    form: r.formName ?? "",
    profile: r.profile?.id ?? "",
    sha256: r.sha256 ?? "",
    bytes: r.bytes ?? 0,
    rows: r.status === "duplicate" ? {} : (r.validation?.rows ?? {}),
    status: r.supersededBy ? "superseded" : r.status,
    ...(r.issues.some((i) => i.code === "file.not_spreadsheet") ? { notSpreadsheet: true } : {}),
    note:
      r.issues.find((i) => FILE_NOTES.has(i.code) && !i.sheet)?.message ??
      (r.status === "unreadable"
        ? (r.issues[0]?.message ?? "")
        : r.issues.some((i) => i.code === "file.unknown_form")
          ? "没有找到可识别的表格"
          : ""),
  }));
}

/** Cross-file rules over the merged (readable, non-duplicate, not superseded) files. */
export function crossFileIssues(results: FileResult[], profile: Profile): Issue[] {
  const subs: Submission[] = results
    .filter(isMerged)
    .map((r) => ({ file: r.input.display, city: r.city, form: r.form, tables: r.validation!.tables }));
  return runCrossRules(subs, profile);
}

/** Counted for its city: neither a byte-identical duplicate nor a submission a newer version replaced. */
export function isCounted(r: MergeResult): boolean {
  return r.status !== "duplicate" && !r.supersededBy;
}

/** Its rows go into the 汇总 sheets and the cross-file rules: read, counted. */
export function isMerged(r: MergeResult): boolean {
  return !!r.validation && isCounted(r);
}

/** The JSON report's `cities` (SPEC §9): every city of the roll-up, 未报送 ones as missing with zeros. */
export function cityReports(rollup: Rollup): CityReport[] {
  return rollup.stats.map((s) => ({
    city: s.city,
    status: s.status ?? "reported",
    files: s.files,
    rows: s.rows,
    errors: s.errors,
    warnings: s.warnings,
  }));
}

// ---- resubmissions ---------------------------------------------------------------------

/**
 * What makes two files versions of one submission: city, form, lead unit (credit code,
 * else normalised name) and the case or plan name; for a city's 推荐汇总表, city, form and
 * its 推荐单位 (a city sends one summary: a second is a corrected one). undefined when a part
 * is missing.
 */
export function resubmissionKey(r: FileResult): string | undefined {
  if (!isMerged(r) || !r.city || !r.form) return undefined;
  const tables = r.validation!.tables;
  const summary = tables.find((t) => t.table === "caseSummary");
  if (summary) {
    const recommender = cellText(summary.meta?.fields.recommender?.value ?? null);
    return [r.city, r.form, normalizeUnitName(recommender)].join("\u0000");
  }
  const first = (id: TableId) => tables.find((t) => t.table === id)?.records[0];
  const lead = first("unit");
  const who = lead ? unitKey(lead) : undefined;
  const title = [first("unit"), first("scheme"), first("case")]
    .map((rec) => cellText(rec?.fields.title?.value ?? null).trim())
    .find(Boolean);
  if (!who || !title) return undefined;
  return [r.city, r.form, who, normalizeHeading(title).replace(/[“”"'《》<>]/g, "")].join("\u0000");
}

/** The case keys of a city summary's rows. */
function summaryCases(r: FileResult): Set<string> {
  const out = new Set<string>();
  for (const t of r.validation?.tables ?? [])
    if (t.table === "caseSummary")
      for (const rec of t.records) {
        const title = cellText(rec.fields.title?.value ?? null).trim();
        if (title) out.add(caseTitleKey(title));
      }
  return out;
}

/** Summaries grouped by shared cases (connected: A shares with B, B with C → one group). */
function overlapping(list: MergeResult[]): MergeResult[][] {
  const cases = list.map(summaryCases);
  const group = list.map((_, i) => i);
  const root = (i: number): number => (group[i] === i ? i : (group[i] = root(group[i])));
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) if ([...cases[i]].some((k) => cases[j].has(k))) group[root(j)] = root(i);
  const out = new Map<number, MergeResult[]>();
  list.forEach((r, i) => out.set(root(i), [...(out.get(root(i)) ?? []), r]));
  return [...out.values()];
}

/** The case or plan name of a submission, for the message. */
function submissionTitle(r: FileResult): string {
  const tables = r.validation?.tables ?? [];
  for (const id of ["unit", "scheme", "case"] as TableId[]) {
    const t = cellText(tables.find((x) => x.table === id)?.records[0]?.fields.title?.value ?? null).trim();
    if (t) return t;
  }
  return "";
}

/** When a file was last changed: the workbook's own dcterms:modified (docProps/core.xml of an .xlsx), and the file's mtime. */
export interface ModifiedTimes {
  workbook?: number;
  file?: number;
}

/** dcterms:modified from an .xlsx's docProps/core.xml (ms since 1970), or undefined. */
export function workbookModified(bytes: Uint8Array): number | undefined {
  if (!isZipMagic(bytes)) return undefined;
  try {
    const zip = new ZipReader(bytes, 4 * 1024 * 1024);
    const name = zip.resolve("docProps/core.xml", "");
    const xml = name ? zip.text(name) : undefined;
    const m = xml && /<(?:[\w.-]+:)?modified\b[^>]*>\s*([^<]+?)\s*</.exec(xml);
    if (!m) return undefined;
    const t = Date.parse(m[1]);
    return Number.isFinite(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

/** A file's modified times from its source: dcterms:modified from its bytes, the file's own time (not for a zip member). */
export function modifiedTimes(source: MergeSource): (r: FileResult) => Promise<ModifiedTimes> {
  return async (r) => {
    const bytes = await source.bytes(r.input);
    const workbook = bytes ? workbookModified(bytes) : undefined;
    const file = !r.input.member && !r.input.failed ? await source.fileModified(r.input) : undefined;
    return { workbook, file };
  };
}

/** >0 when a is newer, <0 when b is, 0 when neither time tells them apart. */
function compareModified(a: ModifiedTimes, b: ModifiedTimes): number {
  if (a.workbook !== undefined && b.workbook !== undefined && a.workbook !== b.workbook) return a.workbook - b.workbook;
  if (a.file !== undefined && b.file !== undefined && a.file !== b.file) return a.file - b.file;
  return 0;
}

function timeText(t: ModifiedTimes): string {
  const ms = t.workbook ?? t.file;
  if (ms === undefined) return "";
  return new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/:\d\d\.\d+Z$/, " UTC");
}

/**
 * Resubmissions: of several files with one resubmission key, the newest (by the workbook's
 * dcterms:modified, then the file's mtime) is merged; each older one gets supersededBy and a
 * file.superseded issue naming the newer file. When the times cannot tell the newest, all
 * are kept (and the cross-file rules report the repeat). Byte-identical files never get
 * here: they are file.duplicate already. Modified times are read only for files that share
 * a key (`times`: modifiedTimes(source)). City summaries (推荐汇总表) of one key supersede each other only when they share a
 * case — a corrected list; two lists with no case in common are two batches, both merged.
 * Returns the files superseded.
 */
export async function markResubmissions(
  results: MergeResult[],
  times: (r: FileResult) => Promise<ModifiedTimes>,
): Promise<MergeResult[]> {
  const groups = new Map<string, MergeResult[]>();
  for (const r of results) {
    const k = resubmissionKey(r);
    if (!k) continue;
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  const out: MergeResult[] = [];
  const lists = [...groups.values()].flatMap((list) => (list[0].form === "case-summary" ? overlapping(list) : [list]));
  for (const list of lists) {
    if (list.length < 2) continue;
    const t = await Promise.all(list.map((r) => times(r)));
    let newest = 0;
    for (let i = 1; i < list.length; i++) if (compareModified(t[i], t[newest]) > 0) newest = i;
    if (list.some((_, i) => i !== newest && compareModified(t[newest], t[i]) <= 0)) continue;
    const newer = list[newest];
    const title = submissionTitle(newer);
    for (let i = 0; i < list.length; i++) {
      if (i === newest) continue;
      const r = list[i];
      r.supersededBy = newer.input.display;
      const when = [timeText(t[i]), timeText(t[newest])];
      const summary = r.form === "case-summary";
      const same = summary
        ? "同一城市的推荐汇总表"
        : `同一城市、同一${r.formName ?? "表单"}、同一牵头单位${title ? `、“${title}”` : ""}`;
      r.issues.unshift({
        code: "file.superseded",
        severity: RULES["file.superseded"].severity,
        file: r.input.display,
        message:
          `已被新版本 ${newer.input.display} 替代（${same}` +
          `${when[0] && when[1] ? `；本文件修改于 ${when[0]}，新版本修改于 ${when[1]}` : ""}）：本文件只列出，数据和问题不计入汇总。` +
          (summary ? "如两份汇总表的案例都应推荐，请合并为一份后重新报送。" : "如两份都应申报，请修改其中一份的名称后重新报送。"),
        files: [r.input.display, newer.input.display],
      });
      out.push(r);
    }
  }
  return out;
}
