// Expanding inputs as city offices really send them: FIFOs, symlink loops, repeated and
// dangling links, OS junk, non-spreadsheets, .zip archives (nested, hostile, broken).
// Every test here would hang (FIFO, loops) or crash before the fix; each finishes in ms.
import { execFileSync } from "node:child_process";
import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import JSZip from "jszip";
import { findProfile } from "../forms/profiles/index.js";
import { expandInputs, type Inputs } from "../aggregator/inputs.js";
import { checkFile } from "../aggregator/check.js";
import { closeArchives, inputBytes } from "../aggregator/read/zip-inputs.js";
import { buildZip, deflated, makeTempDir, stored } from "./read/helpers.js";

const tmp = makeTempDir("pilot-forms-inputs-");
afterAll(async () => {
  await closeArchives();
  tmp.cleanup();
});
const profile = findProfile("hebei-2025")!;
const CASE = readFileSync("examples/hebei-2025/唐山市/典型案例申报书-1.xlsx");
const PLAN = readFileSync("examples/hebei-2025/唐山市/试点工作方案（服务机构）.xlsx");

function mkdirp(...parts: string[]): string {
  const d = path.join(tmp.dir, ...parts);
  mkdirSync(d, { recursive: true });
  return d;
}

async function zipOf(files: Record<string, Uint8Array | string>): Promise<Buffer> {
  const z = new JSZip();
  for (const [name, data] of Object.entries(files)) z.file(name, data);
  return z.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

const skippedReason = (r: Inputs, suffix: string) => r.skipped.find((s) => s.display.endsWith(suffix))?.reason;

describe("expandInputs: files that are not what they seem", () => {
  it("FIFOs are never opened; symlink loops, repeated and dangling links end; OS junk is listed", async () => {
    const root = mkdirp("hostile");
    mkdirp("hostile", "唐山市");
    writeFileSync(path.join(root, "唐山市", "案例.xlsx"), CASE);
    execFileSync("mkfifo", [path.join(root, "唐山市", "管道.xlsx")]);
    execFileSync("mkfifo", [path.join(root, "管道")]);
    symlinkSync("..", path.join(root, "唐山市", "上层"));
    symlinkSync(".", path.join(root, "自己"));
    symlinkSync("b", path.join(root, "a"));
    symlinkSync("a", path.join(root, "b"));
    symlinkSync("没有这个文件.xlsx", path.join(root, "失效.xlsx"));
    symlinkSync(path.join("唐山市", "案例.xlsx"), path.join(root, "软链接.xlsx"));
    linkSync(path.join(root, "唐山市", "案例.xlsx"), path.join(root, "硬链接.xlsx"));
    for (const junk of ["Thumbs.db", "desktop.ini", ".DS_Store", "~$案例.xlsx", ".隐藏.xlsx", "._案例.xlsx"])
      writeFileSync(path.join(root, junk), "x");
    mkdirp("hostile", ".git");
    writeFileSync(path.join(root, ".git", "config"), "x");
    writeFileSync(path.join(root, "说明.pdf"), "%PDF-1.4\n");
    writeFileSync(path.join(root, "照片.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    writeFileSync(
      path.join(root, "申报书.docx"),
      await zipOf({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>" }),
    );

    // A hang (a FIFO opened, a loop followed) fails by the test's timeout; speed is for npm run bench.
    const r = await expandInputs([root], tmp.dir);
    // One real file read once; every non-spreadsheet passed on to be counted.
    expect(r.files.map((f) => f.display).sort()).toEqual(
      ["hostile/唐山市/案例.xlsx", "hostile/说明.pdf", "hostile/照片.jpg", "hostile/申报书.docx"].sort(),
    );
    expect(skippedReason(r, "唐山市/管道.xlsx")).toContain("命名管道");
    expect(skippedReason(r, "hostile/管道")).toContain("命名管道");
    expect(skippedReason(r, "唐山市/上层")).toContain("循环");
    expect(skippedReason(r, "hostile/自己")).toContain("循环");
    expect(skippedReason(r, "hostile/a")).toContain("循环");
    expect(skippedReason(r, "hostile/b")).toContain("循环");
    expect(skippedReason(r, "失效.xlsx")).toContain("失效的链接");
    expect(skippedReason(r, "软链接.xlsx")).toMatch(/与“hostile\/唐山市\/案例\.xlsx”是同一个文件/);
    expect(skippedReason(r, "硬链接.xlsx")).toMatch(/与“hostile\/唐山市\/案例\.xlsx”是同一个文件/);
    for (const junk of ["Thumbs.db", "desktop.ini", ".DS_Store", "~$案例.xlsx", ".隐藏.xlsx", "._案例.xlsx", ".git"])
      expect(skippedReason(r, `hostile/${junk}`), junk).toBeDefined();
    // Each skipped input is a file.skipped issue for the reports.
    for (const s of r.skipped) expect(s.issue).toMatchObject({ code: "file.skipped", severity: "info", file: s.display });
  });

  it("a socket is listed, not opened", async () => {
    const dir = mkdirp("socket");
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(dir, "套接字.xlsx"), resolve));
    try {
      const r = await expandInputs([dir], tmp.dir);
      expect(r.files).toEqual([]);
      expect(skippedReason(r, "套接字.xlsx")).toContain("套接字");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("the same folder or file given twice is read once", async () => {
    const dir = mkdirp("twice");
    writeFileSync(path.join(dir, "案例.xlsx"), CASE);
    const r = await expandInputs([dir, dir, path.join(dir, "案例.xlsx")], tmp.dir);
    expect(r.files.map((f) => f.display)).toEqual(["twice/案例.xlsx"]);
    expect(r.skipped.map((s) => s.reason)).toEqual([
      "重复给出的输入，只读取一次",
      "与“twice/案例.xlsx”是同一个文件（链接或重复给出），只读取一次",
    ]);
  });

  it("a FIFO given directly is skipped, not opened; a missing input is missing", async () => {
    const fifo = path.join(mkdirp("direct"), "直接.xlsx");
    execFileSync("mkfifo", [fifo]);
    const r = await expandInputs([fifo, path.join(tmp.dir, "没有.xlsx")], tmp.dir);
    expect(r.files).toEqual([]);
    expect(r.skipped[0].reason).toContain("命名管道");
    expect(r.missing).toEqual(["没有.xlsx"]);
  });
});

describe("expandInputs: .zip archives", () => {
  it("a city's zip is read like a folder named after it; its own folders count; junk and unsafe names are listed", async () => {
    const inner = await zipOf({ "内层.xlsx": PLAN, "更深.zip": await zipOf({ "x.xlsx": CASE }) });
    const zip = await zipOf({
      "案例1.xlsx": CASE,
      "资料/说明.pdf": "%PDF-1.4\n",
      "__MACOSX/._案例1.xlsx": "x",
      "Thumbs.db": "x",
      "内层.zip": inner,
    });
    const dir = mkdirp("zips");
    writeFileSync(path.join(dir, "唐山市材料.zip"), zip);
    // A hand-made zip with a path-traversal and an absolute name.
    writeFileSync(
      path.join(dir, "保定市.zip"),
      buildZip([stored("../逃逸.xlsx", CASE), stored("/etc/绝对.xlsx", CASE), stored("正常.xlsx", CASE)]),
    );
    const r = await expandInputs([dir], tmp.dir);
    const shown = r.files.map((f) => f.display);
    expect(shown).toEqual(
      expect.arrayContaining([
        "zips/唐山市材料.zip/案例1.xlsx",
        "zips/唐山市材料.zip/资料/说明.pdf",
        "zips/唐山市材料.zip/内层.zip/内层.xlsx",
        "zips/保定市.zip/正常.xlsx",
      ]),
    );
    expect(shown).toHaveLength(4);
    expect(skippedReason(r, "内层.zip/更深.zip")).toContain("嵌套超过一层");
    expect(skippedReason(r, "__MACOSX/._案例1.xlsx")).toContain("__MACOSX");
    expect(skippedReason(r, "唐山市材料.zip/Thumbs.db")).toBeDefined();
    expect(r.skipped.filter((s) => s.reason.includes("不安全"))).toHaveLength(2);

    // Members are read from the archive, one at a time, with the city from the zip's name.
    const member = r.files.find((f) => f.display.endsWith("案例1.xlsx"))!;
    expect(member.member).toMatchObject({ entry: "案例1.xlsx" });
    expect((await inputBytes(member))?.equals(CASE)).toBe(true);
    const checked = await checkFile(member, { profile, today: "2025-11-25" });
    expect(checked.city).toBe("唐山市");
    expect(checked.status).not.toBe("unreadable");
    expect(checked.validation?.rows.case).toBe(1);
    const nested = await checkFile(
      r.files.find((f) => f.display.endsWith("内层.xlsx"))!,
      { profile, today: "2025-11-25" },
    );
    expect(nested.city).toBe("唐山市");
    expect(nested.validation?.rows.targets).toBeGreaterThan(15);
    const pdf = await checkFile(
      r.files.find((f) => f.display.endsWith("说明.pdf"))!,
      { profile },
    );
    expect(pdf.city).toBe("唐山市");
    expect(pdf.issues[0].code).toBe("file.not_spreadsheet");
    const baoding = await checkFile(
      r.files.find((f) => f.display.endsWith("正常.xlsx"))!,
      { profile },
    );
    expect(baoding.city).toBe("保定市");
  });

  it("entry names written by Chinese Windows (GBK, no UTF-8 flag) are decoded", async () => {
    // "AAAA.xlsx" is 9 bytes like 案例.xlsx in GBK: swap the bytes in and clear the UTF-8 flag.
    const zip = buildZip([stored("ABCDEF/AAAA.xlsx", CASE)]);
    const from = Buffer.from("ABCDEF/AAAA.xlsx");
    const to = Buffer.concat([Buffer.from("ccc6c9bdcad0", "hex"), Buffer.from("/"), Buffer.from("b0b8c0fd2e786c7378", "hex")]);
    expect(to.length).toBe(from.length);
    for (let at = zip.indexOf(from); at >= 0; at = zip.indexOf(from, at + 1)) to.copy(zip, at);
    zip.writeUInt16LE(0, 6); // the local header is at 0; the central one is the last (the stored workbook has its own)
    zip.writeUInt16LE(0, zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 8);
    const dir = mkdirp("gbk");
    writeFileSync(path.join(dir, "材料.zip"), zip);
    const r = await expandInputs([dir], tmp.dir);
    expect(r.files.map((f) => f.display)).toEqual(["gbk/材料.zip/唐山市/案例.xlsx"]);
    const checked = await checkFile(r.files[0], { profile });
    expect(checked.city).toBe("唐山市");
    expect(checked.validation?.rows.case).toBe(1);
  });

  it("content decides, not the name: an .xlsx named .zip is a workbook, a zip named .xlsx is a folder", async () => {
    const dir = mkdirp("names");
    writeFileSync(path.join(dir, "其实是工作簿.zip"), CASE);
    writeFileSync(path.join(dir, "其实是压缩包.xlsx"), await zipOf({ "里面.xlsx": CASE }));
    const r = await expandInputs([dir], tmp.dir);
    expect(r.files.map((f) => [f.display, !!f.member])).toEqual([
      ["names/其实是工作簿.zip", false],
      ["names/其实是压缩包.xlsx/里面.xlsx", true],
    ]);
  });

  it("a corrupt, truncated, empty or oversized .zip is one file.unreadable for its city", async () => {
    const dir = mkdirp("石家庄市");
    const good = await zipOf({ "a.xlsx": CASE, "b.xlsx": PLAN });
    writeFileSync(path.join(dir, "截断.zip"), good.subarray(0, good.length - 200));
    writeFileSync(path.join(dir, "不是压缩包.zip"), "这不是压缩包");
    writeFileSync(path.join(dir, "空.zip"), await zipOf({}));
    // The directory announces 300 MB: refused before anything is inflated.
    const big = buildZip([deflated("大.xlsx", "x".repeat(1000))]);
    const cd = big.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    big.writeUInt32LE(300 * 1024 * 1024, cd + 24);
    writeFileSync(path.join(dir, "炸弹.zip"), big);
    const r = await expandInputs([dir], tmp.dir);
    const byName = (n: string) => r.files.find((f) => f.display.endsWith(n))!;
    for (const n of ["截断.zip", "不是压缩包.zip", "空.zip", "炸弹.zip"]) {
      const f = byName(n);
      expect(f, n).toBeDefined();
      expect(f.failed?.message, n).toBeTruthy();
      const checked = await checkFile(f, { profile });
      expect(checked.status, n).toBe("unreadable");
      expect(checked.issues[0].code, n).toBe("file.unreadable");
      expect(checked.city, n).toBe("石家庄市");
    }
    expect(byName("截断.zip").failed!.message).toMatch(/损坏|不完整/);
    expect(byName("空.zip").failed!.message).toContain("空的压缩包");
    expect(byName("炸弹.zip").failed!.message).toMatch(/过大|上限/);
  });
});
