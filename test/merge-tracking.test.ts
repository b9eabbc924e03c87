// Submission tracking in `pilot-forms merge` (issue 9, item 4): every city of the profile in
// 分市统计, the terminal table and the JSON report's cities (未报送 = missing), and a
// resubmission superseding its older version (file.superseded), decided by the workbook's
// own modified date, then the file's mtime; byte-identical copies stay file.duplicate.
import { describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { run } from "./fixtures/cli.js";
import type { JsonReport } from "../aggregator/report.js";
import { findProfile } from "../forms/profiles/index.js";
import { markResubmissions, resubmissionKey, workbookModified } from "../aggregator/merge/merge.js";
import type { MergeResult } from "../aggregator/merge/model.js";

const hebei = findProfile("hebei-2025")!;
const TODAY = "2025-11-25";
const EXAMPLE = "examples/hebei-2025/石家庄市/典型案例申报书-1.xlsx";
const OTHER = "examples/hebei-2025/石家庄市/典型案例申报书-2.xlsx";
const OLD_DATE = new Date(Date.UTC(2025, 10, 1, 8, 0, 0));
const NEW_DATE = new Date(Date.UTC(2025, 10, 20, 9, 30, 0));

/** The value cell of a label on a key–value sheet: the first cell right of the label's (merged) cell. */
function valueCell(ws: ExcelJS.Worksheet, label: string): ExcelJS.Cell {
  let at: [number, number] | undefined;
  ws.eachRow((row, r) =>
    row.eachCell((cell, c) => {
      if (!at && typeof cell.value === "string" && cell.value.replace(/\s/g, "") === label) at = [r, c];
    }),
  );
  expect(at, `${ws.name}: ${label}`).toBeDefined();
  const [r, c] = at!;
  let k = c + 1;
  while (ws.getCell(r, k).isMerged && ws.getCell(r, k).master.address === ws.getCell(r, c).master.address) k++;
  return ws.getCell(r, k);
}

/** The cell of a list's first data row under a header label. */
function firstUnder(ws: ExcelJS.Worksheet, label: string): ExcelJS.Cell {
  let at: [number, number] | undefined;
  ws.eachRow((row, r) =>
    row.eachCell((cell, c) => {
      if (!at && cell.value === label) at = [r, c];
    }),
  );
  expect(at, `${ws.name}: ${label}`).toBeDefined();
  return ws.getCell(at![0] + 1, at![1]);
}

/**
 * The example 申报书 saved again by exceljs with the given modified date; `premium` changes
 * 保费 (典型案例基本信息), `phone` the lead's 联系电话 (申报单位基本信息).
 */
async function version(modified: Date, premium?: number, phone?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(EXAMPLE) as unknown as ExcelJS.Buffer);
  if (premium !== undefined) valueCell(wb.getWorksheet("典型案例基本信息")!, "保费（万元）").value = premium;
  if (phone !== undefined) valueCell(wb.getWorksheet("申报单位基本信息")!, "联系电话").value = phone;
  wb.created = new Date(Date.UTC(2025, 0, 1));
  wb.modified = modified;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A 服务对象 list with no metadata, in a folder and under a name that name no city. */
async function targetsWithoutCity(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("服务对象");
  ws.addRow(["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"]);
  ws.addRow([1, "河北某某制造有限公司", "原材料工业", "张三", "13800000000 zhang@example.com"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface Merged {
  dir: string;
  code: number;
  out: string;
  report: JsonReport;
  wb: ExcelJS.Workbook;
}

async function merge(files: Record<string, Buffer | string>, mtimes: Record<string, Date> = {}): Promise<Merged> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-tracking-"));
  const input = path.join(dir, "材料");
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(input, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === "string") copyFileSync(content, file);
    else writeFileSync(file, content);
  }
  for (const [rel, t] of Object.entries(mtimes)) utimesSync(path.join(input, rel), t, t);
  const out = path.join(dir, "汇总.xlsx");
  const json = path.join(dir, "report.json");
  const r = await run("merge", input, "--profile", "hebei-2025", "-o", out, "--json", json, "--today", TODAY);
  expect(r.code, r.err).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  return { dir, code: r.code, out: r.out, report: JSON.parse(readFileSync(json, "utf8")) as JsonReport, wb };
}

/** A list sheet as header → column, and its data rows as records by header. */
function sheetRows(ws: ExcelJS.Worksheet, first: string): Record<string, unknown>[] {
  let header = 0;
  ws.eachRow((row, r) => {
    if (!header && row.getCell(1).value === first) header = r;
  });
  expect(header, `${ws.name}: header ${first}`).toBeGreaterThan(0);
  const labels = (ws.getRow(header).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (row.getCell(1).value === null || row.getCell(1).value === undefined) break;
    out.push(Object.fromEntries(labels.map((l, i) => [l, row.getCell(i + 1).value])));
  }
  return out;
}

const premiums = (wb: ExcelJS.Workbook) =>
  sheetRows(wb.getWorksheet("典型案例汇总")!, "序号")
    .filter((r) => r["城市"] === "石家庄市")
    .map((r) => [r["来源文件"], r["保费（万元）"]]);

describe("merge: resubmissions", () => {
  for (const order of ["newer name sorts after", "newer name sorts before"] as const) {
    it(`the older 申报书 is superseded by the newer one (${order}), counted once, listed`, async () => {
      // 申报书（第二版） sorts after 申报书; the second case names the older one so that it sorts last.
      const [oldName, newName] =
        order === "newer name sorts after"
          ? ["石家庄市/申报书.xlsx", "石家庄市/申报书（第二版）.xlsx"]
          : ["石家庄市/申报书（第二版）.xlsx", "石家庄市/申报书.xlsx"];
      // The older version has a wrong 联系电话 (an error), the newer one corrects it and changes 保费.
      const m = await merge({ [oldName]: await version(OLD_DATE, undefined, "12345"), [newName]: await version(NEW_DATE, 25) });
      const rel = (f: string) => m.report.files.find((x) => x.path.endsWith(f))!;
      const older = rel(oldName.split("/")[1] === "申报书.xlsx" ? "/申报书.xlsx" : "（第二版）.xlsx");
      const newer = rel(newName.split("/")[1] === "申报书.xlsx" ? "/申报书.xlsx" : "（第二版）.xlsx");
      expect(older.status).toBe("superseded");
      expect(newer.status).not.toBe("superseded");
      expect(older.issue?.code).toBe("file.superseded");
      expect(older.issue?.severity).toBe("info");
      expect(older.issue?.message).toContain(newer.path);
      // Listed with its rows, but only the newer file's rows are merged and counted.
      expect(older.rows.case).toBe(1);
      expect(m.report.totals.rows.case).toBe(1);
      const sjz = m.report.cities!.find((c) => c.city === "石家庄市")!;
      expect(sjz).toMatchObject({ status: "reported", files: 1, rows: { case: 1, unit: 1 } });
      // Its issues are listed but not counted in the city's errors, nor in the totals.
      const newerIssues = m.report.issues.filter((i) => i.file === newer.path);
      expect(m.report.issues.some((i) => i.file === older.path && i.code === "phone.invalid")).toBe(true);
      expect(newerIssues.some((i) => i.code === "phone.invalid")).toBe(false);
      expect(sjz.errors).toBe(newerIssues.filter((i) => i.severity === "error").length);
      expect(sjz.warnings).toBe(newerIssues.filter((i) => i.severity === "warning").length);
      expect(m.report.totals.errors).toBe(sjz.errors);
      // No cross-file repeat between the two versions.
      expect(m.report.issues.filter((i) => i.code.startsWith("cross.") && i.files?.includes(older.path))).toEqual([]);
      // 汇总: the newer file's values only.
      expect(premiums(m.wb)).toEqual([[newer.path, 25]]);
      // 来源文件: both, the older one 已被替代 with the newer one named.
      const files = sheetRows(m.wb.getWorksheet("来源文件")!, "文件");
      const o = files.find((f) => f["文件"] === older.path)!;
      expect(o["状态"]).toBe("已被替代");
      expect(String(o["说明"])).toContain(newer.path);
      expect(files.find((f) => f["文件"] === newer.path)!["状态"]).not.toBe("已被替代");
      // 分市统计 counts the city's files and rows once.
      const stats = sheetRows(m.wb.getWorksheet("分市统计")!, "城市");
      expect(stats.find((s) => s["城市"] === "石家庄市")).toMatchObject({ 报送情况: "已报送", 文件数: 1, 典型案例: 1 });
      // The terminal table: one file superseded, one case row.
      const line = m.out.split("\n").find((l) => l.startsWith("石家庄市"))!;
      expect(line.split(/\s+/)).toEqual([
        "石家庄市",
        "已报送",
        "2",
        "0",
        "0",
        "0",
        "1",
        expect.any(String),
        expect.any(String),
        expect.any(String),
      ]);
    });
  }

  it("a byte-identical copy stays file.duplicate, beside a superseded older version", async () => {
    const newer = await version(NEW_DATE, 25);
    const m = await merge({
      "石家庄市/申报书.xlsx": await version(OLD_DATE),
      "石家庄市/申报书（第二版）.xlsx": newer,
      "石家庄市/申报书（第二版）-副本.xlsx": newer,
    });
    const status = Object.fromEntries(m.report.files.map((f) => [path.basename(f.path), f.status]));
    expect(status["申报书.xlsx"]).toBe("superseded");
    // The copy read second (by path) is the duplicate; the other one is merged.
    const copies = ["申报书（第二版）-副本.xlsx", "申报书（第二版）.xlsx"].map((n) => status[n]);
    expect(copies.filter((s) => s === "duplicate")).toHaveLength(1);
    expect(copies.filter((s) => s === "superseded")).toHaveLength(0);
    const dup = m.report.files.find((f) => f.status === "duplicate")!;
    expect(dup.issue?.code).toBe("file.duplicate");
    expect(m.report.files.find((f) => f.status === "superseded")!.issue?.message).toMatch(/第二版/);
    expect(m.report.totals.rows.case).toBe(1);
    expect(premiums(m.wb).map((p) => p[1])).toEqual([25]);
  });

  it("two byte-identical copies alone are file.duplicate, never file.superseded", async () => {
    const m = await merge({ "石家庄市/申报书.xlsx": EXAMPLE, "石家庄市/申报书（再次提交）.xlsx": EXAMPLE });
    expect(m.report.issues.map((i) => i.code)).toContain("file.duplicate");
    expect(m.report.issues.map((i) => i.code)).not.toContain("file.superseded");
  });

  it("the same modified date: the file's mtime decides", async () => {
    const m = await merge(
      { "石家庄市/甲.xlsx": await version(OLD_DATE, 30), "石家庄市/乙.xlsx": await version(OLD_DATE, 40) },
      { "石家庄市/甲.xlsx": new Date(Date.UTC(2025, 10, 22)), "石家庄市/乙.xlsx": new Date(Date.UTC(2025, 10, 21)) },
    );
    const status = Object.fromEntries(m.report.files.map((f) => [path.basename(f.path), f.status]));
    expect(status["乙.xlsx"]).toBe("superseded");
    expect(status["甲.xlsx"]).not.toBe("superseded");
    expect(premiums(m.wb).map((p) => p[1])).toEqual([30]);
  });

  it("another case of the same unit, or the same case in another city, is no resubmission", async () => {
    const m = await merge({
      "石家庄市/申报书-1.xlsx": await version(OLD_DATE),
      "石家庄市/申报书-2.xlsx": OTHER,
      "唐山市/申报书.xlsx": await version(NEW_DATE, 25),
    });
    expect(m.report.issues.map((i) => i.code)).not.toContain("file.superseded");
    expect(m.report.totals.rows.case).toBe(3);
  });

  it("a corrected 推荐汇总表 sent beside the first supersedes it (same city and 推荐单位); another city's is kept", async () => {
    const summary = "examples/hebei-2025/石家庄市/典型案例推荐汇总表.xlsx";
    const resaved = async (modified: Date, description?: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(summary) as unknown as ExcelJS.Buffer);
      if (description) firstUnder(wb.getWorksheet("典型案例推荐汇总表")!, "案例简要描述").value = description;
      wb.created = new Date(Date.UTC(2025, 0, 1));
      wb.modified = modified;
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const m = await merge({
      "石家庄市/典型案例推荐汇总表.xlsx": await resaved(OLD_DATE),
      "石家庄市/典型案例推荐汇总表（更正）.xlsx": await resaved(NEW_DATE, "更正后的案例简要描述。"),
      "唐山市/典型案例推荐汇总表.xlsx": "examples/hebei-2025/唐山市/典型案例推荐汇总表.xlsx",
    });
    const status = Object.fromEntries(m.report.files.map((f) => [f.path.split(/[\\/]/).slice(-2).join("/"), f.status]));
    expect(status["石家庄市/典型案例推荐汇总表.xlsx"]).toBe("superseded");
    expect(status["石家庄市/典型案例推荐汇总表（更正）.xlsx"]).not.toBe("superseded");
    expect(status["唐山市/典型案例推荐汇总表.xlsx"]).not.toBe("superseded");
    const superseded = m.report.issues.find((i) => i.code === "file.superseded")!;
    expect(superseded.message).toContain("同一城市的推荐汇总表");
    expect(superseded.message).toContain("请合并为一份后重新报送");
    // The 石家庄市 rows once, from the corrected file.
    const rows = sheetRows(m.wb.getWorksheet("典型案例推荐汇总表")!, "序号").filter((r) => r["推荐城市"] === "石家庄市");
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => path.basename(String(r["来源文件"]))))).toEqual(new Set(["典型案例推荐汇总表（更正）.xlsx"]));
    expect(rows[0]["案例简要描述"]).toBe("更正后的案例简要描述。");
  });

  it("two 推荐汇总表 of one city with no case in common are two batches: both merged", async () => {
    const summary = "examples/hebei-2025/石家庄市/典型案例推荐汇总表.xlsx";
    const batch = async (modified: Date, prefix?: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(summary) as unknown as ExcelJS.Buffer);
      const ws = wb.getWorksheet("典型案例推荐汇总表")!;
      const first = firstUnder(ws, "案例名称");
      if (prefix)
        for (let r = Number(first.row); typeof ws.getCell(r, Number(first.col)).value === "string"; r++)
          ws.getCell(r, Number(first.col)).value = `${prefix}${String(ws.getCell(r, Number(first.col)).value)}`;
      wb.created = new Date(Date.UTC(2025, 0, 1));
      wb.modified = modified;
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const m = await merge({
      "石家庄市/推荐汇总表（第一批）.xlsx": await batch(OLD_DATE),
      "石家庄市/推荐汇总表（第二批）.xlsx": await batch(NEW_DATE, "第二批："),
    });
    expect(m.report.issues.map((i) => i.code)).not.toContain("file.superseded");
    const rows = sheetRows(m.wb.getWorksheet("典型案例推荐汇总表")!, "序号").filter((r) => r["推荐城市"] === "石家庄市");
    expect(new Set(rows.map((r) => path.basename(String(r["来源文件"]))))).toEqual(
      new Set(["推荐汇总表（第一批）.xlsx", "推荐汇总表（第二批）.xlsx"]),
    );
  });

  it("keeps both when neither time tells which is newer", async () => {
    const base = { input: { display: "a.xlsx", abs: "/x/a.xlsx", root: "/x" }, issues: [], status: "ok" } as const;
    const tables = (premium: number) => [
      {
        table: "unit",
        records: [{ sheet: "s", row: 1, fields: { name: { value: "某某保险股份有限公司石家庄市分公司" } } }],
      },
      { table: "case", records: [{ sheet: "s", row: 2, fields: { title: { value: "某案例" }, premium: { value: premium } } }] },
    ];
    const mk = (name: string, premium: number) =>
      ({
        ...base,
        issues: [],
        input: { ...base.input, display: name, abs: `/x/${name}` },
        city: "石家庄市",
        form: "case-application",
        validation: { tables: tables(premium), rows: { unit: 1, case: 1 } },
      }) as unknown as MergeResult;
    const a = mk("a.xlsx", 1);
    const b = mk("b.xlsx", 2);
    expect(resubmissionKey(a)).toBe(resubmissionKey(b));
    expect(await markResubmissions([a, b], async () => ({ workbook: 5, file: 7 }))).toEqual([]);
    expect(a.supersededBy ?? b.supersededBy).toBeUndefined();
    const times = new Map([
      [a, { workbook: 5, file: 9 }],
      [b, { workbook: 5, file: 7 }],
    ]);
    expect(await markResubmissions([a, b], async (r) => times.get(r as MergeResult)!)).toEqual([b]);
    expect(b.supersededBy).toBe("a.xlsx");
    expect(b.issues[0].code).toBe("file.superseded");
  });

  it("reads dcterms:modified from an .xlsx's docProps/core.xml", async () => {
    expect(workbookModified(await version(NEW_DATE))).toBe(NEW_DATE.getTime());
    expect(workbookModified(Buffer.from("not a zip"))).toBeUndefined();
  });
});

describe("merge: every city of the profile", () => {
  it("lists 未报送 cities with zeros, in profile order, in the JSON report, 分市统计 and the terminal table", async () => {
    const m = await merge({
      "石家庄市/申报书.xlsx": EXAMPLE,
      "雄安新区/申报书.xlsx": "examples/hebei-2025/雄安新区/典型案例申报书-1.xlsx",
      "材料/服务对象.xlsx": await targetsWithoutCity(),
    });
    const names = hebei.cities.map((c) => c.name);
    const cities = m.report.cities!;
    expect(cities.slice(0, names.length).map((c) => c.city)).toEqual(names);
    for (const c of cities) {
      if (c.city === "石家庄市" || c.city === "雄安新区") expect(c.status, c.city).toBe("reported");
      else if (c.city) expect(c, c.city).toEqual({ city: c.city, status: "missing", files: 0, rows: {}, errors: 0, warnings: 0 });
    }
    expect(cities.find((c) => c.city === "石家庄市")).toMatchObject({ files: 1, rows: { case: 1 } });
    // Files of unknown city keep their own row, last.
    expect(cities.at(-1)).toMatchObject({ city: "", status: "reported", files: 1, rows: { targets: 1 } });

    // 分市统计: a row per city, 未报送 marked, then the total.
    const stats = sheetRows(m.wb.getWorksheet("分市统计")!, "城市");
    expect(stats.map((s) => s["城市"]).slice(0, names.length)).toEqual(names);
    expect(stats.find((s) => s["城市"] === "唐山市")).toMatchObject({ 报送情况: "未报送", 文件数: 0, 错误: 0, 警告: 0 });
    expect(stats.find((s) => s["城市"] === "石家庄市")).toMatchObject({ 报送情况: "已报送", 文件数: 1 });
    expect(stats.at(-1)).toMatchObject({ 城市: "合计", 报送情况: `2/${names.length} 已报送` });
    // The category blocks list only cities that sent something.
    const ws = m.wb.getWorksheet("分市统计")!;
    let industryHeader: string[] = [];
    ws.eachRow((row) => {
      if (row.getCell(1).value === "行业领域") industryHeader = (row.values as unknown[]).slice(1).map(String);
    });
    if (industryHeader.length) expect(industryHeader).not.toContain("唐山市");

    // The terminal table: every city, 未报送 marked.
    const lines = m.out.split("\n");
    for (const n of names)
      expect(
        lines.some((l) => l.startsWith(n)),
        n,
      ).toBe(true);
    expect(lines.find((l) => l.startsWith("唐山市"))).toMatch(/^唐山市\s+未报送\s+0\s/);
    expect(lines.find((l) => l.startsWith("石家庄市"))).toMatch(/^石家庄市\s+已报送\s+1\s/);
    expect(lines.find((l) => l.startsWith("合计"))).toMatch(new RegExp(`^合计\\s+2/${names.length} 已报送\\s+3\\s`));
    // Then the 申报书s no summary lists (both cities sent a 申报书 and no 推荐汇总表): drafted rows.
    expect(lines.at(-1)).toMatch(/^推荐汇总表中有 2 行由申报书生成（石家庄市 1 行、雄安新区 1 行）/);
  });
});
