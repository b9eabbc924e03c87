// merge and feedback with a Word 申报书 (issue 9, item 1; SPEC §7a): 雄安新区's bundled
// 典型案例申报书-3（Word）.docx (built with the docx library, a planted phone.invalid in its first
// table) merged with the city's workbooks. Its rows reach the 汇总 sheets like a workbook's; its
// issues name the place as a clerk finds it in Word (第1个表格第6行第5列) in the roll-up's 问题清单
// and in the rows' 问题; the city's feedback has an annotated .xlsx copy of it (one sheet per Word
// table, the cell marked) and a 问题清单 whose links open that copy at the cell.
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../aggregator/cli.js";
import type { Issue } from "../forms/model.js";

const TODAY = "2025-11-25";
const XIONGAN = join(__dirname, "../examples/hebei-2025/雄安新区");
const WORD = "典型案例申报书-3（Word）.docx";

const str = (v: ExcelJS.CellValue | undefined): string =>
  v === null || v === undefined ? "" : typeof v === "object" && "result" in v ? String(v.result) : String(v);

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(file)) as unknown as ExcelJS.Buffer);
  return wb;
}

/** A list sheet as header label → value objects (header on row `header`). */
function rowsOf(ws: ExcelJS.Worksheet, header = 1): Record<string, string>[] {
  const labels = (ws.getRow(header).values as ExcelJS.CellValue[]).map((v) => str(v));
  const out: Record<string, string>[] = [];
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const o: Record<string, string> = {};
    labels.forEach((l, c) => l && (o[l] = str(row.getCell(c).value)));
    if (Object.values(o).some(Boolean)) out.push(o);
  }
  return out;
}

let dir: string;
let issues: Issue[];
let rollup: ExcelJS.Workbook;
let phone: Issue;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pilot-merge-word-"));
  const json = join(dir, "report.json");
  const r = await main(
    [
      "node",
      "pilot-forms",
      "merge",
      XIONGAN,
      "--profile",
      "hebei-2025",
      "--today",
      TODAY,
      "-o",
      join(dir, "汇总.xlsx"),
      "--json",
      json,
      "--feedback",
      join(dir, "反馈"),
    ],
    { out: () => undefined, err: () => undefined, isTTY: false },
  );
  expect(r).toBe(0);
  issues = (JSON.parse(await readFile(json, "utf8")) as { issues: Issue[] }).issues;
  rollup = await load(join(dir, "汇总.xlsx"));
  phone = issues.find((i) => i.file?.endsWith(WORD) && i.code === "phone.invalid")!;
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("merge with a Word 申报书", () => {
  it("the planted phone.invalid: table 表格1, cell E6, place 第1个表格第6行第5列 (JSON)", () => {
    expect(phone).toMatchObject({ sheet: "表格1", cell: "E6", place: "第1个表格第6行第5列", table: "unit" });
  });

  it("its rows are in the 汇总 sheets like a workbook's, their 问题 naming the Word place", () => {
    const units = rowsOf(rollup.getWorksheet("申报单位汇总")!).filter((r) => r["来源文件"].endsWith(WORD));
    expect(units).toHaveLength(1);
    expect(units[0]["问题"]).toContain(`错误 第1个表格第6行第5列 ${phone.message}`.replace(/\s+/g, " "));
    // The Word check boxes show the option ticked, so the column filters like typed values.
    expect(units[0]["单位性质"]).toBe("国有控股企业");
    expect(units[0]["单位类别"]).not.toMatch(/[□☑]/);
    expect(units[0]["单位类别"]).not.toBe("");
    const cases = rowsOf(rollup.getWorksheet("典型案例汇总")!).filter((r) => r["来源文件"].endsWith(WORD));
    expect(cases).toHaveLength(1);
    expect(cases[0]["来源工作表"]).toBe("表格2");
    expect(["是", "否"]).toContain(cases[0]["是否出险"]);
  });

  it("the roll-up's 问题清单 has the Word place beside the cell, empty for workbook issues", () => {
    const list = rowsOf(rollup.getWorksheet("问题清单")!);
    const row = list.find((r) => r["文件"].endsWith(WORD) && r["规则"] === "phone.invalid")!;
    expect(row).toMatchObject({ 工作表: "表格1", 单元格: "E6", 在Word中的位置: "第1个表格第6行第5列" });
    const workbook = list.filter((r) => r["文件"].endsWith(".xlsx"));
    expect(workbook.length).toBeGreaterThan(0);
    for (const r of workbook) expect(r["在Word中的位置"]).toBe("");
  });

  it("feedback: an annotated .xlsx copy of the .docx (its tables as sheets, the cell marked) and a 问题清单 linking to it", async () => {
    const folder = join(dir, "反馈", "雄安新区");
    const files = await readdir(folder);
    const copyName = `${WORD}（已标注）.xlsx`;
    expect(files).toContain(copyName);
    const copy = await load(join(folder, copyName));
    expect(copy.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["表格1", "表格2", "问题清单"]));
    const cell = copy.getWorksheet("表格1")!.getCell("E6");
    expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe("FFFFC7CE");
    // The line above the copy's 问题清单 says to correct the Word document itself.
    const note = copy.getWorksheet("问题清单")!;
    expect(str(note.getCell("A1").value)).toContain("在原 Word 文档中修改后重新提交");
    const own = rowsOf(note, 2).find((r) => r["规则"] === "phone.invalid")!;
    expect(own).toMatchObject({ 工作表: "表格1", 在Word中的位置: "第1个表格第6行第5列" });

    const book = await load(join(folder, "雄安新区问题反馈.xlsx"));
    const guide: string[] = [];
    book.getWorksheet("说明")!.eachRow((row) => guide.push(str(row.getCell(1).value)));
    expect(guide.some((l) => l.includes("Word 申报书的标注副本") && l.includes("在Word中的位置"))).toBe(true);
    expect(guide.some((l) => l.includes("Word 文档（.docx） 格式的文件已转换为 .xlsx"))).toBe(false);
    const ws = book.getWorksheet("问题清单")!;
    const list = rowsOf(ws);
    const k = list.findIndex((r) => r["文件"].endsWith(WORD) && r["规则"] === "phone.invalid");
    expect(list[k]).toMatchObject({ 单元格: "E6", 在Word中的位置: "第1个表格第6行第5列" });
    const labels = (ws.getRow(1).values as ExcelJS.CellValue[]).map((v) => str(v));
    const link = ws.getCell(k + 2, labels.indexOf("单元格")).value as ExcelJS.CellFormulaValue;
    expect(link.formula).toBe(`HYPERLINK("${copyName}#'表格1'!E6","E6")`);
  });
});
