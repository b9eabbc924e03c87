// The `merge` command: inputs → roll-up workbook, JSON report, per-city feedback, summary.
import path from "node:path";
import type { Issue } from "../../forms/model.js";
import type { Profile } from "../../forms/profile.js";
import { findProfile } from "../../forms/profiles/index.js";
import { checkToday, commandInputs, profileOption, progressBar } from "../command-input.js";
import { jsonReport, textTable, countBySeverity } from "../report.js";
import { writeFileAtomic } from "../write-file.js";
import { profileList, UsageError } from "../profiles.js";
import type { Io } from "../cli.js";
import { checkOutputs, outputFailure, type OutputSpec } from "../output-paths.js";
import { closeArchives } from "../read/zip-inputs.js";
import {
  assignCities,
  buildRollupData,
  cityIssues,
  cityReports,
  crossFileIssues,
  isCounted,
  markResubmissions,
  outputDirOf,
  readInputs,
  UNKNOWN_CITY,
} from "./merge.js";
import type { MergeResult, RollupRow } from "./model.js";
import { writeRollup } from "./rollup-write.js";
import { writeFeedback } from "./feedback.js";
import { isNotSpreadsheet } from "../check.js";
import { checkFiles } from "../read/pool.js";

export interface MergeCliOptions {
  out: string;
  profile?: string;
  json?: string;
  feedback?: string;
  strict?: boolean;
  today?: string;
}

export async function mergeCommand(inputs: string[], opts: MergeCliOptions, io: Io): Promise<number> {
  checkToday(opts.today);
  if (!/\.xlsx$/i.test(opts.out)) throw new UsageError(`汇总表应保存为 .xlsx 文件，而不是“${opts.out}”。`);
  // Every output is checked before anything is read: a wrong path is a usage error now, not a crash later.
  const outputs: OutputSpec[] = [{ path: opts.out, label: "汇总表（-o）", kind: "file" }];
  if (opts.json) outputs.push({ path: opts.json, label: "JSON 报告（--json）", kind: "file" });
  if (opts.feedback) outputs.push({ path: opts.feedback, label: "问题反馈（--feedback）", kind: "replaced-dir" });
  await checkOutputs(outputs, inputs);
  let profile: Profile | undefined = opts.profile ? await profileOption(opts.profile) : undefined;
  const expanded = await commandInputs(
    inputs,
    io,
    outputs.filter((o) => o.kind === "file").map((o) => o.path),
  );
  try {
    return await mergeExpanded(expanded, opts, profile, io);
  } finally {
    await closeArchives();
  }
}

async function mergeExpanded(
  expanded: Awaited<ReturnType<typeof commandInputs>>,
  opts: MergeCliOptions,
  profile: Profile | undefined,
  io: Io,
): Promise<number> {
  if (expanded.files.some((f) => path.resolve(f.abs) === path.resolve(opts.out)))
    throw new UsageError(`输出文件 ${opts.out} 在输入中，请换一个位置。`);
  const bar = progressBar(io, expanded.files.length);
  const results = await readInputs(expanded.files, {
    profile,
    today: opts.today,
    // In this thread by default: on the 2-core machines measured, worker threads (each warming
    // its own JIT) were slower than one thread (scripts/bench-merge.ts). PILOT_FORMS_WORKERS=N
    // checks on N worker threads, which also isolates a file that hangs or exhausts memory.
    check: (files, checkOpts, onProgress) =>
      checkFiles(files, {
        ...checkOpts,
        workers: Number(process.env.PILOT_FORMS_WORKERS ?? 0) || 0,
        workerHeapMb: 768,
        onProgress: (done, _total, file) => onProgress?.(done, file),
      }),
    onProgress: (done, total, file) => {
      bar?.setTotal(total);
      bar?.update(done, { file });
    },
  });
  bar?.stop();

  // The roll-up's profile: --profile, else the one the marked workbooks agree on.
  if (!profile) {
    const ids = [...new Set(results.map((r) => r.profile?.id).filter((x): x is string => !!x))];
    if (ids.length > 1)
      throw new UsageError(`输入文件属于不同的通知配置（${ids.join("、")}），请用 --profile 指定汇总使用的配置。`);
    profile = ids.length ? findProfile(ids[0]) : undefined;
    if (!profile)
      throw new UsageError(
        `无法确定汇总使用的通知配置（文件中没有 pilot-forms 模板标记）。请用 --profile 指定，例如 --profile hebei-2025。可用的配置：\n${profileList()}`,
      );
    // Files without a metadata sheet were not validated yet: read them again with the agreed profile.
    const pending = results.filter((r) => r.needsProfile);
    if (pending.length) {
      const again = await readInputs(
        pending.map((r) => r.input),
        { profile, today: opts.today },
      );
      for (const r of again) results[results.findIndex((x) => x.input.abs === r.input.abs)] = r;
    }
  }

  // Files that were not validated (unreadable, not spreadsheets) still belong to a city.
  assignCities(results, profile);
  // A resubmission replaces its older version before anything is counted or compared.
  await markResubmissions(results);
  const extra = [...cityIssues(results, profile), ...crossFileIssues(results, profile)];
  const rollup = buildRollupData(
    profile,
    results,
    extra,
    expanded.skipped.map((s) => ({ path: s.display, reason: s.reason })),
    outputDirOf(opts.out),
  );
  try {
    await writeRollup(rollup, opts.out);
  } catch (e) {
    throw outputFailure(e, "汇总表", opts.out);
  }
  io.err(`汇总表：${opts.out}`);

  if (opts.json) {
    const report = JSON.stringify(jsonReport(results, extra, profile.id, expanded.skipped, cityReports(rollup)), null, 2) + "\n";
    try {
      await writeFileAtomic(opts.json, report);
    } catch (e) {
      throw outputFailure(e, "JSON 报告", opts.json);
    }
    io.err(`JSON 报告：${opts.json}`);
  }
  if (opts.feedback) {
    let written: string[];
    try {
      written = await writeFeedback(opts.feedback, rollup.cities, results, rollup.issues);
    } catch (e) {
      throw outputFailure(e, "问题反馈文件夹", opts.feedback);
    }
    io.err(`问题反馈：${opts.feedback}（${written.length} 个文件）`);
  }
  io.out(mergeSummary(results, rollup.issues, rollup.cities));
  const drafted = draftedLine(rollup.summary);
  if (drafted) io.out(drafted);
  const errors = rollup.issues.some((i) => i.severity === "error");
  return opts.strict && errors ? 1 : 0;
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
