// One file's check result as plain JSON, the same way in Node and in the page, so that the two
// can be compared exactly (test/browser/pipeline.test.ts): Dates, Maps and Sets tagged (a Date
// and its ISO text stay different), undefined kept apart from missing, the profile by its id.
import type { FileCheck } from "../../aggregator/check-bytes.js";

function plain(v: unknown, seen: Set<object>): unknown {
  if (v === undefined) return { $undefined: true };
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : { $number: String(v) };
  if (typeof v === "function") return { $function: true };
  if (typeof v !== "object") return { $other: String(v) };
  if (v instanceof Date) return { $date: Number.isNaN(v.getTime()) ? "invalid" : v.toISOString() };
  if (seen.has(v)) return { $cycle: true };
  seen.add(v);
  try {
    if (v instanceof Map) return { $map: [...v.entries()].map(([k, x]) => [plain(k, seen), plain(x, seen)]) };
    if (v instanceof Set) return { $set: [...v].map((x) => plain(x, seen)) };
    if (ArrayBuffer.isView(v)) return { $bytes: (v as Uint8Array).length };
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) out.push(i in v ? plain(v[i], seen) : { $hole: true });
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = plain((v as Record<string, unknown>)[k], seen);
    return out;
  } finally {
    seen.delete(v);
  }
}

/** The JSON text of a check: everything it holds (grid included when kept), the profile as its id. */
export function checkView(r: FileCheck): string {
  const { profile, ...rest } = r;
  return JSON.stringify(plain({ ...rest, profile: profile?.id }, new Set()));
}
