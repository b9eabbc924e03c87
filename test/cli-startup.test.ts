// Start-up of the command line (issue 13: `--help` under 2× `node -e 0` plus 0.1 s, measured in
// the benchmarks): what aggregator/cli.ts loads before any command runs — its static imports,
// followed — holds none of the heavy packages; each command loads its own when it runs.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importGraph, ROOT } from "./fixtures/import-graph.js";

const HEAVY = ["exceljs", "@e965/xlsx", "zod", "jszip", "yauzl", "cli-progress", "libphonenumber-js", "pako", "saxes"];

describe("the CLI's start-up", () => {
  it("loads none of the heavy packages before a command runs", () => {
    const graph = importGraph(["aggregator/cli.ts"], { dynamic: false });
    const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join("/");
    expect([...graph.keys()].map(rel)).toContain("aggregator/cli.ts");
    const heavy = [...graph].flatMap(([f, m]) =>
      m.packages.filter((p) => HEAVY.some((h) => p === h || p.startsWith(`${h}/`))).map((p) => `${rel(f)}: ${p}`),
    );
    expect(heavy).toEqual([]);
  });

  it("validate loads no exceljs until it writes marked copies (--annotate)", () => {
    const graph = importGraph(["aggregator/validate-command.ts"], { dynamic: false });
    // (read/workbook.ts requires two small exceljs files on purpose, its number-format table and enums: not the library)
    const withExceljs = [...graph].filter(([, m]) => m.packages.includes("exceljs"));
    expect(withExceljs.map(([f]) => path.relative(ROOT, f))).toEqual([]);
    // …and with the dynamic imports followed, the check does see it
    const all = importGraph(["aggregator/validate-command.ts"], { dynamic: true });
    expect([...all.values()].some((m) => m.packages.includes("exceljs"))).toBe(true);
  });

  it("the check sees what loading a command brings (merge loads exceljs)", () => {
    const graph = importGraph(["aggregator/merge/command.ts"], { dynamic: false });
    expect([...graph.values()].some((m) => m.packages.includes("exceljs"))).toBe(true);
  });
});
