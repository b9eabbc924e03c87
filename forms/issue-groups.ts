// The problem list as every desk shows it (the pane, the offline page): grouped by sheet in
// workbook order, the file's own problems first, and within a sheet errors before warnings
// before hints, each in cell order — what a clerk fixes first comes first.
import type { Issue, Severity } from "./model.js";
import { SEVERITY_ORDER } from "./rules/codes.js";

export interface IssueGroup {
  /** Sheet name; "" for problems of the whole file. */
  sheet: string;
  issues: Issue[];
  counts: Record<Severity, number>;
}

/**
 * Group the issues of the severities shown. `sheetOrder`: the workbook's sheet names in order;
 * without it a sheet stands where its first issue does (issues come sorted in workbook order).
 */
export function groupIssues(
  issues: readonly Issue[],
  shown: ReadonlySet<Severity>,
  sheetOrder?: readonly string[],
): IssueGroup[] {
  const groups = new Map<string, IssueGroup>();
  for (const i of issues) {
    if (!shown.has(i.severity)) continue;
    const sheet = i.sheet ?? "";
    let g = groups.get(sheet);
    if (!g) groups.set(sheet, (g = { sheet, issues: [], counts: { error: 0, warning: 0, info: 0 } }));
    g.issues.push(i);
    g.counts[i.severity]++;
  }
  const order = new Map((sheetOrder ?? [...groups.keys()]).map((s, n) => [s, n]));
  const rank = (s: string) => (s === "" ? -1 : (order.get(s) ?? Number.MAX_SAFE_INTEGER));
  const out = [...groups.values()].sort((a, b) => rank(a.sheet) - rank(b.sheet) || a.sheet.localeCompare(b.sheet));
  for (const g of out) g.issues = bySeverity(g.issues);
  return out;
}

/** Errors, then warnings, then hints; each kind in the order given (stable). */
function bySeverity(issues: Issue[]): Issue[] {
  return issues
    .map((i, n) => [i, n] as const)
    .sort((a, b) => SEVERITY_ORDER[a[0].severity] - SEVERITY_ORDER[b[0].severity] || a[1] - b[1])
    .map(([i]) => i);
}
