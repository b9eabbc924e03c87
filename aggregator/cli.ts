// The `pilot-forms` command line (SPEC §10). main() returns the exit code:
// validate: 1 when it finds an error; 2 on a usage error.
import path from "node:path";
import { Command, CommanderError } from "commander";
import { builtInProfiles } from "../forms/profiles/index.js";
import { ProfileError, type Profile } from "../forms/profile.js";
import type { FormId } from "../forms/model.js";
import { runCrossRules, type Submission } from "../forms/rules/cross.js";
import { sortIssues } from "../forms/validate.js";
import { checkToday, commandInputs, profileOption, progressBar } from "./command-input.js";
import { checkFileSafely, type FileResult } from "./check-safely.js";
import { humanReport, jsonReport, VERSION } from "./report.js";
import { annotatedCopy } from "./annotate.js";
import { writeFileAtomic } from "./write-file.js";
import { profileList, UsageError } from "./profiles.js";
import { templateBuffer, templateFileName } from "./template/write.js";
import { mergeCommand, type MergeCliOptions } from "./merge/command.js";
import { checkOutputDir, checkOutputs, fitName, outputFailure, type OutputSpec } from "./output-paths.js";
import { closeArchives, inputBytes } from "./read/zip-inputs.js";

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

let pipeGuard = false;

const defaultIo = (): Io => {
  // Output piped into a program that stops reading (pilot-forms validate … | head): end
  // quietly instead of an unhandled EPIPE error.
  if (!pipeGuard) {
    pipeGuard = true;
    for (const stream of [process.stdout, process.stderr])
      stream.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
      });
  }
  return {
    out: (s) => process.stdout.write(s + "\n"),
    err: (s) => process.stderr.write(s + "\n"),
    isTTY: !!process.stderr.isTTY && !process.env.CI,
  };
};

const HELP_TITLES: Record<string, string> = {
  "Usage:": "用法：",
  "Options:": "选项：",
  "Commands:": "命令：",
  "Arguments:": "参数：",
};

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let code = 0;
  const program = new Command()
    .name("pilot-forms")
    .description("网络安全保险服务试点表格：生成模板、校验工作簿、汇总各市材料")
    .version(VERSION, "-V, --version", "显示版本")
    .helpOption("-h, --help", "显示帮助")
    .addHelpCommand(false)
    .exitOverride()
    // Help in Chinese: commander's section titles, then each command's (subcommands inherit this).
    .configureHelp({ styleTitle: (t: string) => HELP_TITLES[t] ?? t })
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError("（用 pilot-forms --help 查看用法）");

  program
    .command("profiles")
    .description("列出内置的通知配置")
    .action(() => {
      for (const p of builtInProfiles()) {
        io.out(`${p.id}\t${p.notice}\t${p.name}`);
        for (const f of p.forms) io.out(`    ${f.id.padEnd(18)} ${f.name}${f.deadline ? `（截止 ${f.deadline}）` : ""}`);
      }
    });

  program
    .command("template")
    .description("生成空白模板（每个表单一个 .xlsx）")
    .option("--profile <id>", "只生成该配置的模板（默认：全部）")
    .option("--form <name>", "只生成该表单（表单 id 或中文名称的一部分）")
    .option("-o, --out <dir>", "输出目录", "templates")
    .action(async (opts: { profile?: string; form?: string; out: string }) => {
      const profiles = opts.profile ? [await profileOption(opts.profile)] : builtInProfiles();
      await checkOutputDir(opts.out, "模板输出文件夹（-o）");
      let n = 0;
      for (const p of profiles) {
        for (const f of p.forms) {
          if (opts.form && f.id !== opts.form && !f.name.includes(opts.form)) continue;
          const file = path.join(opts.out, p.id, templateFileName(p, f.id));
          const bytes = await templateBuffer(p, f.id);
          try {
            await writeFileAtomic(file, bytes);
          } catch (e) {
            throw outputFailure(e, "模板", file);
          }
          io.out(file.split(path.sep).join("/"));
          n++;
        }
      }
      if (!n) throw new UsageError(`没有与“${opts.form}”匹配的表单。用 pilot-forms profiles 查看各配置的表单。`);
    });

  program
    .command("validate")
    .description("校验工作簿（文件或文件夹）")
    .argument("<inputs...>", "要校验的 .xlsx 文件或文件夹")
    .option("--profile <id>", "工作簿没有模板标记时使用的配置（内置 id 或 .json 配置文件）")
    .option("--json <file>", "写出 JSON 报告")
    .option("--annotate <out>", "写出标注问题的副本（单个输入为 .xlsx 文件名；多个输入为文件夹）")
    .option("--today <date>", "按此日期校验（YYYY-MM-DD，默认今天）")
    .action(async (inputs: string[], opts: { profile?: string; json?: string; annotate?: string; today?: string }) => {
      code = await validateCommand(inputs, opts, io);
    });

  program
    .command("merge")
    .description("汇总各市材料为全省汇总表（文件或文件夹；以城市命名的子文件夹给出城市）")
    .argument("<inputs...>", "各市提交的 .xlsx 文件或文件夹")
    .requiredOption("-o, --out <rollup.xlsx>", "汇总表输出文件")
    .option("--profile <id>", "通知配置（内置 id 或 .json 配置文件）；默认取各文件模板标记中的配置")
    .option("--json <file>", "写出 JSON 报告")
    .option("--feedback <dir>", "为每个城市写出问题反馈工作簿和标注副本")
    .option("--strict", "发现错误时以退出码 1 结束（默认总是写出汇总表并以 0 结束）")
    .option("--today <date>", "按此日期校验（YYYY-MM-DD，默认今天）")
    .action(async (inputs: string[], opts: MergeCliOptions) => {
      code = await mergeCommand(inputs, opts, io);
    });

  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof UsageError || e instanceof ProfileError) {
      io.err(e.message);
      return 2;
    }
    // A file-system error that escaped (a folder removed while reading, a disk that filled
    // up …): bad input or output, not a bug of ours: a message and exit 2, never a stack trace.
    const errno = e as NodeJS.ErrnoException;
    if (errno && typeof errno.code === "string" && typeof errno.syscall === "string") {
      io.err(
        `无法完成：${errno.path ? `“${errno.path}”` : ""}${errno.syscall} 失败（${errno.code}）。请检查输入和输出的位置、权限和磁盘空间后重试。`,
      );
      return 2;
    }
    io.err(`pilot-forms 内部错误：${(e as Error).stack ?? e}`);
    return 3;
  }
}

async function validateCommand(
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
    for (const r of marked) {
      const inside = r.input.root === r.input.abs ? path.basename(r.input.abs) : path.relative(r.input.root, r.input.abs);
      // The copy's name within the file system's 255 bytes a name (the extension and （已标注） kept).
      const copyName = (p: string) =>
        path.join(path.dirname(p), fitName(path.basename(p).replace(/\.(xlsx|xlsm)$/i, "") + "（已标注）.xlsx"));
      const target = many ? path.join(opts.annotate, copyName(inside)) : opts.annotate;
      if (path.resolve(target) === r.input.abs) throw new UsageError("--annotate 不能覆盖输入文件，请换一个文件名。");
      const fileIssues = [...r.issues, ...cross.filter((i) => i.file === r.input.display)];
      let bytes: Buffer;
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

function crossIssues(results: FileResult[]): ReturnType<typeof runCrossRules> {
  const byProfile = new Map<string, { profile: Profile; subs: Submission[] }>();
  for (const r of results) {
    if (!r.profile || !r.validation) continue;
    let entry = byProfile.get(r.profile.id);
    if (!entry) byProfile.set(r.profile.id, (entry = { profile: r.profile, subs: [] }));
    entry.subs.push({ file: r.input.display, city: r.city, form: r.form as FormId | undefined, tables: r.validation.tables });
  }
  const issues = [...byProfile.values()].flatMap(({ profile, subs }) => (subs.length > 1 ? runCrossRules(subs, profile) : []));
  return sortIssues(issues);
}
