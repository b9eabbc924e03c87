// forms/ is the core every desk runs (SPEC: pure domain, no I/O, Node and browsers — the
// offline page targets ES2017 browsers and the classic pane IE11): its sources import no Node
// module and use no regular-expression lookbehind (ES2018; a SyntaxError where unsupported,
// which would stop the whole script, not only one rule).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const FORMS = path.join(__dirname, "..", "forms");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("forms/ runs anywhere", () => {
  const files = sources(FORMS);

  it("has sources to check", () => {
    expect(files.length).toBeGreaterThan(20);
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

  it("uses no regular-expression lookbehind", () => {
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      expect(/\(\?<[=!]/.test(text), path.relative(FORMS, f)).toBe(false);
    }
  });
});
