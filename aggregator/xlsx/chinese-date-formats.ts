// exceljs resolves a style's numFmtId without a <numFmt> of its own from its built-in table,
// which has no code for the Chinese date ids 27–36 and 50–58 — and WPS and Chinese Excel save
// a 年月日 date as id 31 with nothing more. In Node read/workbook.ts patches that table; the
// browser's prebuilt exceljs cannot be patched. So before exceljs loads a workbook to copy it,
// the ids its styles use get their codes written into styles.xml: both runtimes then load the
// same workbook, and the annotated copy keeps such dates as dates (test/browser/page.test.ts).
import { EXCELJS_BUILTIN_NUMFMTS } from "../read/builtin-formats.js";
import { extractZipEntry, listZipEntries } from "../read/zip-directory.js";
import { decodeName } from "../read/zip-expand.js";
import { runtime } from "../runtime/index.js";
import { xmlEscape } from "./bulk-rows.js";
import { FIXED_DATE, writeZipBytes } from "./deterministic.js";

const CHINESE_DATE_IDS = new Set([27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const MAX_PART = 256 * 1024 * 1024;

/** styles.xml with a <numFmt> for each Chinese date id it uses without defining; undefined when nothing is missing. */
export function defineChineseDateFormats(styles: string): string | undefined {
  // Only the unprefixed element names every Office program writes; anything else is left as it is.
  if (!/<styleSheet\b/.test(styles)) return undefined;
  const defined = new Set([...styles.matchAll(/<numFmt\b[^>]*\bnumFmtId="(\d+)"/g)].map((m) => Number(m[1])));
  const missing = [
    ...new Set([...styles.matchAll(/\bnumFmtId="(\d+)"/g)].map((m) => Number(m[1])).filter((id) => CHINESE_DATE_IDS.has(id))),
  ]
    .filter((id) => !defined.has(id) && EXCELJS_BUILTIN_NUMFMTS.has(id))
    .sort((a, b) => a - b);
  if (!missing.length) return undefined;
  const defs = missing
    .map((id) => `<numFmt numFmtId="${id}" formatCode="${xmlEscape(EXCELJS_BUILTIN_NUMFMTS.get(id)!)}"/>`)
    .join("");
  const open = /<numFmts\b([^>]*?)(\/?)>/.exec(styles);
  if (open) {
    const count = defined.size + missing.length;
    const attrs = open[1].replace(/\s*\bcount="\d*"/, "");
    const head = `<numFmts${attrs} count="${count}">`;
    if (open[2] === "/")
      return styles.slice(0, open.index) + head + defs + "</numFmts>" + styles.slice(open.index + open[0].length);
    const close = styles.indexOf("</numFmts>", open.index);
    if (close < 0) return undefined;
    return styles.slice(0, open.index) + head + styles.slice(open.index + open[0].length, close) + defs + styles.slice(close);
  }
  // <numFmts> comes first in a styleSheet.
  const sheet = /<styleSheet\b[^>]*>/.exec(styles);
  if (!sheet || sheet[0].endsWith("/>")) return undefined;
  const at = sheet.index + sheet[0].length;
  return styles.slice(0, at) + `<numFmts count="${missing.length}">${defs}</numFmts>` + styles.slice(at);
}

/**
 * The .xlsx with its Chinese date formats defined (a new package, entries in the same order),
 * or the same bytes when none is missing or the package cannot be rewritten.
 */
export function withChineseDateFormats(bytes: Uint8Array): Uint8Array {
  try {
    const entries = listZipEntries(bytes);
    const names = entries.map((e) => decodeName(e.fileNameRaw, e.generalPurposeBitFlag));
    const at = names.findIndex((n) => n === "xl/styles.xml");
    if (at < 0) return bytes;
    const parts: [string, Uint8Array][] = [];
    for (let i = 0; i < entries.length; i++) {
      const got = extractZipEntry(bytes, entries[i], MAX_PART);
      if (!("bytes" in got)) return bytes;
      parts.push([names[i], got.bytes]);
    }
    const styles = defineChineseDateFormats(runtime.utf8(parts[at][1]));
    if (styles === undefined) return bytes;
    parts[at] = [names[at], new TextEncoder().encode(styles)];
    return writeZipBytes(parts, FIXED_DATE, 6);
  } catch {
    return bytes;
  }
}
