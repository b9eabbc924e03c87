// The check of one file from its bytes: read (read/read-bytes.ts) → validate (forms/) → the
// file's result with its city. No node:* module: the CLI (check.ts: a file on disk or a zip
// member) and the browser run this same code on the same bytes.
import type { FormId, Issue, WorkbookGrid } from "../forms/model.js";
import type { Profile } from "../forms/profile.js";
import { findProfile } from "../forms/profiles/index.js";
import { readMeta, sortIssues, validateGrid, type WorkbookValidation } from "../forms/validate.js";
import { resolveCity, type CitySource } from "../forms/city.js";
import { RULES } from "../forms/rules/codes.js";
import type { NarrativeInput } from "../forms/rules/narrative.js";
import { narrativeSections } from "./read/docx.js";
import { readWorkbookBytes, type ReadOptions, type ReadResult } from "./read/read-bytes.js";

export type FileStatus = "ok" | "warnings" | "errors" | "unreadable" | "duplicate";

/**
 * A file whose reading or checking threw (a reader or rule bug met on a hostile file): its
 * file.unreadable result, so that one file never stops a run (the CLI's pool and in-process
 * checks, and the page, say it the same way).
 */
export function failedResult<T extends { display: string }>(
  input: T,
  reason: string,
): { input: T; issues: Issue[]; status: FileStatus } {
  const issue: Issue = {
    code: "file.unreadable",
    severity: RULES["file.unreadable"].severity,
    message: `读取时出错：${reason}。请在 Excel 或 WPS 中打开，另存为 .xlsx 后重新提交；如仍出错，请将文件发给技术支持。`,
    file: input.display,
  };
  return { input, issues: [issue], status: "unreadable" };
}

/** A file's result without where it came from (check.ts's FileResult adds the InputFile). */
export interface FileCheck {
  sha256?: string;
  bytes?: number;
  profile?: Profile;
  form?: FormId;
  formName?: string;
  city?: string;
  citySource?: CitySource;
  validation?: WorkbookValidation;
  /** The grid, kept for the merge; dropped by callers that do not need it. */
  grid?: WorkbookGrid;
  issues: Issue[];
  status: FileStatus;
  /** Why the profile could not be decided (no metadata and no --profile). */
  needsProfile?: boolean;
  /** A Word document's text cut at its numbered headings (案例概述 …): for the 字数 checks and drafted summary rows. */
  sections?: NarrativeInput[];
}

export interface CheckOptions {
  /** --profile: used when a workbook has no metadata sheet. */
  profile?: Profile;
  today?: string;
  keepGrid?: boolean;
  /**
   * Keep only what a merge uses of the validation (its tables and row counts): not the
   * sheets' accounts of read and unread cells, nor a second copy of the issues (they are in
   * FileCheck.issues). A national merge holds 15,000 results at once (issue 13).
   */
  lean?: boolean;
}

/** CheckOptions.lean's validation: the sheets without their accounts, no issues (they are the file's). */
function leanValidation(v: WorkbookValidation): WorkbookValidation {
  return { ...v, sheets: v.sheets.map(({ name, status, tables }) => ({ name, status, tables })), issues: [] };
}

/** Where a file lies, as the checks use it. */
export interface FilePlace {
  /** Path as shown to people and written into the issues. */
  display: string;
  /** The file's own name (city from the file name). */
  fileName: string;
  /** Folders from the file up to the input folder, nearest first (city from a folder). */
  folders: string[];
}

/** A Word document, PDF, image … among the inputs: counted for its city, listed apart from unreadable spreadsheets. */
export function isNotSpreadsheet(r: { issues: Issue[] }): boolean {
  return r.issues.some((i) => i.code === "file.not_spreadsheet");
}

export function statusOf(issues: Issue[]): FileStatus {
  if (issues.some((i) => i.severity === "error")) return "errors";
  if (issues.some((i) => i.severity === "warning")) return "warnings";
  return "ok";
}

/** Read and validate one file held in memory. Never throws for a bad file: it becomes a file.unreadable issue. */
export async function checkBytes(
  bytes: Uint8Array,
  place: FilePlace,
  opts: CheckOptions,
  readOptions: ReadOptions = {},
): Promise<FileCheck> {
  return checkRead(await readWorkbookBytes(bytes, place.fileName, readOptions), place, opts);
}

/** Validate what the reader gave for one file. */
export function checkRead(read: ReadResult, place: FilePlace, opts: CheckOptions): FileCheck {
  const display = place.display;
  if (!read.ok) {
    // An unreadable file still belongs to a city when its folder or name says which.
    const city = opts.profile ? resolveCity(opts.profile, { folders: place.folders, fileName: place.fileName }) : undefined;
    // A file that is no spreadsheet at all (.docx, .pdf, images …) is listed and counted for
    // its city as file.not_spreadsheet (a warning); a spreadsheet that cannot be read
    // (encrypted, corrupt …) is file.unreadable. Both have the status "unreadable".
    const code = read.kind === "not-spreadsheet" ? "file.not_spreadsheet" : "file.unreadable";
    return {
      sha256: read.sha256,
      bytes: read.bytes,
      city: city?.city,
      citySource: city?.source,
      issues: [{ code, severity: RULES[code].severity, message: read.message, file: display }],
      status: "unreadable",
    };
  }
  const meta = readMeta(read.grid);
  let profile = opts.profile;
  const notes: Issue[] = [];
  if (meta?.profile) {
    const fromMeta = findProfile(meta.profile);
    if (fromMeta) profile = fromMeta;
    else if (!profile)
      notes.push({
        code: "file.unknown_form",
        severity: "error",
        file: display,
        message: `文件标记的配置“${meta.profile}”不是本工具已知的配置，请用 --profile 指定。`,
      });
  }
  if (!profile) {
    return { sha256: read.sha256, bytes: read.bytes, issues: notes, status: "errors", needsProfile: true };
  }
  const sections = read.paragraphs ? narrativeSections(read.paragraphs) : undefined;
  const validation = validateGrid(read.grid, { profile, form: meta?.form, today: opts.today, sections });
  const summary = validation.tables.find((t) => t.table === "caseSummary");
  const recommender = summary?.meta?.fields.recommender?.value;
  const city = resolveCity(profile, {
    metaCity: meta?.city,
    recommender: typeof recommender === "string" ? recommender : undefined,
    folders: place.folders,
    fileName: place.fileName,
  });
  // What the reader noticed becomes issues like the rules' (cell.no_result, sheet.unreadable);
  // "no sheet at all" only when validation did not already say file.unknown_form.
  const readIssues: Issue[] = read.notes
    .filter((n) => n.code !== "file.unknown_form" || !validation.issues.some((i) => i.code === "file.unknown_form"))
    .map((n) => ({ code: n.code, severity: n.severity, message: n.message, sheet: n.sheet, cell: n.cell }));
  const issues = sortIssues(
    [...notes, ...readIssues, ...validation.issues].map((i) => ({ ...i, file: display })),
    read.grid,
  );
  return {
    sha256: read.sha256,
    bytes: read.bytes,
    profile,
    form: validation.form,
    formName: validation.formName,
    city: city?.city,
    citySource: city?.source,
    validation: opts.lean ? leanValidation(validation) : validation,
    grid: opts.keepGrid ? read.grid : undefined,
    ...(sections ? { sections: sections.map(({ heading, parent, paragraphs }) => ({ heading, parent, paragraphs })) } : {}),
    issues,
    status: statusOf(issues),
  };
}
