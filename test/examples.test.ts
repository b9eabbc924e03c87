// The bundled examples: generated deterministically, committed, and every planted problem
// found at its cell — and no problem that was not planted.
import { describe, expect, it, beforeAll } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findProfile } from "../forms/profiles/index.js";
import { expandInputs } from "../aggregator/inputs.js";
import { checkFile, type FileResult } from "../aggregator/check.js";
import { writeExamples } from "../scripts/make-examples.js";

const hebei = findProfile("hebei-2025")!;
const TODAY = "2025-11-25";

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((e) => {
      const p = path.join(dir, e);
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    })
    .sort();
}

describe("examples/", () => {
  let results: FileResult[];
  let planted: { file: string; sheet: string; cell: string; code: string }[];
  beforeAll(async () => {
    const inputs = await expandInputs(["examples"]);
    results = [];
    for (const f of inputs.files) results.push(await checkFile(f, { profile: hebei, today: TODAY }));
    planted = JSON.parse(readFileSync("examples/planted.json", "utf8"));
  });

  it("are up to date with scripts/make-examples.ts (same bytes)", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-examples-"));
    await writeExamples(dir);
    const fresh = listFiles(dir).map((f) => path.relative(dir, f));
    const committed = listFiles("examples").map((f) => path.relative("examples", f));
    expect(fresh.filter((f) => f !== "README.md")).toEqual(committed.filter((f) => f !== "README.md"));
    for (const f of fresh) {
      if (f === "README.md") continue;
      const same = Buffer.compare(readFileSync(path.join(dir, f)), readFileSync(path.join("examples", f))) === 0;
      expect(same, `examples/${f} is out of date: run npm run examples`).toBe(true);
    }
  });

  it("every planted problem is reported at its cell", () => {
    expect(planted.length).toBeGreaterThanOrEqual(10);
    for (const p of planted) {
      const r = results.find((x) => x.input.display === `examples/${p.file}`);
      expect(r, p.file).toBeDefined();
      const hit = r!.issues.find((i) => i.code === p.code && i.sheet === p.sheet && i.cell === p.cell);
      expect(hit, `${p.file} ${p.sheet}!${p.cell} ${p.code}`).toBeDefined();
    }
  });

  it("reports nothing that was not planted in the generated files", () => {
    for (const r of results) {
      if (!r.input.display.includes("典型案例") && !r.input.display.includes("试点工作方案（服务机构）")) continue;
      for (const i of r.issues) {
        if (i.severity === "info") continue;
        const known = planted.some((p) => `examples/${p.file}` === r.input.display && p.code === i.code && p.cell === i.cell);
        expect(known, `unplanted ${i.code} at ${r.input.display} ${i.sheet}!${i.cell}: ${i.message}`).toBe(true);
      }
    }
  });

  it("reads the targets tables past the 15 printed rows, the hand-made plan and reports the .xls", () => {
    const plans = results.filter((r) => r.form === "pilot-institution");
    expect(plans.length).toBe(6);
    for (const p of plans.filter((x) => !x.input.display.includes("手工")))
      expect(p.validation!.rows.targets!).toBeGreaterThan(15);
    const hand = results.find((r) => r.input.display.includes("手工录入"))!;
    expect(hand.validation!.rows).toMatchObject({ unit: 1, joint: 2, targets: 17, plans: 1 });
    const xls = results.find((r) => r.input.display.endsWith(".xls"))!;
    expect(xls.status).toBe("unreadable");
    expect(xls.issues[0].code).toBe("file.unreadable");
    expect(xls.issues[0].message).toContain("另存为 .xlsx");
  });

  it("every city is recognised from its folder", () => {
    for (const r of results.filter((x) => x.status !== "unreadable"))
      expect(r.city, r.input.display).toBe(r.input.display.split("/")[2]);
  });
});
