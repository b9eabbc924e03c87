// The office's default profile, as the build defines it (webpack --env profile=…): a profile
// id, "" when not given. Read at call time and guarded, so that tests and bundles without
// the define work (and a test can set it on globalThis).
declare const __PILOT_FORMS_DEFAULT_PROFILE__: string;

export function buildDefaultProfile(): string {
  return typeof __PILOT_FORMS_DEFAULT_PROFILE__ === "string" ? __PILOT_FORMS_DEFAULT_PROFILE__ : "";
}
