// Where a problem is, in words a clerk can find (the page's list; grouping: forms/issue-groups.ts).
import type { Issue } from "../forms/model.js";

export { groupIssues, type IssueGroup } from "../forms/issue-groups.js";

/** Where a problem is: a Word place in words, else the cell (工作表!单元格 shown by its group). */
export function whereOf(i: Issue): string {
  if (i.place) return i.place;
  if (i.cell) return i.cell.replace(/\$/g, "");
  if (i.files?.length) return `${i.files.length} 个文件`;
  return "";
}
