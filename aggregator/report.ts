// Reports: the JSON report of SPEC §9 and the terminal output.
import type { Issue, Severity, TableId } from "../forms/model.js";
import { SEVERITY_LABEL } from "../forms/rules/codes.js";
import { TABLE_NAMES } from "../forms/validate.js";
import { isNotSpreadsheet } from "./check-bytes.js";
import type { FileResult } from "./check.js";
import type { SkippedInput } from "./inputs.js";
import type { CityReport, MergeResult } from "./merge/model.js";
import { runtime } from "./runtime/index.js";

/** The package version (runtime: package.json in Node, built into a browser bundle). */
export const VERSION: string = runtime.packageVersion();

export interface JsonReport {
  tool: "pilot-forms";
  version: string;
  profile?: string;
  files: {
    path: string;
    city?: string;
    form?: string;
    formId?: string;
    profile?: string;
    sha256?: string;
    status: string;
    rows: Partial<Record<TableId, number>>;
    /** The file-level issue (unreadable, not a spreadsheet, duplicate, skipped): what it is and what to send instead. */
    issue?: { code: Issue["code"]; severity: Severity; message: string };
  }[];
  /** Issues of every file, superseded ones' too (listed, not counted in totals or cities). */
  issues: Issue[];
  /** merge only: every city of the profile in its order, 未报送 ones as missing with zeros (SPEC §9). */
  cities?: CityReport[];
  /** Counted once: duplicates' and superseded files' rows and issues are left out. */
  totals: {
    files: number;
    errors: number;
    warnings: number;
    infos: number;
    rows: Partial<Record<TableId, number>>;
    /** Inputs listed but not read (lock files, OS files, FIFOs, repeated or dangling links): in files[] with status "skipped". */
    skipped?: number;
  };
}

export function countBySeverity(issues: Issue[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const i of issues) c[i.severity]++;
  return c;
}

/** Codes of issues about a whole file, shown with its entry in files[]. */
const FILE_LEVEL = new Set<string>([
  "file.unreadable",
  "file.not_spreadsheet",
  "file.duplicate",
  "file.skipped",
  "file.superseded",
]);

export function jsonReport(
  results: MergeResult[],
  extraIssues: Issue[] = [],
  profileId?: string,
  skipped: SkippedInput[] = [],
  cities?: CityReport[],
): JsonReport {
  const issues = [...results.flatMap((r) => r.issues), ...extraIssues, ...skipped.map((s) => s.issue)];
  const rows: Partial<Record<TableId, number>> = {};
  for (const r of results) {
    if (r.supersededBy) continue;
    for (const [t, n] of Object.entries(r.validation?.rows ?? {})) rows[t as TableId] = (rows[t as TableId] ?? 0) + (n ?? 0);
  }
  const superseded = new Set(results.filter((r) => r.supersededBy).map((r) => r.input.display));
  const counts = countBySeverity(issues.filter((i) => !i.file || !superseded.has(i.file)));
  const profiles = [...new Set(results.map((r) => r.profile?.id).filter(Boolean))];
  return {
    tool: "pilot-forms",
    version: VERSION,
    profile: profileId ?? (profiles.length === 1 ? profiles[0] : undefined),
    files: [
      ...results.map((r) => ({
        path: r.input.display,
        city: r.city,
        form: r.formName,
        formId: r.form,
        profile: r.profile?.id,
        sha256: r.sha256,
        status: r.supersededBy ? "superseded" : r.status,
        rows: r.validation?.rows ?? {},
        ...fileIssue(r.issues),
      })),
      ...skipped.map((s) => ({
        path: s.display,
        status: "skipped",
        rows: {},
        issue: { code: s.issue.code, severity: s.issue.severity, message: s.reason },
      })),
    ],
    issues: issues.map(cleanIssue),
    ...(cities ? { cities } : {}),
    totals: {
      files: results.length,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      rows,
      ...(skipped.length ? { skipped: skipped.length } : {}),
    },
  };
}

function fileIssue(issues: Issue[]): { issue?: { code: Issue["code"]; severity: Severity; message: string } } {
  const i = issues.find((x) => FILE_LEVEL.has(x.code) && !x.sheet);
  return i ? { issue: { code: i.code, severity: i.severity, message: i.message } } : {};
}

/** Issue fields in a stable order, without undefined values. */
function cleanIssue(i: Issue): Issue {
  const out: Record<string, unknown> = {};
  for (const k of [
    "code",
    "severity",
    "file",
    "sheet",
    "cell",
    "table",
    "column",
    "value",
    "place",
    "message",
    "row",
    "fix",
    "files",
  ] as const) {
    if (i[k] !== undefined) out[k] = i[k];
  }
  return out as unknown as Issue;
}

const COLORS = { error: "\x1b[31m", warning: "\x1b[33m", info: "\x1b[36m", dim: "\x1b[2m", bold: "\x1b[1m", reset: "\x1b[0m" };

/** Human output: grouped by file and sheet; cell, severity, code, message; a count line at the end. */
export function humanReport(results: FileResult[], extraIssues: Issue[], opts: { color: boolean }): string {
  const c = (k: keyof typeof COLORS, s: string) => (opts.color ? COLORS[k] + s + COLORS.reset : s);
  const lines: string[] = [];
  for (const r of results) {
    const what = [r.formName, r.profile?.id, r.city].filter(Boolean).join(" · ");
    lines.push(c("bold", r.input.display) + (what ? c("dim", `  （${what}）`) : ""));
    const rowCounts = Object.entries(r.validation?.rows ?? {})
      .map(([t, n]) => `${TABLE_NAMES[t as TableId] ?? t} ${n} 行`)
      .join("，");
    if (rowCounts) lines.push(c("dim", `  读取：${rowCounts}`));
    if (!r.issues.length) {
      lines.push(`  ${c("dim", "没有发现问题")}`);
      continue;
    }
    let sheet: string | undefined = "\0";
    for (const i of r.issues) {
      if (i.sheet !== sheet) {
        sheet = i.sheet;
        lines.push(`  ${sheet ? (i.place ? `Word 文档中的${sheet}` : `工作表「${sheet}」`) : "文件"}`);
      }
      // A Word table's cell is named as a clerk counts it (第2个表格第3行第2列), on its own line.
      if (i.place) lines.push(`    ${c("dim", i.place)}`);
      lines.push(
        `    ${(i.place ? "" : (i.cell ?? "")).padEnd(6)} ${c(i.severity, SEVERITY_LABEL[i.severity])}  ${i.code.padEnd(24)} ${i.message}`,
      );
    }
    lines.push("");
  }
  if (extraIssues.length) {
    lines.push(c("bold", "跨文件检查"));
    for (const i of extraIssues)
      lines.push(`    ${c(i.severity, SEVERITY_LABEL[i.severity])}  ${i.code.padEnd(24)} ${i.message}`);
    lines.push("");
  }
  const all = [...results.flatMap((r) => r.issues), ...extraIssues];
  const n = countBySeverity(all);
  const other = results.filter(isNotSpreadsheet).length;
  const unreadable = results.filter((r) => r.status === "unreadable").length - other;
  const notes = [unreadable ? `${unreadable} 个无法读取` : "", other ? `${other} 个不是电子表格` : ""].filter(Boolean).join("，");
  lines.push(
    `共 ${results.length} 个文件${notes ? `（${notes}）` : ""}：` +
      `${c("error", `${n.error} 个错误`)}，${c("warning", `${n.warning} 个警告`)}，${n.info} 个提示。`,
  );
  return lines.join("\n");
}

export { TABLE_NAMES };

/** Width on a terminal (not Excel column units, see template/write.ts): CJK and full-width characters take two columns. */
export function terminalWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) ||
        (c >= 0xff00 && c <= 0xff60) ||
        (c >= 0xffe0 && c <= 0xffe6) ||
        c >= 0x20000)
        ? 2
        : 1;
  }
  return w;
}

function pad(s: string, width: number, right = false): string {
  const gap = " ".repeat(Math.max(0, width - terminalWidth(s)));
  return right ? gap + s : s + gap;
}

/** A plain text table, columns sized to their content (CJK-aware); numeric columns right-aligned. */
export function textTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((r) => terminalWidth(r[c] ?? ""))));
  const numeric = header.map((_, c) => rows.every((r) => typeof r[c] === "number"));
  const line = (r: string[]) =>
    r
      .map((v, c) => pad(v, widths[c], numeric[c]))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}
