// Annotated copies of inputs that are not .xlsx: .xls (LibreOffice and SheetJS), .ods and a
// GBK CSV made from an example the way people make them, through `validate --annotate` and
// `merge --feedback`. The copy is an .xlsx named <原名>（已标注）.xlsx; the problem cells hold the
// values the validator saw at those addresses and are filled; 问题清单 says the copy was
// converted and links to each cell; the input is never written.
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annotate, FILL } from "../aggregator/annotate.js";
import { run } from "./fixtures/cli.js";
import { gridValue, xlsxSheetNames } from "../aggregator/convert-copy.js";
import { readWorkbook } from "../aggregator/read/workbook.js";
import type { CellValue, Issue } from "../forms/model.js";
import { convertWith, soffice } from "./fixtures/libreoffice.js";

const TODAY = "2025-11-25";
const BAD = "examples/hebei-2025/唐山市/典型案例申报书-1.xlsx"; // uscc.checksum at 申报单位基本信息!B5
const CLEAN = "examples/hebei-2025/石家庄市/典型案例申报书-1.xlsx";
const UNIT = "申报单位基本信息";

const tmp = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-annot-formats-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const PROFILE = path.join(tmp, "lo-profile");

const convert = (to: string, file: string, outDir: string) => convertWith(to, [file], outDir, PROFILE);

const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");

interface JsonIssue extends Issue {
  file: string;
}

/** An exceljs cell's value as the grid has it (rich text and formula results unwrapped). */
function plain(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined || v === "") return null;
  if (v instanceof Date || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "object" && "richText" in v) return v.richText.map((r) => r.text).join("");
  if (typeof v === "object" && "result" in v) return plain(v.result as ExcelJS.CellValue);
  return String(v);
}

function sameValue(a: CellValue, b: CellValue): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return a === b;
}

/**
 * The marked copy of `input` for `issues`: each issue with a cell lands on the validator's
 * value at that address, filled by its severity; 问题清单 (first, with the conversion note)
 * lists every issue and links to its sheet and cell.
 */
async function checkCopy(copyPath: string, input: string, issues: JsonIssue[], renamed = new Map<string, string>()) {
  const read = await readWorkbook({ path: input });
  if (!read.ok) throw new Error(read.message);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(copyPath);
  const sheetOf = (s: string) => renamed.get(s) ?? s;
  const withCell = issues.filter((i) => i.sheet && i.cell);
  expect(withCell.length).toBeGreaterThan(0);
  for (const i of withCell) {
    const ws = wb.getWorksheet(sheetOf(i.sheet!));
    expect(ws, `${i.sheet} in the copy`).toBeTruthy();
    const cell = ws!.getCell(i.cell!);
    const want = gridValue(read.grid, i.sheet!, i.cell!) ?? null;
    expect(sameValue(plain(cell.value), want), `${i.sheet}!${i.cell}: ${String(plain(cell.value))} vs ${String(want)}`).toBe(
      true,
    );
    if (i.value !== undefined && i.value !== null && typeof want === "string") expect(want).toContain(String(i.value));
    if (i.severity !== "info") {
      const worst = withCell.some((j) => j.sheet === i.sheet && j.cell === i.cell && j.severity === "error")
        ? "error"
        : "warning";
      expect((cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb, `${i.sheet}!${i.cell} filled`).toBe(FILL[worst]);
    }
  }
  const list = wb.getWorksheet("问题清单")!;
  expect(list).toBeTruthy();
  type Ordered = ExcelJS.Worksheet & { orderNo: number };
  expect((wb.worksheets as Ordered[]).slice().sort((a, b) => a.orderNo - b.orderNo)[0].name).toBe("问题清单");
  expect(String(list.getCell("A1").value)).toMatch(/由原 .+ 文件转换为 \.xlsx 后标注/);
  expect((list.getRow(2).values as unknown[]).slice(1)).toEqual(["级别", "规则", "问题", "说明", "工作表", "单元格", "值"]);
  expect(list.rowCount).toBe(issues.length + 2);
  const rows = list.getRows(3, issues.length) ?? [];
  for (const i of withCell) {
    const row = rows.find(
      (r) => r.getCell(2).value === i.code && r.getCell(6).value !== null && plain(r.getCell(6).value) === i.cell,
    );
    expect(row, `${i.code} ${i.cell} listed`).toBeTruthy();
    const formula = (row!.getCell(6).value as ExcelJS.CellFormulaValue).formula;
    const m = /^HYPERLINK\("#'((?:[^']|'')+)'!([A-Z]+\d+)","/.exec(formula);
    expect(m, formula).toBeTruthy();
    expect(m![1].replace(/''/g, "'")).toBe(sheetOf(i.sheet!));
    expect(m![2]).toBe(i.cell);
    expect(wb.getWorksheet(m![1].replace(/''/g, "'"))).toBeTruthy();
  }
  return wb;
}

/** `validate FILE --annotate DIR --json`: the issues and the copy's path. */
async function validateAnnotate(file: string, extra: string[] = []) {
  const out = path.join(tmp, `annot-${path.basename(file)}-${Math.random().toString(36).slice(2, 8)}`);
  const json = `${out}.json`;
  const before = sha(file);
  const r = await run("validate", file, "--annotate", out, "--json", json, "--today", TODAY, ...extra);
  expect(r.code, r.err).toBe(1);
  expect(sha(file)).toBe(before);
  const report = JSON.parse(readFileSync(json, "utf8")) as { issues: JsonIssue[] };
  const name = `${path.basename(file).replace(/\.(xlsx|xlsm)$/i, "")}（已标注）.xlsx`;
  expect(readdirSync(out)).toEqual([name]);
  expect(r.err).toContain(`已标注：`);
  return { issues: report.issues, copy: path.join(out, name) };
}

describe("annotated copies of .xls, .ods and .csv inputs", () => {
  const lo = path.join(tmp, "lo");
  let sheetjsXls = "";

  beforeAll(() => {
    // A SheetJS-written .xls (BIFF8) of a clean example with a bad credit code planted.
    const wb = XLSX.read(readFileSync(CLEAN), { cellNF: true, cellStyles: true });
    const ws = wb.Sheets[UNIT];
    expect(ws.B5.v).toBe("91130104MA7919008W");
    ws.B5 = { t: "s", v: "91130104MA7919008X" };
    sheetjsXls = path.join(tmp, "石家庄市申报书.xls");
    writeFileSync(sheetjsXls, XLSX.write(wb, { bookType: "xls", type: "buffer" }));
    if (!soffice()) return;
    mkdirSync(path.join(PROFILE, "user"), { recursive: true });
    writeFileSync(
      path.join(PROFILE, "user", "registrymodifications.xcu"),
      `<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>zh-CN</value></prop></item></oor:items>`,
    );
    const src = path.join(tmp, "典型案例申报书-1.xlsx");
    copyFileSync(BAD, src);
    convert("xls", src, lo);
    convert("ods", src, lo);
    // Re-saved as .xlsx by LibreOffice Calc: its tables have no <tableStyleInfo>.
    convert("xlsx:Calc MS Excel 2007 XML", src, path.join(lo, "xlsx"));
    // Chinese Excel's "CSV (逗号分隔)": GBK, every sheet as NAME-Sheet.csv.
    convert("csv:Text - txt - csv (StarCalc):44,34,67,1,,0,false,true,true,false,false,-1", src, lo);
  }, 600_000);

  it("a SheetJS .xls with a planted bad credit code: the copy marks it, named 原名.xls（已标注）.xlsx", async () => {
    const { issues, copy } = await validateAnnotate(sheetjsXls);
    const bad = issues.find((i) => i.code === "uscc.checksum");
    expect(bad).toMatchObject({ sheet: UNIT, cell: "B5", severity: "error" });
    const wb = await checkCopy(copy, sheetjsXls, issues);
    expect(wb.getWorksheet(UNIT)!.getCell("B5").value).toBe("91130104MA7919008X");
    expect(String(wb.getWorksheet("问题清单")!.getCell("A1").value)).toContain(".xls");
    // The input's other sheets came along (hidden states kept), merges and number formats too.
    expect(wb.worksheets.map((s) => s.name)).toEqual(
      expect.arrayContaining(["填报说明", UNIT, "联合申报单位", "典型案例基本信息"]),
    );
  });

  it.skipIf(!soffice())("LibreOffice .xls and .ods of an example: the same issues, each cell marked and linked", async () => {
    const xlsx = await validateAnnotate(BAD);
    const want = xlsx.issues.map((i) => `${i.code} ${i.sheet ?? ""}!${i.cell ?? ""}`).sort();
    for (const ext of ["xls", "ods"]) {
      const file = path.join(lo, `典型案例申报书-1.${ext}`);
      const { issues, copy } = await validateAnnotate(file);
      expect(issues.map((i) => `${i.code} ${i.sheet ?? ""}!${i.cell ?? ""}`).sort(), ext).toEqual(want);
      const wb = await checkCopy(copy, file, issues);
      expect(String(wb.getWorksheet("问题清单")!.getCell("A1").value)).toContain(`.${ext}`);
      const b5 = wb.getWorksheet(UNIT)!.getCell("B5");
      expect(b5.value).toBe("91130203MA79348300");
      expect((b5.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(FILL.error);
    }
  });

  it.skipIf(!soffice())(
    "an .xlsx re-saved by LibreOffice (a table without a style): marked in place, its table kept",
    async () => {
      const file = path.join(lo, "xlsx", "典型案例申报书-1.xlsx");
      const xlsx = await validateAnnotate(BAD);
      const { issues, copy } = await validateAnnotate(file);
      const key = (i: JsonIssue) => `${i.code} ${i.sheet ?? ""}!${i.cell ?? ""}`;
      expect(issues.map(key).sort()).toEqual(xlsx.issues.map(key).sort());
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(copy);
      // Not converted: the input's own workbook, marked (问题清单 starts with its header, no note).
      expect(wb.getWorksheet("问题清单")!.getCell("A1").value).toBe("级别");
      expect((wb.getWorksheet(UNIT)!.getCell("B5").fill as ExcelJS.FillPattern).fgColor?.argb).toBe(FILL.error);
      expect(wb.worksheets.flatMap((ws) => ws.getTables()).length).toBeGreaterThan(0);
    },
  );

  it.skipIf(!soffice())(
    "a GBK CSV of one sheet, under a name longer than a sheet name may be: the sheet is renamed, links follow",
    async () => {
      const long = path.join(tmp, "唐山市网络安全保险服务典型案例申报书申报单位基本信息第一批次材料.csv");
      copyFileSync(path.join(lo, `典型案例申报书-1-${UNIT}.csv`), long);
      const { issues, copy } = await validateAnnotate(long, ["--profile", "hebei-2025"]);
      const stem = path.basename(long, ".csv");
      expect([...stem].length).toBeGreaterThan(31);
      const renamed = xlsxSheetNames([stem]);
      expect([...renamed.get(stem)!].length).toBe(31);
      expect(issues.some((i) => i.code === "uscc.checksum" && i.sheet === stem && i.cell === "B5")).toBe(true);
      const wb = await checkCopy(copy, long, issues, renamed);
      expect(String(wb.getWorksheet("问题清单")!.getCell("A1").value)).toContain(".csv");
      expect(String(wb.getWorksheet("问题清单")!.getCell("A1").value)).toContain(renamed.get(stem)!);
    },
  );

  it.skipIf(!soffice())("merge --feedback: each city's .xls gets a marked copy, the feedback links into it", async () => {
    const root = path.join(tmp, "inputs");
    const inputs: Record<string, string> = {
      唐山市: path.join(root, "唐山市", "典型案例申报书-1.xls"),
      石家庄市: path.join(root, "石家庄市", "石家庄市申报书.xls"),
    };
    mkdirSync(path.dirname(inputs.唐山市), { recursive: true });
    mkdirSync(path.dirname(inputs.石家庄市), { recursive: true });
    copyFileSync(path.join(lo, "典型案例申报书-1.xls"), inputs.唐山市);
    copyFileSync(sheetjsXls, inputs.石家庄市);
    const fb = path.join(tmp, "反馈");
    const json = path.join(tmp, "merge.json");
    const r = await run(
      "merge",
      root,
      "-o",
      path.join(tmp, "汇总.xlsx"),
      "--profile",
      "hebei-2025",
      "--json",
      json,
      "--feedback",
      fb,
      "--today",
      TODAY,
    );
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(readFileSync(json, "utf8")) as { issues: JsonIssue[] };
    expect(readdirSync(fb).sort()).toEqual(["唐山市", "石家庄市"].sort());
    for (const [city, input] of Object.entries(inputs)) {
      const copyName = `${path.basename(input)}（已标注）.xlsx`;
      const files = readdirSync(path.join(fb, city)).sort();
      expect(files).toEqual([copyName, `${city}问题反馈.xlsx`].sort());
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path.join(fb, city, `${city}问题反馈.xlsx`));
      const info = book
        .getWorksheet("说明")!
        .getColumn(1)
        .values.map((v) => String(v ?? ""))
        .join("\n");
      expect(info).toContain(".xls 格式的文件已转换为 .xlsx 后标注");
      expect(info).toContain(`（标注副本：${copyName}，由 .xls 转换为 .xlsx）`);
      const list = book.getWorksheet("问题清单")!;
      const row = list.getRows(2, list.rowCount - 1)!.find((x) => x.getCell(2).value === "uscc.checksum")!;
      expect(row, city).toBeTruthy();
      expect((row.getCell(7).value as ExcelJS.CellFormulaValue).formula).toBe(`HYPERLINK("${copyName}#'${UNIT}'!B5","B5")`);
      const mine = report.issues.filter((i) => i.file.endsWith(path.basename(input)));
      const wb = await checkCopy(path.join(fb, city, copyName), input, mine);
      expect((wb.getWorksheet(UNIT)!.getCell("B5").fill as ExcelJS.FillPattern).fgColor?.argb).toBe(FILL.error);
    }
  });

  it("HTML tables saved as .xls, .xlsb and SpreadsheetML 2003: converted, the issue's cell holds the grid's value", async () => {
    const html = Buffer.from(
      `<html><head><meta charset="utf-8"></head><body><table><tr><td colspan="2">标题</td></tr><tr><td>统一社会信用代码</td><td>00123</td></tr><tr><td>金额</td><td>10500.00</td></tr></table></body></html>`,
    );
    const aoa = [["标题"], ["统一社会信用代码", "91130104MA7919008X"], ["金额", 10500]];
    const sheet = XLSX.utils.aoa_to_sheet(aoa);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, "表一");
    const cases: [string, Buffer, string][] = [
      ["导出.xls", html, "网页格式（HTML）的表格"],
      ["表.xlsb", XLSX.write(book, { bookType: "xlsb", type: "buffer" }), ".xlsb"],
      ["表.xml", XLSX.write(book, { bookType: "xlml", type: "buffer" }), "XML 电子表格（.xml）"],
    ];
    for (const [name, bytes, label] of cases) {
      const read = await readWorkbook({ bytes, name });
      if (!read.ok) throw new Error(`${name}: ${read.message}`);
      const sheetName = read.grid.sheets[0].name;
      const issues: Issue[] = ["B2", "B3"].map((cell) => ({
        code: "uscc.checksum",
        severity: "error",
        message: "校验位错误",
        sheet: sheetName,
        cell,
        file: name,
      }));
      const a = await annotate(bytes, issues, { name });
      expect(a.convertedFrom, name).toBe(label);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(a.bytes as unknown as ExcelJS.Buffer);
      const renamed = xlsxSheetNames([sheetName]).get(sheetName) ?? sheetName;
      for (const i of issues) {
        const cell = wb.getWorksheet(renamed)!.getCell(i.cell!);
        expect(plain(cell.value), `${name} ${i.cell}`).toEqual(gridValue(read.grid, sheetName, i.cell!));
        expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(FILL.error);
      }
    }
  });

  it("an .xlsm keeps the exceljs path (no conversion note); an .xlsx exceljs loads is not converted", async () => {
    const bytes = readFileSync(BAD);
    const r = await readWorkbook({ path: BAD });
    expect(r.ok).toBe(true);
    const issue: Issue = { code: "uscc.checksum", severity: "error", message: "x", sheet: UNIT, cell: "B5", file: "a.xlsm" };
    const a = await annotate(bytes, [issue], { name: "a.xlsm" });
    expect(a.convertedFrom).toBeUndefined();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(a.bytes as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet("问题清单")!.getCell("A1").value).toBe("级别");
    expect((wb.getWorksheet(UNIT)!.getCell("B5").fill as ExcelJS.FillPattern).fgColor?.argb).toBe(FILL.error);
  });
});
