// A profile is one notice's edition of the forms, as data (forms/profiles/*.json). Its shape
// is declared by the schema in profile-schema.ts, which checks a profile file when the CLI
// loads one and the built-in ones in the tests; this module holds only the types and what
// reads a profile, so that browser bundles (the pane, the page) never load zod.
import type { FormId } from "./model.js";
import type { CitySchema, FormEditionSchema, NarrativeLimitSchema, ProfileSchema } from "./profile-schema.js";
import type { z } from "zod";

export type Profile = z.infer<typeof ProfileSchema>;
export type City = z.infer<typeof CitySchema>;
export type FormEdition = z.infer<typeof FormEditionSchema>;
export type NarrativeLimit = z.infer<typeof NarrativeLimitSchema>;

export class ProfileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`配置文件 ${source} 有误：\n  ${problems.join("\n  ")}`);
    this.name = "ProfileError";
  }
}

export function formEdition(profile: Profile, form: FormId): FormEdition | undefined {
  return profile.forms.find((f) => f.id === form);
}

/** The file name of a template: the form's name as the profile's notice prints it. */
export function templateFileName(profile: Profile, form: FormId): string {
  const edition = formEdition(profile, form);
  if (!edition) throw new Error(`配置“${profile.id}”没有表单“${form}”`);
  return `${edition.name.replace(/[\\/:*?"<>|]/g, "_").trim()}.xlsx`;
}

/** Path of a template relative to the templates folder: <profile-id>/<file>. */
export function templateRelativePath(profile: Profile, form: FormId): string {
  return `${profile.id}/${templateFileName(profile, form)}`;
}
