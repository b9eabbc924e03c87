// The `validate` command: files and folders → each file's problems (and the cross-file ones)
// in the terminal, the JSON report (--json), annotated copies (--annotate). Loaded by cli.ts
// when the command runs. Exit 1 when an error is found; usage problems are UsageErrors (2).
import path from "node:path";
import type { Profile } from "../forms/profile.js";
import { checkFileSafely, type FileResult } from "./check-safely.js";
import { checkToday, commandInputs, profileOption, progressBar } from "./command-input.js";
import type { Io } from "./cli.js";
import { checkOutputDir, checkOutputs, fitName, outputFailure, type OutputSpec } from "./output-paths.js";
import { profileList, UsageError } from "./profiles.js";
import { closeArchives, inputBytes } from "./read/zip-inputs.js";
import { humanReport, jsonReport } from "./report.js";
import { crossIssues } from "./validate-files.js";
import { writeFileAtomic } from "./write-file.js";

export async function validateCommand(
  inputs: string[],
  opts: { profile?: string; json?: string; annotate?: string; today?: string },
  io: Io,
): Promise<number> {
  checkToday(opts.today);
  // Every output is checked before anything is read.
  const outputs: OutputSpec[] = [];
  if (opts.json) outputs.push({ path: opts.json, label: "JSON 报告（--json）", kind: "file" });
  if (opts.annotate)
    outputs.push({ path: opts.annotate, label: "标注副本（--annotate）", kind: /\.xlsx$/i.test(opts.annotate) ? "file" : "dir" });
  await checkOutputs(outputs);
  const profile: Profile | undefined = opts.profile ? await profileOption(opts.profile) : undefined;
  const expanded = await commandInputs(
    inputs,
    io,
    outputs.filter((o) => o.kind === "file").map((o) => o.path),
  );
  if (opts.annotate && expanded.files.length > 1 && /\.xlsx$/i.test(opts.annotate))
    await checkOutputDir(opts.annotate, "标注副本文件夹（--annotate）");
  try {
    return await validateExpanded(expanded, opts, profile, io);
  } finally {
    await closeArchives();
  }
}

async function validateExpanded(
  expanded: Awaited<ReturnType<typeof commandInputs>>,
  opts: { profile?: string; json?: string; annotate?: string; today?: string },
  profile: Profile | undefined,
  io: Io,
): Promise<number> {
  const bar = progressBar(io, expanded.files.length);
  const results: FileResult[] = [];
  for (const file of expanded.files) {
    bar?.update(results.length, { file: file.display });
    results.push(await checkFileSafely(file, { profile, today: opts.today }));
  }
  bar?.stop();

  const unresolved = results.filter((r) => r.needsProfile);
  if (unresolved.length) {
    throw new UsageError(
      `无法确定以下文件适用哪份通知（文件中没有 pilot-forms 模板标记）：\n  ${unresolved.map((r) => r.input.display).join("\n  ")}\n` +
        `请用 --profile 指定配置，例如 --profile hebei-2025。可用的配置：\n${profileList()}`,
    );
  }

  // Several files: the cross-file rules too (per profile).
  const cross = crossIssues(results);
  io.out(humanReport(results, cross, { color: !!process.stdout.isTTY && !process.env.NO_COLOR }));

  if (opts.json) {
    const report = jsonReport(results, cross, profile?.id, expanded.skipped);
    try {
      await writeFileAtomic(opts.json, JSON.stringify(report, null, 2) + "\n");
    } catch (e) {
      throw outputFailure(e, "JSON 报告", opts.json);
    }
    io.err(`JSON 报告：${opts.json}`);
  }
  if (opts.annotate) {
    const readable = results.filter((r) => r.status !== "unreadable");
    const many = expanded.files.length > 1 || !/\.xlsx$/i.test(opts.annotate);
    // Several files: a folder mirroring the inputs, with a copy of each file that has problems.
    const marked = many ? readable.filter((r) => r.issues.length || cross.some((i) => i.file === r.input.display)) : readable;
    if (many && marked.length < readable.length) io.err(`${readable.length - marked.length} 个文件没有问题，未生成标注副本。`);
    // exceljs only when copies are written: validating one workbook spent most of its start-up loading it (issue 13).
    const { annotatedCopy } = await import("./annotate.js");
    for (const r of marked) {
      const inside = r.input.root === r.input.abs ? path.basename(r.input.abs) : path.relative(r.input.root, r.input.abs);
      // The copy's name within the file system's 255 bytes a name (the extension and （已标注） kept).
      const copyName = (p: string) =>
        path.join(path.dirname(p), fitName(path.basename(p).replace(/\.(xlsx|xlsm)$/i, "") + "（已标注）.xlsx"));
      const target = many ? path.join(opts.annotate, copyName(inside)) : opts.annotate;
      if (path.resolve(target) === r.input.abs) throw new UsageError("--annotate 不能覆盖输入文件，请换一个文件名。");
      const fileIssues = [...r.issues, ...cross.filter((i) => i.file === r.input.display)];
      let bytes: Uint8Array;
      try {
        const source = await inputBytes(r.input);
        if (!source) throw new Error("unreadable");
        bytes = await annotatedCopy(source, fileIssues);
      } catch {
        io.err(`无法为 ${r.input.display} 生成标注副本（Excel 组件无法打开该文件），问题见上面的列表。`);
        continue;
      }
      try {
        await writeFileAtomic(target, bytes);
      } catch (e) {
        throw outputFailure(e, "标注副本", target);
      }
      io.err(`已标注：${target.split(path.sep).join("/")}`);
    }
  }
  const anyError = results.some((r) => r.issues.some((i) => i.severity === "error")) || cross.some((i) => i.severity === "error");
  return anyError ? 1 : 0;
}
