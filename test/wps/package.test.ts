// The WPS 加载项 package (npm run build:wps, scripts/build-wps.mjs; issue 12): built once for
// https://intranet.example/wps/ into a temporary folder, then checked — ribbon.xml and
// manifest.xml are well-formed XML (saxes), the ribbon's callbacks are functions that main.js
// defines, and the 试点表格校验 button opens taskpane.html with CreateTaskPane (run in a VM with
// a fake Application); every URL in the XML files, jsplugins.xml and publish.html is at the
// base (publish.html also calls the local WPS service on 127.0.0.1:58890); the .7z lists
// pilot-forms_<version>/ with the online files; our own files name no Internet host.
// Nothing here ran in WPS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { runInNewContext } from "node:vm";
import { parse } from "acorn";
import { SaxesParser } from "saxes";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BASE = "https://intranet.example/wps/";
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string };
const FOLDER = `${PKG.name}_${PKG.version}`;
/** Identifiers and message text of the libraries we bundle (as test/build.test.ts allows), never fetched. */
const ALLOWED_URL_PREFIXES = ["http://www.w3.org/", "https://reactjs.org/docs/error-decoder.html"];
/** The WPS client's local service that wpsjs's publish page talks to (on the user's own PC). */
const LOCAL_WPS_SERVICE = /^http:\/\/(127\.0\.0\.1|localhost):58890\//;

let out: string;
let online: string;

const text = (p: string) => readFileSync(join(online, p), "utf8");

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((p) => statSync(join(dir, p)).isFile())
    .map((p) => p.split(sep).join("/"))
    .sort();
}

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  path: string[];
}

/** Parse with saxes (throws on anything not well-formed); the elements in document order. */
function parseXml(xml: string): XmlElement[] {
  const parser = new SaxesParser({ xmlns: false });
  const elements: XmlElement[] = [];
  const stack: string[] = [];
  parser.on("error", (e) => {
    throw e;
  });
  parser.on("opentag", (tag) => {
    elements.push({ name: tag.name, attributes: tag.attributes as Record<string, string>, path: [...stack] });
    if (!tag.isSelfClosing) stack.push(tag.name);
  });
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.write(xml).close();
  return elements;
}

const urlsIn = (body: string) => [...body.matchAll(/https?:\/\/[^\s"'`<>)\\]*/g)].map((m) => m[0]);

describe("the WPS 加载项 package (npm run build:wps)", () => {
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "pilot-forms-wps-"));
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, "scripts/build-wps.mjs"), "--env", `url=${BASE}`, "--env", `outDir=${out}`],
      { cwd: ROOT, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
    );
    online = join(out, "online");
  }, 620_000);
  afterAll(() => {
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it("has the add-in's page, callbacks, ribbon, manifest, pane and templates in online/", () => {
    const files = filesUnder(online);
    for (const f of [
      "index.html",
      "main.js",
      "ribbon.xml",
      "manifest.xml",
      "taskpane.html",
      "images/icon-32.png",
      "jsplugins.xml",
      "publish.html",
    ])
      expect(files).toContain(f);
    expect(files.some((f) => /^wps\.[0-9a-f]{8}\.js$/.test(f))).toBe(true);
    expect(files.some((f) => f.startsWith("templates/hebei-2025/") && f.endsWith(".xlsx"))).toBe(true);
    expect(text("index.html")).toMatch(/<script[^>]+src="main\.js"/);
    // the pane page loads the WPS bundle, and no office.js
    expect(text("taskpane.html")).toMatch(/<script[^>]+src="?[^"\s>]*wps\.[0-9a-f]{8}\.js/);
    expect(text("taskpane.html")).not.toContain("office.js");
    // the pane's sources: the WPS host and the React pane, not the simulators or exceljs
    const map = files.find((f) => /^wps\.[0-9a-f]{8}\.js\.map$/.test(f))!;
    const sources = (JSON.parse(text(map)) as { sources: string[] }).sources;
    expect(sources.some((s) => s.endsWith("/addin/wps/host.ts"))).toBe(true);
    expect(sources.some((s) => s.includes("/addin/taskpane/"))).toBe(true);
    expect(sources.filter((s) => /node_modules\/(exceljs|zod)\/|\/addin\/(harness|sim)\//.test(s))).toEqual([]);
    // the lazy chunks (下载标注副本's exceljs) never hold the simulators or the harness
    const all = files.filter((f) => f.endsWith(".js.map")).flatMap((f) => (JSON.parse(text(f)) as { sources: string[] }).sources);
    expect(all.filter((s) => /node_modules\/zod\/|\/addin\/(harness|sim)\//.test(s))).toEqual([]);
  });

  it("ribbon.xml: well-formed customUI, a 试点表格校验 button on the start tab, callbacks main.js defines", () => {
    const elements = parseXml(text("ribbon.xml"));
    const root = elements[0];
    expect(root.name).toBe("customUI");
    expect(root.attributes.xmlns).toBe("http://schemas.microsoft.com/office/2006/01/customui");
    const tab = elements.find((e) => e.name === "tab")!;
    expect(tab.attributes.idMso).toBe("TabHome");
    const button = elements.find((e) => e.name === "button" && e.attributes.label === "试点表格校验")!;
    expect(button.path).toEqual(["customUI", "ribbon", "tabs", "tab", "group"]);

    // every callback the XML names is a function declared at the top of main.js
    const callbacks = elements.flatMap((e) =>
      Object.entries(e.attributes)
        .filter(([k]) => k === "onLoad" || k === "onAction" || /^get[A-Z]/.test(k))
        .map(([, v]) => v),
    );
    expect(callbacks).toEqual(expect.arrayContaining([root.attributes.onLoad, button.attributes.onAction]));
    const program = parse(text("main.js"), { ecmaVersion: 5, sourceType: "script" });
    const declared = program.body.flatMap((n) => (n.type === "FunctionDeclaration" && n.id ? [n.id.name] : []));
    for (const name of callbacks) expect(declared, name).toContain(name);

    // the button: CreateTaskPane(<folder>/taskpane.html), Visible = true, its id in PluginStorage;
    // a second click toggles the same pane
    const storage = new Map<string, unknown>();
    const panes: { url: string; Visible: boolean; ID: number }[] = [];
    const Application: Record<string, unknown> = {
      PluginStorage: { getItem: (k: string) => storage.get(k), setItem: (k: string, v: unknown) => storage.set(k, v) },
      CreateTaskPane: (url: string) => {
        const pane = { url, Visible: false, ID: 100 + panes.length };
        panes.push(pane);
        return pane;
      },
      GetTaskPane: (id: number) => panes.find((p) => p.ID === id),
    };
    const sandbox: Record<string, unknown> = {
      document: { location: `${BASE}index.html` },
      decodeURI,
      String,
    };
    sandbox.window = { Application };
    runInNewContext(text("main.js"), sandbox);
    const call = (name: string, ...args: unknown[]) => (sandbox[name] as (...a: unknown[]) => unknown)(...args);
    expect(call(root.attributes.onLoad, { Invalidate() {} })).toBe(true);
    expect(call(button.attributes.onAction, { Id: button.attributes.id })).toBe(true);
    expect(panes).toEqual([{ url: `${BASE}taskpane.html`, Visible: true, ID: 100 }]);
    expect([...storage.values()]).toEqual([100]);
    call(button.attributes.onAction, { Id: button.attributes.id });
    expect(panes).toHaveLength(1);
    expect(panes[0].Visible).toBe(false);
    expect(call(button.attributes.getImage, { Id: button.attributes.id })).toBe("images/icon-32.png");
  });

  it("manifest.xml: a well-formed JsPlugin manifest", () => {
    const elements = parseXml(text("manifest.xml"));
    expect(elements[0].name).toBe("JsPlugin");
    expect(elements.map((e) => e.name)).toEqual(expect.arrayContaining(["ApiVersion", "Name", "Description"]));
  });

  it("jsplugins.xml names the online URL; every URL of the XML files and publish.html is at the base", () => {
    for (const file of [join(out, "jsplugins.xml"), join(online, "jsplugins.xml")]) {
      const elements = parseXml(readFileSync(file, "utf8"));
      expect(elements[0].name).toBe("jsplugins");
      const entry = elements.find((e) => e.name === "jspluginonline")!;
      expect(entry.attributes).toEqual({ name: PKG.name, type: "et", url: BASE });
    }
    for (const file of ["ribbon.xml", "manifest.xml", "jsplugins.xml"]) {
      const body = text(file).replace(/\sxmlns(:\w+)?="[^"]*"/g, "");
      for (const url of urlsIn(body)) expect(url.startsWith(BASE), `${file}: ${url}`).toBe(true);
    }
    // wpsjs's publish page, with this add-in (online) in its list
    const publish = text("publish.html");
    expect(publish).toContain(
      JSON.stringify([{ name: PKG.name, addonType: "et", online: "true", multiUser: "false", url: BASE }]),
    );
    expect(publish).not.toContain("PUBLISH_REPLACE_STRING");
    for (const url of urlsIn(publish)) expect(url.startsWith(BASE) || LOCAL_WPS_SERVICE.test(url), url).toBe(true);
  });

  it("the .7z holds pilot-forms_<version>/ with the add-in's files", () => {
    const archive = join(out, `${PKG.name}.7z`);
    expect(existsSync(archive)).toBe(true);
    const sevenZip = ["/usr/bin/7z", "/usr/bin/7za"].find((p) => existsSync(p));
    if (!sevenZip) return; // the build found its own 7za; listing needs Debian's here
    const r = spawnSync(sevenZip, ["l", "-slt", archive], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const listed = [...r.stdout.matchAll(/^Path = (.+)$/gm)].map((m) => m[1]).filter((p) => p !== archive);
    for (const f of ["index.html", "main.js", "ribbon.xml", "manifest.xml", "taskpane.html", "images/icon-32.png"])
      expect(listed).toContain(`${FOLDER}/${f}`);
    expect(listed.some((p) => new RegExp(`^${FOLDER}/wps\\.[0-9a-f]{8}\\.js$`).test(p))).toBe(true);
    expect(listed.some((p) => p.startsWith(`${FOLDER}/templates/`) && p.endsWith(".xlsx"))).toBe(true);
    expect(listed.every((p) => p === FOLDER || p.startsWith(`${FOLDER}/`))).toBe(true);
    // the intranet's files stay out of the offline package
    expect(listed).not.toContain(`${FOLDER}/jsplugins.xml`);
    expect(listed).not.toContain(`${FOLDER}/publish.html`);
  });

  it("names no Internet host in our own files (the pages, the XML, main.js and the pane's bundle)", () => {
    // Not the lazy chunks of 下载标注副本 (exceljs, SheetJS): their OOXML namespaces and licence
    // texts name hosts, never fetched — as test/build.test.ts leaves out the offline page.
    const ours = filesUnder(online).filter((p) => /\.(html|xml)$/.test(p) || p === "main.js" || /^wps\.[0-9a-f]{8}\.js$/.test(p));
    expect(ours.length).toBeGreaterThanOrEqual(8);
    const stray: string[] = [];
    for (const p of ours) {
      const body = p.endsWith(".xml") ? text(p).replace(/\sxmlns(:\w+)?="[^"]*"/g, "") : text(p);
      for (const url of urlsIn(body)) {
        if (url.startsWith(BASE) || url === "https://intranet.example") continue;
        if (p === "publish.html" && LOCAL_WPS_SERVICE.test(url)) continue;
        if (ALLOWED_URL_PREFIXES.some((prefix) => url.startsWith(prefix))) continue;
        stray.push(`${p}: ${url}`);
      }
    }
    expect(stray).toEqual([]);
  });
});
