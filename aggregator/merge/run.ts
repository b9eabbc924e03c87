// The merge, one code path for the CLI and the page (issue 10): inputs → read → validate →
// cities → resubmissions → cross-file rules → roll-up model → workbook bytes and the JSON
// report (SPEC §8, §9). No node:* module and no Buffer: the inputs' bytes and facts come from
// a MergeSource — the CLI's (command.ts: files on disk, zip members through yauzl, its worker
// pool) or the page's (merge-bytes.ts: bytes in memory).
import type { Issue } from "../../forms/model.js";
import type { Profile } from "../../forms/profile.js";
import { findProfile } from "../../forms/profiles/index.js";
import { isNotSpreadsheet } from "../check-bytes.js";
import type { InputFile, SkippedInput } from "../inputs.js";
import { countBySeverity, jsonReport, textTable } from "../report.js";
import {
  assignCities,
  buildRollupData,
  cityIssues,
  cityReports,
  crossFileIssues,
  isCounted,
  markResubmissions,
  modifiedTimes,
  readInputs,
  UNKNOWN_CITY,
  type CheckFilesFn,
  type MergeSource,
} from "./merge.js";
import type { MergeResult, Rollup, RollupRow } from "./model.js";
import { rollupBytes } from "./rollup-write.js";

export interface RunMergeOptions {
  /** --profile; else the one the marked workbooks agree on. */
  profile?: Profile;
  today?: string;
  /**
   * The folder the roll-up's links (问题清单 → source cell) are relative to, in the
   * runtime's terms (runtime.relativePath): the CLI passes the folder -o writes to; the
   * page passes "" — the root of its display paths, where the roll-up is meant to be saved.
   */
  outputDir: string;
  /** Make the JSON report text (--json). */
  json?: boolean;
  /** Checks the unique files of the first pass (the CLI's worker pool); default source.check. */
  check?: CheckFilesFn;
  onProgress?: (done: number, total: number, file: string) => void;
  /** The error for a usage problem (no profile, mixed profiles): the CLI's UsageError. */
  usageError?: (message: string) => Error;
  /** The profiles there are, for the message when none can be decided. */
  profileList?: () => string;
  /** How to choose the notice, where the CLI says --profile (the page: its 通知 list). */
  askProfile?: string;
}

export interface MergeRun {
  profile: Profile;
  results: MergeResult[];
  /** Issues across files (city unknown, cross-file rules). */
  extra: Issue[];
  rollup: Rollup;
  /** 全省汇总.xlsx */
  rollupBytes: Uint8Array;
  /** The --json report's text, when asked for. */
  report?: string;
  /** The terminal summary (mergeSummary) and the drafted-rows line ("" when none). */
  summary: string;
  drafted: string;
}

export async function runMerge(
  inputs: { files: InputFile[]; skipped: SkippedInput[] },
  source: MergeSource,
  opts: RunMergeOptions,
): Promise<MergeRun> {
  const fail = opts.usageError ?? ((m: string) => new Error(m));
  let profile = opts.profile;
  const results: MergeResult[] = await readInputs(inputs.files, {
    source,
    profile,
    today: opts.today,
    check: opts.check,
    onProgress: opts.onProgress,
  });

  // The roll-up's profile: --profile, else the one the marked workbooks agree on.
  if (!profile) {
    const ids = [...new Set(results.map((r) => r.profile?.id).filter((x): x is string => !!x))];
    if (ids.length > 1)
      throw fail(`输入文件属于不同的通知配置（${ids.join("、")}），${opts.askProfile ?? "请用 --profile 指定汇总使用的配置"}。`);
    profile = ids.length ? findProfile(ids[0]) : undefined;
    if (!profile)
      throw fail(
        "无法确定汇总使用的通知配置（文件中没有 pilot-forms 模板标记）。" +
          (opts.askProfile
            ? `${opts.askProfile}。`
            : `请用 --profile 指定，例如 --profile hebei-2025。可用的配置：\n${opts.profileList?.() ?? ""}`),
      );
    // Files without a metadata sheet were not validated yet: read them again with the agreed profile.
    const pending = results.filter((r) => r.needsProfile);
    if (pending.length) {
      const again = await readInputs(
        pending.map((r) => r.input),
        { source, profile, today: opts.today },
      );
      for (const r of again) results[results.findIndex((x) => x.input.abs === r.input.abs)] = r;
    }
  }

  // Files that were not validated (unreadable, not spreadsheets) still belong to a city.
  assignCities(results, profile, (f) => source.place(f));
  // A resubmission replaces its older version before anything is counted or compared.
  await markResubmissions(results, modifiedTimes(source));
  const extra = [...cityIssues(results, profile), ...crossFileIssues(results, profile)];
  const rollup = buildRollupData(
    profile,
    results,
    extra,
    inputs.skipped.map((s) => ({ path: s.display, reason: s.reason })),
    opts.outputDir,
  );
  const bytes = await rollupBytes(rollup);
  const report = opts.json
    ? JSON.stringify(jsonReport(results, extra, profile.id, inputs.skipped, cityReports(rollup)), null, 2) + "\n"
    : undefined;
  return {
    profile,
    results,
    extra,
    rollup,
    rollupBytes: bytes,
    report,
    summary: mergeSummary(results, rollup.issues, rollup.cities),
    drafted: draftedLine(rollup.summary),
  };
}

/** "推荐汇总表中有 3 行由申报书生成（保定市 2 行、廊坊市 1 行）…", or "" when none. */
export function draftedLine(summary: RollupRow[]): string {
  const byCity = new Map<string, number>();
  for (const row of summary) if (row.draft) byCity.set(row.city, (byCity.get(row.city) ?? 0) + 1);
  if (!byCity.size) return "";
  const total = [...byCity.values()].reduce((a, b) => a + b, 0);
  const parts = [...byCity].map(([city, n]) => `${city || "（未确定）"} ${n} 行`).join("、");
  return `推荐汇总表中有 ${total} 行由申报书生成（${parts}）：这些申报书没有列入其城市的推荐汇总表，已按申报书起草并标“△”，请该市核对后补报推荐汇总表。`;
}

/**
 * The terminal summary: one line per city of the roll-up (those that sent nothing marked
 * 未报送), files, unreadable, not spreadsheets, duplicates, superseded, rows, errors,
 * warnings, and a total. Rows and issues of duplicates and superseded files are not counted.
 */
export function mergeSummary(results: MergeResult[], issues: Issue[], cities: string[]): string {
  const rowsOf = (rs: MergeResult[]) =>
    rs.reduce((n, r) => n + (isCounted(r) ? Object.values(r.validation?.rows ?? {}).reduce((a, b) => a + (b ?? 0), 0) : 0), 0);
  const line = (name: string, rs: MergeResult[], sent: string) => {
    const files = new Set(rs.filter(isCounted).map((r) => r.input.display));
    const c = countBySeverity(issues.filter((i) => i.file && files.has(i.file)));
    const other = rs.filter(isNotSpreadsheet).length;
    const bad = rs.filter((r) => r.status === "unreadable").length - other;
    const dup = rs.filter((r) => r.status === "duplicate").length;
    const old = rs.filter((r) => r.supersededBy).length;
    return [name, sent, rs.length, bad, other, dup, old, rowsOf(rs), c.error, c.warning];
  };
  let reported = 0;
  let known = 0;
  const rows = cities.map((city) => {
    const rs = results.filter((r) => (r.city ?? UNKNOWN_CITY) === city);
    if (city !== UNKNOWN_CITY) {
      known++;
      if (rs.length) reported++;
    }
    return line(city || "（未确定）", rs, city === UNKNOWN_CITY ? "" : rs.length ? "已报送" : "未报送");
  });
  const total = line("合计", results, `${reported}/${known} 已报送`);
  return textTable(["城市", "报送", "文件", "无法读取", "非表格", "重复", "已替代", "数据行", "错误", "警告"], [...rows, total]);
}
