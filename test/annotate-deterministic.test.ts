// Annotated copies are deterministic (issue 10: the page's per-city feedback must equal the
// CLI's): the same input and issues give the same bytes whenever they are made — the copy is
// re-zipped with fixed entry dates, and an input without workbook dates gets a fixed one.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { annotate } from "../aggregator/annotate.js";
import { checkFile, placeOf } from "../aggregator/check.js";
import { expandInputs } from "../aggregator/inputs.js";
import { findProfile } from "../forms/profiles/index.js";

const hebei = findProfile("hebei-2025")!;
const FILES = [
  "examples/hebei-2025/唐山市/典型案例申报书-1.xlsx",
  "examples/hebei-2025/保定市/服务对象补充表（旧版Excel）.xls",
  "examples/hebei-2025/雄安新区/典型案例申报书-3（Word）.docx",
];

afterEach(() => {
  vi.useRealTimers();
});

describe("annotated copies", () => {
  it.each(FILES)("%s: the same bytes at two different times", async (file) => {
    const [input] = (await expandInputs([file])).files;
    expect(placeOf(input).display).toBe(file);
    const r = await checkFile(input, { profile: hebei, today: "2025-11-25" });
    expect(r.issues.length).toBeGreaterThan(0);
    const bytes = readFileSync(path.resolve(file));
    const at = async (when: string) => {
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(new Date(when));
      try {
        return (await annotate(new Uint8Array(bytes), r.issues, { name: path.basename(file) })).bytes;
      } finally {
        vi.useRealTimers();
      }
    };
    const a = await at("2025-03-01T08:00:00Z");
    const b = await at("2026-11-30T17:45:13Z");
    expect(Buffer.compare(a, b)).toBe(0);
  });
});
