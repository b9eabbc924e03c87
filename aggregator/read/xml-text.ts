// XML text of workbook parts read with regular expressions (attribute values of workbook.xml,
// its rels, .ods content.xml): entities and character references decoded once, here.
/** XML entities and character references → text. */
export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const k = e.toLowerCase();
    if (k === "amp") return "&";
    if (k === "lt") return "<";
    if (k === "gt") return ">";
    if (k === "quot") return '"';
    if (k === "apos") return "'";
    const n = k.startsWith("#x") ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : "";
  });
}

/**
 * The string as a copy of its own. V8 keeps a slice of 13 or more characters as a view into
 * the text it was cut from, so a cell's value would keep its whole sharedStrings.xml or sheet
 * XML alive for as long as a record, an issue or a cache holds it: a merge of thousands of
 * files then holds all their XML (issue 13: 64 KB retained per merged city file, 19 KB with copies).
 */
export function ownText(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}
