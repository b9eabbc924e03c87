// Which city a submission comes from (SPEC §8 merge inputs): the metadata sheet, the
// 推荐单位 line of a summary table, the nearest folder named after a city, the file name.
import type { Profile } from "./profile.js";

/** The profile city named in a text (full name or alias; the longest match wins). */
export function cityInText(profile: Profile, text: string | undefined): string | undefined {
  if (!text) return undefined;
  const t = text.replace(/\s/g, "");
  let best: { name: string; len: number } | undefined;
  for (const c of profile.cities) {
    for (const n of [c.name, ...c.aliases]) {
      if (n && t.includes(n) && (!best || n.length > best.len)) best = { name: c.name, len: n.length };
    }
  }
  return best?.name;
}

export interface CityClues {
  metaCity?: string;
  /** 推荐单位 of a 推荐汇总表. */
  recommender?: string;
  /** Folder names from the file's folder up to the input root, nearest first. */
  folders?: string[];
  fileName?: string;
}

export type CitySource = "metadata" | "recommender" | "folder" | "file";

export function resolveCity(profile: Profile, clues: CityClues): { city: string; source: CitySource } | undefined {
  const fromMeta = cityInText(profile, clues.metaCity);
  if (fromMeta) return { city: fromMeta, source: "metadata" };
  const fromRec = cityInText(profile, clues.recommender);
  if (fromRec) return { city: fromRec, source: "recommender" };
  for (const f of clues.folders ?? []) {
    const c = cityInText(profile, f);
    if (c) return { city: c, source: "folder" };
  }
  const fromFile = cityInText(profile, clues.fileName);
  if (fromFile) return { city: fromFile, source: "file" };
  return undefined;
}
