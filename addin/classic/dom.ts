// Elements with text, attributes and children, for the classic pane (no framework: IE11).
type Child = Node | string | null | undefined | false;

export function el(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const k of Object.keys(attrs)) {
    const v = attrs[k];
    if (v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    // append() and replaceChildren() are not in IE11.
    node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return node;
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export function on(node: HTMLElement, event: string, handler: (e: Event) => void): void {
  node.addEventListener(event, handler);
}
