// The registry of built-in profiles. A new notice is a new JSON file beside this one and
// one line below; `pilot-forms --profile path/to/file.json` also loads a profile file
// that is not built in (checked by the same schema).
import { parseProfile, type Profile } from "../profile.js";
import miit2023 from "./miit-2023.json" with { type: "json" };
import miit2025 from "./miit-2025.json" with { type: "json" };
import hebei2025 from "./hebei-2025.json" with { type: "json" };
import shanghaiHealth2024 from "./shanghai-health-2024.json" with { type: "json" };
import shanghaiIndustry2026 from "./shanghai-industry-2026.json" with { type: "json" };

const files: Record<string, unknown> = {
  "miit-2023.json": miit2023,
  "miit-2025.json": miit2025,
  "hebei-2025.json": hebei2025,
  "shanghai-health-2024.json": shanghaiHealth2024,
  "shanghai-industry-2026.json": shanghaiIndustry2026,
};

let loaded: Profile[] | undefined;

/** Every built-in profile, each checked by the schema (throws ProfileError naming file and field). */
export function builtInProfiles(): Profile[] {
  loaded ??= Object.entries(files).map(([name, data]) => parseProfile(data, `forms/profiles/${name}`));
  return loaded;
}

export function findProfile(id: string): Profile | undefined {
  return builtInProfiles().find((p) => p.id === id);
}

export function profileIds(): string[] {
  return builtInProfiles().map((p) => p.id);
}
