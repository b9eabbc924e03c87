// The per-city feedback of a merge (--feedback DIR), as files in memory: per city, a workbook
// listing that city's problems and an annotated copy of each of its files, ready to send back
// for correction. No node:* module and no Buffer: the CLI writes these files into DIR
// (feedback.ts) and the offline page offers the same bytes as one .zip (feedbackZip).
import ExcelJS from "exceljs";
import type { Issue } from "../../forms/model.js";
import type { FileResult } from "../check.js";
import type { MergeResult } from "./model.js";
import { addIssueSheet, annotate, isWordLabel } from "../annotate.js";
import { posixBasename } from "../convert-copy.js";
import { fitName, uniqueName } from "../file-names.js";
import { fitRowToText } from "../template/write.js";
import { FIXED_DATE, workbookU8, writeZipBytes } from "../xlsx/deterministic.js";
import { UNKNOWN_CITY } from "./merge.js";

const UNKNOWN_FOLDER = "未确定城市";

/** One file of the feedback: DIR/<folder>/<name>. */
export interface FeedbackFile {
  folder: string;
  name: string;
  bytes: Uint8Array;
}

export interface FeedbackOptions {
  /**
   * An input's file name from its abs (default: the last "/"-separated part, a "\\" kept, as
   * path.basename on Linux and macOS; the CLI passes its platform's path.basename).
   */
  basename?: (abs: string) => string;
}

function safeName(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in file names
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_");
}

/** 名称.xlsx → 名称（已标注）.xlsx; any other format keeps its extension in the name: 名称.xls（已标注）.xlsx (as validate --annotate). */
function annotatedName(r: FileResult, basename: (abs: string) => string): string {
  return safeName(basename(r.input.abs).replace(/\.(xlsx|xlsm)$/i, "")) + "（已标注）.xlsx";
}

/**
 * The feedback's files, in the order the CLI writes them: per city of `cities` that has
 * results, its annotated copies (<file>（已标注）.xlsx) then <city>问题反馈.xlsx, in a folder
 * named after the city. Folder and file names are shortened to the file system's 255 bytes
 * (keeping the extension) and kept unique. `bytesOf`: a result's input bytes (undefined, or
 * a throw, when they cannot be had: no copy, the problems still listed).
 */
export async function feedbackFiles(
  cities: string[],
  results: MergeResult[],
  issues: Issue[],
  bytesOf: (r: MergeResult) => Promise<Uint8Array | undefined>,
  opts: FeedbackOptions = {},
): Promise<FeedbackFile[]> {
  const out: FeedbackFile[] = [];
  await eachFeedbackFile(cities, results, issues, bytesOf, async (f) => void out.push(f), opts);
  return out;
}

/** feedbackFiles one file at a time, each given to `emit` as soon as it is made (the CLI writes it and lets it go). */
export async function eachFeedbackFile(
  cities: string[],
  results: MergeResult[],
  issues: Issue[],
  bytesOf: (r: MergeResult) => Promise<Uint8Array | undefined>,
  emit: (f: FeedbackFile) => Promise<void>,
  opts: FeedbackOptions = {},
): Promise<void> {
  const basename = opts.basename ?? posixBasename;
  const usedFolders = new Set<string>();
  for (const city of cities) {
    const mine = results.filter((r) => (r.city ?? UNKNOWN_CITY) === city);
    if (!mine.length) continue;
    const cityName = fitName(safeName(city || UNKNOWN_FOLDER), 200);
    const folder = uniqueName(cityName, usedFolders);
    const files = new Set(mine.map((r) => r.input.display));
    // A superseded version gets only its file.superseded line: the city corrects the newer one.
    const old = new Set(mine.filter((r) => r.supersededBy).map((r) => r.input.display));
    const cityIssues = issues.filter((i) => i.file && files.has(i.file) && (!old.has(i.file) || i.code === "file.superseded"));
    const copies = new Map<string, string>();
    const failedCopies = new Set<string>();
    const converted = new Map<string, string>();
    const used = new Set<string>([`${cityName}问题反馈.xlsx`.toLowerCase()]);
    for (const r of mine) {
      if (!r.validation || r.status === "duplicate" || r.supersededBy) continue;
      let bytes: Uint8Array;
      try {
        const source = await bytesOf(r);
        if (!source) throw new Error("unreadable");
        const copy = await annotate(
          source,
          cityIssues.filter((i) => i.file === r.input.display),
          { name: basename(r.input.abs) },
        );
        bytes = copy.bytes;
        if (copy.convertedFrom) converted.set(r.input.display, copy.convertedFrom);
      } catch {
        // Neither exceljs nor the conversion to .xlsx made a copy: none, the problems are still listed.
        failedCopies.add(r.input.display);
        continue;
      }
      const name = uniqueName(annotatedName(r, basename), used);
      await emit({ folder, name, bytes });
      copies.set(r.input.display, name);
    }
    const book = `${cityName}问题反馈.xlsx`;
    await emit({ folder, name: book, bytes: await feedbackWorkbook(city, mine, cityIssues, copies, failedCopies, converted) });
  }
}

/**
 * The feedback as one .zip: an entry <folder>/<name> per file, in the given order, holding
 * exactly the file's bytes; UTF-8 names, every entry dated FIXED_DATE (the same files give
 * the same bytes).
 */
export function feedbackZip(files: FeedbackFile[]): Uint8Array {
  return writeZipBytes(
    files.map((f): [string, Uint8Array] => [`${f.folder}/${f.name}`, f.bytes]),
    FIXED_DATE,
    6,
  );
}

async function feedbackWorkbook(
  city: string,
  results: MergeResult[],
  issues: Issue[],
  copies: Map<string, string>,
  failedCopies: Set<string> = new Set(),
  converted: Map<string, string> = new Map(),
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "pilot-forms";
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.filter((i) => i.severity === "warning").length;

  const info = wb.addWorksheet("说明", {
    // One column: LibreOffice does not scale a single column to the page width, so it must fit
    // A4 portrait unscaled (as the templates' 填报说明: 76 wide, the same margins).
    pageSetup: {
      paperSize: 9,
      orientation: "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
  });
  info.getColumn(1).width = 76;
  const formats = [...new Set(converted.values())];
  const sheetFormats = formats.filter((f) => !isWordLabel(f));
  const wordCopies = formats.some(isWordLabel);
  const lines = [
    `${city || "未确定城市"}：申报材料问题反馈`,
    `共 ${results.length} 个文件，${errors} 个错误，${warnings} 个警告。`,
    "“问题清单”列出每个问题所在的文件、工作表和单元格，以及修改方法；点击单元格地址可跳到标注副本中的对应单元格。",
    "标注副本中，错误单元格为红色，警告单元格为黄色。请在原文件中修改后重新提交（Excel 工作簿请保持 .xlsx 格式）。",
    ...(sheetFormats.length
      ? [
          `其中 ${sheetFormats.join("、")} 格式的文件已转换为 .xlsx 后标注（原文件未改动）：可以直接在标注副本中修改（改完后删除“问题清单”工作表），或在 Excel/WPS 中把原文件另存为 .xlsx 后修改；请提交 .xlsx 文件。`,
        ]
      : []),
    ...(wordCopies
      ? [
          "Word 申报书的标注副本把文档中的表格逐个列为工作表（第1个表格为“表格1”，依此类推）；请对照“问题清单”中“在Word中的位置”一列，在原 Word 文档中修改后重新提交。",
        ]
      : []),
    "",
    "文件：",
    ...results.map(
      (r) =>
        `  ${r.input.display}  —  ${r.issues.some((i) => i.code === "file.not_spreadsheet") ? "不是电子表格（见“问题清单”：请提交 Excel 工作簿）" : r.supersededBy ? `已被新版本 ${r.supersededBy} 替代，不计入汇总` : (STATUS[r.status] ?? r.status)}${copies.has(r.input.display) ? `（标注副本：${copies.get(r.input.display)}${converted.has(r.input.display) ? `，由 ${converted.get(r.input.display)} 转换为 .xlsx` : ""}）` : failedCopies.has(r.input.display) ? "（无法生成标注副本，问题见“问题清单”）" : ""}`,
    ),
  ];
  lines.forEach((l, i) => {
    const c = info.getCell(i + 1, 1);
    c.value = l;
    c.alignment = { wrapText: true, vertical: "top" };
    if (i === 0) {
      c.font = { bold: true, size: 14 };
      info.getRow(1).height = 24;
    }
    // Long file lines wrap: their rows as tall as the lines need (programs do not grow them).
    fitRowToText(info, i + 1);
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
  return workbookU8(wb);
}

const STATUS: Partial<Record<string, string>> = {
  ok: "没有问题",
  warnings: "有警告",
  errors: "有错误",
  unreadable: "无法读取",
  duplicate: "重复提交",
};
