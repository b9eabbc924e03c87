// The `pilot-forms` command line (SPEC §10). main() returns the exit code:
// validate: 1 when it finds an error; 2 on a usage error.
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { Command, CommanderError, type Help, type Option } from "commander";
import { builtInProfiles } from "../forms/profiles/index.js";
import { ProfileError } from "../forms/profile.js";
import type { MergeCliOptions } from "./merge/command.js";
import type { SummaryCliOptions } from "./summary/command.js";
import { UsageError } from "./profiles.js";
import { runtime } from "./runtime/index.js";

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

/** Each command's usage line as a clerk types it: shown by --help and after every usage error. */
const USAGE: Record<string, string> = {
  profiles: "",
  template: "[--profile 配置] [--form 表单] [-o 文件夹]",
  validate: "文件或文件夹… [--profile 配置] [--json 报告.json] [--annotate 副本.xlsx] [--today 年-月-日]",
  merge: "文件或文件夹… -o 汇总表.xlsx [--profile 配置] [--json 报告.json] [--feedback 文件夹] [--strict] [--today 年-月-日]",
  summary: "申报书或文件夹… -o 推荐汇总表.xlsx [--profile 配置] [--city 城市]",
};

const usageLine = (name: string) => `pilot-forms ${name} ${USAGE[name]}`.trimEnd();

/** What follows a usage error: the command's usage line(s), and where the full help is. */
function usageAfterError(command?: string): string {
  if (command) return `用法：${usageLine(command)}\n（用 pilot-forms ${command} --help 查看各项的说明）`;
  return `用法：\n${Object.keys(USAGE)
    .map((c) => `  ${usageLine(c)}`)
    .join("\n")}\n（用 pilot-forms --help 查看各命令的说明）`;
}

/** Help in Chinese: commander's section titles, our usage lines, defaults and choices. */
const chineseHelp: Partial<Help> = {
  styleTitle: (t: string) => HELP_TITLES[t] ?? t,
  commandUsage: (cmd: Command) => `${cmd.parent ? `${cmd.parent.name()} ` : ""}${cmd.name()} ${cmd.usage()}`.trimEnd(),
  subcommandTerm: (cmd: Command) => cmd.name(),
  // Chinese characters take two columns on a terminal: the columns line up.
  displayWidth: (str: string) =>
    [...stripVTControlCharacters(str)].reduce(
      (w, ch) =>
        w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1),
      0,
    ),
  optionDescription: (option: Option) =>
    described(option.description, option.argChoices, option.defaultValueDescription, option.defaultValue),
  argumentDescription: (arg) => described(arg.description, arg.argChoices, arg.defaultValueDescription, arg.defaultValue),
};

function described(text: string, choices: string[] | undefined, defaultText: string | undefined, defaultValue: unknown): string {
  const extra: string[] = [];
  if (choices) extra.push(`可选：${choices.join("、")}`);
  if (defaultValue !== undefined && typeof defaultValue !== "boolean") extra.push(`默认：${defaultText ?? String(defaultValue)}`);
  return text + (extra.length ? `（${extra.join("；")}）` : "");
}

/**
 * A command that speaks to a clerk: commander's usage errors (missing argument, unknown or
 * incomplete option, missing required option, too many arguments, unknown command, invalid
 * value) said in Chinese, followed by the command's usage (showHelpAfterError); exitOverride
 * throws a CommanderError, which main() turns into exit code 2.
 */
export function clerkCommand(cmd: Command, io: Io, usage: string): Command {
  return cmd
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      outputError: (s, write) => write(`${usageErrorMessage(s, cmd)}\n`),
    })
    .showHelpAfterError(usage);
}

const optionByFlags = (cmd: Command, flags: string) => cmd.options.find((o) => o.flags === flags);
const placeholder = (flags: string) => /[<[]([^>\]]+)[>\]]/.exec(flags)?.[1];
const flagName = (o: Option | undefined, flags: string) => o?.long ?? o?.short ?? flags.split(/[ ,]/)[0];
const suggestion = (s: string) => /Did you mean (.+?)\?/.exec(s)?.[1];
const choicesText = (tail: string) =>
  tail.replace(/Allowed choices are (.+)\.$/, (_, list: string) => `只能是 ${list.split(", ").join("、")} 之一。`);

/** Commander's English usage error (v14's wording) in Chinese; anything unforeseen: a plain Chinese line. */
export function usageErrorMessage(english: string, cmd: Command): string {
  const s = english.trim();
  const who = cmd.parent ? `pilot-forms ${cmd.name()}` : "pilot-forms";
  let m: RegExpExecArray | null;
  if ((m = /^error: missing required argument '(.+)'/.exec(s))) {
    const arg = cmd.registeredArguments.find((a) => a.name() === m![1]);
    return `缺少参数“${m[1]}”：请在 ${who} 后面写出${arg?.description ?? m[1]}。`;
  }
  if ((m = /^error: option '(.+)' argument missing/.exec(s))) {
    const o = optionByFlags(cmd, m[1]);
    const ph = placeholder(m[1]);
    return `选项 ${flagName(o, m[1])} 后面缺少${ph ? `“${ph}”` : "值"}${o?.description ? `：${o.description}` : ""}。`;
  }
  if ((m = /^error: required option '(.+)' not specified/.exec(s))) {
    const o = optionByFlags(cmd, m[1]);
    const first = o?.short ?? o?.long ?? m[1];
    const also = o?.short && o.long ? `（或 ${o.long}）` : "";
    const ph = placeholder(m[1]);
    return `缺少必需的选项 ${first}${also}${o?.description ? `：${o.description}` : ""}${ph ? `，写作 ${first} ${ph}` : ""}。`;
  }
  if ((m = /^error: unknown option '(.+?)'/.exec(s))) {
    const flag = m[1];
    const near = suggestion(s);
    const owners = (cmd.parent ?? cmd).commands
      .filter((c) => c !== cmd && c.options.some((o) => o.long === flag || o.short === flag))
      .map((c) => `pilot-forms ${c.name()}`)
      .join("、");
    if (owners && !cmd.parent) return `没有选项“${flag}”：${flag} 是 ${owners} 的选项，请写在命令之后。`;
    if (owners) return `没有选项“${flag}”：${flag} 是 ${owners} 的选项，${who} 不用它。`;
    return `没有选项“${flag}”${near ? `，是否想写 ${near}？` : `，${who} 的选项见下面的用法。`}`;
  }
  if (/^error: too many arguments/.test(s)) {
    const extra = cmd.args.slice(cmd.registeredArguments.length);
    const listed = extra.length ? `：${extra.map((a) => `“${a}”`).join("、")}` : "";
    return `多出了参数${listed}。${who} ${cmd.registeredArguments.length ? "" : "不需要参数；"}选项的值要紧跟在选项后面，含空格的文件名请加引号。`;
  }
  if ((m = /^error: unknown command '(.+?)'/.exec(s))) {
    const near = suggestion(s);
    const names = cmd.commands.map((c) => c.name()).join("、");
    if (m[1] === "help") return `没有命令“help”：查看说明请用 pilot-forms --help。可用的命令：${names}。`;
    return `没有命令“${m[1]}”${near ? `，是否想写 ${near}？` : "。"}可用的命令：${names}。`;
  }
  if ((m = /^error: option '(.+)' argument '(.*)' is invalid\. ?(.*)$/s.exec(s))) {
    const o = optionByFlags(cmd, m[1]);
    return `选项 ${flagName(o, m[1])} 的值“${m[2]}”无效：${choicesText(m[3])}`;
  }
  if ((m = /^error: command-argument value '(.*)' is invalid for argument '(.+)'\. ?(.*)$/s.exec(s)))
    return `参数“${m[2]}”的值“${m[1]}”无效：${choicesText(m[3])}`;
  if ((m = /^error: option '(.+)' cannot be used with option '(.+)'/.exec(s)))
    return `选项 ${m[1].replace(/[<>]/g, "")} 不能与 ${m[2].replace(/[<>]/g, "")} 同时使用。`;
  return `${who} 的命令行有误，请对照下面的用法检查。`;
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let code = 0;
  const program = new Command()
    .name("pilot-forms")
    .usage("命令 [选项]")
    .description("网络安全保险服务试点表格：生成模板、校验工作簿、汇总各市材料")
    .version(runtime.packageVersion(), "-V, --version", "显示版本")
    .helpOption("-h, --help", "显示帮助")
    .addHelpCommand(false)
    // Help in Chinese (subcommands inherit this).
    .configureHelp(chineseHelp)
    .addHelpText(
      "after",
      `\n${usageAfterError().replace(/\n（[^）]*）$/, "")}\n\n（用 pilot-forms 命令 --help 查看该命令的说明）`,
    );
  clerkCommand(program, io, usageAfterError());

  program
    .command("profiles")
    .usage(" ")
    .description("列出内置的通知配置")
    .action(() => {
      for (const p of builtInProfiles()) {
        io.out(`${p.id}\t${p.notice}\t${p.name}`);
        for (const f of p.forms) io.out(`    ${f.id.padEnd(18)} ${f.name}${f.deadline ? `（截止 ${f.deadline}）` : ""}`);
      }
    });

  program
    .command("template")
    .usage(USAGE.template)
    .description("生成空白模板（每个表单一个 .xlsx）")
    .option("--profile <配置>", "只生成该配置的模板（默认：全部）")
    .option("--form <表单>", "只生成该表单（表单 id 或中文名称的一部分）")
    .option("-o, --out <文件夹>", "输出目录", "templates")
    .action(async (opts: { profile?: string; form?: string; out: string }) => {
      // Each command loads what it needs when it runs: --help and --version load none of it.
      const [{ profileOption }, { checkOutputDir, outputFailure }, { templateBuffer, templateFileName }, { writeFileAtomic }] =
        await Promise.all([
          import("./command-input.js"),
          import("./output-paths.js"),
          import("./template/write.js"),
          import("./write-file.js"),
        ]);
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
    .usage(USAGE.validate)
    .description("校验工作簿（文件或文件夹）")
    .argument("<文件或文件夹...>", "要校验的工作簿（.xlsx、.xls、.et、.ods、.csv 等）、文件夹或 .zip")
    .option("--profile <配置>", "工作簿没有模板标记时使用的配置（内置 id 或 .json 配置文件）")
    .option("--json <报告.json>", "写出 JSON 报告")
    .option("--annotate <副本>", "写出标注问题的副本（单个输入为 .xlsx 文件名；多个输入为文件夹）")
    .option("--today <年-月-日>", "按此日期校验（YYYY-MM-DD，默认今天）")
    .action(async (inputs: string[], opts: { profile?: string; json?: string; annotate?: string; today?: string }) => {
      const { validateCommand } = await import("./validate-command.js");
      code = await validateCommand(inputs, opts, io);
    });

  program
    .command("merge")
    .usage(USAGE.merge)
    .description("汇总各市材料为全省汇总表（文件或文件夹；以城市命名的子文件夹给出城市）")
    .argument("<文件或文件夹...>", "各市提交的工作簿、文件夹或 .zip")
    .requiredOption("-o, --out <汇总表.xlsx>", "汇总表输出文件")
    .option("--profile <配置>", "通知配置（内置 id 或 .json 配置文件）；默认取各文件模板标记中的配置")
    .option("--json <报告.json>", "写出 JSON 报告")
    .option("--feedback <文件夹>", "为每个城市写出问题反馈工作簿和标注副本")
    .option("--strict", "发现错误时以退出码 1 结束（默认总是写出汇总表并以 0 结束）")
    .option("--today <年-月-日>", "按此日期校验（YYYY-MM-DD，默认今天）")
    .action(async (inputs: string[], opts: MergeCliOptions) => {
      const { mergeCommand } = await import("./merge/command.js");
      code = await mergeCommand(inputs, opts, io);
    });

  program
    .command("summary")
    .usage(USAGE.summary)
    .description("由一个城市的典型案例申报书（.xlsx 或 .docx）生成该市的典型案例推荐汇总表草稿")
    .argument("<申报书或文件夹...>", "该市的典型案例申报书、文件夹或 .zip")
    .requiredOption("-o, --out <推荐汇总表.xlsx>", "推荐汇总表输出文件")
    .option("--profile <配置>", "通知配置（内置 id 或 .json 配置文件）；默认取申报书模板标记中的配置")
    .option("--city <城市>", "推荐城市，如 石家庄市（无法从文件夹、文件名或模板标记确定时必须指定）")
    .action(async (inputs: string[], opts: SummaryCliOptions) => {
      const { summaryCommand } = await import("./summary/command.js");
      code = await summaryCommand(inputs, opts, io);
    });

  for (const cmd of program.commands) clerkCommand(cmd, io, usageAfterError(cmd.name()));

  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help, --version: 0; the program without a command (help on stderr) and every usage error: 2.
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version") return 0;
      if (e.code === "commander.help") return e.exitCode === 0 ? 0 : 2;
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
