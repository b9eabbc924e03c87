// CSV and tab-separated text into a one-sheet grid named after the file.
//
// Chinese Excel and WPS save "CSV (逗号分隔)" in the ANSI code page, i.e. GBK; "CSV UTF-8"
// with a byte-order mark; other programs plain UTF-8; Excel's "Unicode 文本" is UTF-16LE with
// tabs. The bytes decide (sniff.ts guesses from the first 64 KB; here the whole file is
// checked: a file that is UTF-8 at the start and GBK further down is GBK), then the text is
// split by RFC 4180 rules: quoted fields with "" for a quote, line breaks inside quotes, CR,
// LF or CRLF line ends, an Excel "sep=;" first line. The delimiter is the one of , ; TAB that
// occurs most outside quotes in the first lines.
//
// Values are what the text says, converted only where nothing can be lost: plain decimal
// numbers (no leading zero, at most 15 digits, so 0311-…, 00123, 18-digit codes and phone
// numbers with a + stay text), 1,234.5 with thousands separators, TRUE/FALSE. Dates stay as
// their text (2025-11-28, 2025年11月28日: forms/parse/date.ts reads them), "=…" stays text
// (a CSV formula is never evaluated), "" is empty.
import type { CellValue, WorkbookGrid } from "../../forms/model.js";
import type { Sniff } from "./sniff.js";

/** Decode a text file: BOMs first, then UTF-8 if the whole file is valid UTF-8, else GB18030 (a superset of GBK). */
export function decodeText(bytes: Uint8Array, hint?: Sniff["encoding"]): { text: string; encoding: string } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder("utf-8").decode(bytes), encoding: "utf-8" };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  if (hint === "utf-16le" || hint === "utf-16be") return { text: new TextDecoder(hint).decode(bytes), encoding: hint };
  if (hint !== "gbk") {
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: hint === "ascii" ? "ascii" : "utf-8" };
    } catch {
      // not UTF-8 after all
    }
  }
  return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gbk" };
}

/** Split CSV text into rows of fields. */
export function parseCsv(text: string, delimiter?: string): string[][] {
  let s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sep = /^sep=(.)\r?\n/i.exec(s);
  if (sep) s = s.slice(sep[0].length);
  const d = delimiter ?? sep?.[1] ?? guessDelimiter(s);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  const n = s.length;
  let quoted = false;
  let any = false; // the current row has a field (so a final line without a newline counts)
  while (i < n) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") {
      quoted = true;
      any = true;
      i++;
      continue;
    }
    if (c === d) {
      row.push(field);
      field = "";
      any = true;
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      any = false;
      i += c === "\r" && s[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    field += c;
    any = true;
    i++;
  }
  if (any || field !== "") {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function guessDelimiter(s: string): string {
  const counts: Record<string, number> = { ",": 0, "\t": 0, ";": 0 };
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < s.length && lines < 20; i++) {
    const c = s[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted) {
      if (c === "\n") lines++;
      else if (c in counts) counts[c]++;
    }
  }
  let best = ",";
  for (const k of ["\t", ";"]) if (counts[k] > counts[best]) best = k;
  return best;
}

// A leading + stays text: +86 138… is a phone number, not 8.6E+12.
const PLAIN_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const FRACTION_ONLY = /^-?0?\.\d+$/;
const THOUSANDS = /^-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/;

/** One CSV field → a cell value, converting only what cannot be lost (see the head of this file). */
export function csvValue(field: string): CellValue {
  if (field === "") return null;
  if (field === "TRUE") return true;
  if (field === "FALSE") return false;
  const t = field.trim();
  if (t !== field) return field; // spaces around: the text as written
  let num: string | undefined;
  if (PLAIN_NUMBER.test(t) || FRACTION_ONLY.test(t)) num = t;
  else if (THOUSANDS.test(t)) num = t.replace(/,/g, "");
  if (num !== undefined && num.replace(/[^0-9]/g, "").replace(/^0+/, "").length <= 15) {
    const v = Number(num);
    if (Number.isFinite(v)) return v;
  }
  return field;
}

/** A CSV file as a workbook of one sheet named after the file (without its extension). */
export function gridFromCsv(
  bytes: Uint8Array,
  fileName: string,
  hint?: Sniff["encoding"],
): { grid: WorkbookGrid; encoding: string } {
  const { text, encoding } = decodeText(bytes, hint);
  const rows = parseCsv(text);
  const values: CellValue[][] = [];
  const formats: (string | undefined)[][] = [];
  let last = -1;
  for (let r = 0; r < rows.length; r++) {
    const vals = rows[r].map(csvValue);
    let n = vals.length;
    while (n > 0 && vals[n - 1] === null) n--;
    vals.length = n;
    values.push(vals);
    formats.push(new Array<string | undefined>(n).fill(undefined));
    if (n) last = r;
  }
  values.length = last + 1;
  formats.length = last + 1;
  const base = (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.[^.]*$/, "") || "CSV";
  return { grid: { sheets: [{ name: base, values, formats, top: 0, left: 0, merges: [], state: "visible" }] }, encoding };
}
