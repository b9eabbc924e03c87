// A merge holds every file's result until it writes the roll-up: readInputs keeps only what
// the merge uses of each validation (check-bytes.ts, CheckOptions.lean) — the tables and row
// counts, not the sheets' accounts of read and unread cells nor a second copy of the issues
// (issue 13: about 20% of what a file's result held). The file's own issues are unchanged.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { expandInputs } from "../aggregator/inputs.js";
import { checkFile } from "../aggregator/check.js";
import { readInputs } from "../aggregator/merge/merge.js";
import { nodeSource } from "../aggregator/merge/command.js";
import { findProfile } from "../forms/profiles/index.js";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("the merge's results are lean", () => {
  it("no accounts and no second copy of the issues; the same tables, rows and issues as validate's check", async () => {
    const profile = findProfile("hebei-2025")!;
    const inputs = await expandInputs([path.join(ROOT, "examples/hebei-2025")], ROOT);
    const results = await readInputs(inputs.files, { source: nodeSource, profile, today: "2025-11-25" });
    const validated = results.filter((r) => r.validation);
    expect(validated.length).toBeGreaterThan(10);
    for (const r of validated) {
      expect(r.validation!.sheets.every((s) => s.account === undefined)).toBe(true);
      expect(r.validation!.issues).toEqual([]);
      const full = await checkFile(r.input, { profile, today: "2025-11-25" });
      expect(full.validation!.sheets.some((s) => s.account)).toBe(true);
      expect(r.issues).toEqual(full.issues);
      expect(r.validation!.tables).toEqual(full.validation!.tables);
      expect(r.validation!.rows).toEqual(full.validation!.rows);
    }
  }, 120_000);
});
