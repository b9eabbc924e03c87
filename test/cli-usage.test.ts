// Usage errors and help in words a clerk understands (issue 9, item 8): every commander error
// in Chinese, naming the option or argument, followed by that command's usage line(s); exit 2;
// no English "error:" text; --help in Chinese.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { Command, CommanderError, Option } from "commander";
import { clerkCommand } from "../aggregator/cli.js";
import { run } from "./fixtures/cli.js";

/** commander's English, anywhere in what a clerk sees. */
const ENGLISH =
  /error:|Usage:|Options:|Arguments:|Commands:|\[options\]|argument|option '|unknown|missing|required|Did you mean|too many|Expected|default:|choices/i;

const USAGE = {
  profiles: "用法：pilot-forms profiles",
  template: "用法：pilot-forms template [--profile 配置] [--form 表单] [-o 文件夹]",
  validate:
    "用法：pilot-forms validate 文件或文件夹… [--profile 配置] [--json 报告.json] [--annotate 副本.xlsx] [--today 年-月-日]",
  merge:
    "用法：pilot-forms merge 文件或文件夹… -o 汇总表.xlsx [--profile 配置] [--json 报告.json] [--feedback 文件夹] [--strict] [--today 年-月-日]",
  summary: "用法：pilot-forms summary 申报书或文件夹… -o 推荐汇总表.xlsx [--profile 配置] [--city 城市]",
};

/** A usage error: exit 2, nothing on stdout, the message, the command's usage, no English. */
async function usageError(args: string[], message: string | RegExp, usage: string): Promise<string> {
  const r = await run(...args);
  expect(r.code).toBe(2);
  expect(r.out).toBe("");
  if (typeof message === "string") expect(r.err).toContain(message);
  else expect(r.err).toMatch(message);
  expect(r.err).toContain(usage);
  expect(r.err).not.toMatch(ENGLISH);
  return r.err;
}

describe("usage errors in Chinese, with the command's usage, exit 2", () => {
  it("a missing argument names it", async () => {
    const err = await usageError(["validate"], "缺少参数“文件或文件夹”", USAGE.validate);
    expect(err).toContain("pilot-forms validate 后面写出要校验的工作簿");
    expect(err).toContain("pilot-forms validate --help");
    await usageError(["merge", "-o", "out.xlsx"], "缺少参数“文件或文件夹”", USAGE.merge);
  });

  it("an unknown option: named, the nearest option suggested, another command's option said so", async () => {
    await usageError(
      ["validate", "--bogus", "x.xlsx"],
      "没有选项“--bogus”，pilot-forms validate 的选项见下面的用法。",
      USAGE.validate,
    );
    await usageError(["validate", "--jsn", "r.json", "x.xlsx"], "没有选项“--jsn”，是否想写 --json？", USAGE.validate);
    await usageError(
      ["validate", "--feedback", "d", "x.xlsx"],
      "没有选项“--feedback”：--feedback 是 pilot-forms merge 的选项，pilot-forms validate 不用它。",
      USAGE.validate,
    );
    await usageError(["merge", "x.xlsx", "-o", "o.xlsx", "-x"], "没有选项“-x”", USAGE.merge);
    // Before the command: where it belongs, and every command's usage.
    const err = await usageError(
      ["--json", "r.json", "validate", "x.xlsx"],
      "--json 是 pilot-forms validate、pilot-forms merge 的选项，请写在命令之后。",
      "用法：\n",
    );
    for (const line of Object.values(USAGE)) expect(err).toContain(line.replace("用法：", "  "));
  });

  it("a required option not given: merge without -o", async () => {
    await usageError(["merge", "x.xlsx"], "缺少必需的选项 -o（或 --out）：汇总表输出文件，写作 -o 汇总表.xlsx。", USAGE.merge);
  });

  it("summary: its argument, -o and --city named in Chinese", async () => {
    await usageError(["summary", "-o", "x.xlsx"], "缺少参数“申报书或文件夹”", USAGE.summary);
    await usageError(
      ["summary", "唐山市"],
      "缺少必需的选项 -o（或 --out）：推荐汇总表输出文件，写作 -o 推荐汇总表.xlsx。",
      USAGE.summary,
    );
    await usageError(["summary", "唐山市", "-o", "x.xlsx", "--city"], "选项 --city 后面缺少“城市”", USAGE.summary);
    await usageError(
      ["summary", "唐山市", "-o", "x.xlsx", "--strict"],
      "没有选项“--strict”：--strict 是 pilot-forms merge 的选项",
      USAGE.summary,
    );
  });

  it("an option without its value", async () => {
    await usageError(["merge", "x.xlsx", "-o"], "选项 --out 后面缺少“汇总表.xlsx”：汇总表输出文件。", USAGE.merge);
    await usageError(["validate", "x.xlsx", "--profile"], "选项 --profile 后面缺少“配置”", USAGE.validate);
    await usageError(["validate", "x.xlsx", "--today"], "选项 --today 后面缺少“年-月-日”", USAGE.validate);
    await usageError(["template", "--form"], "选项 --form 后面缺少“表单”", USAGE.template);
  });

  it("too many arguments: the extra ones named", async () => {
    await usageError(["profiles", "hebei-2025"], "多出了参数：“hebei-2025”。pilot-forms profiles 不需要参数", USAGE.profiles);
    const err = await usageError(["template", "-o", "my", "templates"], "多出了参数：“templates”。", USAGE.template);
    expect(err).toContain("含空格的文件名请加引号");
  });

  it("an unknown command: named, the nearest suggested, every command's usage line", async () => {
    const err = await usageError(["valdate", "x.xlsx"], "没有命令“valdate”，是否想写 validate？", "用法：\n");
    for (const line of Object.values(USAGE)) expect(err).toContain(line.replace("用法：", "  "));
    await usageError(
      ["foo"],
      "没有命令“foo”。可用的命令：profiles、template、validate、merge、summary。",
      "pilot-forms merge 文件或文件夹…",
    );
    await usageError(["help"], "查看说明请用 pilot-forms --help", "pilot-forms validate 文件或文件夹…");
  });

  it("no command: the help, on stderr, exit 2", async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.err).toContain("命令：");
    expect(r.err).toContain(USAGE.merge.replace("用法：", "  "));
    expect(r.err).not.toMatch(ENGLISH);
  });

  it("an invalid choice (commander's .choices()): the value and the choices in Chinese", async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (s: string) => err.push(s), isTTY: false };
    const cmd = clerkCommand(new Command("demo"), io, "用法：demo --kind 类别");
    cmd.addOption(new Option("--kind <类别>", "单位类别").choices(["保险公司", "网络安全企业"])).action(() => {});
    expect(() => cmd.parse(["node", "demo", "--kind", "银行"])).toThrow(CommanderError);
    expect(err.join("\n")).toBe("选项 --kind 的值“银行”无效：只能是 保险公司、网络安全企业 之一。\n用法：demo --kind 类别");

    err.length = 0;
    const arg = clerkCommand(new Command("demo"), io, "用法：demo 配置");
    arg.argument("<配置>", "通知配置").action(() => {});
    arg.registeredArguments[0].choices(["hebei-2025", "miit-2025"]);
    expect(() => arg.parse(["node", "demo", "hebei-2099"])).toThrow(CommanderError);
    expect(err.join("\n")).toBe("参数“配置”的值“hebei-2099”无效：只能是 hebei-2025、miit-2025 之一。\n用法：demo 配置");
  });

  it("errors of our own (a missing file, a bad --today) stay exit 2 and Chinese", async () => {
    const missing = await run("validate", "nope.xlsx");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("找不到");
    const today = await run("validate", "nope.xlsx", "--today", "2025-13-40");
    expect(today.code).toBe(2);
    expect(today.err).not.toMatch(ENGLISH);
  });
});

describe("--help in Chinese", () => {
  it("the program: titles, usage lines of every command, no English", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^用法： ?pilot-forms 命令 \[选项\]/);
    for (const title of ["选项：", "命令："]) expect(r.out).toContain(title);
    for (const line of Object.values(USAGE)) expect(r.out).toContain(line.replace("用法：", "  "));
    expect(r.out).not.toMatch(ENGLISH);
    expect(r.err).toBe("");
  });

  it.each(Object.keys(USAGE) as (keyof typeof USAGE)[])("%s --help: its usage line, options in Chinese", async (name) => {
    const r = await run(name, "--help");
    expect(r.code).toBe(0);
    expect(r.out.replace(/^用法： /, "用法：")).toContain(USAGE[name]);
    expect(r.out).toContain("选项：");
    expect(r.out).toContain("显示帮助");
    expect(r.out).not.toMatch(ENGLISH);
  });

  it("defaults said in Chinese; arguments listed under 参数", async () => {
    expect((await run("template", "--help")).out).toContain("输出目录（默认：templates）");
    const merge = (await run("merge", "--help")).out;
    expect(merge).toContain("参数：");
    expect(merge).toContain("-o, --out <汇总表.xlsx>");
  });

  it("columns line up with Chinese placeholders (two columns a character)", async () => {
    const lines = (await run("merge", "--help")).out.split("\n").filter((l) => /^ {2}-/.test(l));
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u4e00-\u9fff\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
    const starts = lines.map((l) => width(/^ {2}\S+(?: \S+)*? {2,}/.exec(l)![0]));
    expect(new Set(starts).size).toBe(1);
  });

  it("the bin launcher: merge --help in Chinese on stdout, a usage error on stderr with exit 2", () => {
    const help = spawnSync(process.execPath, ["bin/pilot-forms.js", "merge", "--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("汇总表输出文件");
    expect(help.stdout).not.toMatch(ENGLISH);
    const bad = spawnSync(process.execPath, ["bin/pilot-forms.js", "merge", "x.xlsx"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("缺少必需的选项 -o");
    expect(bad.stderr).not.toMatch(ENGLISH);
  });
});
