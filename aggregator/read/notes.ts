// What a reader noticed while reading a workbook that the person who sent it should know:
// formulas saved without a result, sheets that could not be read. Each note has a rule code
// (forms/rules/codes.ts), so that check.ts turns it into an Issue that reaches the JSON
// report, the roll-up's 问题清单 and the feedback workbook like any other.
import type { Severity } from "../../forms/model.js";
import { RULES, type RuleCode } from "../../forms/rules/codes.js";

export interface ReadNote {
  code: RuleCode;
  severity: Severity;
  /** One Chinese sentence: what was found and what to do. */
  message: string;
  sheet?: string;
  /** A1 address in the sheet. */
  cell?: string;
}

/** At most this many cell.no_result notes per workbook; the rest are counted in one more note. */
export const MAX_CELL_NOTES = 20;

/** Collects a workbook's notes in reading order, capping the per-cell ones. */
export class NoteCollector {
  readonly notes: ReadNote[] = [];
  private noResult = 0;
  private readonly sheetNotes: ReadNote[] = [];

  /** A formula cell saved without a cached result (an empty-string result is a value, not this). */
  noResultCell(sheet: string, cell: string): void {
    this.noResult++;
    if (this.noResult <= MAX_CELL_NOTES)
      this.notes.push({
        code: "cell.no_result",
        severity: RULES["cell.no_result"].severity,
        sheet,
        cell,
        message: `工作表“${sheet}”单元格 ${cell} 的公式没有计算结果，请在 Excel 中打开并保存后再提交。`,
      });
  }

  /** A sheet that is in the workbook but whose cells were not read (macro sheet, dialog sheet, missing part). */
  unreadableSheet(sheet: string, what: "宏表" | "对话框工作表" | "工作表" = "工作表"): void {
    this.sheetNotes.push({
      code: "sheet.unreadable",
      severity: RULES["sheet.unreadable"].severity,
      sheet,
      message: `${what}“${sheet}”未能读取，其中的内容不在本次检查范围内。请在 Excel 中将其内容复制到普通工作表，另存为 .xlsx 后重新提交。`,
    });
  }

  /** The notes: per-cell ones (capped, then a count), then the sheet ones. */
  finish(): ReadNote[] {
    const out = [...this.notes];
    if (this.noResult > MAX_CELL_NOTES)
      out.push({
        code: "cell.no_result",
        severity: RULES["cell.no_result"].severity,
        message: `另有 ${this.noResult - MAX_CELL_NOTES} 个单元格的公式没有计算结果，请在 Excel 中打开并保存后再提交。`,
      });
    out.push(...this.sheetNotes);
    return out;
  }
}

/** The sheet.unreadable word for a relationship or SheetJS sheet type. */
export function sheetKindWord(type: string): "宏表" | "对话框工作表" | "工作表" {
  return /macro/i.test(type) ? "宏表" : /dialog/i.test(type) ? "对话框工作表" : "工作表";
}
