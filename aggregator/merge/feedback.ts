// --feedback DIR: per city, a workbook listing that city's problems and an annotated copy
// of each of its files, ready to send back for correction.
import path from "node:path";
import ExcelJS from "exceljs";
import type { Issue } from "../../forms/model.js";
import type { FileResult } from "../check.js";
import { addIssueSheet, annotatedCopy } from "../annotate.js";
import { writeFileAtomic } from "../write-file.js";
import { workbookBytes, FIXED_DATE } from "../xlsx/deterministic.js";
import { UNKNOWN_CITY } from "./merge.js";

const UNKNOWN_FOLDER = "未确定城市";

function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|]/g, "_");
}

function annotatedName(r: FileResult): string {
  return safeName(path.basename(r.input.abs).replace(/\.(xlsx|xlsm)$/i, "")) + "（已标注）.xlsx";
}

/** Write DIR/<city>/<city>问题反馈.xlsx and DIR/<city>/<file>（已标注）.xlsx; returns the paths written. */
export async function writeFeedback(dir: string, cities: string[], results: FileResult[], issues: Issue[]): Promise<string[]> {
  const written: string[] = [];
  for (const city of cities) {
    const mine = results.filter((r) => (r.city ?? UNKNOWN_CITY) === city);
    if (!mine.length) continue;
    const folder = path.join(dir, safeName(city || UNKNOWN_FOLDER));
    const files = new Set(mine.map((r) => r.input.display));
    const cityIssues = issues.filter((i) => i.file && files.has(i.file));
    const copies = new Map<string, string>();
    for (const r of mine) {
      if (!r.validation || r.status === "duplicate") continue;
      const name = annotatedName(r);
      const target = path.join(folder, name);
      await writeFileAtomic(
        target,
        await annotatedCopy(
          r.input.abs,
          cityIssues.filter((i) => i.file === r.input.display),
        ),
      );
      copies.set(r.input.display, name);
      written.push(target);
    }
    const book = path.join(folder, `${safeName(city || UNKNOWN_FOLDER)}问题反馈.xlsx`);
    await writeFileAtomic(book, await feedbackWorkbook(city, mine, cityIssues, copies));
    written.push(book);
  }
  return written;
}

async function feedbackWorkbook(
  city: string,
  results: FileResult[],
  issues: Issue[],
  copies: Map<string, string>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "pilot-forms";
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.filter((i) => i.severity === "warning").length;

  const info = wb.addWorksheet("说明", {
    pageSetup: { paperSize: 9, orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  info.getColumn(1).width = 90;
  const lines = [
    `${city || "未确定城市"}：申报材料问题反馈`,
    `共 ${results.length} 个文件，${errors} 个错误，${warnings} 个警告。`,
    "“问题清单”列出每个问题所在的文件、工作表和单元格，以及修改方法；点击单元格地址可跳到标注副本中的对应单元格。",
    "标注副本中，错误单元格为红色，警告单元格为黄色。请在原文件中修改后重新提交（请保持 .xlsx 格式）。",
    "",
    "文件：",
    ...results.map(
      (r) =>
        `  ${r.input.display}  —  ${STATUS[r.status]}${copies.has(r.input.display) ? `（标注副本：${copies.get(r.input.display)}）` : ""}`,
    ),
  ];
  lines.forEach((l, i) => {
    const c = info.getCell(i + 1, 1);
    c.value = l;
    c.alignment = { wrapText: true, vertical: "top" };
    if (i === 0) c.font = { bold: true, size: 14 };
  });

  // The problem list links to each cell in the city's annotated copies beside this workbook.
  addIssueSheet(wb, issues, {
    withFile: true,
    link: (i) => {
      const copy = i.file ? copies.get(i.file) : undefined;
      if (!copy) return undefined;
      return i.sheet && i.cell ? `${copy}#'${i.sheet.replace(/'/g, "''")}'!${i.cell}` : copy;
    },
  });
  return workbookBytes(wb);
}

const STATUS: Record<FileResult["status"], string> = {
  ok: "没有问题",
  warnings: "有警告",
  errors: "有错误",
  unreadable: "无法读取",
  duplicate: "重复提交",
};
