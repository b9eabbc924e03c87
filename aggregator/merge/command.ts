// The `merge` command: inputs → roll-up workbook, JSON report, per-city feedback, summary.
// The merge itself is run.ts (shared with the page); this is its Node side: the inputs on
// disk (inputs.ts, zip-inputs.ts), the worker pool, the progress bar and the files written.
import path from "node:path";
import type { Profile } from "../../forms/profile.js";
import { stat } from "node:fs/promises";
import { checkToday, commandInputs, profileOption, progressBar } from "../command-input.js";
import { writeFileAtomic } from "../write-file.js";
import { profileList, UsageError } from "../profiles.js";
import type { Io } from "../cli.js";
import { checkOutputs, outputFailure, type OutputSpec } from "../output-paths.js";
import { closeArchives, inputBytes, inputSha256 } from "../read/zip-inputs.js";
import type { InputFile } from "../inputs.js";
import type { MergeSource } from "./merge.js";
import { runMerge, type MergeRun } from "./run.js";
import { writeFeedback } from "./feedback.js";
import { placeOf, type CheckOptions, type FileResult } from "../check.js";
import { checkFileSafely } from "../check-safely.js";
import { checkFiles } from "../read/pool.js";

export { draftedLine, mergeSummary } from "./run.js";

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

/** Where a roll-up's links point from: the folder the roll-up is written to. */
export function outputDirOf(output: string): string {
  return path.dirname(path.resolve(output));
}

async function checkSequentially(files: InputFile[], opts: CheckOptions, onProgress?: (done: number, file: string) => void) {
  const out: FileResult[] = [];
  for (const f of files) {
    onProgress?.(out.length, f.display);
    out.push(await checkFileSafely(f, opts));
  }
  return out;
}

/** The CLI's inputs: files on disk and members of .zip inputs (read/zip-inputs.ts), checked in this thread. */
export const nodeSource: MergeSource = {
  check: checkSequentially,
  sha256: inputSha256,
  bytes: inputBytes,
  async fileModified(f) {
    try {
      return (await stat(f.abs)).mtimeMs;
    } catch {
      return undefined;
    }
  },
  place: placeOf,
};

async function mergeExpanded(
  expanded: Awaited<ReturnType<typeof commandInputs>>,
  opts: MergeCliOptions,
  profile: Profile | undefined,
  io: Io,
): Promise<number> {
  if (expanded.files.some((f) => path.resolve(f.abs) === path.resolve(opts.out)))
    throw new UsageError(`输出文件 ${opts.out} 在输入中，请换一个位置。`);
  const bar = progressBar(io, expanded.files.length);
  let run: MergeRun;
  try {
    run = await runMerge(expanded, nodeSource, {
      profile,
      today: opts.today,
      outputDir: outputDirOf(opts.out),
      json: !!opts.json,
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
      usageError: (m) => new UsageError(m),
      profileList,
    });
  } finally {
    bar?.stop();
  }
  const { results, rollup } = run;
  try {
    await writeFileAtomic(opts.out, run.rollupBytes);
  } catch (e) {
    throw outputFailure(e, "汇总表", opts.out);
  }
  io.err(`汇总表：${opts.out}`);

  if (opts.json) {
    try {
      await writeFileAtomic(opts.json, run.report!);
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
  io.out(run.summary);
  if (run.drafted) io.out(run.drafted);
  const errors = rollup.issues.some((i) => i.severity === "error");
  return opts.strict && errors ? 1 : 0;
}
