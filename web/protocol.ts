// The messages between the page (page.ts) and its worker (worker.ts). Files cross as File
// objects (structured clone: no copy of the bytes on the page's thread); results come back
// as plain data and the downloads as bytes.
import type { Issue, Severity } from "../forms/model.js";

/** A file chosen or dropped, with where it lies: "河北/保定/a.xlsx" from a folder, "a.xlsx" alone. */
export interface ChosenFile {
  path: string;
  /** The folder chosen (its first folder), or the path itself for a file chosen on its own. */
  root: string;
  file: Blob;
  lastModified?: number;
}

export type Job =
  | { kind: "validate"; files: ChosenFile[]; profileId?: string; today?: string }
  | { kind: "merge"; files: ChosenFile[]; profileId?: string; today?: string }
  /** The marked copy of file `index` of the last 校验 (validate --annotate's workbook). */
  | { kind: "annotate"; index: number }
  /** The per-city feedback of the last 汇总, as one .zip (merge --feedback's folder). */
  | { kind: "feedback" };

/** One file as 校验 and 汇总 list it. */
export interface FileView {
  display: string;
  status: "ok" | "warnings" | "errors" | "unreadable" | "duplicate" | "superseded";
  /** Why a file was not merged as it is (已被 X 替代, 与 X 完全相同 …). */
  note?: string;
  profileName?: string;
  formName?: string;
  city?: string;
  /** The file could not be checked without a chosen notice (no template marker). */
  needsProfile?: boolean;
  issues: Issue[];
  /** Whether a marked copy can be asked for (the file was read). */
  canAnnotate: boolean;
}

export interface ValidateDone {
  kind: "validated";
  files: FileView[];
  skipped: { display: string; reason: string }[];
  /** Cross-file findings (several files of one notice). */
  cross: Issue[];
  report: string;
  counts: Record<Severity, number>;
}

export interface MergeDone {
  kind: "merged";
  profileName: string;
  rollup: Uint8Array;
  report: string;
  /** The CLI's line on drafted rows of the 推荐汇总表 ("" when none). */
  drafted: string;
  /** Inputs listed but not read (lock files, __MACOSX …). */
  skipped: { display: string; reason: string }[];
  /** Every city of the notice in its order; missing: sent nothing (未报送). */
  cities: { city: string; files: number; rows: number; errors: number; warnings: number; infos: number; missing: boolean }[];
  /** Every file read (a .zip's members one by one), with its problems. */
  files: FileView[];
  /** Problems of no one file (a city's, across files). */
  general: Issue[];
  counts: Record<Severity, number>;
  ms: number;
}

export type WorkerMessage =
  | { kind: "progress"; done: number; total: number; file: string; phase: string }
  | ValidateDone
  | MergeDone
  | { kind: "annotated"; index: number; name: string; bytes: Uint8Array }
  | { kind: "feedback"; bytes: Uint8Array; count: number }
  /** A job that could not run: what to do, in Chinese. */
  | { kind: "failed"; message: string };
