// How read results become issues (aggregator/check.ts): a file that is not a spreadsheet is
// file.not_spreadsheet (a warning, status "unreadable", counted for its city); a password is
// file.unreadable; the reader's notes (cell.no_result, sheet.unreadable) are issues with the
// file, sheet and cell set, so that they reach the JSON report and the roll-up's 问题清单.
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { checkFile } from "../../aggregator/check.js";
import type { InputFile } from "../../aggregator/inputs.js";
import { findProfile } from "../../forms/profiles/index.js";
import { buildOle, buildZip, makeTempDir, stored, xlsxBytes } from "./helpers.js";

const tmp = makeTempDir("pilot-forms-check-notes-");
afterAll(() => tmp.cleanup());
const profile = findProfile("hebei-2025")!;

function input(rel: string, bytes: Uint8Array | string): InputFile {
  const abs = tmp.file(rel.replace(/\//g, "_"), bytes);
  return { display: rel, abs, root: tmp.dir };
}

describe("checkFile: read results as issues", () => {
  it("a Word document without a table is file.not_spreadsheet, a warning, counted for its city", async () => {
    const docx = buildZip([stored("[Content_Types].xml", "<Types/>"), stored("word/document.xml", "<w:document/>")]);
    const r = await checkFile(input("唐山市-申报书.docx", docx), { profile, today: "2025-11-25" });
    expect(r.status).toBe("unreadable");
    expect(r.city).toBe("唐山市");
    expect(r.issues).toEqual([
      {
        code: "file.not_spreadsheet",
        severity: "warning",
        file: "唐山市-申报书.docx",
        message:
          "这是 Word 文档（.docx），其中没有表格，不是申报表格。Word 申报书请在通知附件的表单中填写（表单中的表格会被读取），或申报书的表格部分请用 Excel 或 WPS 表格模板填写后提交 .xlsx。此文件已列出、计入本市材料。",
      },
    ]);
  });

  it("a PDF and an image too; a password-protected workbook is file.unreadable", async () => {
    const pdf = await checkFile(input("盖章.pdf", "%PDF-1.4\n"), { profile });
    expect(pdf.issues.map((i) => [i.code, i.severity])).toEqual([["file.not_spreadsheet", "warning"]]);
    const enc = buildOle([
      { name: "EncryptionInfo", data: Buffer.alloc(5000, 1) },
      { name: "EncryptedPackage", data: Buffer.alloc(5000, 2) },
    ]);
    const locked = await checkFile(input("加密.xlsx", enc), { profile });
    expect(locked.status).toBe("unreadable");
    expect(locked.issues.map((i) => [i.code, i.severity])).toEqual([["file.unreadable", "error"]]);
    expect(locked.issues[0].message).toContain("取消密码");
  });

  it("cell.no_result and sheet.unreadable notes are issues with file, sheet and cell", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("服务对象");
    ws.addRow(["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"]);
    ws.getCell("F2").value = { formula: "1+1" } as ExcelJS.CellFormulaValue;
    const r = await checkFile(input("公式.xlsx", await xlsxBytes(wb)), { profile, today: "2025-11-25" });
    const note = r.issues.find((i) => i.code === "cell.no_result");
    expect(note).toMatchObject({ severity: "info", file: "公式.xlsx", sheet: "服务对象", cell: "F2" });
  });
});
