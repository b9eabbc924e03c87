// The page's worker makes the annotated copy (aggregator/annotate.ts) and the feedback zip
// (aggregator/merge/feedback-files.ts) from bytes in memory, bundled by webpack for ES2017
// browsers: nothing they import at run time — relative imports followed recursively; type-only
// imports are erased; aggregator/runtime/node.ts is swapped for runtime/browser.ts — imports a
// node:* module or uses the Buffer global as a value. Found with the TypeScript parser, so that
// comments and type annotations do not count.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const SWAPPED = path.join(ROOT, "aggregator", "runtime", "node.ts");

/** The module specifiers a file imports at run time (type-only imports left out). */
export function runtimeImports(source: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const clause = n.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push(n.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const typeOnly =
        n.isTypeOnly ||
        (!!n.exportClause && ts.isNamedExports(n.exportClause) && n.exportClause.elements.every((e) => e.isTypeOnly));
      if (!typeOnly) out.push(n.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(n) &&
      (n.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n.expression) && n.expression.text === "require")) &&
      n.arguments[0] &&
      ts.isStringLiteralLike(n.arguments[0])
    ) {
      out.push(n.arguments[0].text);
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

/** Lines where `Buffer` is used as a value (not a type annotation, not a property name). */
export function bufferValueUses(source: ts.SourceFile): number[] {
  const lines: number[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isTypeNode(n) || ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) return;
    if (ts.isIdentifier(n) && n.text === "Buffer") {
      const p = n.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n);
      if (!isPropertyName) lines.push(source.getLineAndCharacterOfPosition(n.getStart()).line + 1);
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return lines;
}

function resolveRelative(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [
    base.replace(/\.js$/, ".ts"),
    base.replace(/\.js$/, ".tsx"),
    `${base}.ts`,
    path.join(base, "index.ts"),
  ])
    if (existsSync(candidate)) return candidate;
  throw new Error(`${path.relative(ROOT, from)}: cannot resolve ${spec}`);
}

/** The modules `entries` load at run time, each with its node:* imports and Buffer uses. */
export function importGraph(entries: string[]): Map<string, { node: string[]; buffer: number[] }> {
  const graph = new Map<string, { node: string[]; buffer: number[] }>();
  const todo = entries.map((e) => path.join(ROOT, e));
  while (todo.length) {
    const file = todo.pop()!;
    if (graph.has(file) || file === SWAPPED) continue;
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const specs = runtimeImports(source);
    graph.set(file, { node: specs.filter((s) => s.startsWith("node:")), buffer: bufferValueUses(source) });
    for (const s of specs) if (s.startsWith(".")) todo.push(resolveRelative(file, s));
  }
  return graph;
}

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
