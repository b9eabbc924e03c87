// The production build of the add-in (webpack.config.js; SPEC §12 "No Internet"): built
// once for a deployment base into a temporary folder, then checked for what an intranet
// server needs — the pane, office.js with every file it loads at run time, icons, templates
// and a manifest pointing at the base — and for what it must not have: a URL of another
// host in our own files, an absolute path of this machine, exceljs or the test harness.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parse } from "acorn";
import { rewriteManifestUrls } from "../scripts/manifest-url.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WEBPACK_CLI = join(ROOT, "node_modules", "webpack-cli", "bin", "cli.js");
const OFFICE_JS_DIST = join(ROOT, "node_modules", "@microsoft", "office-js", "dist");
const BASE = "https://intranet.example/pilot-forms/";
const BUILD_TIMEOUT = 600_000; // webpack on 2 busy cores: a minute or two, more under the full suite

/**
 * URLs that may appear in our bundles although they name another host: identifiers and
 * message text of the libraries we bundle, never fetched.
 */
const ALLOWED_URL_PREFIXES = [
  // XML namespace names (React DOM: SVG, MathML, XHTML, XLink, xml:).
  "http://www.w3.org/",
  // The link in React's minified production error messages.
  "https://reactjs.org/docs/error-decoder.html",
];

/** Relative paths (with "/") of every file under dir. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => statSync(join(dir, p)).isFile())
    .map((p) => p.split(sep).join("/"))
    .sort();
}

/** What the build copies from @microsoft/office-js/dist (not the TypeScript/IntelliSense files). */
const officeJsFiles = filesUnder(OFFICE_JS_DIST).filter((p) => !p.endsWith(".d.ts") && !p.endsWith("-vsdoc.js"));

let out = "";
let stdout = "";
let emitted: string[] = [];
/** Emitted files that are ours: everything but the office.js copies, the icons and the templates. */
let ours: string[] = [];
const text = (p: string): string => readFileSync(join(out, p), "utf8");

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "pilot-forms-build-"));
  const result = await promisify(execFile)(
    process.execPath,
    [WEBPACK_CLI, "--mode", "production", "--env", `url=${BASE}`, "--env", `outDir=${out}`],
    { cwd: ROOT, timeout: BUILD_TIMEOUT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
  );
  stdout = result.stdout;
  emitted = filesUnder(out);
  const copied = new Set(officeJsFiles);
  ours = emitted.filter((p) => !copied.has(p) && !/\.(png|xlsx)$/.test(p));
}, BUILD_TIMEOUT);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("webpack --mode production --env url=…", () => {
  it("compiles without warnings", () => {
    expect(stdout).toMatch(/compiled successfully/);
  });

  it("emits the pane, the ribbon's function file, office.js, the icons, the templates and the manifest", () => {
    for (const p of ["taskpane.html", "commands.html", "office.js", "manifest.xml"]) expect(emitted, p).toContain(p);
    for (const size of [16, 32, 64, 80, 128]) expect(emitted).toContain(`assets/icon-${size}.png`);
    expect(emitted.some((p) => p.startsWith("templates/"))).toBe(true);
    expect(emitted.filter((p) => /^taskpane\.[0-9a-f]{8}\.js$/.test(p))).toHaveLength(1);
  });

  it("copies office.js and every file it loads at run time, unchanged (not minified again)", () => {
    // office.js loads the host's script (excel-win32-16.01.js, excel-web-16.00.js …), the
    // locale strings (zh-cn/office_strings.js …) and its telemetry sink relative to itself.
    for (const p of [
      "excel-win32-16.01.js",
      "excel-web-16.00.js",
      "excel-mac-16.00.js",
      "zh-cn/office_strings.js",
      "en-us/office_strings.js",
    ]) {
      expect(officeJsFiles, p).toContain(p);
    }
    for (const p of officeJsFiles) {
      expect(emitted, p).toContain(p);
      expect(readFileSync(join(out, p)).equals(readFileSync(join(OFFICE_JS_DIST, p))), `${p} differs from the package`).toBe(
        true,
      );
    }
    expect(emitted.filter((p) => p.endsWith(".d.ts") || p.endsWith("-vsdoc.js"))).toEqual([]);
  });

  it("copies every committed template into templates/<profile>/<form>.xlsx", () => {
    const templates = filesUnder(join(ROOT, "templates")).filter((p) => p.endsWith(".xlsx"));
    expect(templates.length).toBeGreaterThan(0);
    expect(emitted.filter((p) => p.startsWith("templates/"))).toEqual(templates.map((p) => `templates/${p}`));
    for (const p of templates) {
      expect(readFileSync(join(out, "templates", p)).equals(readFileSync(join(ROOT, "templates", p))), p).toBe(true);
    }
  });

  it("rewrites the manifest to the deployment base, and every URL in it names an emitted file", () => {
    const manifest = text("manifest.xml");
    expect(manifest).toBe(rewriteManifestUrls(readFileSync(join(ROOT, "manifest.xml"), "utf8"), BASE));
    expect(manifest).not.toMatch(/localhost/i);
    const urls = [...manifest.replace(/\sxmlns(:\w+)?="[^"]*"/g, "").matchAll(/https?:\/\/[^\s"'<>]*/g)].map((m) => m[0]);
    expect(urls.length).toBeGreaterThanOrEqual(10);
    for (const url of urls) {
      if (url === "https://intranet.example") continue; // the AppDomain: an origin
      expect(url.startsWith(BASE), url).toBe(true);
      expect(emitted, url).toContain(url.slice(BASE.length));
    }
    expect(manifest).toContain("<AppDomain>https://intranet.example</AppDomain>");
  });

  it("loads office.js from the add-in's own folder, before the pane's bundle", () => {
    for (const page of ["taskpane.html", "commands.html"]) {
      const html = text(page);
      const scripts = [...html.matchAll(/<script\b[^>]*\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)].map(
        (m) => m[1] ?? m[2] ?? m[3],
      );
      expect(scripts[0], page).toBe("office.js");
      for (const src of scripts) {
        expect(src, `${page}: ${src} is not relative`).not.toMatch(/^([a-z]+:|\/)/i);
        expect(emitted, `${page}: ${src}`).toContain(src);
      }
      const links = [...html.matchAll(/<link\b[^>]*\bhref=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)].map((m) => m[1] ?? m[2] ?? m[3]);
      for (const href of links) expect(href, `${page}: ${href}`).not.toMatch(/^([a-z]+:|\/)/i);
    }
    const pane = text("taskpane.html");
    expect(pane.match(/<script\b[^>]*\bsrc=[^>]*>/g)?.some((tag) => /taskpane\.[0-9a-f]{8}\.js/.test(tag))).toBe(true);
  });

  it("names no Internet host in our own files (only the base and the libraries' identifiers)", () => {
    // Not the offline page: it bundles the workbook libraries, whose XML namespaces and licence
    // comments name hosts; that it never loads anything is tested in Chromium (test/browser/page.test.ts).
    const checked = ours.filter((p) => /\.(html|js|txt|xml|json|css)$/.test(p) && !p.startsWith("web/"));
    expect(checked).toEqual(expect.arrayContaining(["taskpane.html", "commands.html", "manifest.xml"]));
    const stray: string[] = [];
    for (const p of checked) {
      const body = p.endsWith(".xml") ? text(p).replace(/\sxmlns(:\w+)?="[^"]*"/g, "") : text(p);
      for (const m of body.matchAll(/https?:\/\/[^\s"'`<>)]*/g)) {
        const url = m[0];
        if (url.startsWith("https://intranet.example")) continue;
        if (ALLOWED_URL_PREFIXES.some((prefix) => url.startsWith(prefix))) continue;
        stray.push(`${p}: ${url}`);
      }
    }
    expect(stray).toEqual([]);
  });

  it("leaves no absolute path of this machine in our files, source maps included", () => {
    const root = ROOT.replace(/[\\/]+$/, "");
    for (const p of ours) expect(text(p).includes(root), `${p} mentions ${root}`).toBe(false);
    const maps = ours.filter((p) => p.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(0);
    for (const p of maps) {
      const map = JSON.parse(text(p)) as { sources: string[] };
      for (const source of map.sources) expect(source.startsWith("webpack://pilot-forms/"), `${p}: ${source}`).toBe(true);
    }
  });

  it("keeps exceljs, zod and the test harness out of the pane", () => {
    const sources = ours
      .filter((p) => p.endsWith(".js.map"))
      .flatMap((p) => (JSON.parse(text(p)) as { sources: string[] }).sources);
    expect(sources.some((s) => s.includes("/addin/taskpane/"))).toBe(true);
    expect(sources.filter((s) => /node_modules\/(exceljs|zod)\/|\/addin\/(harness|sim)\//.test(s))).toEqual([]);
    expect(emitted.filter((p) => p.startsWith("harness") || p.startsWith("examples/"))).toEqual([]);
  });

  it("builds the offline page: dist/web/index.html alone, its script inline, ES2017 (its too-old check ES5)", () => {
    expect(emitted.filter((p) => p.startsWith("web/"))).toEqual(["web/index.html"]);
    const html = text("web/index.html");
    expect(html).not.toMatch(/<script\b[^>]*\bsrc=|<link\b[^>]*\bhref=/);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(2);
    const [check, page] = scripts;
    // The check must run where the page cannot even be parsed; the page must parse in Chromium 80 / Firefox ESR.
    expect(() => parse(check, { ecmaVersion: 5 })).not.toThrow();
    expect(() => parse(page, { ecmaVersion: 2017 })).not.toThrow();
    expect(() => parse(page, { ecmaVersion: 2016 })).toThrow();
    // Built-ins Chromium 80 lacks, which lowering syntax does not provide.
    for (const name of [".replaceAll(", "structuredClone(", "Object.hasOwn(", ".findLast(", ".at(", ".toSorted(", "Promise.any("])
      expect(page.includes(name), name).toBe(false);
    expect(page.length).toBeGreaterThan(1_000_000);
  });
});
