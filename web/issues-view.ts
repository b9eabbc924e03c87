// The problem list as the pane shows it, without the DOM: grouped by sheet in workbook order
// (the file's own problems first), errors before warnings before hints within a sheet, and
// where each problem is in words a clerk can find.
import type { Issue, Severity } from "../forms/model.js";
import { SEVERITY_ORDER } from "../forms/rules/codes.js";

export interface IssueGroup {
  /** "" for problems of the whole file. */
  sheet: string;
  issues: Issue[];
  counts: Record<Severity, number>;
}

/**
 * Issues arrive sorted in workbook order (sortIssues): a sheet's group stands where its first
 * problem does; within it errors come first, then warnings, then hints, each in cell order.
 */
export function groupIssues(issues: Issue[], shown: ReadonlySet<Severity>): IssueGroup[] {
  const groups = new Map<string, IssueGroup>();
  for (const i of issues) {
    if (!shown.has(i.severity)) continue;
    const sheet = i.sheet ?? "";
    let g = groups.get(sheet);
    if (!g) groups.set(sheet, (g = { sheet, issues: [], counts: { error: 0, warning: 0, info: 0 } }));
    g.issues.push(i);
    g.counts[i.severity]++;
  }
  const out = [...groups.values()];
  for (const g of out)
    g.issues = g.issues
      .map((i, n) => [i, n] as const)
      .sort(bySeverity)
      .map(([i]) => i);
  return [...out.filter((g) => g.sheet === ""), ...out.filter((g) => g.sheet !== "")];
}

function bySeverity(a: readonly [Issue, number], b: readonly [Issue, number]): number {
  return SEVERITY_ORDER[a[0].severity] - SEVERITY_ORDER[b[0].severity] || a[1] - b[1];
}

/** Where a problem is: a Word place in words, else the cell (工作表!单元格 shown by its group). */
export function whereOf(i: Issue): string {
  if (i.place) return i.place;
  if (i.cell) return i.cell.replace(/\$/g, "");
  if (i.files?.length) return `${i.files.length} 个文件`;
  return "";
}
