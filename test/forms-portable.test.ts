// forms/ is the core every desk runs (SPEC: pure domain, no I/O, Node and browsers — the
// offline page targets ES2017 browsers and the classic pane IE11): its sources import no Node
// module, and no regular expression in it — literal, or a string given to RegExp — uses
// syntax newer than ES2015+ browsers parse: lookbehind, named groups, \p{…} property escapes,
// the s (dotAll) flag. In a browser without them a literal is a SyntaxError that stops the
// whole script, not only one rule. The regexes are found with the TypeScript parser.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { modernRegexSyntax } from "./fixtures/regex-syntax.js";

const FORMS = path.join(__dirname, "..", "forms");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Every regex of a file: literals, and string literals given to RegExp(…) / new RegExp(…). */
function regexesOf(file: string): { line: number; body: string; flags: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const out: { line: number; body: string; flags: string }[] = [];
  const at = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const visit = (n: ts.Node): void => {
    if (ts.isRegularExpressionLiteral(n)) {
      const text = n.text;
      const end = text.lastIndexOf("/");
      out.push({ line: at(n), body: text.slice(1, end), flags: text.slice(end + 1) });
    } else if (
      (ts.isNewExpression(n) || ts.isCallExpression(n)) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === "RegExp"
    ) {
      const [pattern, flags] = n.arguments ?? [];
      const str = (a: ts.Expression | undefined) =>
        a && (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a))
          ? a.text
          : a && ts.isTemplateExpression(a)
            ? a.getText()
            : "";
      out.push({ line: at(n), body: str(pattern), flags: str(flags) });
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

describe("forms/ runs anywhere", () => {
  const files = sources(FORMS);

  it("has sources and regexes to check", () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(regexesOf).length).toBeGreaterThan(50);
  });

  it("imports no Node module (no I/O in the core)", () => {
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      expect(
        /from\s+["']node:|require\(["']node:|from\s+["'](fs|path|os|crypto|zlib)["']/.test(text),
        path.relative(FORMS, f),
      ).toBe(false);
    }
  });

  it("uses no regex syntax newer than ES2017 browsers parse (lookbehind, named groups, \\p{}, the s flag)", () => {
    const found: string[] = [];
    for (const f of files)
      for (const r of regexesOf(f)) {
        const what = modernRegexSyntax(r.body, r.flags);
        if (what) found.push(`${path.relative(FORMS, f)}:${r.line} ${what}: /${r.body}/${r.flags}`);
      }
    expect(found).toEqual([]);
  });

  it("the check itself finds each kind", () => {
    expect(modernRegexSyntax("(?<=a)b", "")).toBe("lookbehind");
    expect(modernRegexSyntax("(?<!a)b", "g")).toBe("lookbehind");
    expect(modernRegexSyntax("(?<year>\\d{4})", "")).toBe("named group");
    expect(modernRegexSyntax("\\p{Script=Han}", "u")).toBe("\\p{} property escape");
    expect(modernRegexSyntax("a.b", "s")).toBe("s (dotAll) flag");
    expect(modernRegexSyntax("(?:a)(?=b)(?!c)[\\u4e00-\\u9fff]", "gu")).toBeUndefined();
  });
});
