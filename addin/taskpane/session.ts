// The pane's state without React or Office.js: detection, validation, the problem list's
// groups and counts, what 标记问题 paints, and the live re-validation of one edited sheet.
// Plain data in, plain data out — tested on its own (test/addin/session.test.ts).
import type { FormId, Issue, Severity, SheetGrid, WorkbookGrid } from "../../forms/model.js";
import type { Profile } from "../../forms/profile.js";
import { builtInProfiles } from "../../forms/profiles/index.js";
import { detectSubmission, type Candidate, type Detection } from "../../forms/detect.js";
import { validateGrid, type WorkbookValidation } from "../../forms/validate.js";
import { isMetaSheet } from "../../forms/meta.js";
import { MARK_COLOR } from "../../forms/rules/codes.js";
import { planFixes, type CellFix } from "../../forms/fix.js";
import { groupIssues, type IssueGroup } from "../../forms/issue-groups.js";
import { tablesForForm } from "../../forms/tables.js";
import type { Mark, OriginalFills, ProfileChoice } from "../excel/host.js";

export interface Choice {
  profile: Profile;
  form?: FormId;
  /**
   * "metadata" / "headings": detected; "user": picked in the pane; "saved": picked for this
   * workbook before (its document settings); "default": the office's default profile (the
   * build's __PILOT_FORMS_DEFAULT_PROFILE__), when detection was not decisive.
   */
  source: Detection["source"] | "user" | "saved" | "default";
  /** The headings fit these as well or nearly as well (two or more): the pane asks which. */
  ties?: Candidate[];
}

export type { Candidate } from "../../forms/detect.js";

export interface SessionResult {
  choice?: Choice;
  validation?: WorkbookValidation;
  issues: Issue[];
  fixes: CellFix[];
  /** Data rows over all tables. */
  rows: number;
  tables: number;
  ms: number;
}

export const profiles: Profile[] = builtInProfiles();

/**
 * Detect the profile and form, unless the user has chosen a profile (and maybe its form).
 * `ties` when the headings are not decisive (between profiles, or a picked profile's forms).
 */
export function choose(grid: WorkbookGrid, picked?: Profile, form?: FormId): Choice | undefined {
  if (picked) {
    if (form && picked.forms.some((f) => f.id === form)) return { profile: picked, form, source: "user" };
    const d = detectSubmission(grid, [picked]);
    return { profile: picked, form: d?.form, source: "user", ...(d?.ties && { ties: d.ties }) };
  }
  const d = detectSubmission(grid, profiles);
  return d ? { profile: d.profile, form: d.form, source: d.source, ...(d.ties && { ties: d.ties }) } : undefined;
}

/** What decides the profile besides the workbook itself. */
export interface Preferences {
  /** Picked in the pane in this session. */
  picked?: ProfileChoice;
  /** Picked for this workbook before (its document settings). */
  saved?: ProfileChoice;
  /** The office's default profile id (the build's __PILOT_FORMS_DEFAULT_PROFILE__; "" for none). */
  fallback?: string;
}

/**
 * The choice for a workbook, in this order: the profile picked now; the one picked for this
 * workbook before; the template metadata, or headings that decide; the office's default
 * profile when the headings tie between profiles it is among, or find nothing; else the
 * detection as it is — with its ties, which the pane asks about, or undefined.
 */
export function decide(grid: WorkbookGrid, prefs: Preferences = {}): Choice | undefined {
  const find = (id: string | undefined) => (id ? profiles.find((p) => p.id === id) : undefined);
  const picked = find(prefs.picked?.profile);
  if (picked) return choose(grid, picked, prefs.picked?.form as FormId | undefined);
  const saved = find(prefs.saved?.profile);
  if (saved) return { ...choose(grid, saved, prefs.saved?.form as FormId | undefined)!, source: "saved" };
  const detected = choose(grid);
  if (detected && !detected.ties) return detected;
  const fallback = find(prefs.fallback);
  if (fallback && (!detected || detected.ties?.some((c) => c.profile.id === fallback.id)))
    return { ...choose(grid, fallback)!, source: "default" };
  return detected;
}

/** Validate the grid under a choice; today's date from the caller (tests fix it). */
export function validate(grid: WorkbookGrid, choice: Choice | undefined, today?: string): SessionResult {
  const t0 = now();
  if (!choice) return { issues: [], fixes: [], rows: 0, tables: 0, ms: now() - t0 };
  const validation = validateGrid(grid, { profile: choice.profile, form: choice.form, today });
  const issues = validation.issues.filter((i) => !i.sheet || !isMetaSheet(i.sheet));
  const fixes = planFixes(grid, validation);
  const rows = Object.values(validation.rows).reduce<number>((n, r) => n + (r ?? 0), 0);
  return { choice, validation, issues, fixes, rows, tables: validation.tables.length, ms: now() - t0 };
}

/**
 * What the results area shows: "start" before the first 校验; "unrecognised" when no table
 * of any form was found (no profile fits, or the chosen one finds nothing) — then the pane
 * says what it looks for and offers the templates instead of "0 tables, 0 rows"; else "results".
 */
export type PaneView = "start" | "ask" | "unrecognised" | "results";

/** "ask": the headings fit several profiles or forms (Choice.ties) — the pane lists them and asks. */
export function paneView(result: SessionResult | undefined): PaneView {
  if (!result) return "start";
  if ((result.choice?.ties?.length ?? 0) > 1) return "ask";
  return !result.choice || result.tables === 0 ? "unrecognised" : "results";
}

/** A form and the headings printed above its tables (what detection looks for). */
export interface LookedFor {
  form: string;
  headings: string[];
}

/** The forms the pane recognises, with their tables' headings: the profile's, or every profile's (each form name once). */
export function lookingFor(profile?: Profile): LookedFor[] {
  const seen = new Set<string>();
  const out: LookedFor[] = [];
  for (const p of profile ? [profile] : profiles)
    for (const f of p.forms) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      out.push({ form: f.name, headings: [...new Set(tablesForForm(p, f.id).map((d) => d.heading))] });
    }
  return out;
}

/** The URL of a template file (its path under templates/), relative to the pane's page: the build copies templates/ beside it. */
export function templateHref(relativePath: string): string {
  return `templates/${relativePath.split("/").map(encodeURIComponent).join("/")}`;
}

function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

/** The grid with one sheet replaced (live mode re-reads only the edited sheet). */
export function replaceSheet(grid: WorkbookGrid, sheet: SheetGrid): WorkbookGrid {
  const i = grid.sheets.findIndex((s) => s.name === sheet.name);
  if (i < 0) return { sheets: [...grid.sheets, sheet] };
  const sheets = grid.sheets.slice();
  sheets[i] = sheet;
  return { sheets };
}

// ---------------------------------------------------------------------------------------
// The list

export type Counts = Record<Severity, number>;

export function countBySeverity(issues: Issue[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0 };
  for (const i of issues) c[i.severity]++;
  return c;
}

export type SheetGroup = IssueGroup;

/** Issues grouped by sheet in workbook order (workbook-level ones first), errors first within a sheet, filtered by severity. */
export function groupBySheet(issues: Issue[], grid: WorkbookGrid | undefined, shown: Set<Severity>): SheetGroup[] {
  return groupIssues(
    issues,
    shown,
    grid?.sheets.map((s) => s.name),
  );
}

/** The cells 标记问题 fills: one per cell, the most severe issue's colour (info issues are not marked). */
export function marksFor(issues: Issue[]): Mark[] {
  const byCell = new Map<string, Mark & { severity: "error" | "warning" }>();
  for (const i of issues) {
    if (!i.sheet || !i.cell || (i.severity !== "error" && i.severity !== "warning")) continue;
    const cell = i.cell.replace(/\$/g, "").toUpperCase();
    const key = `${i.sheet}!${cell}`;
    const prev = byCell.get(key);
    if (prev?.severity === "error") continue;
    byCell.set(key, { sheet: i.sheet, cell, color: MARK_COLOR[i.severity], severity: i.severity });
  }
  return [...byCell.values()].map(({ sheet, cell, color }) => ({ sheet, cell, color }));
}

/**
 * The grid with rows top..bottom (0-based) of one sheet replaced by `rows` (read across the
 * sheet's columns), or undefined when they are not inside the sheet's grid (then the pane
 * re-reads the whole sheet: the used range may have grown).
 */
export function patchRows(
  grid: WorkbookGrid,
  sheetName: string,
  top: number,
  rows: Pick<SheetGrid, "values" | "formats">,
): WorkbookGrid | undefined {
  const sheet = grid.sheets.find((s) => s.name === sheetName);
  if (!sheet || top < 0) return undefined;
  const first = top - (sheet.top ?? 0);
  if (first < 0 || first + rows.values.length > sheet.values.length) return undefined;
  const values = sheet.values.slice();
  const formats = sheet.formats?.slice();
  rows.values.forEach((r, k) => {
    values[first + k] = r;
    if (formats) formats[first + k] = rows.formats?.[k] ?? [];
  });
  return replaceSheet(grid, { ...sheet, values, formats });
}

// ---------------------------------------------------------------------------------------
// What a clerk expects of a checker

const ALL: ReadonlySet<Severity> = new Set<Severity>(["error", "warning", "info"]);

/**
 * 下一个错误: the first error with a cell after `current` in the list's order (sheets in
 * workbook order, errors first within a sheet), wrapping round; the first error when
 * `current` is not in the list (or not given). Undefined when there is no error to go to.
 */
export function nextError(issues: Issue[], grid: WorkbookGrid | undefined, current?: Issue): Issue | undefined {
  const order = groupBySheet(issues, grid, ALL as Set<Severity>).flatMap((g) => g.issues);
  const at = current ? order.indexOf(current) : -1;
  for (let k = 1; k <= order.length; k++) {
    const i = order[(at + k + order.length) % order.length];
    if (i.severity === "error" && i.sheet && i.cell) return i;
  }
  return undefined;
}

/** 下一个错误's keyboard shortcut in the pane: F8, or Alt+N (strings.ts's nextTitle says so). */
export function isNextErrorKey(e: {
  key: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  shiftKey?: boolean;
  metaKey?: boolean;
}): boolean {
  if (e.ctrlKey || e.metaKey || e.shiftKey) return false;
  return (e.key === "F8" && !e.altKey) || (!!e.altKey && e.key.toLowerCase() === "n");
}

/** Which of the pane's buttons have something to do (the others are disabled). */
export interface Enabled {
  /** 标记问题: an error or warning with a cell. */
  mark: boolean;
  /** 清除标记: cells marked (in this session or saved by an earlier one). */
  clear: boolean;
  /** 自动修正: fixes planned. */
  fix: boolean;
  /** 下一个错误: an error with a cell. */
  next: boolean;
}

export function enabled(result: SessionResult | undefined, originals: OriginalFills): Enabled {
  // While the pane asks which profile or form, nothing is marked, fixed or gone to under a guess.
  const issues = paneView(result) === "ask" ? [] : (result?.issues ?? []);
  return {
    mark: issues.some((i) => i.sheet && i.cell && (i.severity === "error" || i.severity === "warning")),
    clear: Object.keys(originals).length > 0,
    fix: paneView(result) !== "ask" && (result?.fixes.length ?? 0) > 0,
    next: issues.some((i) => i.severity === "error" && i.sheet && i.cell),
  };
}

/** The fix dialog lists at most this many changes, and says how many more. */
export const FIX_PREVIEW = 100;

export function fixPreview(fixes: CellFix[], max = FIX_PREVIEW): { shown: CellFix[]; more: number } {
  return { shown: fixes.slice(0, max), more: Math.max(0, fixes.length - max) };
}

/** "sheet!cell", as host.ts's markKey keys the original fills. */
const markKey = (sheet: string, cell: string) => `${sheet}!${cell}`;

/** The colour painted per "sheet!cell" by the pane (what 标记问题 last wrote). */
export type Painted = Record<string, string>;

/**
 * Marks shown and the workbook validated again (after 自动修正, in live mode): what to put
 * back and what to paint so that the marks are those of the new issues — a fixed cell loses
 * its red. `painted` unknown (marks saved by an earlier pane): every mark is painted again.
 * `keep` is the originals of cells still marked (their first original fill stays).
 */
export function remarkPlan(
  originals: OriginalFills,
  painted: Painted | undefined,
  marks: Mark[],
): { restore: OriginalFills; paint: Mark[]; keep: OriginalFills } {
  const next = new Map(marks.map((m) => [markKey(m.sheet, m.cell), m]));
  const restore: OriginalFills = {};
  const keep: OriginalFills = {};
  for (const [key, fill] of Object.entries(originals)) {
    if (next.has(key)) keep[key] = fill;
    else restore[key] = fill;
  }
  const paint = marks.filter((m) => !painted || painted[markKey(m.sheet, m.cell)] !== m.color);
  return { restore, paint, keep };
}

export function paintedBy(marks: Mark[]): Painted {
  return Object.fromEntries(marks.map((m) => [markKey(m.sheet, m.cell), m.color]));
}
