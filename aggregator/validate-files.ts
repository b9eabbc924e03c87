// What `pilot-forms validate` adds when it is given several files: the cross-file rules, run
// per notice over the files of that notice. Shared by the CLI and the page (no node:* module).
import type { FormId, Issue } from "../forms/model.js";
import type { Profile } from "../forms/profile.js";
import { runCrossRules, type Submission } from "../forms/rules/cross.js";
import { sortIssues } from "../forms/validate.js";
import type { FileCheck } from "./check-bytes.js";

/** The cross-file findings of the files checked (none for a single file of a notice). */
export function crossIssues(results: (FileCheck & { input: { display: string } })[]): Issue[] {
  const byProfile = new Map<string, { profile: Profile; subs: Submission[] }>();
  for (const r of results) {
    if (!r.profile || !r.validation) continue;
    let entry = byProfile.get(r.profile.id);
    if (!entry) byProfile.set(r.profile.id, (entry = { profile: r.profile, subs: [] }));
    entry.subs.push({ file: r.input.display, city: r.city, form: r.form as FormId | undefined, tables: r.validation.tables });
  }
  const issues = [...byProfile.values()].flatMap(({ profile, subs }) => (subs.length > 1 ? runCrossRules(subs, profile) : []));
  return sortIssues(issues);
}
