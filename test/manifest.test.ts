// manifest.xml (SPEC §12): the structure Office's schema wants (office-addin-manifest
// validate posts to an online service, so it cannot run here), Chinese first with English
// overrides, ExcelApi 1.1 only, every URL on the dev base and every resource defined, icons
// that exist at the sizes declared, and the URL rewriting the build applies for a deployment.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEV_BASE_URL, normalizeBaseUrl, rewriteManifestUrls } from "../scripts/manifest-url.mjs";
import { ICON_SIZES, iconFileName, renderIconPng } from "../scripts/make-icons.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MANIFEST = readFileSync(join(ROOT, "manifest.xml"), "utf8");
const DEV_ORIGIN = "https://localhost:3000";

// ---------------------------------------------------------------------------------------
// A very small XML reader: elements, attributes and text, the five predefined entities and
// numeric character references; comments, the declaration and processing instructions are
// skipped (no DTD, no CDATA: the manifest has none). Throws on malformed markup.

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, ref: string) => {
    if (ref.startsWith("#x")) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[ref] ?? "";
  });
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/y;
const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < xml.length) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(xml);
    if (!m) throw new Error(`XML: cannot read at offset ${pos}: ${xml.slice(pos, pos + 40)}`);
    pos = TOKEN.lastIndex;
    const [, endName, startName, attrText, selfClosing, text] = m;
    const top = stack[stack.length - 1];
    if (endName) {
      if (top.name !== endName) throw new Error(`XML: </${endName}> closes <${top.name}>`);
      stack.pop();
    } else if (startName) {
      const attrs: Record<string, string> = {};
      for (const a of (attrText ?? "").matchAll(ATTR)) {
        if (a[1] in attrs) throw new Error(`XML: attribute ${a[1]} twice on <${startName}>`);
        attrs[a[1]] = decode(a[2] ?? a[3] ?? "");
      }
      const el: XmlElement = { name: startName, attrs, children: [], text: "" };
      top.children.push(el);
      if (!selfClosing) stack.push(el);
    } else if (text !== undefined) {
      if (stack.length === 1 && text.trim()) throw new Error("XML: text outside the root element");
      top.text += decode(text);
    }
  }
  if (stack.length !== 1) throw new Error(`XML: <${stack[stack.length - 1].name}> is not closed`);
  if (root.children.length !== 1) throw new Error("XML: a document has exactly one root element");
  return root.children[0];
}

/** Every element below (and including) el, depth first. */
function allElements(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap(allElements)];
}

/** The direct children named name. */
function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The one direct child named name (throws when there is none or more than one). */
function child(el: XmlElement, name: string): XmlElement {
  const found = childrenNamed(el, name);
  if (found.length !== 1) throw new Error(`<${el.name}> has ${found.length} <${name}> children, expected 1`);
  return found[0];
}

// ---------------------------------------------------------------------------------------

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature)) throw new Error("not a PNG");
  if (bytes.toString("ascii", 12, 16) !== "IHDR") throw new Error("PNG without IHDR first");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Every URL-valued attribute or text in the document, except the namespace names. */
function urlsIn(root: XmlElement): { where: string; url: string }[] {
  const found: { where: string; url: string }[] = [];
  for (const el of allElements(root)) {
    for (const [name, value] of Object.entries(el.attrs)) {
      if (name === "xmlns" || name.startsWith("xmlns:")) continue;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) found.push({ where: `<${el.name} ${name}>`, url: value });
    }
    if (/^\s*[a-z][a-z0-9+.-]*:\/\//i.test(el.text)) found.push({ where: `<${el.name}>`, url: el.text.trim() });
  }
  return found;
}

const CJK = /[\u4e00-\u9fff]/;
/** The sizes a desktop <Icon> may have (16, 32, 80 required): https://learn.microsoft.com/javascript/api/manifest/image */
const RIBBON_ICON_SIZES = [16, 20, 24, 32, 40, 48, 64, 80] as const;
const TOP_LEVEL_ORDER = [
  "Id",
  "Version",
  "ProviderName",
  "DefaultLocale",
  "DisplayName",
  "Description",
  "IconUrl",
  "HighResolutionIconUrl",
  "SupportUrl",
  "AppDomains",
  "Hosts",
  "Requirements",
  "DefaultSettings",
  "Permissions",
  "VersionOverrides",
];

const app = parseXml(MANIFEST);
const overrides = child(app, "VersionOverrides");
const resources = child(overrides, "Resources");
const formFactor = child(child(child(overrides, "Hosts"), "Host"), "DesktopFormFactor");

/** Resource id → the element defining it, by resource kind. */
const defined = {
  image: new Map(childrenNamed(child(resources, "bt:Images"), "bt:Image").map((e) => [e.attrs.id, e])),
  url: new Map(childrenNamed(child(resources, "bt:Urls"), "bt:Url").map((e) => [e.attrs.id, e])),
  short: new Map(childrenNamed(child(resources, "bt:ShortStrings"), "bt:String").map((e) => [e.attrs.id, e])),
  long: new Map(childrenNamed(child(resources, "bt:LongStrings"), "bt:String").map((e) => [e.attrs.id, e])),
};

/** The kind of resource a resid on this element must name (VersionOverrides 1.0). */
function residKind(el: XmlElement, parent: XmlElement): keyof typeof defined {
  if (el.name === "bt:Image") return "image";
  if (["SourceLocation", "FunctionFile", "LearnMoreUrl"].includes(el.name)) return "url";
  if (el.name === "Label" || el.name === "Title") return "short";
  if (el.name === "Description") return "long";
  throw new Error(`unexpected resid on <${el.name}> in <${parent.name}>`);
}

function residReferences(): { el: XmlElement; parent: XmlElement; kind: keyof typeof defined }[] {
  const refs: { el: XmlElement; parent: XmlElement; kind: keyof typeof defined }[] = [];
  const walk = (el: XmlElement): void => {
    for (const c of el.children) {
      if ("resid" in c.attrs) refs.push({ el: c, parent: el, kind: residKind(c, el) });
      walk(c);
    }
  };
  walk(child(overrides, "Hosts"));
  return refs;
}

function resolveUrl(resid: string): string {
  const el = defined.url.get(resid);
  if (!el) throw new Error(`no bt:Url ${resid}`);
  return el.attrs.DefaultValue;
}

describe("manifest.xml: structure", () => {
  it("is a TaskPaneApp with the namespaces of schema 1.1 and VersionOverrides 1.0", () => {
    expect(MANIFEST.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(app.name).toBe("OfficeApp");
    expect(app.attrs.xmlns).toBe("http://schemas.microsoft.com/office/appforoffice/1.1");
    expect(app.attrs["xmlns:xsi"]).toBe("http://www.w3.org/2001/XMLSchema-instance");
    expect(app.attrs["xmlns:bt"]).toBe("http://schemas.microsoft.com/office/officeappbasictypes/1.0");
    expect(app.attrs["xsi:type"]).toBe("TaskPaneApp");
    expect(overrides.attrs.xmlns).toBe("http://schemas.microsoft.com/office/taskpaneappversionoverrides");
    expect(overrides.attrs["xsi:type"]).toBe("VersionOverridesV1_0");
  });

  it("has the top-level elements the schema requires, in the schema's order", () => {
    expect(app.children.map((c) => c.name)).toEqual(TOP_LEVEL_ORDER);
  });

  it("identifies the add-in: fixed GUID, four-part version, provider, zh-CN default locale", () => {
    expect(child(app, "Id").text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(child(app, "Version").text).toBe("1.0.0.0");
    expect(child(app, "ProviderName").text).toBe("pilot-forms");
    expect(child(app, "DefaultLocale").text).toBe("zh-CN");
  });

  it("names and describes itself in Chinese, with en-US overrides", () => {
    const name = child(app, "DisplayName");
    expect(name.attrs.DefaultValue).toBe("试点表格校验");
    expect(childrenNamed(name, "Override").map((o) => [o.attrs.Locale, o.attrs.Value])).toEqual([["en-US", "Pilot Forms Check"]]);
    const description = child(app, "Description");
    expect(description.attrs.DefaultValue).toMatch(CJK);
    expect(description.attrs.DefaultValue.length).toBeLessThanOrEqual(250);
    const en = childrenNamed(description, "Override");
    expect(en.map((o) => o.attrs.Locale)).toEqual(["en-US"]);
    expect(en[0].attrs.Value).not.toMatch(CJK);
    expect(en[0].attrs.Value.length).toBeLessThanOrEqual(250);
  });

  it("runs in Excel only, asks for ExcelApi 1.1 and nothing newer, reads and writes the document", () => {
    expect(childrenNamed(child(app, "Hosts"), "Host").map((h) => h.attrs.Name)).toEqual(["Workbook"]);
    const sets = child(child(app, "Requirements"), "Sets");
    expect(sets.attrs.DefaultMinVersion).toBe("1.1");
    expect(sets.children.map((s) => [s.name, s.attrs.Name, s.attrs.MinVersion])).toEqual([["Set", "ExcelApi", "1.1"]]);
    expect(allElements(app).filter((e) => e.name === "Requirements")).toHaveLength(1);
    expect(child(app, "Permissions").text).toBe("ReadWriteDocument");
  });

  it("opens taskpane.html by default and from one Home-tab button", () => {
    expect(child(child(app, "DefaultSettings"), "SourceLocation").attrs.DefaultValue).toBe(`${DEV_BASE_URL}taskpane.html`);
    expect(childrenNamed(overrides, "Hosts")).toHaveLength(1);
    expect(child(child(overrides, "Hosts"), "Host").attrs["xsi:type"]).toBe("Workbook");
    expect(formFactor.children.map((c) => c.name)).toEqual(["GetStarted", "FunctionFile", "ExtensionPoint"]);
    const point = child(formFactor, "ExtensionPoint");
    expect(point.attrs["xsi:type"]).toBe("PrimaryCommandSurface");
    const tab = child(point, "OfficeTab");
    expect(tab.attrs.id).toBe("TabHome");
    const group = child(tab, "Group");
    expect(group.children.map((c) => c.name)).toEqual(["Label", "Icon", "Control"]);
    const button = child(group, "Control");
    expect(button.attrs["xsi:type"]).toBe("Button");
    expect(button.children.map((c) => c.name)).toEqual(["Label", "Supertip", "Icon", "Action"]);
    const action = child(button, "Action");
    expect(action.attrs["xsi:type"]).toBe("ShowTaskpane");
    expect(child(action, "TaskpaneId").text).toBe("ButtonId1");
    expect(resolveUrl(child(action, "SourceLocation").attrs.resid)).toBe(`${DEV_BASE_URL}taskpane.html`);
    expect(resolveUrl(child(formFactor, "FunctionFile").attrs.resid)).toBe(`${DEV_BASE_URL}commands.html`);
    expect(defined.short.get(child(button, "Label").attrs.resid)?.attrs.DefaultValue).toBe("试点表格校验");
    const ids = allElements(overrides)
      .filter((e) => e.name === "Group" || e.name === "Control")
      .map((e) => e.attrs.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(125);
  });

  it("orders the resources as the schema does: Images, Urls, ShortStrings, LongStrings", () => {
    expect(resources.children.map((c) => c.name)).toEqual(["bt:Images", "bt:Urls", "bt:ShortStrings", "bt:LongStrings"]);
  });
});

describe("manifest.xml: resources", () => {
  it("defines every resid it references, with the right kind of resource", () => {
    const refs = residReferences();
    expect(refs.length).toBeGreaterThan(10);
    for (const { el, kind } of refs) {
      expect(defined[kind].has(el.attrs.resid), `<${el.name} resid="${el.attrs.resid}"> is not a ${kind} resource`).toBe(true);
    }
  });

  it("uses every resource it defines, and defines each id once in at most 32 characters", () => {
    const used = new Set(residReferences().map((r) => r.el.attrs.resid));
    const all = Object.values(defined).flatMap((m) => [...m.keys()]);
    const count = ["bt:Image", "bt:Url", "bt:String"].reduce(
      (n, name) => n + allElements(resources).filter((e) => e.name === name).length,
      0,
    );
    expect(new Set(all).size).toBe(count);
    for (const id of all) {
      expect(used.has(id), `resource ${id} is never used`).toBe(true);
      expect(id.length).toBeLessThanOrEqual(32);
    }
  });

  it("gives every string a Chinese default and an en-US override, within the length limits", () => {
    for (const [kind, max] of [
      ["short", 125],
      ["long", 250],
    ] as const) {
      expect(defined[kind].size).toBeGreaterThan(0);
      for (const [id, el] of defined[kind]) {
        expect(el.attrs.DefaultValue, id).toMatch(CJK);
        expect(el.attrs.DefaultValue.length, id).toBeLessThanOrEqual(max);
        const en = childrenNamed(el, "bt:Override");
        expect(
          en.map((o) => o.attrs.Locale),
          id,
        ).toEqual(["en-US"]);
        expect(en[0].attrs.Value, id).not.toMatch(CJK);
        expect(en[0].attrs.Value.length, id).toBeLessThanOrEqual(max);
      }
    }
    const label = defined.short.get("PilotForms.Button.Label");
    expect(label?.attrs.DefaultValue).toBe("试点表格校验");
    expect(childrenNamed(label!, "bt:Override")[0].attrs.Value).toBe("Pilot Forms Check");
  });

  it("points every URL at the dev base https://localhost:3000/ (the AppDomain is its origin)", () => {
    const urls = urlsIn(app);
    expect(urls.length).toBeGreaterThanOrEqual(10);
    for (const { where, url } of urls) {
      if (where === "<AppDomain>") expect(url).toBe(DEV_ORIGIN);
      else expect(url.startsWith(DEV_BASE_URL), `${where} ${url}`).toBe(true);
    }
    expect(childrenNamed(child(app, "AppDomains"), "AppDomain").map((d) => d.text)).toEqual([DEV_ORIGIN]);
    // Outside attribute values and the namespace names, no other URL hides in the file.
    const stripped = MANIFEST.replace(/\sxmlns(:\w+)?="[^"]*"/g, "");
    for (const m of stripped.matchAll(/[a-z]+:\/\/[^\s"'<>]*/gi)) expect(m[0].startsWith(DEV_ORIGIN), m[0]).toBe(true);
  });

  it("references icons that exist in assets/ at the sizes declared", () => {
    const iconAt = (url: string): Buffer => {
      expect(url.startsWith(`${DEV_BASE_URL}assets/`), url).toBe(true);
      return readFileSync(join(ROOT, url.slice(DEV_BASE_URL.length)));
    };
    expect(pngSize(iconAt(child(app, "IconUrl").attrs.DefaultValue))).toEqual({ width: 32, height: 32 });
    expect(pngSize(iconAt(child(app, "HighResolutionIconUrl").attrs.DefaultValue))).toEqual({ width: 64, height: 64 });
    const declared = new Set<number>();
    for (const ref of residReferences().filter((r) => r.kind === "image")) {
      const size = Number(ref.el.attrs.size);
      declared.add(size);
      const url = defined.image.get(ref.el.attrs.resid)!.attrs.DefaultValue;
      expect(url.endsWith(`/${iconFileName(size)}`), url).toBe(true);
      expect(pngSize(iconAt(url))).toEqual({ width: size, height: size });
    }
    expect([...declared].sort((a, b) => a - b)).toEqual([...RIBBON_ICON_SIZES]);
  });

  it("gives every ribbon icon the schema's sizes for high-DPI displays: 16, 32, 80 required, 20–64 too, each once", () => {
    const icons = allElements(formFactor).filter((e) => e.name === "Icon");
    expect(icons).toHaveLength(2); // the group's and the button's
    for (const icon of icons) {
      expect(icon.children.every((c) => c.name === "bt:Image")).toBe(true);
      const sizes = icon.children.map((c) => Number(c.attrs.size));
      // VersionOverrides 1.0 allows exactly these sizes on a desktop Icon; others fail validation.
      expect(sizes).toEqual([...RIBBON_ICON_SIZES]);
      for (const required of [16, 32, 80]) expect(sizes).toContain(required);
    }
    for (const size of RIBBON_ICON_SIZES) expect(ICON_SIZES as readonly number[]).toContain(size);
  });

  it("ships icons that scripts/make-icons.ts reproduces byte for byte", () => {
    for (const size of ICON_SIZES) {
      const committed = readFileSync(join(ROOT, "assets", iconFileName(size)));
      expect(pngSize(committed)).toEqual({ width: size, height: size });
      expect(committed.equals(renderIconPng(size)), `assets/${iconFileName(size)} is stale: npx tsx scripts/make-icons.ts`).toBe(
        true,
      );
    }
  });
});

describe("manifest URL rewriting (webpack --env url=…)", () => {
  const BASE = "https://intranet.example/pilot-forms/";

  it("moves every URL to the deployment base and the AppDomain to its origin", () => {
    const rewritten = rewriteManifestUrls(MANIFEST, BASE);
    expect(rewritten).not.toMatch(/localhost/i);
    const before = urlsIn(app);
    const after = urlsIn(parseXml(rewritten));
    expect(after).toHaveLength(before.length);
    after.forEach(({ where, url }, i) => {
      expect(where).toBe(before[i].where);
      if (where === "<AppDomain>") expect(url).toBe("https://intranet.example");
      else expect(url).toBe(BASE + before[i].url.slice(DEV_BASE_URL.length));
    });
  });

  it("changes nothing else in the manifest", () => {
    const rewritten = rewriteManifestUrls(MANIFEST, BASE);
    const strip = (xml: string): string => xml.replace(/https:\/\/[^"<]*/g, "URL");
    expect(strip(rewritten)).toBe(strip(MANIFEST));
    expect(parseXml(rewritten).children.map((c) => c.name)).toEqual(TOP_LEVEL_ORDER);
  });

  it("adds the missing trailing slash, and accepts a bare host", () => {
    expect(rewriteManifestUrls(MANIFEST, "https://intranet.example/pilot-forms")).toBe(rewriteManifestUrls(MANIFEST, BASE));
    expect(normalizeBaseUrl("https://intranet.example")).toBe("https://intranet.example/");
    expect(normalizeBaseUrl(" https://Intranet.Example:8443/a/b ")).toBe("https://intranet.example:8443/a/b/");
    const rooted = rewriteManifestUrls(MANIFEST, "https://forms.gov.example");
    expect(rooted).toContain('"https://forms.gov.example/taskpane.html"');
    expect(rooted).toContain("<AppDomain>https://forms.gov.example</AppDomain>");
  });

  it("rewrites in one pass, escapes for XML and keeps a port", () => {
    const other = rewriteManifestUrls(MANIFEST, "https://localhost:30001/x/");
    expect(other).toContain('"https://localhost:30001/x/taskpane.html"');
    expect(other).toContain("<AppDomain>https://localhost:30001</AppDomain>");
    expect(other).not.toMatch(/localhost:3000[^1]/);
    const amp = rewriteManifestUrls(MANIFEST, "https://intranet.example/a&b/");
    expect(amp).toContain('"https://intranet.example/a&amp;b/taskpane.html"');
    expect(child(child(parseXml(amp), "DefaultSettings"), "SourceLocation").attrs.DefaultValue).toBe(
      "https://intranet.example/a&b/taskpane.html",
    );
  });

  it("refuses what Office cannot load: http, relative, query, fragment, credentials", () => {
    for (const bad of [
      "http://intranet.example/",
      "intranet.example/pilot-forms/",
      "/pilot-forms/",
      "https://x.example/?a=1",
      "https://x.example/#a",
      "https://u:p@x.example/",
    ]) {
      expect(() => rewriteManifestUrls(MANIFEST, bad), bad).toThrow(/--env url=/);
    }
  });
});
