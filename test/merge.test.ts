// `pilot-forms merge` end to end on real .xlsx files: nothing lost (property test), bad
// input, safety, same bytes, print, feedback.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { run } from "./fixtures/cli.js";
import type { JsonReport } from "../aggregator/report.js";
import { displayPath } from "../aggregator/inputs.js";
import { findProfile } from "../forms/profiles/index.js";
import { templateBuffer } from "../aggregator/template/write.js";
import { buildOle, biffWorkbookStream, buildZip, bombEntry, workbookParts, stored, targetsListXlsx } from "./read/helpers.js";

const hebei = findProfile("hebei-2025")!;
const TODAY = "2025-11-25";

const TRACE_SKIP = new Set(["说明", "分市统计", "问题清单", "来源文件"]);

/** Every (file, sheet-less source row) the roll-up lists, from its trace columns 来源文件 / 来源行. */
async function rollupRows(file: string): Promise<{ sheet: string; source: string; row: number; city: string }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: { sheet: string; source: string; row: number; city: string }[] = [];
  const drafted: { source: string; row: number }[] = [];
  for (const ws of wb.worksheets) {
    if (TRACE_SKIP.has(ws.name)) continue;
    let header = 0;
    const cols: Record<string, number> = {};
    ws.eachRow((row, r) => {
      if (header) return;
      row.eachCell((c, col) => {
        if (["来源文件", "来源行", "城市", "推荐城市", "来源"].includes(String(c.value))) cols[String(c.value)] = col;
      });
      if (cols["来源文件"] && cols["来源行"]) header = r;
    });
    expect(header, `sheet ${ws.name} has trace columns`).toBeGreaterThan(0);
    for (let r = header + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const source = row.getCell(cols["来源文件"]).value;
      if (!source) continue;
      // A 推荐汇总表 row drafted from a 申报书 (no summary lists it) is not an input row: its
      // 申报书's case row must be on the 典型案例汇总 sheet instead.
      if (cols["来源"] && row.getCell(cols["来源"]).value === "由申报书生成") {
        drafted.push({ source: String(source), row: Number(row.getCell(cols["来源行"]).value) });
        continue;
      }
      out.push({
        sheet: ws.name,
        source: String(source),
        row: Number(row.getCell(cols["来源行"]).value),
        city: String(row.getCell(cols["城市"] ?? cols["推荐城市"]).value ?? ""),
      });
    }
  }
  for (const d of drafted)
    expect(
      out.some((o) => o.sheet === "典型案例汇总" && o.source === d.source && o.row === d.row),
      `${d.source} row ${d.row}`,
    ).toBe(true);
  return out;
}

// ---- random city workbooks -------------------------------------------------------------

interface GenFile {
  kind: "summary" | "targets" | "broken" | "duplicate" | "notes";
  rows: number;
  blanks: number[];
  title: number;
  footer: boolean;
  template: boolean;
}

const genFile: fc.Arbitrary<GenFile> = fc.record({
  kind: fc.constantFrom("summary", "targets", "targets", "summary", "broken", "duplicate", "notes"),
  rows: fc.nat({ max: 200 }),
  blanks: fc.array(fc.nat({ max: 220 }), { maxLength: 5 }),
  title: fc.nat({ max: 3 }),
  footer: fc.boolean(),
  template: fc.boolean(),
});

const CITY_FOLDERS = ["石家庄市", "唐山", "雄安新区", "定州市", "未知地区"];

/** Write one generated file; returns the source rows (1-based) of its data rows. */
async function writeGenerated(file: string, g: GenFile, n: number, previous: string[]): Promise<number[]> {
  if (g.kind === "broken") {
    const full = await templateBuffer(hebei, "case-summary");
    writeFileSync(file, full.subarray(0, Math.floor(full.length / 2)));
    return [];
  }
  if (g.kind === "duplicate" && previous.length) {
    copyFileSync(previous[n % previous.length], file);
    return [];
  }
  const rows = g.kind === "duplicate" ? 3 : g.rows;
  if (g.kind === "notes") {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("备注").addRow(["这是一张说明，没有表格"]);
    await wb.xlsx.writeFile(file);
    return [];
  }
  const summary = g.kind === "summary";
  const values = (i: number) =>
    summary
      ? {
          seq: i + 1,
          title: `案例${n}-${i}`,
          applicant: `河北某某${n}保险有限公司`,
          category: "行业企业",
          description: "描述",
          contact: "张三",
          phone: "13800000000",
        }
      : {
          seq: i + 1,
          name: `河北某某${n}制造${i}有限公司`,
          industry: "工业互联网",
          contact: "李四",
          contactInfo: `138${String(i).padStart(8, "0")}/a${i}@example.com`,
        };
  if (g.template) {
    const data = Array.from({ length: rows }, (_, i) => values(i));
    const form = summary ? "case-summary" : "pilot-institution";
    writeFileSync(file, await templateBuffer(hebei, form, { lists: { [summary ? "caseSummary" : "targets"]: data } }));
    const header = summary ? 3 : 2;
    return data.map((_, i) => header + 1 + i);
  }
  // Hand-made: title rows, header, data with blank rows in between, maybe a footer, an extra notes sheet.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(summary ? "汇总表" : "Sheet1");
  for (let t = 0; t < g.title; t++)
    ws.addRow([t === 0 ? (summary ? "网络安全保险服务典型案例推荐汇总表" : "表1 服务对象基本情况") : ""]);
  ws.addRow(
    summary
      ? ["序号", "案例名称", "申报单位", "单位类别", "联合申报单位", "案例简要描述", "联系人", "联系电话"]
      : ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"],
  );
  const sourceRows: number[] = [];
  const blanks = new Set(g.blanks);
  let r = ws.rowCount;
  for (let i = 0; i < rows; i++) {
    if (blanks.has(i)) {
      r++;
      ws.getRow(r).getCell(1).value = null;
    }
    const v = values(i);
    r++;
    ws.getRow(r).values = Object.values(v) as ExcelJS.CellValue[];
    sourceRows.push(r);
  }
  if (g.footer) ws.getRow(r + 2).getCell(1).value = summary ? "联系人：王五    手机/座机：0311-86699155" : "填表人：王五";
  wb.addWorksheet("备注").addRow(["审核意见：无"]);
  await wb.xlsx.writeFile(file);
  return sourceRows;
}

describe("merge: nothing lost", () => {
  it("every input data row appears exactly once in the roll-up and in the report's row counts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(genFile, { minLength: 1, maxLength: 6 }), async (gens) => {
        const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-merge-prop-"));
        const inputs = path.join(dir, "in");
        const expected = new Map<string, number[]>();
        const written: string[] = [];
        for (let n = 0; n < gens.length; n++) {
          const folder = path.join(inputs, CITY_FOLDERS[n % CITY_FOLDERS.length]);
          mkdirSync(folder, { recursive: true });
          const file = path.join(folder, `材料${n}.xlsx`);
          const rows = await writeGenerated(file, gens[n], n, written);
          written.push(file);
          expected.set(displayPath(file), rows);
        }
        const out = path.join(dir, "全省汇总.xlsx");
        const json = path.join(dir, "report.json");
        const r = await run("merge", inputs, "-o", out, "--profile", "hebei-2025", "--json", json, "--today", TODAY);
        expect(r.code, r.err).toBe(0);
        const listed = await rollupRows(out);
        const report = JSON.parse(readFileSync(json, "utf8")) as JsonReport;
        // Byte-identical files are merged once: the group's rows land under the one file the
        // report does not call a duplicate, and under none of the others.
        const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
        const groups = new Map<string, string[]>();
        for (const file of expected.keys()) groups.set(sha(file), [...(groups.get(sha(file)) ?? []), file]);
        const status = (file: string) => report.files.find((f) => f.path === file)?.status;
        let total = 0;
        for (const members of groups.values()) {
          const rows = members.map((m) => expected.get(m)!).find((r) => r.length) ?? [];
          const kept = members.filter((m) => status(m) !== "duplicate");
          expect(kept.length, members.join(", ")).toBe(1);
          for (const m of members) {
            const got = listed
              .filter((x) => x.source === m)
              .map((x) => x.row)
              .sort((a, b) => a - b);
            expect(got, m).toEqual(m === kept[0] ? [...rows].sort((a, b) => a - b) : []);
          }
          total += rows.length;
        }
        expect(listed.length).toBe(total);
        const counted = Object.values(report.totals.rows).reduce((a, b) => a + (b ?? 0), 0);
        expect(counted).toBe(total);
        // Every file is in the report; every sheet with content is merged or listed.
        expect(report.files.length).toBe(gens.length);
        for (const f of report.files) {
          if (f.status === "unreadable")
            expect(report.issues.some((i) => i.file === f.path && i.code === "file.unreadable")).toBe(true);
        }
        // Every sheet with content is merged (its table was found) or listed (sheet.unrecognized).
        for (const f of report.files) {
          if (f.status === "unreadable" || f.status === "duplicate") continue;
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.readFile(f.path);
          for (const ws of wb.worksheets) {
            if (["填报说明", "选项", "pilot-forms-meta"].includes(ws.name) || ws.actualRowCount === 0) continue;
            const listedAsUnrecognized = report.issues.some(
              (i) => i.file === f.path && i.sheet === ws.name && i.code === "sheet.unrecognized",
            );
            const merged = Object.keys(f.rows).length > 0 && ws.name !== "备注";
            expect(merged || listedAsUnrecognized, `${f.path} 「${ws.name}」`).toBe(true);
          }
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe("merge: bad input", () => {
  it("each broken kind gives its message; the good files still merge", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-merge-bad-"));
    const city = path.join(dir, "in", "石家庄市");
    mkdirSync(city, { recursive: true });
    const good = path.join(city, "推荐汇总表.xlsx");
    writeFileSync(
      good,
      await templateBuffer(hebei, "case-summary", {
        lines: {
          recommender: "石家庄市工业和信息化局",
          date: new Date(Date.UTC(2025, 10, 20)),
          contact: "王五",
          phone: "13900000000",
        },
        lists: {
          caseSummary: [
            {
              seq: 1,
              title: "案例",
              applicant: "河北某某保险有限公司",
              category: "行业企业",
              description: "描述",
              contact: "张三",
              phone: "13800000000",
            },
          ],
        },
      }),
    );
    const xlsx = readFileSync(good);
    const bad: Record<string, Buffer | Uint8Array> = {
      "旧格式.xls": buildOle([{ name: "Workbook", data: biffWorkbookStream() }]),
      "金山.et": buildOle([{ name: "WpsContent", data: Buffer.alloc(600, 1) }]),
      "加密.xlsx": buildOle([
        { name: "EncryptionInfo", data: Buffer.alloc(200, 2) },
        { name: "EncryptedPackage", data: Buffer.alloc(600, 3) },
      ]),
      "截断.xlsx": xlsx.subarray(0, Math.floor(xlsx.length / 2)),
      "不是压缩包.xlsx": Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
      "表格文本.xlsx": Buffer.from("序号,企业名称\n1,河北某某有限公司\n", "utf8"),
      "空文件.xlsx": Buffer.alloc(0),
      "没有工作簿.xlsx": buildZip([stored("hello.txt", "hi")]),
      "压缩炸弹.xlsx": buildZip([...workbookParts(), bombEntry("xl/worksheets/sheet1.xml", Buffer.alloc(1 << 20, 0x20), 260)]),
    };
    for (const [name, bytes] of Object.entries(bad)) writeFileSync(path.join(city, name), bytes);
    const emptyWb = new ExcelJS.Workbook();
    emptyWb.addWorksheet("Sheet1");
    await emptyWb.xlsx.writeFile(path.join(city, "空工作簿.xlsx"));
    writeFileSync(path.join(city, "~$推荐汇总表.xlsx"), Buffer.from("lock"));

    const out = path.join(dir, "汇总.xlsx");
    const json = path.join(dir, "r.json");
    const r = await run("merge", path.join(dir, "in"), "-o", out, "--profile", "hebei-2025", "--json", json);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("~$推荐汇总表.xlsx");
    const report = JSON.parse(readFileSync(json, "utf8")) as JsonReport;
    const status = (name: string) => report.files.find((f) => f.path.endsWith(name))!;
    const message = (name: string) => report.issues.find((i) => i.file?.endsWith(name))?.message ?? "";
    expect(status("推荐汇总表.xlsx").status).toBe("ok");
    expect(message("旧格式.xls")).toContain(".xls");
    expect(message("金山.et")).toContain("WPS");
    expect(message("加密.xlsx")).toContain("密码");
    expect(message("截断.xlsx")).toMatch(/不完整|损坏/);
    // A CSV under an .xlsx name is read as the CSV it is (no known table in it).
    expect(status("表格文本.xlsx").status).not.toBe("unreadable");
    expect(report.issues.find((i) => i.file?.endsWith("表格文本.xlsx"))?.code).toBe("file.unknown_form");
    expect(message("空文件.xlsx")).toMatch(/空/);
    expect(message("没有工作簿.xlsx")).toMatch(/不是|工作簿/);
    expect(message("压缩炸弹.xlsx")).toMatch(/过大|超过/);
    for (const n of Object.keys(bad)) if (n !== "表格文本.xlsx") expect(status(n).status, n).toBe("unreadable");
    expect(report.issues.find((i) => i.file?.endsWith("空工作簿.xlsx"))?.code).toBe("file.unknown_form");
    expect((await rollupRows(out)).length).toBe(1);
  });
});

describe("merge: a workbook with 100,000 rows", () => {
  it("merges every row beside the other files, and never crashes", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-merge-big-"));
    const city = path.join(dir, "in", "廊坊市");
    mkdirSync(city, { recursive: true });
    const N = 100_000;
    writeFileSync(
      path.join(city, "十万行.xlsx"),
      targetsListXlsx(N, (i) => ({
        name: `廊坊某某制造${i}有限公司`,
        contact: `138${String(i).padStart(8, "0")}/u${i}@example.com`,
      })),
    );
    copyFileSync("examples/hebei-2025/唐山市/典型案例推荐汇总表.xlsx", path.join(dir, "in", "唐山汇总.xlsx"));
    const out = path.join(dir, "汇总.xlsx");
    const json = path.join(dir, "r.json");
    const r = await run("merge", path.join(dir, "in"), "-o", out, "--profile", "hebei-2025", "--json", json);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(readFileSync(json, "utf8")) as JsonReport;
    expect(report.totals.rows.targets).toBe(N);
    expect(report.totals.rows.caseSummary).toBe(2);
    const listed = await rollupRows(out);
    expect(listed.filter((x) => x.source.endsWith("十万行.xlsx")).length).toBe(N);
    expect(listed.filter((x) => x.source.endsWith("十万行.xlsx")).every((x) => x.city === "廊坊市")).toBe(true);
  }, 240_000);
});

describe("merge: safe, deterministic, print-ready, feedback", () => {
  it("text starting with = + - @ reaches the roll-up as text; input formulas are never copied, only their results", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-merge-safe-"));
    const city = path.join(dir, "in", "唐山市");
    mkdirSync(city, { recursive: true });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("服务对象");
    ws.addRow(["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"]);
    ws.addRow([1, '=HYPERLINK("http://evil.example","x")', "+工业", "-张三", "@SUM(A1)"]);
    ws.addRow([
      2,
      { formula: '"河北"&"某某有限公司"', result: "河北某某有限公司" },
      "工业互联网",
      "李四",
      "13800000000/a@example.com",
    ]);
    await wb.xlsx.writeFile(path.join(city, "手工.xlsx"));
    const out = path.join(dir, "汇总.xlsx");
    const r = await run("merge", path.join(dir, "in"), "-o", out, "--profile", "hebei-2025");
    expect(r.code).toBe(0);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const sheets = Object.keys(zip.files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    const strings = await zip.file("xl/sharedStrings.xml")!.async("string");
    expect(strings).toContain("=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)");
    expect(strings).toContain("@SUM(A1)");
    for (const s of sheets) {
      const xml = await zip.file(s)!.async("string");
      for (const f of xml.match(/<f>[^<]*<\/f>/g) ?? []) expect(f, s).toMatch(/^<f>HYPERLINK\(/);
      expect(xml).not.toContain("&quot;河北&quot;&amp;");
    }
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    const all = back.getWorksheet("服务对象汇总")!;
    const texts: unknown[] = [];
    all.eachRow((row) => row.eachCell((c) => texts.push(c.value)));
    expect(texts).toContain("河北某某有限公司");
    expect(texts).toContain("-张三");
  });

  it("two merges of the same inputs write byte-identical roll-ups; the output is renamed into place", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-merge-det-"));
    const a = path.join(dir, "a.xlsx");
    const b = path.join(dir, "b.xlsx");
    await run("merge", "examples", "-o", a, "--profile", "hebei-2025", "--today", TODAY);
    await run("merge", "examples", "-o", b, "--profile", "hebei-2025", "--today", TODAY);
    const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
    expect(sha(a)).toBe(sha(b));
    expect(readdirSync(dir).filter((f) => f.includes(".tmp"))).toEqual([]);
  });

  it("the examples merge: cities, every planted problem, the .xls reported, feedback per city", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-merge-ex-"));
    const out = path.join(dir, "全省汇总.xlsx");
    const json = path.join(dir, "r.json");
    const fb = path.join(dir, "反馈");
    const r = await run(
      "merge",
      "examples",
      "-o",
      out,
      "--profile",
      "hebei-2025",
      "--json",
      json,
      "--feedback",
      fb,
      "--today",
      TODAY,
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/石家庄市[\s\S]*唐山市[\s\S]*保定市[\s\S]*定州市[\s\S]*辛集市[\s\S]*雄安新区[\s\S]*合计/);
    const report = JSON.parse(readFileSync(json, "utf8")) as JsonReport;
    const planted = JSON.parse(readFileSync("examples/planted.json", "utf8")) as {
      file: string;
      sheet: string;
      cell: string;
      code: string;
    }[];
    for (const p of planted)
      expect(
        report.issues.some((i) => i.file === `examples/${p.file}` && i.cell === p.cell && i.code === p.code),
        `${p.file} ${p.cell} ${p.code}`,
      ).toBe(true);
    // 保定's hand-made old-format .xls is read; 定州's .xls cut short in transfer is unreadable.
    expect(report.files.find((f) => f.path.endsWith("服务对象补充表（旧版Excel）.xls"))?.status).toBe("errors");
    expect(report.files.find((f) => f.path.endsWith("试点工作方案（传输中断）.xls"))?.status).toBe("unreadable");
    // examples/planted.json is not a spreadsheet: counted (city unknown), listed and fed back, never dropped.
    const plantedEntry = report.files.find((f) => f.path === "examples/planted.json");
    expect(plantedEntry?.issue?.code).toBe("file.not_spreadsheet");
    expect(readdirSync(fb).sort()).toEqual(
      ["保定市", "定州市", "廊坊市", "石家庄市", "唐山市", "辛集市", "雄安新区", "未确定城市"].sort(),
    );
    // 廊坊市 sent only a Word 申报书: its feedback has the annotated copy of it.
    expect(readdirSync(path.join(fb, "廊坊市")).sort()).toEqual(
      ["典型案例申报书（Word）.docx（已标注）.xlsx", "廊坊市问题反馈.xlsx"].sort(),
    );
    expect(readdirSync(path.join(fb, "唐山市"))).toContain("唐山市问题反馈.xlsx");
    expect(readdirSync(path.join(fb, "唐山市")).filter((f) => f.endsWith("（已标注）.xlsx")).length).toBe(5);
    // The city's problem list links each problem to its cell in the annotated copy beside it.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(fb, "唐山市", "唐山市问题反馈.xlsx"));
    const list = book.getWorksheet("问题清单")!;
    const header = (list.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(["级别", "规则", "问题", "说明", "文件", "工作表", "单元格", "值"]);
    const checksum = list.getRows(2, list.rowCount - 1)!.find((r) => r.getCell(2).value === "uscc.checksum")!;
    expect((checksum.getCell(7).value as ExcelJS.CellFormulaValue).formula).toBe(
      `HYPERLINK("典型案例申报书-1（已标注）.xlsx#'申报单位基本信息'!B5","B5")`,
    );
    // --strict: exit 1 when there are errors.
    expect((await run("merge", "examples", "-o", path.join(dir, "s.xlsx"), "--profile", "hebei-2025", "--strict")).code).toBe(1);
    // -o is required: usage error.
    expect((await run("merge", "examples")).code).toBe(2);
  });

  it("LibreOffice prints the summary sheet on A4 landscape pages, one page wide, header repeated", async () => {
    if (spawnSync("soffice", ["--version"]).status !== 0) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-merge-pdf-"));
    const rows = Array.from({ length: 70 }, (_, i) => ({
      seq: i + 1,
      title: `案例${i + 1}`,
      applicant: "河北某某保险有限公司",
      category: "网络安全保险服务机构",
      joint: "北京某某网络安全技术有限公司",
      description: "为被保企业提供保前风险评估、保中安全监测和保后应急处置服务。".repeat(2),
      contact: "张三",
      phone: "13800000000",
    }));
    mkdirSync(path.join(dir, "in", "石家庄市"), { recursive: true });
    writeFileSync(
      path.join(dir, "in", "石家庄市", "汇总.xlsx"),
      await templateBuffer(hebei, "case-summary", { lists: { caseSummary: rows } }),
    );
    const out = path.join(dir, "rollup.xlsx");
    await run("merge", path.join(dir, "in"), "-o", out, "--profile", "hebei-2025");
    execFileSync(
      "soffice",
      [`-env:UserInstallation=file://${dir}/lo`, "--headless", "--convert-to", "pdf", "--outdir", dir, out],
      {
        stdio: "ignore",
        timeout: 120_000,
      },
    );
    const pdf = path.join(dir, "rollup.pdf");
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    expect(info).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts|Page size:\s+842 x 595 pts/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const summaryPages: number[] = [];
    for (let p = 1; p <= pages; p++) {
      const text = execFileSync("pdftotext", ["-f", String(p), "-l", String(p), "-layout", pdf, "-"], { encoding: "utf8" });
      if (text.includes("推荐城市") && text.includes("案例简要描述")) summaryPages.push(p);
    }
    expect(summaryPages.length).toBeGreaterThanOrEqual(2);
  });
});
