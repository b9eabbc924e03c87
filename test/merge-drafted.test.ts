// merge (issue 9, item 2; SPEC §14): a city's 申报书 that its 推荐汇总表 does not list — or a city
// that sent 申报书s and no summary at all — gets a row in the provincial 推荐汇总表 drafted from the
// 申报书 (as `pilot-forms summary` drafts it), shown as drafted: 来源 "由申报书生成" (outside the
// print area), "△" before its 序号 and the cells the draft could not fill coloured (inside it),
// a line above and a note below the table, and still reported by cross.summary_mismatch. Folders
// of real files: the example 申报书s of 唐山市 (.xlsx) and a Word 申报书 built with the docx library.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { Packer } from "docx";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./fixtures/cli.js";
import { readWorkbook } from "../aggregator/read/workbook.js";
import type { CellValue, Issue } from "../forms/model.js";
import { summaryStamp } from "../aggregator/merge/rollup-write.js";
import type { Rollup, RollupRow } from "../aggregator/merge/model.js";
import { wordForm } from "./fixtures/word.js";

const TODAY = "2025-11-25";
const EXAMPLES = join(__dirname, "../examples/hebei-2025");
const APPLICATIONS = ["典型案例申报书-1.xlsx", "典型案例申报书-2.xlsx"];
const OVERVIEW = "本案例为廊坊市的制造企业提供网络安全保险，保前开展风险评估，保中持续监测，保后提供应急响应。";

const str = (v: ExcelJS.CellValue | undefined): string => (v === null || v === undefined ? "" : String(v));

let dir: string;
let province: string;
let result: { code: number; out: string; err: string };
let ws: ExcelJS.Worksheet;
let report: { issues: Issue[] };
/** The 推荐汇总表 sheet's header labels → column number. */
let col: (label: string) => number;
let titles: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pilot-drafted-"));
  province = join(dir, "全省");
  // 唐山市: both 申报书s, and a summary (drafted by `summary`) that lists only the first.
  const tangshan = join(province, "唐山市");
  await mkdir(tangshan, { recursive: true });
  for (const f of APPLICATIONS) await copyFile(join(EXAMPLES, "唐山市", f), join(tangshan, f));
  const one = join(dir, "唐山市-一份");
  await mkdir(one, { recursive: true });
  await copyFile(join(EXAMPLES, "唐山市", APPLICATIONS[0]), join(one, APPLICATIONS[0]));
  const drafted = await run("summary", one, "-o", join(tangshan, "典型案例推荐汇总表.xlsx"), "--city", "唐山市");
  expect(drafted.code).toBe(0);
  // 廊坊市: only 申报书s — a Word one (with its 案例概述) and an .xlsx one — and no summary.
  const langfang = join(province, "廊坊市");
  await mkdir(langfang, { recursive: true });
  const source = await readWorkbook({ path: join(EXAMPLES, "保定市", APPLICATIONS[1]) });
  if (!source.ok) throw new Error(source.message);
  await writeFile(
    join(langfang, "典型案例申报书（Word）.docx"),
    await Packer.toBuffer(wordForm(source.grid, 1, undefined, undefined, ["（不超过1000字）", OVERVIEW])),
  );
  await copyFile(join(EXAMPLES, "保定市", APPLICATIONS[0]), join(langfang, "典型案例申报书.xlsx"));

  const out = join(dir, "全省汇总.xlsx");
  const json = join(dir, "report.json");
  result = await run("merge", province, "--profile", "hebei-2025", "--today", TODAY, "-o", out, "--json", json);
  report = JSON.parse(await readFile(json, "utf8")) as { issues: Issue[] };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(out)) as unknown as ExcelJS.Buffer);
  ws = wb.getWorksheet("典型案例推荐汇总表")!;
  const header = (ws.getRow(4).values as CellValue[]).map((v) => str(v as ExcelJS.CellValue));
  col = (label) => {
    const i = header.indexOf(label);
    expect(i, label).toBeGreaterThan(0);
    return i;
  };
  titles = [];
  for (let r = 5; str(ws.getCell(r, col("来源")).value); r++) titles.push(str(ws.getCell(r, col("案例名称")).value));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The sheet row (5…) of a case by its name. */
function rowOf(title: string): number {
  const i = titles.indexOf(title);
  expect(i, title).toBeGreaterThanOrEqual(0);
  return 5 + i;
}

async function caseTitle(city: string, file: string): Promise<string> {
  const r = await readWorkbook({ path: join(EXAMPLES, city, file) });
  if (!r.ok) throw new Error(r.message);
  const sheet = r.grid.sheets.find((s) => s.name === "典型案例基本信息")!;
  return String(sheet.values.find((row) => row[0] === "案例名称")![1]);
}

describe("merge: 申报书s no 推荐汇总表 lists get drafted rows in the provincial summary", () => {
  it("the city's own rows first, then its drafted ones; 来源 says which; every 申报书 once", async () => {
    expect(result.code).toBe(0);
    const tangshan = [await caseTitle("唐山市", APPLICATIONS[0]), await caseTitle("唐山市", APPLICATIONS[1])];
    const langfang = [await caseTitle("保定市", APPLICATIONS[0]), await caseTitle("保定市", APPLICATIONS[1])];
    // Profile order of the cities (唐山市 before 廊坊市); in 廊坊市 the files by name (.docx after .xlsx? by display path).
    expect(titles.slice(0, 2)).toEqual(tangshan);
    expect([...titles.slice(2)].sort()).toEqual([...langfang].sort());
    expect(titles).toHaveLength(4);
    const source = titles.map((t) => str(ws.getCell(rowOf(t), col("来源")).value));
    expect(source).toEqual(["推荐汇总表", "由申报书生成", "由申报书生成", "由申报书生成"]);
    expect(titles.map((t) => str(ws.getCell(rowOf(t), col("推荐城市")).value))).toEqual(["唐山市", "唐山市", "廊坊市", "廊坊市"]);
    // A drafted row points at its 申报书's 案例名称.
    const r = rowOf(tangshan[1]);
    expect(str(ws.getCell(r, col("来源文件")).value)).toMatch(/唐山市[\\/]典型案例申报书-2\.xlsx$/);
    expect(str(ws.getCell(r, col("来源工作表")).value)).toBe("典型案例基本信息");
  });

  it("drafted values as `summary` drafts them: the Word 案例概述 as 案例简要描述; an .xlsx 申报书's left for the clerk", async () => {
    const word = await caseTitle("保定市", APPLICATIONS[1]);
    const xlsx = await caseTitle("保定市", APPLICATIONS[0]);
    expect(str(ws.getCell(rowOf(word), col("案例简要描述")).value)).toBe(OVERVIEW);
    expect(str(ws.getCell(rowOf(xlsx), col("案例简要描述")).value)).toBe("");
    for (const t of [word, xlsx]) {
      expect(str(ws.getCell(rowOf(t), col("申报单位")).value)).not.toBe("");
      expect(["网络安全保险服务机构", "行业企业"]).toContain(str(ws.getCell(rowOf(t), col("单位类别")).value));
    }
    // The cell the clerk must fill is coloured (inside the print area); the one taken from the 申报书 is not.
    const fillOf = (r: number, c: number) => (ws.getCell(r, c).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    expect(fillOf(rowOf(xlsx), col("案例简要描述"))).toBe("FFFFEB9C");
    expect(fillOf(rowOf(word), col("案例简要描述"))).toBeUndefined();
    expect(str(ws.getCell(rowOf(xlsx), col("问题")).value)).toContain("案例简要描述请按申报书填写（不超过200字）");
  });

  it("marked for print: △ before the 序号, the line above the table and the note below; the 说明 sheet says so", () => {
    for (const t of titles.slice(1)) {
      const seq = ws.getCell(rowOf(t), 1);
      expect(seq.numFmt).toBe('"△"0');
      expect(seq.value).toBe(titles.indexOf(t) + 1);
    }
    // 唐山市's own row (its summary as `summary` drafted it: 日期 and the footer still empty) has errors: ※, not △.
    expect(ws.getCell(rowOf(titles[0]), 1).numFmt).toBe('"※"0');
    expect(str(ws.getCell("A1").value)).toBe("本表有 1 行存在错误、3 行由申报书生成，请更正后再盖章");
    const note = str(ws.getCell(5 + titles.length, 1).value);
    expect(note).toContain("标“※”（序号前）并填色的 1 行存在错误");
    expect(note).toContain("标“△”（序号前）的 3 行由申报书生成");
    // The banner is printed: the print area starts at row 1.
    expect(ws.pageSetup.printArea).toMatch(/^A1:/);
    const info = ws.workbook.getWorksheet("说明")!;
    const texts: string[] = [];
    info.eachRow((row) => row.eachCell((c) => void texts.push(str(c.value))));
    expect(
      texts.some((t) =>
        t.includes("本表有 1 行存在错误、3 行由申报书生成，请更正后再盖章（典型案例推荐汇总表中序号前标“※”或“△”的行）"),
      ),
    ).toBe(true);
  });

  it("still reported: cross.summary_mismatch on each drafted 申报书, in its row's 问题; the terminal names the cities", async () => {
    const mismatch = report.issues.filter((i) => i.code === "cross.summary_mismatch");
    expect(mismatch.map((i) => i.value).sort()).toEqual([...titles.slice(1)].sort());
    expect(mismatch.find((i) => i.file?.includes("廊坊市"))?.message).toContain("没有提交推荐汇总表");
    expect(mismatch.find((i) => i.file?.includes("唐山市"))?.message).toContain("未列入推荐汇总表");
    for (const t of titles.slice(1)) {
      const problems = str(ws.getCell(rowOf(t), col("问题")).value);
      expect(problems).toMatch(/^提示 本行由申报书生成/);
      expect(problems).toContain(mismatch.find((i) => i.value === t)!.message);
    }
    expect(result.out).toContain("推荐汇总表中有 3 行由申报书生成（唐山市 1 行、廊坊市 2 行）");
  });

  it("a drafted row carries the issues of the cells it was drafted from, not the 申报书's others", () => {
    const drafted = ["联系电话", "联系人", "单位名称", "单位类别"];
    const seen = { drafted: 0, other: 0 };
    for (const t of titles.slice(1)) {
      const r = rowOf(t);
      const file = str(ws.getCell(r, col("来源文件")).value);
      const problems = str(ws.getCell(r, col("问题")).value);
      const own = report.issues.filter((i) => i.file === file && i.table === "unit");
      for (const i of own) {
        const line = `${i.severity === "error" ? "错误" : i.severity === "warning" ? "警告" : "提示"} ${i.place ?? i.cell} ${i.message}`;
        expect(problems.includes(line.replace(/\s+/g, " ")), `${t}: ${i.code} ${i.column}`).toBe(
          drafted.includes(i.column ?? ""),
        );
        seen[drafted.includes(i.column ?? "") ? "drafted" : "other"]++;
      }
    }
    // The Word 申报书's check-box cells give unit issues of both kinds: 单位类别 (drafted) and 单位性质 (not).
    expect(seen.drafted).toBeGreaterThan(0);
    expect(seen.other).toBeGreaterThan(0);
  });
});

describe("summaryStamp: when the provincial summary may be stamped", () => {
  const row = (severity?: "error" | "warning" | "info", drafted = false): RollupRow => ({
    city: "保定市",
    file: "保定市/申报书.xlsx",
    sheet: "典型案例基本信息",
    row: 2,
    values: {},
    problems: "",
    severity,
    ...(drafted ? { draft: { marked: [] } } : {}),
  });
  const stamp = (rows: RollupRow[], errorsElsewhere = 0) =>
    summaryStamp({ summary: rows, total: { errors: errorsElsewhere } } as unknown as Rollup);

  it("stamp-ready only without error rows and without drafted rows", () => {
    expect(stamp([row(), row("warning")])).toMatchObject({ blocked: false, line: "本表各行均无错误，可以盖章（本行不打印）" });
    expect(stamp([row(), row("info", true)])).toMatchObject({
      blocked: true,
      errors: 0,
      drafted: 1,
      line: "本表有 1 行由申报书生成，请核对后再盖章",
    });
    expect(stamp([row("error"), row("warning", true), row("error", true)])).toMatchObject({
      errors: 2,
      drafted: 1,
      line: "本表有 2 行存在错误、1 行由申报书生成，请更正后再盖章",
    });
    // Errors elsewhere in the files do not block the summary's own rows.
    expect(stamp([row()], 3)).toMatchObject({ blocked: false });
    expect(stamp([row()], 3).guide).toContain("其他材料中还有 3 个错误");
    expect(stamp([])).toMatchObject({ blocked: false, line: "本表没有推荐案例（本行不打印）" });
  });
});

describe("several 申报书s pasted into one Word document", () => {
  let folder: string;
  let titles: string[];
  beforeAll(async () => {
    folder = join(dir, "多份", "廊坊市");
    await mkdir(folder, { recursive: true });
    const zips: JSZip[] = [];
    titles = [];
    for (const [k, city] of ["石家庄市", "唐山市"].entries()) {
      const r = await readWorkbook({ path: join(EXAMPLES, city, APPLICATIONS[0]) });
      if (!r.ok) throw new Error(r.message);
      titles.push(await caseTitle(city, APPLICATIONS[0]));
      zips.push(
        await JSZip.loadAsync(await Packer.toBuffer(wordForm(r.grid, k, undefined, undefined, [`第${k + 1}份的案例概述。`]))),
      );
    }
    const [a, b] = await Promise.all(zips.map((z) => z.file("word/document.xml")!.async("string")));
    // The second document's body after the first's, before the first's section properties.
    const inner = (x: string) => x.slice(x.indexOf("<w:body>") + "<w:body>".length, x.lastIndexOf("<w:sectPr"));
    const first = zips[0];
    first.file("word/document.xml", a.replace(inner(a), inner(a) + inner(b)));
    await writeFile(join(folder, "典型案例申报材料汇编.docx"), await first.generateAsync({ type: "nodebuffer" }));
  });

  it("file.several_forms (warning) names both; `summary` drafts a row for each, with its own applicant and 案例概述", async () => {
    const json = join(dir, "多份.json");
    const v = await run("validate", folder, "--profile", "hebei-2025", "--today", TODAY, "--json", json);
    expect(v.code).toBe(1); // the 石家庄市 申报书's planted errors
    const issues = (JSON.parse(await readFile(json, "utf8")) as { issues: Issue[] }).issues;
    const several = issues.filter((i) => i.code === "file.several_forms");
    expect(several).toHaveLength(1);
    expect(several[0]).toMatchObject({ severity: "warning", sheet: "表格4" });
    for (const t of titles) expect(several[0].message).toContain(`“${t}”`);

    const out = join(dir, "多份-推荐汇总表.xlsx");
    const s = await run("summary", folder, "-o", out, "--profile", "hebei-2025");
    expect(s.code).toBe(0);
    const g = await readWorkbook({ path: out });
    if (!g.ok) throw new Error(g.message);
    const sheet = g.grid.sheets.find((x) => x.name === "典型案例推荐汇总表")!;
    const rows = sheet.values.filter((r) => typeof r[0] === "number" && r[1]);
    expect(rows.map((r) => r[1])).toEqual(titles);
    expect(rows[0][2]).not.toBe(rows[1][2]); // each with its own 申报单位
    expect(rows.map((r) => r[5])).toEqual(["第1份的案例概述。", "第2份的案例概述。"]);
  });

  it("merge without a summary: two drafted rows, two cross.summary_mismatch", async () => {
    const json = join(dir, "多份-merge.json");
    const m = await run(
      "merge",
      folder,
      "--profile",
      "hebei-2025",
      "--today",
      TODAY,
      "-o",
      join(dir, "多份-汇总.xlsx"),
      "--json",
      json,
    );
    expect(m.code).toBe(0);
    const issues = (JSON.parse(await readFile(json, "utf8")) as { issues: Issue[] }).issues;
    expect(
      issues
        .filter((i) => i.code === "cross.summary_mismatch")
        .map((i) => i.value)
        .sort(),
    ).toEqual([...titles].sort());
    expect(m.out).toContain("推荐汇总表中有 2 行由申报书生成（廊坊市 2 行）");
  });
});
