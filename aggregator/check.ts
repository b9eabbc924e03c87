// Reading and validating input files: file → grid (exceljs) → forms core → issues.
// Shared by `validate` and `merge`.
import path from "node:path";
import type { FormId, Issue, WorkbookGrid } from "../forms/model.js";
import type { Profile } from "../forms/profile.js";
import { findProfile } from "../forms/profiles/index.js";
import { readMeta, sortIssues, validateGrid, type WorkbookValidation } from "../forms/validate.js";
import { resolveCity, type CitySource } from "../forms/city.js";
import { RULES } from "../forms/rules/codes.js";
import type { NarrativeInput } from "../forms/rules/narrative.js";
import { readInput } from "./read/zip-inputs.js";
import { narrativeSections } from "./read/docx.js";
import type { InputFile } from "./inputs.js";

export type FileStatus = "ok" | "warnings" | "errors" | "unreadable" | "duplicate";

export interface FileResult {
  input: InputFile;
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

/**
 * Folders from the file up to the input folder (itself included), nearest first; for a file
 * given directly, its folders as displayed (relative to the working folder when inside it).
 */
function foldersOf(input: InputFile): string[] {
  const base =
    input.root === input.abs ? path.dirname(input.display) : path.relative(path.dirname(input.root), path.dirname(input.abs));
  return base
    .split(/[\\/]/)
    .filter((f) => f && f !== "." && f !== "..")
    .reverse();
}

/** Read and validate one file. Never throws for a bad file: it becomes a file.unreadable issue. */
export async function checkFile(input: InputFile, opts: CheckOptions): Promise<FileResult> {
  // A file on disk or a member of a .zip input (bytes loaded one at a time), never a FIFO.
  const read = await readInput(input);
  if (!read.ok) {
    // An unreadable file still belongs to a city when its folder or name says which.
    const city = opts.profile
      ? resolveCity(opts.profile, { folders: foldersOf(input), fileName: path.basename(input.abs) })
      : undefined;
    // A file that is no spreadsheet at all (.docx, .pdf, images …) is listed and counted for
    // its city as file.not_spreadsheet (a warning); a spreadsheet that cannot be read
    // (encrypted, corrupt …) is file.unreadable. Both have the status "unreadable".
    const code = read.kind === "not-spreadsheet" ? "file.not_spreadsheet" : "file.unreadable";
    return {
      input,
      sha256: read.sha256,
      bytes: read.bytes,
      city: city?.city,
      citySource: city?.source,
      issues: [{ code, severity: RULES[code].severity, message: read.message, file: input.display }],
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
        file: input.display,
        message: `文件标记的配置“${meta.profile}”不是本工具已知的配置，请用 --profile 指定。`,
      });
  }
  const folders = foldersOf(input);
  if (!profile) {
    return { input, sha256: read.sha256, bytes: read.bytes, issues: notes, status: "errors", needsProfile: true };
  }
  const sections = read.paragraphs ? narrativeSections(read.paragraphs) : undefined;
  const validation = validateGrid(read.grid, { profile, form: meta?.form, today: opts.today, sections });
  const summary = validation.tables.find((t) => t.table === "caseSummary");
  const recommender = summary?.meta?.fields.recommender?.value;
  const city = resolveCity(profile, {
    metaCity: meta?.city,
    recommender: typeof recommender === "string" ? recommender : undefined,
    folders,
    fileName: path.basename(input.abs),
  });
  // What the reader noticed becomes issues like the rules' (cell.no_result, sheet.unreadable);
  // "no sheet at all" only when validation did not already say file.unknown_form.
  const readIssues: Issue[] = read.notes
    .filter((n) => n.code !== "file.unknown_form" || !validation.issues.some((i) => i.code === "file.unknown_form"))
    .map((n) => ({ code: n.code, severity: n.severity, message: n.message, sheet: n.sheet, cell: n.cell }));
  const issues = sortIssues(
    [...notes, ...readIssues, ...validation.issues].map((i) => ({ ...i, file: input.display })),
    read.grid,
  );
  return {
    input,
    sha256: read.sha256,
    bytes: read.bytes,
    profile,
    form: validation.form,
    formName: validation.formName,
    city: city?.city,
    citySource: city?.source,
    validation,
    grid: opts.keepGrid ? read.grid : undefined,
    ...(sections ? { sections: sections.map(({ heading, parent, paragraphs }) => ({ heading, parent, paragraphs })) } : {}),
    issues,
    status: statusOf(issues),
  };
}
