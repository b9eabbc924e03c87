// What every rule gets: the profile, the form, today's date, and a way to make an issue.
import type { FieldValue, FormId, Issue, TableRecord } from "../model.js";
import type { Profile } from "../profile.js";
import type { FieldDef, TableDef } from "../tables.js";
import { cellText } from "../parse/text.js";
import { RULES, type RuleCode } from "./codes.js";
import type { Severity } from "../model.js";

export interface RuleContext {
  profile: Profile;
  form: FormId;
  /** YYYY-MM-DD, Beijing time: 成立时间 must not lie after it. */
  today: string;
  /** The form's deadline under the profile (date.late). */
  deadline?: string;
}

/** Where a cell issue points. */
export interface CellRef {
  record: TableRecord;
  def: TableDef;
  field: FieldDef;
  fv: FieldValue;
}

export type Emit = (issue: Issue) => void;

export function cellIssue(
  code: RuleCode,
  at: CellRef,
  message: string,
  extra: { severity?: Severity; fix?: string | number; value?: string } = {},
): Issue {
  const issue: Issue = {
    code,
    severity: extra.severity ?? RULES[code].severity,
    message,
    sheet: at.record.sheet,
    cell: at.fv.cell,
    table: at.def.id,
    column: at.field.label,
    row: at.record.row,
  };
  const value = extra.value ?? cellText(at.fv.value);
  if (value !== "") issue.value = value;
  if (extra.fix !== undefined) issue.fix = extra.fix;
  return issue;
}

/** The text of a value for messages, shortened. */
export function quote(text: string, max = 30): string {
  const t = text.replace(/\s+/g, " ").trim();
  return `“${t.length > max ? t.slice(0, max) + "…" : t}”`;
}
