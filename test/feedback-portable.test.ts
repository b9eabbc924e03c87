// The page's worker makes the annotated copy (aggregator/annotate.ts) and the feedback zip
// (aggregator/merge/feedback-files.ts) from bytes in memory, bundled by webpack for ES2017
// browsers: nothing they import at run time — relative imports followed recursively; type-only
// imports are erased; aggregator/runtime/node.ts is swapped for runtime/browser.ts — imports a
// node:* module or uses the Buffer global as a value. Found with the TypeScript parser, so that
// comments and type annotations do not count.
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { bufferValueUses, importGraph, ROOT, runtimeImports } from "./fixtures/import-graph.js";

/**
 * deterministic.ts keeps its Node wrappers (writeZip, deterministicXlsx, workbookBytes return a
 * Buffer over the Uint8Array, in asBuffer) for the CLI; the page calls only their Uint8Array
 * twins, so the bundle holds the reference but never runs it. Nothing else may.
 */
const NODE_WRAPPERS = new Set(["aggregator/xlsx/deterministic.ts"]);

describe("the annotated copy and the feedback zip run in a browser", () => {
  const graph = importGraph(["aggregator/annotate.ts", "aggregator/merge/feedback-files.ts"]);
  const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join("/");

  it("follows the imports (the readers, exceljs's marking, the feedback workbook)", () => {
    const files = [...graph.keys()].map(rel);
    expect(files).toEqual(
      expect.arrayContaining([
        "aggregator/annotate.ts",
        "aggregator/convert-copy.ts",
        "aggregator/merge/feedback-files.ts",
        "aggregator/read/read-bytes.ts",
        "aggregator/xlsx/deterministic.ts",
      ]),
    );
    expect(files).not.toContain("aggregator/read/workbook.ts");
    expect(files).not.toContain("aggregator/runtime/node.ts");
  });

  it("imports no node:* module", () => {
    const found = [...graph].filter(([, g]) => g.node.length).map(([f, g]) => `${rel(f)}: ${g.node.join(", ")}`);
    expect(found).toEqual([]);
  });

  it("uses no Buffer (but deterministic.ts's Node-only wrappers)", () => {
    const found = [...graph]
      .filter(([f, g]) => g.buffer.length && !NODE_WRAPPERS.has(rel(f)))
      .map(([f, g]) => `${rel(f)}:${g.buffer.join(",")}`);
    expect(found).toEqual([]);
  });

  it("the check itself finds a node: import, a value Buffer, and skips types and comments", () => {
    const src = (text: string) => ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true);
    expect(
      runtimeImports(src(`import path from "node:path"; import type { A } from "./a.js"; import { type B } from "./b.js";`)),
    ).toEqual(["node:path"]);
    expect(
      runtimeImports(src(`import { c, type D } from "./c.js"; export { e } from "./e.js"; await import("./f.js");`)),
    ).toEqual(["./c.js", "./e.js", "./f.js"]);
    expect(bufferValueUses(src(`// Buffer\nlet a: Buffer;\nconst b = Buffer.from([1]);\nx.Buffer = 1;`))).toEqual([3]);
  });
});
