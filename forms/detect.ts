// Which profile and form an open workbook holds, for the add-in (the CLI is told the
// profile): the metadata sheet first (templates write it), else the headings — every
// profile's forms are tried and the one whose tables hold the most records wins. When the
// headings fit other profiles or forms as well, or nearly (the same tables, records within
// a tenth), those are returned too (`ties`): the pane asks instead of picking the first.
import type { FormId, TableId, WorkbookGrid } from "./model.js";
import type { Profile } from "./profile.js";
import { detectForm } from "./locate.js";
import { FORM_TABLES, tablesForForm } from "./tables.js";
import { readMeta } from "./validate.js";

export interface Detection {
  profile: Profile;
  form: FormId;
  /** How it was found: the metadata sheet, or the tables' headings. */
  source: "metadata" | "headings";
  /** Tables and records found when detected by headings. */
  tables?: number;
  records?: number;
  /**
   * Detected by headings and not decisive: every profile and form that fits as well or
   * nearly as well, this one first (two or more). Absent when the detection is decisive.
   */
  ties?: Candidate[];
}

/** A profile and form the headings fit. */
export interface Candidate {
  profile: Profile;
  form: FormId;
  tables: number;
  records: number;
}

/** Records within this share of the best count still make a near-tie. */
export const NEAR_TIE = 0.1;

const near = (a: { tables: number; records: number }, b: { tables: number; records: number }) =>
  a.tables === b.tables && Math.abs(a.records - b.records) <= Math.max(1, NEAR_TIE * Math.max(a.records, b.records));

/** The workbook's profile and form among `profiles`, or undefined when neither metadata nor headings tell. */
export function detectSubmission(grid: WorkbookGrid, profiles: Profile[]): Detection | undefined {
  const meta = readMeta(grid);
  const byMeta = meta?.profile ? profiles.find((p) => p.id === meta.profile) : undefined;
  if (byMeta && meta?.form && byMeta.forms.some((f) => f.id === meta.form))
    return { profile: byMeta, form: meta.form, source: "metadata" };
  // A known profile without a (known) form: detect the form within that profile only.
  const candidates = byMeta ? [byMeta] : profiles;
  let best: Detection | undefined;
  const found: (Candidate & { located: TableId[] })[] = [];
  for (const profile of candidates) {
    const hit = detectForm(
      grid,
      profile.forms.map((f) => ({ form: f.id, defs: tablesForForm(profile, f.id) })),
      { account: false },
    );
    if (!hit) continue;
    const tables = hit.located.tables.length;
    const records = hit.located.tables.reduce((n, t) => n + t.records.length, 0);
    found.push({ profile, form: hit.form, tables, records, located: hit.located.tables.map((t) => t.table) });
    // More tables first (the form's own headings), then more records; ties keep the earlier profile.
    if (!best || tables > best.tables! || (tables === best.tables && records > best.records!))
      best = { profile, form: hit.form, source: byMeta ? "metadata" : "headings", tables, records };
  }
  if (!best) return best;
  const ties = tiesOf(grid, best as Candidate, found);
  return ties.length > 1 ? { ...best, ties } : best;
}

/**
 * The candidates as good as `best`, or nearly: each profile's detected form when its tables
 * and records are near the best's, and within those profiles any other form holding one of
 * the tables found that locates as many of its own tables, in the same share, with near as
 * many records (a form is tried alone only then: locating is the costly part).
 */
function tiesOf(grid: WorkbookGrid, best: Candidate, found: (Candidate & { located: TableId[] })[]): Candidate[] {
  const out: Candidate[] = [];
  const add = (c: Candidate) => {
    if (!out.some((o) => o.profile.id === c.profile.id && o.form === c.form))
      out.push({ profile: c.profile, form: c.form, tables: c.tables, records: c.records });
  };
  add(best);
  for (const f of found) {
    if (!near(f, best)) continue;
    add(f);
    const ratio = f.tables / FORM_TABLES[f.form].length;
    for (const other of f.profile.forms) {
      if (other.id === f.form || !FORM_TABLES[other.id].some((t) => f.located.includes(t))) continue;
      const alone = detectForm(grid, [{ form: other.id, defs: tablesForForm(f.profile, other.id) }], { account: false });
      if (!alone) continue;
      const tables = alone.located.tables.length;
      const records = alone.located.tables.reduce((n, t) => n + t.records.length, 0);
      const score = { tables, records };
      if (tables / FORM_TABLES[other.id].length === ratio && near(score, f))
        add({ profile: f.profile, form: other.id, ...score });
    }
  }
  return out;
}
