// Cross-file rules: the merge (and `validate` with several files) feeds every submission's
// located tables through these. Codes: cross.duplicate_target, cross.duplicate_case,
// cross.lead_limit, cross.summary_mismatch. Each issue names every file involved.
import type { FormId, Issue, LocatedTable, TableRecord } from "../model.js";
import type { Profile } from "../profile.js";
import { cellText, normalizeHeading } from "../parse/text.js";
import { RULES } from "./codes.js";
import { normalizeUnitName, rowName, unitKey } from "./records.js";

/** One input file as the cross-file rules see it. */
export interface Submission {
  file: string;
  city?: string;
  form?: FormId;
  tables: LocatedTable[];
}

export type CrossRule = (submissions: Submission[], profile: Profile) => Issue[];

interface Occurrence {
  sub: Submission;
  record: TableRecord;
  cell?: string;
  value: string;
  /** cross.duplicate_case: the applicant's name as written. */
  applicant?: string;
}

function group(occurrences: Iterable<[string, Occurrence]>): Map<string, Occurrence[]> {
  const map = new Map<string, Occurrence[]>();
  for (const [k, o] of occurrences) {
    const list = map.get(k);
    if (list) list.push(o);
    else map.set(k, [o]);
  }
  return map;
}

function filesOf(list: Occurrence[]): string[] {
  return [...new Set(list.map((o) => o.sub.file))];
}

function where(o: Occurrence): string {
  return `${o.sub.city ? o.sub.city + " " : ""}${o.sub.file}${o.record.sheet ? `「${o.record.sheet}」` : ""}${rowName(o.record)}`;
}

/** Issues on every occurrence after the first, each naming all the places. */
function report(
  code: keyof typeof RULES,
  groups: Map<string, Occurrence[]>,
  message: (list: Occurrence[]) => string,
  table: LocatedTable["table"],
  column: string,
): Issue[] {
  const out: Issue[] = [];
  for (const list of groups.values()) {
    const files = filesOf(list);
    if (files.length < 2) continue;
    const text = message(list);
    for (const o of list)
      out.push({
        code,
        severity: RULES[code].severity,
        message: text,
        file: o.sub.file,
        sheet: o.record.sheet,
        cell: o.cell,
        table,
        column,
        value: o.value,
        row: o.record.row,
        files,
      });
  }
  return out;
}

/** cross.duplicate_target: the same enterprise is a service target in several submissions. */
export const duplicateTargets: CrossRule = (subs) => {
  const occ: [string, Occurrence][] = [];
  for (const sub of subs)
    for (const t of sub.tables)
      if (t.table === "targets")
        for (const record of t.records) {
          const key = unitKey(record);
          if (!key) continue;
          occ.push([key, { sub, record, cell: record.fields.name?.cell, value: cellText(record.fields.name?.value ?? null) }]);
        }
  return report(
    "cross.duplicate_target",
    group(occ),
    (list) => `服务对象“${list[0].value}”在${filesOf(list).length}份材料中重复出现：${places(list)}。请确认是否重复申报。`,
    "targets",
    "企业名称",
  );
};

/**
 * The key a case title is matched by: the heading key (no white space, half-width, 【】〔〕[]
 * and （） all as ()), without quotation marks and 《》 — so “唐山某钢厂 网络安全保险案例” and
 * 《唐山某钢厂网络安全保险案例》 match.
 */
export function caseTitleKey(title: string): string {
  return normalizeHeading(title).replace(/[“”‘’"'《》〈〉<>「」『』]/g, "");
}

/**
 * At most this many places are written out in one cross-file message (the issues still go on
 * every place): an enterprise named in 600 files would otherwise give 600 messages of 600
 * places each — a report growing with the square of the input, and cells past Excel's 32,767
 * characters in the roll-up's 问题清单.
 */
const MAX_PLACES = 20;

function places(list: Occurrence[]): string {
  const shown = list.slice(0, MAX_PLACES).map(where).join("；");
  return list.length > MAX_PLACES ? `${shown}……等共${list.length}处` : shown;
}

/**
 * cross.duplicate_case: the same case (normalised 案例名称 and 申报单位) submitted twice —
 * as 申报书s in several files, or as rows of cities' 推荐汇总表s (two cities' summaries, two
 * summary files, or twice in one summary: row.duplicate covers units, not cases).
 *
 * One finding per case: every 申报书 and every summary row of the case is grouped under one
 * key, and when either kind is duplicated the finding is one issue on each place of the
 * duplicated kind(s), all with the same message naming every place of the case once (file,
 * sheet, row; the kind that is not duplicated — a city's own 申报书 beside its summary row — is
 * named, not flagged). A case in two cities' summaries and in two 申报书s is therefore one
 * finding of four issues, not one for the 申报书s and another for the summaries. A
 * 申报书 and its own city's summary row alone are the normal pair, not a duplicate.
 */
/**
 * The 申报书s of a submission: each filled 典型案例基本信息 with its applicant — the file's
 * unit tables paired with its case tables in order (a file normally has one of each; several
 * 申报书s pasted into one document have several, file.several_forms).
 */
export function applicationsOf(tables: LocatedTable[]): { kase: TableRecord; unit?: TableRecord; index: number }[] {
  const units = tables.filter((t) => t.table === "unit" && t.records.length > 0).map((t) => t.records[0]);
  return tables
    .filter((t) => t.table === "case" && t.records.length > 0)
    .map((t, index) => ({ kase: t.records[0], unit: units[index] ?? units[0], index }));
}

export const duplicateCases: CrossRule = (subs) => {
  const groups = new Map<string, { apps: Occurrence[]; rows: Occurrence[] }>();
  const add = (key: string, kind: "apps" | "rows", o: Occurrence) => {
    const g = groups.get(key);
    if (g) g[kind].push(o);
    else groups.set(key, { apps: kind === "apps" ? [o] : [], rows: kind === "rows" ? [o] : [] });
  };
  for (const sub of subs) {
    for (const { kase: record, unit } of applicationsOf(sub.tables)) {
      const who = cellText(unit?.fields.name?.value ?? null);
      const title = cellText(record.fields.title?.value ?? null);
      if (!title.trim()) continue;
      const o = { sub, record, cell: record.fields.title?.cell, value: title, applicant: who };
      add(`${caseTitleKey(title)}|${normalizeUnitName(who)}`, "apps", o);
    }
    for (const t of sub.tables) {
      if (t.table === "caseSummary") {
        for (const record of t.records) {
          const title = cellText(record.fields.title?.value ?? null);
          if (!title.trim()) continue;
          const rowApplicant = cellText(record.fields.applicant?.value ?? null);
          const o = { sub, record, cell: record.fields.title?.cell, value: title, applicant: rowApplicant };
          add(`${caseTitleKey(title)}|${normalizeUnitName(rowApplicant)}`, "rows", o);
        }
      }
    }
  }
  const out: Issue[] = [];
  for (const { apps, rows } of groups.values()) {
    const appFiles = filesOf(apps);
    const appsDuplicated = appFiles.length >= 2;
    const rowsDuplicated = rows.length >= 2;
    if (!appsDuplicated && !rowsDuplicated) continue;
    const first = rows[0] ?? apps[0];
    const applicant = [...rows, ...apps].map((o) => o.applicant?.trim()).find(Boolean);
    const what = `典型案例“${first.value.trim()}”（${applicant ? `申报单位“${applicant}”` : "同一申报单位"}）`;
    const sentences: string[] = [];
    if (rowsDuplicated) sentences.push(`${what}在推荐汇总表中被推荐了${rows.length}次：${places(rows)}`);
    if (appsDuplicated)
      sentences.push(`${rowsDuplicated ? "同一案例" : what}在${appFiles.length}份申报书中重复出现：${places(apps)}`);
    if (!rowsDuplicated && rows.length) sentences.push(`推荐汇总表中见${places(rows)}`);
    if (!appsDuplicated && apps.length) sentences.push(`其申报书见${places(apps)}`);
    const message = `${sentences.join("；")}。每个案例只应申报、推荐一次，请确认保留哪一份。`;
    const files = filesOf([...rows, ...apps]);
    const flagged: [Occurrence[], LocatedTable["table"]][] = [
      [rowsDuplicated ? rows : [], "caseSummary"],
      [appsDuplicated ? apps : [], "case"],
    ];
    for (const [list, table] of flagged)
      for (const o of list)
        out.push({
          code: "cross.duplicate_case",
          severity: RULES["cross.duplicate_case"].severity,
          message,
          file: o.sub.file,
          sheet: o.record.sheet,
          cell: o.cell,
          table,
          column: "案例名称",
          value: o.value,
          row: o.record.row,
          files,
        });
  }
  return out;
};

/** cross.lead_limit: a unit leads more plans or projects than the profile allows. */
export const leadLimit: CrossRule = (subs, profile) => {
  const max = profile.limits.leadMax;
  if (!max) return [];
  const occ: [string, Occurrence][] = [];
  for (const sub of subs) {
    if (sub.form === "case-application" || sub.form === "case-summary" || sub.form === "pilot-authority") continue;
    const lead = sub.tables.find((t) => t.table === "unit")?.records[0];
    if (!lead) continue;
    const key = unitKey(lead);
    if (!key) continue;
    occ.push([key, { sub, record: lead, cell: lead.fields.name?.cell, value: cellText(lead.fields.name?.value ?? null) }]);
  }
  const out: Issue[] = [];
  for (const list of group(occ).values()) {
    const files = filesOf(list);
    if (files.length <= max) continue;
    const message = `“${list[0].value}”牵头申报了${files.length}个方案或项目，超过${profile.notice}规定的${max}个${profile.limits.leadSeverity === "warning" ? "（原则上）" : ""}：${places(list)}。请与申报单位确认保留哪些。`;
    for (const o of list)
      out.push({
        code: "cross.lead_limit",
        severity: profile.limits.leadSeverity,
        message,
        file: o.sub.file,
        sheet: o.record.sheet,
        cell: o.cell,
        table: "unit",
        column: "牵头单位",
        value: o.value,
        row: o.record.row,
        files,
      });
  }
  return out;
};

/** cross.summary_mismatch: a summary row without its 申报书 in the same city's submission, or the reverse. */
export const summaryMismatch: CrossRule = (subs) => {
  const out: Issue[] = [];
  const byCity = new Map<string, Submission[]>();
  for (const s of subs) {
    const k = s.city ?? "";
    const list = byCity.get(k);
    if (list) list.push(s);
    else byCity.set(k, [s]);
  }
  for (const [city, list] of byCity) {
    const summaries = list.filter((s) => s.tables.some((t) => t.table === "caseSummary"));
    const applications = list.filter((s) => s.tables.some((t) => t.table === "case"));
    if (!summaries.length && !applications.length) continue;
    const caseKey = caseTitleKey;
    const applied = new Map<string, Occurrence[]>();
    for (const sub of applications)
      for (const { kase: record } of applicationsOf(sub.tables)) {
        const title = cellText(record.fields.title?.value ?? null);
        if (!title.trim()) continue;
        const k = caseKey(title);
        applied.set(k, [...(applied.get(k) ?? []), { sub, record, cell: record.fields.title?.cell, value: title }]);
      }
    const summarised = new Map<string, Occurrence>();
    for (const sub of summaries)
      for (const t of sub.tables)
        if (t.table === "caseSummary")
          for (const record of t.records) {
            const title = cellText(record.fields.title?.value ?? null);
            if (title.trim()) summarised.set(caseKey(title), { sub, record, cell: record.fields.title?.cell, value: title });
          }
    const cityName = city || "（未确定城市）";
    // An application missing from the summaries involves them too; a summary row without an
    // application only its own file. At most MAX_PLACES summaries are named, so that a
    // city with many summaries does not make a report that grows with the square of its files.
    const summaryFiles = [...new Set(summaries.map((s) => s.file))].slice(0, MAX_PLACES);
    if (summaries.length)
      for (const [k, o] of summarised)
        if (!applied.has(k))
          out.push({
            code: "cross.summary_mismatch",
            severity: RULES["cross.summary_mismatch"].severity,
            message: `${cityName}推荐汇总表中的案例“${o.value}”没有对应的典型案例申报书，请补交申报书或核对案例名称是否一致。`,
            file: o.sub.file,
            sheet: o.record.sheet,
            cell: o.cell,
            table: "caseSummary",
            column: "案例名称",
            value: o.value,
            row: o.record.row,
            files: [o.sub.file],
          });
    if (applications.length)
      for (const [k, list] of applied)
        for (const o of summarised.has(k) ? [] : list)
          out.push({
            code: "cross.summary_mismatch",
            severity: RULES["cross.summary_mismatch"].severity,
            message: summaries.length
              ? `${cityName}的典型案例申报书“${o.value}”未列入推荐汇总表，请在汇总表中补充或核对案例名称是否一致。`
              : `${cityName}提交了典型案例申报书“${o.value}”，但没有提交推荐汇总表，请补交。`,
            file: o.sub.file,
            sheet: o.record.sheet,
            cell: o.cell,
            table: "case",
            column: "案例名称",
            value: o.value,
            row: o.record.row,
            files: [o.sub.file, ...summaryFiles],
          });
  }
  return out;
};

export const CROSS_RULES: CrossRule[] = [duplicateTargets, duplicateCases, leadLimit, summaryMismatch];

/** Run every cross-file rule over a set of submissions. */
export function runCrossRules(subs: Submission[], profile: Profile, rules: CrossRule[] = CROSS_RULES): Issue[] {
  return rules.flatMap((rule) => rule(subs, profile));
}
