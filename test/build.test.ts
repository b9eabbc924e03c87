// The production build of the add-in (webpack.config.js; SPEC §12 "No Internet"): built
// once for a deployment base into a temporary folder, then checked for what an intranet
// server needs — the pane, office.js with every file it loads in Excel (and nothing else of
// the package: under 15 MB in all), icons, templates and a manifest pointing at the base —
// and for what it must not have: a URL of another host in our own files, an absolute path of
// this machine, exceljs or the test harness. Built a second time without --env url (it must
// warn that the manifest points at localhost); --env profile with an unknown id must fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { runInNewContext } from "node:vm";
import { parse } from "acorn";
import { ICON_SIZES } from "../scripts/make-icons.js";
import { localhostManifestWarning, rewriteManifestUrls } from "../scripts/manifest-url.mjs";

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
  // core-js keeps its licence and source address in its shared store; Babel's helpers' licence.
  "https://github.com/zloirock/core-js",
  "https://github.com/babel/babel/blob/main/packages/babel-helpers/LICENSE",
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

/** Every file of @microsoft/office-js/dist (86 MB: every host, *.debug.js, 142 locales). */
const packageFiles = filesUnder(OFFICE_JS_DIST);
const officeJs = (p: string): string => readFileSync(join(OFFICE_JS_DIST, p), "utf8");
/** The locales the build keeps office.js's strings for (the pane is Chinese; en-us is office.js's fallback). */
const LOCALES = ["en-us", "zh-cn"];
const MAX_DIST_BYTES = 15_000_000;

/**
 * What office.js fetches next to itself in Excel, read from the package's own code:
 * - the host's script <host>-<platform>-<version>.js, the version the host reports capped by
 *   OSF.HostSpecificFileVersionMap: for Excel on Windows, Mac and the web every version up to
 *   the cap that the package has (older hosts report lower ones: excel-win32-16.00.js);
 * - with no host info, o15apptofilemappingtable.js and the Excel files of its table (app 1 =
 *   Excel, 16 = Excel Web App);
 * - then every relative "….js" path named in those files, office_strings.js per locale.
 * Not followed: office.js itself, *.debug.js, the CDN (//ajax.aspnetcdn.com …) and webauth/
 * (Excel on the web's single sign-on, which the pane does not call: checked below).
 */
function officeJsNeeds(): { files: string[]; caps: Record<string, string>; skipped: string[] } {
  const office = officeJs("office.js");
  const map = /\bexcel:\{([^}]*)\}/.exec(office.slice(office.indexOf("HostSpecificFileVersionMap")));
  if (!map) throw new Error("office.js: no OSF.HostSpecificFileVersionMap entry for excel");
  const caps = Object.fromEntries([...map[1].matchAll(/(\w+):"([\d.]+)"/g)].map((m) => [m[1], m[2]]));
  const start = ["office.js", "o15apptofilemappingtable.js"];
  for (const platform of ["win32", "mac", "web"]) {
    for (const p of packageFiles) {
      const m = new RegExp(`^excel-${platform}-(\\d+\\.\\d+)\\.js$`).exec(p);
      if (m && parseFloat(m[1]) <= parseFloat(caps[platform])) start.push(p);
    }
  }
  for (const m of officeJs("o15apptofilemappingtable.js").matchAll(/"(\d+)-[\d.]+":"([\w.-]+)"\+\w+/g)) {
    if (m[1] === "1" || m[1] === "16") start.push(`${m[2]}.js`);
  }
  const files = new Set<string>();
  const skipped = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const [, literal] of officeJs(file).matchAll(/"([\w./:-]*\.js)"/g)) {
      if (literal === ".js" || literal === "office.js" || literal.endsWith(".debug.js") || literal.includes("//")) continue;
      if (literal.startsWith("webauth")) skipped.add(literal);
      else if (literal === "office_strings.js") for (const locale of LOCALES) files.add(`${locale}/${literal}`);
      else queue.push(literal);
    }
  }
  return { files: [...files].sort(), caps, skipped: [...skipped].sort() };
}

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
  const copied = new Set(packageFiles);
  ours = emitted.filter((p) => !copied.has(p) && !/\.(png|xlsx)$/.test(p));
}, BUILD_TIMEOUT);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("webpack --mode production --env url=…", () => {
  it("compiles without warnings", () => {
    // Two compilers (the add-in, the offline page): each says so.
    expect(stdout.match(/compiled successfully/g)).toHaveLength(3);
    expect(stdout).not.toMatch(/WARNING|compiled with/);
  });

  it(`weighs under ${MAX_DIST_BYTES / 1e6} MB in all (the pane, office.js for Excel, templates, the offline page, source maps)`, () => {
    const total = emitted.reduce((sum, p) => sum + statSync(join(out, p)).size, 0);
    const message = `dist/ is ${(total / 1e6).toFixed(2)} MB (${total} bytes) in ${emitted.length} files`;
    console.info(message);
    expect(total, message).toBeLessThan(MAX_DIST_BYTES);
  });

  it("emits the pane, the ribbon's function file, office.js, the icons, the templates and the manifest", () => {
    for (const p of ["taskpane.html", "commands.html", "office.js", "manifest.xml"]) expect(emitted, p).toContain(p);
    for (const size of ICON_SIZES) expect(emitted).toContain(`assets/icon-${size}.png`);
    expect(emitted.some((p) => p.startsWith("templates/"))).toBe(true);
    expect(emitted.filter((p) => /^taskpane\.[0-9a-f]{8}\.js$/.test(p))).toHaveLength(1);
  });

  it("copies office.js and every file it loads in Excel, unchanged (not minified again), and nothing else of the package", () => {
    const { files, caps, skipped } = officeJsNeeds();
    // The reading of the package found what it should: the Excel host files office.js maps
    // Windows, Mac and the web to, the O15 path, the locale strings and the telemetry sinks.
    expect(caps).toMatchObject({ win32: "16.01", mac: "16.00", web: "16.00" });
    expect(files).toEqual(
      expect.arrayContaining([
        "office.js",
        "excel-win32-16.01.js",
        "excel-win32-16.00.js",
        "excel-mac-16.00.js",
        "excel-web-16.00.js",
        "o15apptofilemappingtable.js",
        "excel-15.02.js",
        "excelwebapp-15.02.js",
        "zh-cn/office_strings.js",
        "en-us/office_strings.js",
        "telemetry/oteljs_agave.js",
        "ariatelemetry/aria-web-telemetry.js",
      ]),
    );
    expect(skipped).toEqual(["webauth.browserauth.js"]);
    for (const p of files) expect(packageFiles, p).toContain(p);
    // Exactly those are emitted: no other host, no debug build, no other locale.
    const copied = new Set(packageFiles);
    expect(emitted.filter((p) => copied.has(p))).toEqual(files);
    for (const p of files) {
      expect(readFileSync(join(out, p)).equals(readFileSync(join(OFFICE_JS_DIST, p))), `${p} differs from the package`).toBe(
        true,
      );
    }
  });

  it("keeps office.js's strings for zh-cn and en-us only, and no *.debug.js, *-core.js or other host's file", () => {
    const localeDirs = new Set(packageFiles.filter((p) => p.endsWith("/office_strings.js")).map((p) => p.split("/")[0]));
    expect(localeDirs.size).toBeGreaterThan(100);
    expect([...new Set(emitted.map((p) => p.split("/")[0]))].filter((d) => localeDirs.has(d)).sort()).toEqual(LOCALES);
    expect(emitted.filter((p) => /\.debug\.js$|-core\.js$|\.d\.ts$|-vsdoc\.js$/.test(p))).toEqual([]);
    expect(emitted.filter((p) => /^(word|powerpoint|outlook|onenote|project|access|custom-functions|webauth\/)/.test(p))).toEqual(
      [],
    );
    // webauth/ is left out because the pane never asks Office for a sign-in token.
    const pane = ours.filter((p) => /^taskpane\.[0-9a-f]{8}\.js$/.test(p));
    expect(pane).toHaveLength(1);
    expect(text(pane[0])).not.toMatch(/getAccessToken|getAccessTokenAsync/);
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
  });

  it("taskpane.html loads the classic pane on IE11 and Edge Legacy, the modern one elsewhere (its loader is ES5)", () => {
    const pane = text("taskpane.html");
    const loader = [...pane.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]).find((c) => c.includes("userAgent"));
    expect(loader).toBeDefined();
    expect(() => parse(loader!, { ecmaVersion: 5 })).not.toThrow();
    const loads = (userAgent: string): string => {
      const added: { src?: string }[] = [];
      const document = { createElement: () => ({}), body: { appendChild: (s: { src?: string }) => added.push(s) } };
      runInNewContext(loader!, { navigator: { userAgent }, document });
      expect(added).toHaveLength(1);
      return added[0].src!;
    };
    const ie11 = "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; ms-office; MSOffice 16) like Gecko";
    const edgeLegacy =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041";
    const webView2 =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0";
    for (const ua of [ie11, edgeLegacy]) expect(loads(ua)).toMatch(/^classic\.[0-9a-f]{8}\.js$/);
    expect(loads(webView2)).toMatch(/^taskpane\.[0-9a-f]{8}\.js$/);
    for (const ua of [ie11, webView2]) expect(emitted).toContain(loads(ua));
  });

  it("the React pane's bundle parses as ES2017, node_modules included", () => {
    const modern = emitted.filter((p) => /^taskpane\.[0-9a-f]{8}\.js$/.test(p));
    expect(modern).toHaveLength(1);
    expect(() => parse(text(modern[0]), { ecmaVersion: 2017 })).not.toThrow();
  });

  it("the classic pane's bundle parses as ES5", () => {
    const classic = emitted.filter((p) => /^classic\.[0-9a-f]{8}\.js$/.test(p));
    expect(classic).toHaveLength(1);
    expect(() => parse(text(classic[0]), { ecmaVersion: 5 })).not.toThrow();
  });

  it("the classic pane's bundle carries none of the React pane's template fetching (IE 11 has no fetch or URL)", () => {
    const classic = text(emitted.filter((p) => /^classic\.[0-9a-f]{8}\.js$/.test(p))[0]);
    expect(classic).not.toMatch(/\bfetch\(/);
    // core-js's URL polyfill, pulled in by any `new URL`: its self-test parses these addresses.
    expect(classic).not.toContain("URLSearchParams");
  });

  it("names no Internet host in our own files (only the base and the libraries' identifiers)", () => {
    // Not the offline page: it bundles the workbook libraries, whose XML namespaces and licence
    // comments name hosts; that it never loads anything is tested in Chromium (test/browser/page.test.ts).
    // Nor the pane's lazy chunk of 下载标注副本 (annotate.*.js): exceljs, with the same XML namespaces.
    const checked = ours.filter(
      (p) => /\.(html|js|txt|xml|json|css)$/.test(p) && !p.startsWith("web/") && !/^annotate\.[0-9a-f]{8}\.js/.test(p),
    );
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

  it("keeps exceljs, zod and the test harness out of the pane (exceljs only in 下载标注副本's lazy chunk)", () => {
    const maps = ours.filter((p) => p.endsWith(".js.map"));
    const sourcesOf = (p: string) => (JSON.parse(text(p)) as { sources: string[] }).sources;
    const main = maps.filter((p) => /^taskpane\.[0-9a-f]{8}\.js\.map$/.test(p));
    expect(main).toHaveLength(1);
    expect(sourcesOf(main[0]).some((s) => s.includes("/addin/taskpane/"))).toBe(true);
    expect(sourcesOf(main[0]).filter((s) => /node_modules\/(exceljs|zod)\/|\/addin\/(harness|sim)\//.test(s))).toEqual([]);
    const all = maps.flatMap(sourcesOf);
    expect(all.filter((s) => /node_modules\/zod\/|\/addin\/(harness|sim)\//.test(s))).toEqual([]);
    // exceljs (for annotate.ts) only in a chunk of its own, fetched when 下载标注副本 is clicked:
    // neither the pane's nor the classic bundle, and no page loads it.
    const withExcelJs = maps
      .filter((p) => sourcesOf(p).some((s) => /node_modules\/exceljs\//.test(s)))
      .map((p) => p.slice(0, -4));
    expect(withExcelJs).toHaveLength(1);
    expect(withExcelJs[0]).not.toMatch(/^(taskpane|classic|commands)\./);
    expect(emitted).toContain(withExcelJs[0]);
    for (const page of ["taskpane.html", "commands.html"]) expect(text(page)).not.toContain(withExcelJs[0]);
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

describe("webpack --mode production without --env url, with --env profile=…", () => {
  let out2 = "";
  let output2 = "";

  beforeAll(async () => {
    out2 = mkdtempSync(join(tmpdir(), "pilot-forms-build-localhost-"));
    const result = await promisify(execFile)(
      process.execPath,
      [WEBPACK_CLI, "--mode", "production", "--env", "profile=miit-2025", "--env", `outDir=${out2}`],
      { cwd: ROOT, timeout: BUILD_TIMEOUT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
    );
    output2 = result.stdout + result.stderr;
  }, BUILD_TIMEOUT);

  afterAll(() => {
    if (out2) rmSync(out2, { recursive: true, force: true });
  });

  it("warns that the manifest points at https://localhost:3000/ and says how to give the intranet URL", () => {
    const warning = localhostManifestWarning();
    expect(warning).toContain("https://localhost:3000/");
    expect(warning).toContain("npm run build -- --env url=https://");
    // webpack-cli indents each named compilation's output (classic, addin, web).
    expect(output2.replace(/^ {2}/gm, "")).toContain(`WARNING in ${warning}`);
    expect(output2).toMatch(/compiled with 1 warning/);
    // The manifest is the committed one, dev URLs and all.
    expect(readFileSync(join(out2, "manifest.xml"), "utf8")).toBe(readFileSync(join(ROOT, "manifest.xml"), "utf8"));
  });

  it(
    "fails, naming the notices there are, when --env profile is not one of forms/profiles/*.json",
    async () => {
      const missing = join(out2, "never-built");
      const error = await promisify(execFile)(
        process.execPath,
        [
          WEBPACK_CLI,
          "--mode",
          "production",
          "--env",
          "url=https://intranet.example/",
          "--env",
          "profile=nope",
          "--env",
          `outDir=${missing}`,
        ],
        { cwd: ROOT, timeout: BUILD_TIMEOUT, env: { ...process.env, NO_COLOR: "1" } },
      ).then(
        () => undefined,
        (e: Error & { code?: number; stdout?: string; stderr?: string }) => e,
      );
      expect(error, "the build succeeded").toBeDefined();
      expect(error!.code).not.toBe(0);
      const ids = readdirSync(join(ROOT, "forms", "profiles"))
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -".json".length))
        .sort();
      expect(ids).toContain("miit-2025");
      expect(`${error!.stdout}${error!.stderr}`).toContain(
        `--env profile=nope: not a notice of forms/profiles/*.json; one of: ${ids.join(", ")}`,
      );
      expect(existsSync(missing)).toBe(false);
    },
    BUILD_TIMEOUT,
  );
});
