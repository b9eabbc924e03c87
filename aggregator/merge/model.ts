// The provincial roll-up as plain data (SPEC §8): what `merge` gathers from the city
// workbooks and what the roll-up writer turns into sheets. No I/O here.
import type { CellValue, Issue, Severity, TableId } from "../../forms/model.js";
import type { Profile } from "../../forms/profile.js";
import type { FieldDef } from "../../forms/tables.js";
import type { DraftMark } from "../../forms/summary-draft.js";
import type { FileResult, FileStatus } from "../check.js";

/**
 * A checked file as the merge sees it. `supersededBy` is set on an older submission that a
 * resubmission (same city, form, lead unit and case or plan name) replaced: it is listed
 * (status superseded, file.superseded) but its rows are not merged and its issues not counted.
 */
export interface MergeResult extends FileResult {
  /** The newer file's display path. */
  supersededBy?: string;
}

/** A 来源文件 / JSON status: the reader's, or superseded (replaced by a resubmission). */
export type SourceStatus = FileStatus | "superseded";

/** Whether a city of the profile sent anything (未报送 when missing). */
export type CityStatus = "reported" | "missing";

/** One entry of the JSON report's `cities` (SPEC §9). */
export interface CityReport {
  city: string;
  status: CityStatus;
  files: number;
  rows: Partial<Record<TableId, number>>;
  errors: number;
  warnings: number;
}

/** One data row of an input table, with where it came from. */
export interface RollupRow {
  /** City name from the profile, or "" when it could not be determined. */
  city: string;
  /** Input path as displayed (relative to the working folder). */
  file: string;
  sheet: string;
  /** 1-based source row. */
  row: number;
  /** Values by field key, as read (formula results, never formulas). */
  values: Record<string, CellValue>;
  /** The issues on this row, one line each ("错误 B5 统一社会信用代码校验位不对…"); "" when none. */
  problems: string;
  /** The worst severity among them. */
  severity?: Severity;
  /** The submission the row belongs to (its file's lead unit, name, direction and status). */
  context?: SubmissionContext;
  /**
   * A provincial 推荐汇总表 row drafted from a 申报书 that its city's summary does not list
   * (来源 "由申报书生成"): file, sheet and row are the 申报书's 案例名称; `marked` the cells
   * the draft could not fill or cut short.
   */
  draft?: { marked: DraftMark[] };
}

/** A file's status as its 汇总 rows show it: the worst of all its issues (cross-file ones too); 提示 only is ok. */
export type ContextStatus = "errors" | "warnings" | "ok";

/**
 * What every 汇总 row says about its submission (SPEC §14), from the file's unit, scheme and
 * case tables; "" where the file has no such value (a 推荐汇总表, a 主管部门 form, an empty cell).
 */
export interface SubmissionContext {
  /** 方案名称 (unit or scheme table), or 案例名称 of a 典型案例申报书. */
  title: string;
  /** 申报方向 of a 工作方案 (cover page or 方案基本信息); "" for case forms. */
  direction: string;
  /** The lead unit (申报单位基本信息): name, 统一社会信用代码, 单位类别. */
  lead: string;
  leadCode: string;
  leadCategory: string;
  status: ContextStatus;
}

/** One 汇总 sheet: every row of one table from every input. */
export interface RollupTable {
  id: TableId;
  /** Sheet name, e.g. 服务对象汇总. */
  sheet: string;
  /** The table's columns (from forms/tables.ts, the profile's wording), 序号 excluded. */
  fields: FieldDef[];
  rows: RollupRow[];
}

export interface CityStats {
  city: string;
  /** missing: the city sent no file at all (未报送); absent means reported. */
  status?: CityStatus;
  /** Files counted (duplicates and superseded submissions left out). */
  files: number;
  /** Rows per table (unit = 申报单位, targets, plans, institutions, joint, case, caseSummary …). */
  rows: Partial<Record<TableId, number>>;
  /** 保费 and 保额 sums in 万元 over the city's 典型案例 (numbers only). */
  premium: number;
  cover: number;
  errors: number;
  warnings: number;
  infos: number;
}

/** Counts of one category (行业领域, 方案类型) per city. */
export interface CategoryCount {
  label: string;
  byCity: Record<string, number>;
  total: number;
}

export interface SourceFile {
  path: string;
  city: string;
  /** How the city was found: metadata, recommender (推荐单位), folder, file name, or "" (unknown). */
  citySource: string;
  form: string;
  profile: string;
  sha256: string;
  bytes: number;
  rows: Partial<Record<TableId, number>>;
  status: SourceStatus;
  /** Why: the unreadable message, "与 X 完全相同", "已被 X 替代", … */
  note: string;
  /** Not a spreadsheet at all (.pdf, .docx, images …: file.not_spreadsheet): counted and listed, marked as a warning. */
  notSpreadsheet?: boolean;
}

export interface Rollup {
  profile: Profile;
  /** Every city of the profile in its order (those that sent nothing too), then any other city names met, then "" (unknown) last. */
  cities: string[];
  /**
   * The provincial 典型案例推荐汇总表: every caseSummary row, sorted by city, file, row; after
   * each city's own rows, the rows drafted from its 申报书s that no summary of it lists.
   */
  summary: RollupRow[];
  /** The 汇总 sheets, in sheet order, only tables that have rows. */
  tables: RollupTable[];
  stats: CityStats[];
  total: CityStats;
  industries: CategoryCount[];
  planTypes: CategoryCount[];
  /** 工作方案 submissions (files) per 申报方向 and city. */
  directions: CategoryCount[];
  issues: Issue[];
  files: SourceFile[];
  /** Inputs listed but not read (lock files, OS files, FIFOs and devices, repeated or dangling links, loops). */
  skipped: { path: string; reason: string }[];
  /** Folder the roll-up is written to: links to source cells are relative to it. */
  outputDir: string;
}
