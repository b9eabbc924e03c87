// The page's worker: the CLI's own pipeline on the browser runtime. 校验 is `pilot-forms
// validate` (check-bytes.ts per file, the cross-file rules, the JSON report, marked copies on
// request); 汇总 is `pilot-forms merge --json` (merge-bytes.ts → run.ts), the feedback folder
// on request as one .zip. The last job's files stay here for those requests.
import type { Issue } from "../forms/model.js";
import { findProfile } from "../forms/profiles/index.js";
import { annotate } from "../aggregator/annotate.js";
import type { FileResult } from "../aggregator/check.js";
import type { InputFile } from "../aggregator/inputs.js";
import {
  expandBytes,
  mergeInputs,
  sortLikeFolderWalk,
  type MergeBytesResult,
  type MergeInput,
} from "../aggregator/merge/merge-bytes.js";
import type { MergeSource } from "../aggregator/merge/merge.js";
import { countBySeverity, jsonReport } from "../aggregator/report.js";
import { crossIssues } from "../aggregator/validate-files.js";
import { feedbackOf } from "./feedback.js";
import type { ChosenFile, FileView, Job, WorkerMessage } from "./protocol.js";

/** How the page says to choose a notice, where the CLI says --profile. */
export const ASK_PROFILE = "请在页面上方的“通知”中选择适用的通知后重试";

interface Validated {
  results: FileResult[];
  cross: Issue[];
  source: MergeSource;
}

let lastValidate: Validated | undefined;
let lastMerge: MergeBytesResult | undefined;

function post(message: WorkerMessage, transfer: Transferable[] = []): void {
  (self as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage(message, transfer);
}

function progress(done: number, total: number, file: string, phase: string): void {
  post({ kind: "progress", done, total, file, phase });
}

async function bytesOf(files: ChosenFile[]): Promise<MergeInput[]> {
  const out: MergeInput[] = [];
  for (const f of files) {
    progress(out.length, files.length, f.path, "读取文件");
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await f.file.arrayBuffer());
    } catch {
      // Moved, deleted or locked since it was chosen: nothing can be done with a half list.
      throw new Error(`无法读取“${f.path}”：文件可能已被移动、删除或正被其他程序占用。请清空列表，重新选择文件后再试。`);
    }
    out.push({ path: f.path, root: f.root, lastModified: f.lastModified, bytes });
  }
  // The CLI's order for a folder: the same files chosen in any order give the same roll-up.
  return sortLikeFolderWalk(out);
}

function profileOf(id: string | undefined) {
  if (!id) return undefined;
  const p = findProfile(id);
  if (!p) throw new Error(`没有“${id}”这份通知的配置，请刷新页面后重新选择。`);
  return p;
}

function baseName(display: string): string {
  const parts = display.split("/");
  return parts[parts.length - 1] ?? display;
}

/** 名称.xlsx → 名称（已标注）.xlsx; another format keeps its extension: 名称.xls（已标注）.xlsx (as the CLI). */
export function annotatedName(display: string): string {
  return baseName(display).replace(/\.(xlsx|xlsm)$/i, "") + "（已标注）.xlsx";
}

async function validate(job: Extract<Job, { kind: "validate" }>): Promise<void> {
  lastValidate = undefined;
  const profile = profileOf(job.profileId);
  const inputs = await bytesOf(job.files);
  const { files, skipped, source } = await expandBytes(inputs);
  const results = (await source.check(files, { profile, today: job.today }, (done, file) =>
    progress(done, files.length, file, "校验"),
  )) as FileResult[];
  // As 汇总 does: files without a template marker are checked against the notice the marked
  // files agree on, and say so; with no such agreement they ask for a choice.
  const inferred = new Set<string>();
  const agreed = profile ? undefined : agreedProfile(results);
  if (agreed) {
    const pending = results.filter((r) => r.needsProfile);
    const again = (await source.check(
      pending.map((r) => r.input),
      { profile: agreed, today: job.today },
    )) as FileResult[];
    for (const r of again) {
      results[results.findIndex((x) => x.input.abs === r.input.abs)] = r;
      inferred.add(r.input.abs);
    }
  }
  const cross = crossIssues(results);
  lastValidate = { results, cross, source };
  const views: FileView[] = results.map((r) => ({
    display: r.input.display,
    status: r.status,
    profileName:
      r.profile && (inferred.has(r.input.abs) ? `${r.profile.name}（文件无模板标记，按同批文件的通知校验）` : r.profile.name),
    formName: r.formName,
    city: r.city,
    needsProfile: r.needsProfile,
    issues: r.needsProfile
      ? [
          ...r.issues,
          {
            code: "file.unknown_form",
            severity: "error",
            file: r.input.display,
            message: `文件中没有 pilot-forms 模板标记，无法确定适用哪份通知。${ASK_PROFILE}。`,
          },
        ]
      : [...r.issues, ...cross.filter((i) => i.file === r.input.display)],
    canAnnotate: r.status !== "unreadable" && !r.needsProfile,
  }));
  const all = [...results.flatMap((r) => r.issues), ...cross];
  post({
    kind: "validated",
    files: views,
    skipped: skipped.map((s) => ({ display: s.display, reason: s.reason })),
    cross: cross.filter((i) => !i.file),
    report: JSON.stringify(jsonReport(results, cross, profile?.id, skipped), null, 2) + "\n",
    counts: countBySeverity(all),
  });
}

/** The one notice the marked files name, if they name exactly one and some files have no marker. */
function agreedProfile(results: FileResult[]) {
  if (!results.some((r) => r.needsProfile)) return undefined;
  const ids = [...new Set(results.map((r) => r.profile?.id).filter((x): x is string => !!x))];
  return ids.length === 1 ? findProfile(ids[0]) : undefined;
}

async function annotateOne(index: number): Promise<void> {
  const v = lastValidate;
  const r = v?.results[index];
  if (!v || !r) throw new Error("请先校验文件，再下载标注副本。");
  const bytes = await v.source.bytes(r.input as InputFile);
  if (!bytes) throw new Error(`无法再次读取 ${r.input.display}，请重新选择文件后校验。`);
  const issues = [...r.issues, ...v.cross.filter((i) => i.file === r.input.display)];
  let copy: Uint8Array;
  try {
    copy = (await annotate(bytes, issues, { name: baseName(r.input.display) })).bytes;
  } catch {
    throw new Error(`无法为 ${r.input.display} 生成标注副本（Excel 组件无法打开该文件），问题见列表。`);
  }
  post({ kind: "annotated", index, name: annotatedName(r.input.display), bytes: copy }, [copy.buffer as ArrayBuffer]);
}

async function merge(job: Extract<Job, { kind: "merge" }>): Promise<void> {
  lastMerge = undefined;
  const profile = profileOf(job.profileId);
  const inputs = await bytesOf(job.files);
  const t0 = performance.now();
  const merged = await mergeInputs(inputs, {
    profile,
    today: job.today,
    askProfile: ASK_PROFILE,
    onProgress: (done, total, file) => progress(done, total, file, done < total ? "校验" : "生成汇总表"),
  });
  const ms = performance.now() - t0;
  lastMerge = merged;
  const { run } = merged;
  const rollup = merged.rollup.slice();
  post(
    {
      kind: "merged",
      profileName: run.profile.name,
      rollup,
      report: merged.report,
      skipped: run.rollup.skipped.map((k) => ({ display: k.path, reason: k.reason })),
      drafted: merged.drafted,
      cities: run.rollup.stats.map((s) => ({
        city: s.city,
        files: s.files,
        rows: Object.values(s.rows).reduce((a: number, b) => a + (b ?? 0), 0),
        errors: s.errors,
        warnings: s.warnings,
        infos: s.infos,
        missing: s.status === "missing",
      })),
      files: mergedFiles(merged),
      general: run.rollup.issues.filter((i) => !i.file),
      counts: countBySeverity(run.rollup.issues),
      ms,
    },
    [rollup.buffer as ArrayBuffer],
  );
}

/** Each file of the roll-up's 来源文件 with its problems, as 校验 lists them. */
function mergedFiles(merged: MergeBytesResult): FileView[] {
  const byFile = new Map<string, Issue[]>();
  for (const i of merged.run.rollup.issues) {
    if (!i.file) continue;
    let list = byFile.get(i.file);
    if (!list) byFile.set(i.file, (list = []));
    list.push(i);
  }
  return merged.run.rollup.files.map((f) => ({
    display: f.path,
    status: f.status,
    note: f.note || undefined,
    formName: f.form || undefined,
    city: f.city || undefined,
    issues: byFile.get(f.path) ?? [],
    canAnnotate: false,
  }));
}

async function feedback(): Promise<void> {
  if (!lastMerge) throw new Error("请先汇总，再下载问题反馈。");
  const { bytes, count } = await feedbackOf(lastMerge, (done, total, file) => progress(done, total, file, "生成问题反馈"));
  post({ kind: "feedback", bytes, count }, [bytes.buffer as ArrayBuffer]);
}

async function run(job: Job): Promise<void> {
  try {
    if (job.kind === "validate") await validate(job);
    else if (job.kind === "merge") await merge(job);
    else if (job.kind === "annotate") await annotateOne(job.index);
    else await feedback();
  } catch (e) {
    post({ kind: "failed", message: failureMessage(e) });
  }
}

/** Our own failures are in Chinese already; anything else (a bug met on a file) says what to do. */
export function failureMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  if (/[\u4e00-\u9fff]/.test(text)) return text;
  return `处理时出错（${text}）。请刷新页面后重试；如仍出错，请把所选文件和这段文字发给技术支持。`;
}

/** Start answering the page's jobs (this bundle, started from a blob: URL as a worker). */
export function startWorker(): void {
  self.addEventListener("message", (e: MessageEvent<Job>) => void run(e.data));
}
