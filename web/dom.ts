// A few DOM helpers: elements with text and attributes, and bytes offered as a download.

type Child = Node | string | null | undefined | false;

/** <tag attr…>children</tag>; attributes named as in HTML ("data-testid", "class"). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`page element #${id} missing`);
  return node as T;
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function typeOf(name: string): string {
  if (/\.xlsx$/i.test(name)) return XLSX_TYPE;
  if (/\.json$/i.test(name)) return "application/json";
  if (/\.zip$/i.test(name)) return "application/zip";
  return "application/octet-stream";
}

/** A link that saves `data` as `name` (an object URL, released when the page replaces the link). */
export function downloadLink(name: string, data: Uint8Array | string, label: string, testId: string): HTMLAnchorElement {
  const blob = new Blob([data as BlobPart], { type: typeOf(name) });
  const a = el("a", { href: URL.createObjectURL(blob), download: name, class: "download", "data-testid": testId }, label);
  return a;
}

/** Save bytes now (a download started by a button, once they are made). */
export function saveNow(name: string, data: Uint8Array): void {
  const a = downloadLink(name, data, name, "save-now");
  a.hidden = true;
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 60_000);
}

/** Release the object URLs of the download links inside `node` before it is emptied. */
export function releaseLinks(node: HTMLElement): void {
  for (const a of Array.from(node.querySelectorAll<HTMLAnchorElement>("a.download"))) URL.revokeObjectURL(a.href);
}
