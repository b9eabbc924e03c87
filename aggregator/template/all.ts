// Every template of every built-in profile (or a chosen few), written under
// <outDir>/<profile-id>/<form name>.xlsx. Shared by `npm run templates` and `pilot-forms template`.
import { rename, writeFile } from "node:fs/promises";
import { makeDirs } from "../write-file.js";
import { join } from "node:path";
import type { FormId } from "../../forms/model.js";
import type { Profile } from "../../forms/profile.js";
import { builtInProfiles } from "../../forms/profiles/index.js";
import { templateBuffer, templateRelativePath } from "./write.js";

export interface TemplateSelection {
  /** Profiles to write (default: every built-in profile). */
  profiles?: Profile[];
  /** Forms to write (default: every form of each profile); a profile without the form is skipped. */
  forms?: FormId[];
}

/** Every (profile, form) pair selected, in profile order then the profile's form order. */
export function templateJobs(selection: TemplateSelection = {}): { profile: Profile; form: FormId }[] {
  const jobs: { profile: Profile; form: FormId }[] = [];
  for (const profile of selection.profiles ?? builtInProfiles())
    for (const edition of profile.forms)
      if (!selection.forms || selection.forms.includes(edition.id)) jobs.push({ profile, form: edition.id });
  return jobs;
}

/** Write the templates; returns the paths written, in order. Each file is written to a temporary name and renamed. */
export async function writeAllTemplates(outDir = "templates", selection: TemplateSelection = {}): Promise<string[]> {
  const written: string[] = [];
  for (const { profile, form } of templateJobs(selection)) {
    const path = join(outDir, templateRelativePath(profile, form));
    await makeDirs(join(outDir, profile.id));
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, await templateBuffer(profile, form));
    await rename(tmp, path);
    written.push(path);
  }
  return written;
}
