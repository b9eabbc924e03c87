// The classic pane's bundle (webpack.classic.mjs: Babel to ES5 with core-js polyfills, for the
// IE11 and Edge Legacy webviews of Office 2016/2019): it parses as ES5, no regular expression
// in it — literal, or a string given to RegExp — uses syntax IE11 cannot parse (the u, y and s
// flags, lookbehind, named groups, \p{}), no zod. And the forms core built the same way, run
// where Proxy, Reflect, Symbol and the ES2015+ methods IE11 lacks do not exist, gives the same
// detection and the same issues as the core in Node, on every template and example.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { parse } from "acorn";
import { simple } from "acorn-walk";
import webpack from "webpack";
import { beforeAll, describe, expect, it } from "vitest";
import { choose, validate } from "../addin/taskpane/session.js";
import { readWorkbook } from "../aggregator/read/workbook.js";
import { classicConfig } from "../webpack.classic.mjs";
import { ROOT } from "./fixtures/import-graph.js";
import { modernRegexSyntax } from "./fixtures/regex-syntax.js";

const TODAY = "2025-11-25";

function build(config: webpack.Configuration): Promise<void> {
  return new Promise((resolve, reject) =>
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    }),
  );
}

function script(dir: string, prefix: string): string {
  const name = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith(".js"));
  if (!name) throw new Error(`no ${prefix}*.js in ${dir}`);
  return readFileSync(path.join(dir, name), "utf8");
}

/** Every workbook and Word form under templates/ and examples/ (.xlsx, .xls, .docx …). */
function workbooks(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? workbooks(p) : /\.(xlsx|xls|ods|csv|docx)$/i.test(e) ? [p] : [];
  });
}

/** What IE11 does not have, removed from a fresh context before the core is loaded. */
const IE11_MISSING = `
  delete globalThis.Proxy; delete globalThis.Reflect; delete globalThis.Symbol; delete globalThis.WeakRef;
  delete globalThis.Promise; delete globalThis.Map; delete globalThis.Set; delete globalThis.WeakMap; delete globalThis.WeakSet;
  delete globalThis.globalThis;
  for (const [o, names] of [
    [Array, ["from", "of"]],
    [Array.prototype, ["find", "findIndex", "includes", "flat", "flatMap", "fill", "entries", "keys", "values"]],
    [Object, ["assign", "entries", "values", "fromEntries", "getOwnPropertySymbols"]],
    [String.prototype, ["includes", "startsWith", "endsWith", "padStart", "padEnd", "repeat", "trimStart", "trimEnd", "codePointAt", "matchAll", "normalize", "at", "replaceAll"]],
    [String, ["fromCodePoint", "raw"]],
    [Number, ["isInteger", "isFinite", "isNaN", "parseFloat", "parseInt", "EPSILON", "MAX_SAFE_INTEGER"]],
    [Math, ["trunc", "sign", "log10"]],
  ]) for (const n of names) delete o[n];
`;

let classic = "";
let core = "";

beforeAll(async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-classic-"));
  await build([
    classicConfig("production", out),
    classicConfig("production", out, { entry: "./test/classic/core-entry.ts", name: "classic-core", library: "PilotFormsCore" }),
  ] as unknown as webpack.Configuration);
  classic = script(out, "classic.");
  core = script(out, "classic-core.");
}, 600_000);

describe("the classic pane's bundle", () => {
  it("parses as ES5", () => {
    expect(classic.length).toBeGreaterThan(100_000);
    expect(() => parse(classic, { ecmaVersion: 5 })).not.toThrow();
  });

  it("has no regex IE11 cannot parse, literal or given to RegExp", () => {
    const found: string[] = [];
    let count = 0;
    const checkOne = (body: string, flags: string) => {
      count++;
      const modern = modernRegexSyntax(body, flags) ?? (/[uy]/.test(flags) ? `${flags} flag` : undefined);
      if (modern) found.push(`/${body}/${flags}: ${modern}`);
    };
    simple(parse(classic, { ecmaVersion: 5 }), {
      Literal(n) {
        const r = (n as { regex?: { pattern: string; flags: string } }).regex;
        if (r) checkOne(r.pattern, r.flags);
      },
      NewExpression(n) {
        regexCall(n, checkOne);
      },
      CallExpression(n) {
        regexCall(n, checkOne);
      },
    });
    expect(count).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });

  it("carries no zod and no exceljs", () => {
    expect(classic).not.toMatch(/ZodError|exceljs/i);
  });
});

function regexCall(n: unknown, checkOne: (body: string, flags: string) => void): void {
  const node = n as { callee: { type: string; name?: string }; arguments: { type: string; value?: unknown }[] };
  if (node.callee.type !== "Identifier" || node.callee.name !== "RegExp") return;
  const [body, flags] = node.arguments;
  if (body?.type === "Literal" && typeof body.value === "string")
    checkOne(body.value, flags?.type === "Literal" && typeof flags.value === "string" ? flags.value : "");
}

describe("the classic core without Proxy, Reflect and ES2015+ built-ins", () => {
  it("detects and validates every template and example as the core in Node does", async () => {
    const context = vm.createContext({});
    vm.runInContext(IE11_MISSING, context);
    expect(vm.runInContext("typeof Proxy + typeof Reflect + typeof Symbol + typeof Promise", context)).toBe(
      "undefinedundefinedundefinedundefined",
    );
    vm.runInContext(core, context);
    const files = [...workbooks(path.join(ROOT, "templates")), ...workbooks(path.join(ROOT, "examples"))];
    expect(files.length).toBeGreaterThan(20);
    let issues = 0;
    for (const file of files) {
      const r = await readWorkbook({ path: file });
      if (!r.ok) continue;
      const gridJson = JSON.stringify(r.grid, function (this: Record<string, unknown>, key, value: unknown) {
        const raw = this[key];
        return raw instanceof Date ? { $date: raw.toISOString() } : value;
      });
      const choice = choose(r.grid);
      const want = JSON.parse(
        JSON.stringify({ profile: choice?.profile.id, form: choice?.form, issues: validate(r.grid, choice, TODAY).issues }),
      ) as { issues: unknown[] };
      const got = JSON.parse(
        vm.runInContext(`PilotFormsCore.check(${JSON.stringify(gridJson)}, ${JSON.stringify(TODAY)})`, context) as string,
      ) as unknown;
      expect(got, path.relative(ROOT, file)).toEqual(want);
      issues += want.issues.length;
    }
    // The examples' planted problems and the hand-made files' (.xls, Word) among them.
    expect(issues).toBeGreaterThan(25);
  }, 300_000);
});
