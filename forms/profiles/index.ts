// The registry of built-in profiles. A new notice is a new JSON file beside this one and
// one line below; `pilot-forms --profile path/to/file.json` also loads a profile file
// that is not built in (checked by forms/profile-schema.ts).
//
// The built-in files are used as they are, without the schema (browser bundles never load
// zod): test/profiles-complete.test.ts checks that each is valid and complete — every default
// written out — so that the data here is exactly what the schema would give.
import type { Profile } from "../profile.js";
import miit2023 from "./miit-2023.json" with { type: "json" };
import miit2025 from "./miit-2025.json" with { type: "json" };
import hebei2025 from "./hebei-2025.json" with { type: "json" };
import shanghaiHealth2024 from "./shanghai-health-2024.json" with { type: "json" };
import shanghaiIndustry2026 from "./shanghai-industry-2026.json" with { type: "json" };

/** Each built-in profile's file and data (the test checks them against the schema). */
export const BUILT_IN_FILES: Readonly<Record<string, unknown>> = {
  "miit-2023.json": miit2023,
  "miit-2025.json": miit2025,
  "hebei-2025.json": hebei2025,
  "shanghai-health-2024.json": shanghaiHealth2024,
  "shanghai-industry-2026.json": shanghaiIndustry2026,
};

const loaded: Profile[] = Object.values(BUILT_IN_FILES) as Profile[];

/** Every built-in profile. */
export function builtInProfiles(): Profile[] {
  return loaded;
}

export function findProfile(id: string): Profile | undefined {
  return builtInProfiles().find((p) => p.id === id);
}

export function profileIds(): string[] {
  return builtInProfiles().map((p) => p.id);
}
