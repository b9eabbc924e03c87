// Which profile and form an open workbook holds, for the add-in (the CLI is told the
// profile): the metadata sheet first (templates write it), else the headings — every
// profile's forms are tried and the one whose tables hold the most records wins.
import type { FormId, WorkbookGrid } from "./model.js";
import type { Profile } from "./profile.js";
import { detectForm } from "./locate.js";
import { tablesForForm } from "./tables.js";
import { readMeta } from "./validate.js";

export interface Detection {
  profile: Profile;
  form: FormId;
  /** How it was found: the metadata sheet, or the tables' headings. */
  source: "metadata" | "headings";
  /** Tables and records found when detected by headings. */
  tables?: number;
  records?: number;
}

/** The workbook's profile and form among `profiles`, or undefined when neither metadata nor headings tell. */
export function detectSubmission(grid: WorkbookGrid, profiles: Profile[]): Detection | undefined {
  const meta = readMeta(grid);
  const byMeta = meta?.profile ? profiles.find((p) => p.id === meta.profile) : undefined;
  if (byMeta && meta?.form && byMeta.forms.some((f) => f.id === meta.form))
    return { profile: byMeta, form: meta.form, source: "metadata" };
  // A known profile without a (known) form: detect the form within that profile only.
  const candidates = byMeta ? [byMeta] : profiles;
  let best: Detection | undefined;
  for (const profile of candidates) {
    const found = detectForm(
      grid,
      profile.forms.map((f) => ({ form: f.id, defs: tablesForForm(profile, f.id) })),
      { account: false },
    );
    if (!found) continue;
    const tables = found.located.tables.length;
    const records = found.located.tables.reduce((n, t) => n + t.records.length, 0);
    // More tables first (the form's own headings), then more records; ties keep the earlier profile.
    if (!best || tables > best.tables! || (tables === best.tables && records > best.records!))
      best = { profile, form: found.form, source: byMeta ? "metadata" : "headings", tables, records };
  }
  return best;
}
