// Rows a reviewer can filter without opening files (issue 9, item 3; SPEC §14): every 汇总 row
// carries its submission — 方案/案例名称, 申报方向, 牵头单位, its credit code and 单位类别 — and
// its file's status (of the whole file), inside the Excel table so the filter buttons work;
// 分市统计 counts 工作方案 per 申报方向. The reviewer's query "工业互联网 plans from 保定 and
// 石家庄 with no errors" is three filters on 服务方案汇总.
import { describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { run } from "./fixtures/cli.js";
import type { JsonReport } from "../aggregator/report.js";

const TODAY = "2025-11-25";
const EX = "examples/hebei-2025";
const PLAN = "试点工作方案（服务机构）.xlsx";
const CONTEXT = ["方案/案例名称", "申报方向", "牵头单位", "牵头单位信用代码", "牵头单位类别", "文件状态"];
const SHEETS = ["服务对象汇总", "服务方案汇总", "申报单位汇总", "联合申报单位汇总", "典型案例汇总"];

/**
 * 雄安's example 工作方案 as a clean 车联网 plan: its cover page's 申报方向 (申报单位基本信息 B3)
 * and 方案名称 (B2) changed, its planted problems (服务对象 A12 序号, 服务方案 C3 方案类型) fixed.
 */
async function carNetworkPlan(title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(`${EX}/雄安新区/${PLAN}`) as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet("申报单位基本信息")!;
  expect(ws.getCell("A3").value).toBe("申报方向");
  ws.getCell("B3").value = "车联网";
  ws.getCell("B2").value = title;
  wb.getWorksheet("服务对象")!.getCell("A12").value = 10;
  wb.getWorksheet("服务方案")!.getCell("C3").value = "重点行业领域";
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 方案名称 of an example's 服务方案 rows, read straight from the source (B3 down). */
async function planNames(file: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet("服务方案")!;
  const out: string[] = [];
  for (let r = 3; r <= ws.rowCount; r++) {
    const v = ws.getCell(r, 2).value;
    if (typeof v === "string" && v.trim()) out.push(v.trim());
  }
  return out;
}

/** A 汇总 sheet's header and its rows as records by header (values as text). */
function records(ws: ExcelJS.Worksheet): { header: string[]; rows: Record<string, string>[] } {
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map((v) => String(v ?? ""));
  const rows: Record<string, string>[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (row.getCell(1).value === null) continue;
    rows.push(Object.fromEntries(header.map((h, i) => [h, String(row.getCell(i + 1).value ?? "")])));
  }
  return { header, rows };
}

/** The Excel table on a sheet: its range and column names, from the .xlsx parts. */
async function tableOf(buf: Buffer, sheet: string): Promise<{ ref: string; columns: string[]; autoFilter: boolean }> {
  const zip = await JSZip.loadAsync(buf);
  const wbXml = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const rid = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(wbXml)![1];
  const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)![1].replace(/^\/?xl\//, "");
  const sheetRels = await zip.file(`xl/${target.replace("worksheets/", "worksheets/_rels/")}.rels`)!.async("string");
  const tablePart = /Target="[^"]*tables\/([^"]+)"/.exec(sheetRels)![1];
  const xml = await zip.file(`xl/tables/${tablePart}`)!.async("string");
  return {
    ref: /<table [^>]*ref="([^"]+)"/.exec(xml)![1],
    columns: [...xml.matchAll(/<tableColumn [^>]*name="([^"]+)"/g)].map((m) => m[1]),
    autoFilter: /<autoFilter ref="/.test(xml),
  };
}

describe("merge: every 汇总 row carries its submission's context", () => {
  it("lets a reviewer filter 服务方案汇总 to 工业互联网 plans from 保定 and 石家庄 with no errors", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-context-"));
    const input = path.join(dir, "材料");
    const put = (rel: string, content: string | Buffer) => {
      const file = path.join(input, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      if (typeof content === "string") copyFileSync(content, file);
      else writeFileSync(file, content);
    };
    // Wanted: 保定's plan (工业互联网, no problem) and a clean 工业互联网 plan in 石家庄's folder.
    put(`保定市/${PLAN}`, `${EX}/保定市/${PLAN}`);
    put("石家庄市/试点工作方案（转报）.xlsx", `${EX}/定州市/${PLAN}`);
    // Not wanted: 石家庄's own plan (工业互联网, its plan rows are clean but the file has an
    // error in 服务对象), a clean 车联网 plan from 石家庄, 唐山's clean 工业互联网 plan.
    put(`石家庄市/${PLAN}`, `${EX}/石家庄市/${PLAN}`);
    put("石家庄市/车联网方案.xlsx", await carNetworkPlan("石家庄市车联网网络安全保险服务试点"));
    put(`唐山市/${PLAN}`, `${EX}/唐山市/${PLAN}`);
    // A case 申报书: 案例名称 as the name, no 申报方向.
    put("保定市/典型案例申报书-1.xlsx", `${EX}/保定市/典型案例申报书-1.xlsx`);

    const out = path.join(dir, "汇总.xlsx");
    const json = path.join(dir, "report.json");
    const r = await run("merge", input, "--profile", "hebei-2025", "-o", out, "--json", json, "--today", TODAY);
    expect(r.code, r.err).toBe(0);
    const buf = readFileSync(out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);

    // Each file's status from all its issues in the JSON report, cross-file ones included.
    const report = JSON.parse(readFileSync(json, "utf8")) as JsonReport;
    const statusOf = new Map<string, string>();
    for (const f of report.files) {
      const mine = report.issues.filter((i) => i.file === f.path);
      const worst = mine.some((i) => i.severity === "error")
        ? "有错误"
        : mine.some((i) => i.severity === "warning")
          ? "有警告"
          : "无问题";
      statusOf.set(f.path, worst);
    }
    const sjzOwn = [...statusOf.keys()].find((f) => f.endsWith(`石家庄市/${PLAN}`))!;
    expect(statusOf.get(sjzOwn)).toBe("有错误");
    for (const [f, s] of statusOf) if (f !== sjzOwn && !f.includes("典型案例")) expect(s, f).toBe("无问题");
    // The 申报书 has no row in a 推荐汇总表 here: a cross-file warning, which its rows' status counts.
    const caseFile = [...statusOf.keys()].find((f) => f.includes("典型案例申报书"))!;
    expect(report.issues.some((i) => i.file === caseFile && i.code.startsWith("cross.") && i.severity === "warning")).toBe(true);
    expect(statusOf.get(caseFile)).toBe("有警告");

    // Every 汇总 sheet: the context columns right after 城市, inside the Excel table (filter buttons),
    // and on every row the status of its whole file.
    for (const name of SHEETS) {
      const ws = wb.getWorksheet(name)!;
      const { header, rows } = records(ws);
      expect(header.slice(0, 8), name).toEqual(["序号", "城市", ...CONTEXT]);
      const table = await tableOf(buf, name);
      expect(table.columns, name).toEqual(header);
      expect(table.autoFilter, name).toBe(true);
      expect(table.ref, name).toBe(`A1:${ws.getColumn(header.length).letter}${1 + rows.length}`);
      expect(rows.length, name).toBeGreaterThan(0);
      for (const row of rows) expect(row["文件状态"], `${name} ${row["来源文件"]}`).toBe(statusOf.get(row["来源文件"]));
    }

    // The reviewer's query: three filters.
    const plans = records(wb.getWorksheet("服务方案汇总")!).rows;
    const picked = plans.filter(
      (p) => p["申报方向"] === "工业互联网" && ["保定市", "石家庄市"].includes(p["城市"]) && p["文件状态"] === "无问题",
    );
    const expected = [...(await planNames(`${EX}/保定市/${PLAN}`)), ...(await planNames(`${EX}/定州市/${PLAN}`))];
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(picked.map((p) => p["方案名称"]).sort()).toEqual([...expected].sort());
    expect(new Set(picked.map((p) => p["方案/案例名称"]))).toEqual(
      new Set(["保定市工业企业网络安全保险服务试点", "定州市工业企业网络安全保险服务试点"]),
    );
    // Each filter matters: 石家庄's own plans are clean rows of a file with errors; 车联网 and 唐山 are clean.
    const sjz = plans.filter((p) => p["来源文件"] === sjzOwn);
    expect(sjz.length).toBeGreaterThan(0);
    for (const p of sjz) {
      expect(p["问题"]).toBe("");
      expect(p["申报方向"]).toBe("工业互联网");
      expect(p["文件状态"]).toBe("有错误");
    }
    expect(plans.filter((p) => p["申报方向"] === "车联网" && p["城市"] === "石家庄市").length).toBe(
      (await planNames(`${EX}/雄安新区/${PLAN}`)).length,
    );
    expect(plans.some((p) => p["城市"] === "唐山市" && p["申报方向"] === "工业互联网" && p["文件状态"] === "无问题")).toBe(true);

    // The lead unit's values come from the file's 申报单位基本信息.
    const bd = plans.find((p) => p["城市"] === "保定市")!;
    expect(bd["牵头单位"]).toBe("中国平安财产保险股份有限公司保定市分公司");
    expect(bd["牵头单位信用代码"]).toBe("91130602MA79506708");
    expect(bd["牵头单位类别"]).toBe("保险公司");

    // A case 申报书's rows: 案例名称, no 申报方向, its applicant as the lead.
    const cases = records(wb.getWorksheet("典型案例汇总")!).rows;
    expect(cases.length).toBe(1);
    expect(cases[0]["方案/案例名称"]).toBe(cases[0]["案例名称"]);
    expect(cases[0]["方案/案例名称"]).not.toBe("");
    expect(cases[0]["申报方向"]).toBe("");
    const units = records(wb.getWorksheet("申报单位汇总")!).rows;
    const caseUnit = units.find((u) => u["来源文件"] === cases[0]["来源文件"])!;
    expect(cases[0]["牵头单位"]).toBe(caseUnit["单位名称"]);

    // 分市统计: 工作方案 per 申报方向 and city (case 申报书s are not counted there).
    const stats = wb.getWorksheet("分市统计")!;
    let headerRow = 0;
    stats.eachRow((row, n) => {
      if (!headerRow && row.getCell(1).value === "申报方向") headerRow = n;
    });
    expect(headerRow).toBeGreaterThan(0);
    expect(String(stats.getCell(headerRow - 1, 1).value)).toMatch(/按申报方向/);
    const cols = (stats.getRow(headerRow).values as ExcelJS.CellValue[]).slice(1).map(String);
    const line = (label: string) => {
      for (let n = headerRow + 1; n <= stats.rowCount; n++)
        if (stats.getCell(n, 1).value === label)
          return Object.fromEntries(cols.map((c, i) => [c, stats.getCell(n, i + 1).value]));
      throw new Error(`no ${label} row`);
    };
    expect(line("工业互联网")).toMatchObject({ 保定市: 1, 唐山市: 1, 石家庄市: 2, 合计: 4 });
    expect(line("车联网")).toMatchObject({ 保定市: 0, 唐山市: 0, 石家庄市: 1, 合计: 1 });
    expect(line("合计")).toMatchObject({ 合计: 5 });
  }, 120_000);
});
