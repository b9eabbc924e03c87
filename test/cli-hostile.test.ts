// The command line against inputs and outputs as they really come: a FIFO named .xlsx,
// symlink loops, a .pdf and a city's .zip among the workbooks; output paths that are
// folders, under a file, too long, read-only, overlapping. Each: the exit code, a Chinese
// message, nothing written outside the asked folder, nothing half-written, no stack trace.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { run } from "./fixtures/cli.js";
import type { JsonReport } from "../aggregator/report.js";
import { fitName, uniqueName } from "../aggregator/output-paths.js";

const tmp = path.join(os.tmpdir(), `pilot-forms-hostile-${process.pid}`);
const CASE = readFileSync("examples/hebei-2025/唐山市/典型案例申报书-1.xlsx");
const PLAN = readFileSync("examples/hebei-2025/保定市/试点工作方案（服务机构）.xlsx");
const TODAY = "2025-11-25";

/** Every path under a folder (recursively), relative to it. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(r);
      if (e.isDirectory()) walk(path.join(d, e.name), r);
    }
  };
  walk(dir, "");
  return out.sort();
}

function expectUsageError(r: { code: number; err: string }, message: RegExp): void {
  expect(r.code, r.err).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/内部错误|\n\s+at /);
}

const input = path.join(tmp, "材料");

beforeAll(async () => {
  mkdirSync(path.join(input, "唐山市"), { recursive: true });
  writeFileSync(path.join(input, "唐山市", "案例.xlsx"), CASE);
  writeFileSync(path.join(input, "唐山市", "申报书扫描件.pdf"), "%PDF-1.4\n%…\n");
  execFileSync("mkfifo", [path.join(input, "唐山市", "管道.xlsx")]);
  symlinkSync("..", path.join(input, "唐山市", "回到上层"));
  symlinkSync("环2", path.join(input, "环1"));
  symlinkSync("环1", path.join(input, "环2"));
  writeFileSync(path.join(input, "Thumbs.db"), "x");
  const zip = new JSZip();
  zip.file("方案.xlsx", PLAN);
  zip.file("说明.docx", "not really a docx");
  writeFileSync(path.join(input, "保定市材料.zip"), await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  // A city's zip cut short in the download, and one whose inner zip holds another zip.
  const whole = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  writeFileSync(path.join(input, "石家庄市.zip"), whole.subarray(0, whole.length - 100));
  const deepest = new JSZip().file("x.xlsx", CASE);
  const deeper = new JSZip().file("第三层.zip", await deepest.generateAsync({ type: "nodebuffer" }));
  const outer = new JSZip().file("第二层.zip", await deeper.generateAsync({ type: "nodebuffer" }));
  writeFileSync(path.join(input, "定州市.zip"), await outer.generateAsync({ type: "nodebuffer" }));
});
afterAll(() => execFileSync("rm", ["-rf", tmp]));

describe("merge: hostile inputs", () => {
  it("a FIFO, symlink loops, a .pdf and a city's .zip: finishes, every file counted for its city and listed", async () => {
    const out = path.join(tmp, "输出1");
    const before = tree(tmp).filter((p) => !p.startsWith("输出1"));
    const r = await run(
      "merge",
      input,
      "--profile",
      "hebei-2025",
      "-o",
      path.join(out, "全省汇总.xlsx"),
      "--json",
      path.join(out, "r.json"),
      "--feedback",
      path.join(out, "反馈"),
      "--today",
      TODAY,
    );
    expect(r.code, r.err).toBe(0);
    // Nothing written outside the asked folder, no temporary files left.
    expect(tree(tmp).filter((p) => !p.startsWith("输出1"))).toEqual(before);
    expect(tree(out).filter((p) => /tmp|pilot-forms-/.test(p))).toEqual([]);

    const report = JSON.parse(readFileSync(path.join(out, "r.json"), "utf8")) as JsonReport;
    const file = (suffix: string) => report.files.find((f) => f.path.endsWith(suffix));
    expect(file("唐山市/申报书扫描件.pdf")).toMatchObject({ city: "唐山市", status: "unreadable" });
    expect(file("唐山市/申报书扫描件.pdf")?.issue?.code).toBe("file.not_spreadsheet");
    expect(file("唐山市/申报书扫描件.pdf")?.issue?.message).toMatch(/请|提交/); // says what to send instead
    expect(file("保定市材料.zip/方案.xlsx")).toMatchObject({ city: "保定市" });
    expect(file("保定市材料.zip/方案.xlsx")?.rows.targets).toBeGreaterThan(15);
    expect(file("保定市材料.zip/说明.docx")).toMatchObject({ city: "保定市", status: "unreadable" });
    for (const s of ["唐山市/管道.xlsx", "唐山市/回到上层", "环1", "环2", "Thumbs.db"]) {
      expect(file(s), s).toMatchObject({ status: "skipped", issue: { code: "file.skipped" } });
      expect(report.issues.some((i) => i.code === "file.skipped" && i.file?.endsWith(s))).toBe(true);
    }
    expect(file("管道.xlsx")?.issue?.message).toContain("命名管道");
    expect(file("石家庄市.zip")).toMatchObject({ city: "石家庄市", status: "unreadable", issue: { code: "file.unreadable" } });
    expect(file("石家庄市.zip")?.issue?.message).toMatch(/压缩包已损坏或不完整/);
    expect(file("定州市.zip/第二层.zip/第三层.zip")).toMatchObject({ status: "skipped" });
    expect(file("定州市.zip/第二层.zip/第三层.zip")?.issue?.message).toContain("嵌套超过一层");
    // The terminal summary counts the .pdf for 唐山市 and both zip members for 保定市.
    // Columns: 报送, 文件, 无法读取, 非表格, 重复.
    expect(r.out).toMatch(/唐山市\s+已报送\s+2\s+0\s+1\s+0/);
    expect(r.out).toMatch(/保定市\s+已报送\s+2\s+0\s+1\s+0/);

    // 来源文件 lists the .pdf (with what to send instead) and the skipped inputs.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, "全省汇总.xlsx"));
    const files = wb.getWorksheet("来源文件")!;
    const text: string[] = [];
    files.eachRow((row) => text.push((row.values as unknown[]).map((v) => String(v ?? "")).join("|")));
    expect(text.some((l) => l.includes("申报书扫描件.pdf") && l.includes("唐山市") && l.includes("不是电子表格"))).toBe(true);
    expect(file("保定市材料.zip/说明.docx")?.issue?.code).toBe("file.not_spreadsheet");
    expect(text.some((l) => l.includes("保定市材料.zip/方案.xlsx"))).toBe(true);
    expect(text.some((l) => l.includes("管道.xlsx") && l.includes("命名管道"))).toBe(true);

    // The city's feedback lists its .pdf.
    const fb = new ExcelJS.Workbook();
    await fb.xlsx.readFile(path.join(out, "反馈", "唐山市", "唐山市问题反馈.xlsx"));
    const lines: string[] = [];
    fb.getWorksheet("说明")!.eachRow((row) => lines.push(String(row.getCell(1).value ?? "")));
    expect(lines.join("\n")).toMatch(/申报书扫描件\.pdf\s+—\s+不是电子表格/);
    const listed: string[] = [];
    fb.getWorksheet("问题清单")!.eachRow((row) => listed.push((row.values as unknown[]).map((v) => String(v ?? "")).join("|")));
    expect(listed.some((l) => l.includes("申报书扫描件.pdf") && l.includes("file.not_spreadsheet"))).toBe(true);
    expect(lines.join("\n")).toContain("共 2 个文件");
  });

  it("with PILOT_FORMS_WORKERS the zip members are read on worker threads too", async () => {
    const out = path.join(tmp, "输出-线程");
    const r = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `import("./aggregator/cli.ts").then(async (m) => { process.exitCode = await m.main(["node", "pilot-forms", "merge", ${JSON.stringify(input)}, "--profile", "hebei-2025", "-o", ${JSON.stringify(path.join(out, "汇总.xlsx"))}, "--json", ${JSON.stringify(path.join(out, "r.json"))}, "--today", "${TODAY}"]); })`,
      ],
      { encoding: "utf8", env: { ...process.env, PILOT_FORMS_WORKERS: "1" }, timeout: 120_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, "r.json"), "utf8")) as JsonReport;
    expect(report.files.find((f) => f.path.endsWith("保定市材料.zip/方案.xlsx"))).toMatchObject({ city: "保定市" });
    expect(report.files.find((f) => f.path.endsWith("保定市材料.zip/方案.xlsx"))?.rows.targets).toBeGreaterThan(15);
  }, 150_000);

  it("validate of a city's zip: members checked, annotated copies written from the archive's bytes", async () => {
    const zip = new JSZip();
    zip.file("申报/案例.xlsx", CASE);
    zip.file("申报/扫描件.pdf", "%PDF-1.4\n");
    const file = path.join(tmp, "唐山市.zip");
    writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const out = path.join(tmp, "标注");
    const r = await run("validate", file, "--profile", "hebei-2025", "--annotate", out, "--today", TODAY);
    expect(r.code, r.err).toBe(1); // the example's planted uscc.checksum error
    expect(r.out).toContain("唐山市.zip/申报/案例.xlsx  （网络安全保险服务典型案例申报书 · hebei-2025 · 唐山市）");
    expect(r.out).toMatch(/唐山市\.zip\/申报\/扫描件\.pdf[\s\S]*file\.not_spreadsheet/);
    expect(tree(out)).toEqual(["申报", "申报/案例（已标注）.xlsx"]);
  });

  it("--profile naming a FIFO: exit 2 at once, never opened", async () => {
    const fifo = path.join(tmp, "配置.json");
    execFileSync("mkfifo", [fifo]);
    expectUsageError(await run("validate", path.join(input, "唐山市", "案例.xlsx"), "--profile", fifo), /不是普通文件/);
  });

  it("validate of nothing but a FIFO: exit 2, nothing opened", async () => {
    const r = await run("validate", path.join(input, "唐山市", "管道.xlsx"));
    expectUsageError(r, /没有找到可以读取的文件/);
    expect(r.err).toContain("命名管道");
  });
});

describe("output paths are checked before any work", () => {
  const args = (...extra: string[]) => ["merge", input, "--profile", "hebei-2025", "--today", TODAY, ...extra];

  it("-o naming an existing folder, a parent that is a file, a name past 255 bytes, the same path twice: exit 2", async () => {
    const dir = path.join(tmp, "已有文件夹.xlsx");
    mkdirSync(dir);
    expectUsageError(await run(...args("-o", dir)), /是一个已有的文件夹/);
    const file = path.join(tmp, "一个文件");
    writeFileSync(file, "x");
    expectUsageError(await run(...args("-o", path.join(file, "汇总.xlsx"))), /“[^”]*一个文件”是一个文件，不是文件夹/);
    expectUsageError(await run(...args("-o", path.join(file, "下层", "汇总.xlsx"))), /是一个文件，不是文件夹/);
    const long = "很".repeat(90) + ".xlsx"; // 275 bytes
    expectUsageError(await run(...args("-o", path.join(tmp, long))), /太长（275 字节/);
    const same = path.join(tmp, "同一个.xlsx");
    expectUsageError(await run(...args("-o", same, "--json", same)), /是同一个路径/);
    expectUsageError(
      await run(...args("-o", path.join(tmp, "a.xlsx"), "--json", path.join(tmp, "一个文件", "r.json"))),
      /不是文件夹/,
    );
    expect(existsSync(path.join(tmp, "a.xlsx"))).toBe(false);
    expect(existsSync(same)).toBe(false);
  });

  it("--feedback: a file, a folder of other files, an input folder, the working folder: exit 2, nothing touched", async () => {
    const o = path.join(tmp, "b.xlsx");
    expectUsageError(await run(...args("-o", o, "--feedback", path.join(tmp, "一个文件"))), /是一个已有的文件，不是文件夹/);
    const foreign = path.join(tmp, "别人的文件夹");
    mkdirSync(foreign);
    writeFileSync(path.join(foreign, "重要.docx"), "keep me");
    expectUsageError(await run(...args("-o", o, "--feedback", foreign)), /不是 pilot-forms 写出的文件/);
    expect(readFileSync(path.join(foreign, "重要.docx"), "utf8")).toBe("keep me");
    expectUsageError(await run(...args("-o", o, "--feedback", input)), /与输入.*重叠/);
    expectUsageError(await run(...args("-o", o, "--feedback", path.join(input, "唐山市"))), /与输入.*重叠/);
    expectUsageError(await run(...args("-o", o, "--feedback", ".")), /当前文件夹/);
    expectUsageError(await run(...args("-o", path.join(tmp, "fb", "c.xlsx"), "--feedback", path.join(tmp, "fb"))), /在问题反馈/);
    expect(existsSync(o)).toBe(false);
  });

  it("validate: --json naming a folder, --annotate under a file: exit 2", async () => {
    const one = path.join(input, "唐山市", "案例.xlsx");
    expectUsageError(await run("validate", one, "--json", tmp), /是一个已有的文件夹/);
    expectUsageError(await run("validate", one, "--annotate", path.join(tmp, "一个文件", "x.xlsx")), /不是文件夹/);
    expectUsageError(await run("validate", input, "--annotate", path.join(tmp, "一个文件")), /是一个已有的文件，不是文件夹/);
  });

  it("a folder that refuses new entries (/proc/…): exit 2 after the work, no endless retry", async (ctx) => {
    // Node's mkdir(…, { recursive: true }) spins forever on /proc/x; makeDirs fails at once.
    if (!existsSync("/proc/self")) return ctx.skip();
    const r = await run("validate", path.join(input, "唐山市", "案例.xlsx"), "--json", "/proc/pilot-forms-no/r.json");
    expectUsageError(r, /无法写出JSON 报告“\/proc\/pilot-forms-no\/r\.json”：无法在这个位置创建文件夹/);
  });

  it("a read-only folder (a read-only tmpfs; root passes permission bits but not EROFS): exit 2", async (ctx) => {
    const ro = path.join(tmp, "只读");
    mkdirSync(ro);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro], { stdio: "ignore" });
    } catch {
      ctx.skip(); // no mount here (not root, or no CAP_SYS_ADMIN): chmod cannot stop root, so nothing to test
      return;
    }
    try {
      expectUsageError(await run(...args("-o", path.join(ro, "汇总.xlsx"))), /只读/);
      expectUsageError(await run(...args("-o", path.join(tmp, "d.xlsx"), "--json", path.join(ro, "r.json"))), /只读/);
      expectUsageError(await run(...args("-o", path.join(tmp, "d.xlsx"), "--feedback", path.join(ro, "反馈"))), /只读/);
      expectUsageError(
        await run("validate", path.join(input, "唐山市", "案例.xlsx"), "--annotate", path.join(ro, "x.xlsx")),
        /只读/,
      );
      expect(existsSync(path.join(tmp, "d.xlsx"))).toBe(false);
    } finally {
      execFileSync("umount", [ro]);
    }
  });
});

describe("outputs inside an input folder", () => {
  it("an earlier run's roll-up and JSON report in the input folder are listed, not read as submissions", async () => {
    const dir = path.join(tmp, "输入含输出", "唐山市");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "案例.xlsx"), CASE);
    const root = path.dirname(dir);
    const merge = () =>
      run(
        "merge",
        root,
        "--profile",
        "hebei-2025",
        "-o",
        path.join(root, "汇总.xlsx"),
        "--json",
        path.join(root, "r.json"),
        "--today",
        TODAY,
      );
    expect((await merge()).code).toBe(0);
    const again = await merge();
    expect(again.code, again.err).toBe(0);
    const report = JSON.parse(readFileSync(path.join(root, "r.json"), "utf8")) as JsonReport;
    expect(report.files.filter((f) => f.status !== "skipped").map((f) => path.basename(f.path))).toEqual(["案例.xlsx"]);
    expect(
      report.files
        .filter((f) => f.status === "skipped")
        .map((f) => path.basename(f.path))
        .sort(),
    ).toEqual(["r.json", "汇总.xlsx"].sort());
  });
});

describe("a disk that fills up while writing", () => {
  it("exit 2 with a Chinese message; no half-written roll-up, no temporary files; an earlier --feedback folder survives", async (ctx) => {
    const small = path.join(tmp, "小磁盘");
    mkdirSync(small);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=4k", "tmpfs", small], { stdio: "ignore" });
    } catch {
      ctx.skip(); // no mount here: ENOSPC cannot be produced
      return;
    }
    try {
      const r = await run("merge", input, "--profile", "hebei-2025", "-o", path.join(small, "汇总.xlsx"), "--today", TODAY);
      expectUsageError(r, /无法写出汇总表.*磁盘空间不足/);
      expect(readdirSync(small)).toEqual([]);
      // An earlier run's feedback folder (here: a small one) is kept when the new one does not fit.
      mkdirSync(path.join(small, "反馈", "唐山市"), { recursive: true });
      writeFileSync(path.join(small, "反馈", "唐山市", "唐山市问题反馈.xlsx"), "earlier");
      const again = await run(
        "merge",
        input,
        "--profile",
        "hebei-2025",
        "-o",
        path.join(tmp, "汇总-小磁盘.xlsx"),
        "--feedback",
        path.join(small, "反馈"),
        "--today",
        TODAY,
      );
      expectUsageError(again, /无法写出问题反馈文件夹.*磁盘空间不足/);
      expect(tree(small)).toEqual(["反馈", "反馈/唐山市", "反馈/唐山市/唐山市问题反馈.xlsx"]);
      expect(readFileSync(path.join(small, "反馈", "唐山市", "唐山市问题反馈.xlsx"), "utf8")).toBe("earlier");
    } finally {
      execFileSync("umount", [small]);
    }
  });
});

describe("--feedback is rebuilt as a whole", () => {
  it("an earlier run's folder is replaced (no stale cities), names past 255 bytes are shortened and unique", async () => {
    const fbIn = path.join(tmp, "反馈输入");
    const long = "网络安全保险服务典型案例申报书".repeat(6); // 90 characters, 270 bytes with （已标注）.xlsx
    mkdirSync(path.join(fbIn, "唐山市", "甲"), { recursive: true });
    mkdirSync(path.join(fbIn, "唐山市", "乙"), { recursive: true });
    writeFileSync(path.join(fbIn, "唐山市", "甲", `${long.slice(0, 80)}.xlsx`), CASE);
    // Another file of the same name in another folder: the copies must not overwrite each other.
    writeFileSync(
      path.join(fbIn, "唐山市", "乙", `${long.slice(0, 80)}.xlsx`),
      readFileSync("examples/hebei-2025/唐山市/典型案例申报书-2.xlsx"),
    );
    const dir2 = path.join(fbIn, "保定市");
    mkdirSync(dir2);
    writeFileSync(path.join(dir2, "方案.xlsx"), PLAN);
    const out = path.join(tmp, "输出-反馈");
    const fb = path.join(out, "反馈");
    const merge = (...inputs: string[]) =>
      run("merge", ...inputs, "--profile", "hebei-2025", "-o", path.join(out, "汇总.xlsx"), "--feedback", fb, "--today", TODAY);

    expect((await merge(fbIn)).code).toBe(0);
    expect(readdirSync(fb).sort()).toEqual(["保定市", "唐山市"].sort());
    const tangshan = readdirSync(path.join(fb, "唐山市"));
    for (const name of tangshan) expect(Buffer.byteLength(name), name).toBeLessThanOrEqual(255);
    const copies = tangshan.filter((n) => /（已标注）(\(\d+\))?\.xlsx$/.test(n)).sort();
    expect(copies).toHaveLength(2);
    expect(copies[0]).toMatch(/…（已标注）(\(2\))?\.xlsx$/);
    expect(new Set(copies).size).toBe(2);

    // Second run without 保定市: its folder from the first run is gone.
    expect((await merge(path.join(fbIn, "唐山市"))).code).toBe(0);
    expect(readdirSync(fb)).toEqual(["唐山市"]);
    expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
  });
});

describe("file names within 255 bytes", () => {
  it("fitName cuts before （已标注） and the extension, by whole characters; uniqueName numbers repeats", () => {
    const long = "网".repeat(100) + "（已标注）.xlsx"; // 300 + 15 + 5 bytes
    const fitted = fitName(long);
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(255);
    expect(fitted).toMatch(/^网+…（已标注）\.xlsx$/);
    expect(fitName("短.xlsx")).toBe("短.xlsx");
    const used = new Set<string>();
    const a = uniqueName(long, used);
    const b = uniqueName(long, used);
    const c = uniqueName("短.xlsx", used);
    const d = uniqueName("短.XLSX", used);
    expect(a).not.toBe(b);
    expect(b).toMatch(/\(2\)\.xlsx$/);
    for (const n of [a, b]) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(255);
    expect([c, d]).toEqual(["短.xlsx", "短(2).XLSX"]);
  });

  it("a device given as input is not opened: exit 2", async () => {
    const r = await run("validate", "/dev/zero");
    expectUsageError(r, /没有找到可以读取的文件/);
    expect(r.err).toContain("设备文件");
  });
});
