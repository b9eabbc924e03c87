// The browser runtime of the check pipeline (see types.ts): pako for raw DEFLATE (pinned,
// pure JavaScript, bounded through its chunked output), a CRC-32 table, SubtleCrypto for
// SHA-256 (sha256.ts where it is missing: an insecure context), TextDecoder, and SheetJS
// bundled (no lazy chunk to fetch: the page also works from file://).
import * as XLSX from "@e965/xlsx";
import * as cpexcel from "@e965/xlsx/dist/cpexcel";
import pako from "pako";
import { crc32 } from "./crc32.js";
import { sha256Hex } from "./sha256.js";
import { InflateError, type Runtime, type SheetJs } from "./types.js";

/**
 * pako's output chunk: Node's zlib default (16 KB). Node checks maxOutputLength after each
 * such chunk, an error inside a chunk first, so that a bad stream fails as "data" or "size"
 * exactly as there (test/read/runtime.test.ts compares them on garbage).
 */
const CHUNK = 16 * 1024;

function inflateRaw(data: Uint8Array, maxOutput: number): Uint8Array {
  const max = Math.max(1, maxOutput);
  const inflator = new pako.Inflate({ raw: true, chunkSize: CHUNK });
  const chunks: Uint8Array[] = [];
  let total = 0;
  let over = false;
  inflator.onData = (chunk: pako.Data) => {
    const c = chunk as Uint8Array;
    total += c.length;
    if (total > max) {
      over = true;
      throw new InflateError("size");
    }
    chunks.push(c);
  };
  try {
    // Not Z_FINISH: pako would then end a cut stream quietly; `ended` is set only at its end.
    inflator.push(data, false);
  } catch {
    if (over) throw new InflateError("size");
    throw new InflateError("data");
  }
  if (inflator.err || !(inflator as unknown as { ended: boolean }).ended) throw new InflateError("data");
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

const subtle: SubtleCrypto | undefined = (globalThis as { crypto?: Crypto }).crypto?.subtle;

let sheetJs: SheetJs | undefined;

/** package.json's version, put in by webpack.config.js (DefinePlugin). */
declare const __PILOT_FORMS_VERSION__: string | undefined;

/** The segments of a display path resolved against the root "" ("." and ".." applied, never above the root). */
function segments(p: string): string[] {
  const out: string[] = [];
  for (const s of p.split(/[\\/]/)) {
    if (!s || s === ".") continue;
    if (s === "..") out.pop();
    else out.push(s);
  }
  return out;
}

/** posix path.relative between two display paths (both under one root). */
function relativePath(fromDir: string, to: string): string {
  const a = segments(fromDir);
  const b = segments(to);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => ".."), ...b.slice(i)].join("/");
}

export const runtime: Runtime = {
  name: "browser",
  inflateRaw,
  inflateRawAsync: (data, maxOutput) => Promise.resolve().then(() => inflateRaw(data, maxOutput)),
  crc32,
  async sha256Hex(data) {
    if (subtle) {
      try {
        const digest = new Uint8Array(await subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
        let hex = "";
        for (const b of digest) hex += b.toString(16).padStart(2, "0");
        return hex;
      } catch {
        // a browser that refuses: the JavaScript one below
      }
    }
    return sha256Hex(data);
  },
  utf8: (data) => utf8Decoder.decode(data),
  loadSheetJs() {
    if (!sheetJs) {
      const ns = XLSX as unknown as SheetJs & { default?: SheetJs };
      const x = typeof ns.read === "function" ? ns : (ns.default ?? ns);
      const cp = cpexcel as unknown as { default?: unknown };
      x.set_cptable(cp.default ?? cp);
      sheetJs = x;
    }
    return Promise.resolve(sheetJs);
  },
  sheetJsInput(bytes) {
    return { data: bytes, type: "array" };
  },
  relativePath,
  packageVersion: () => (typeof __PILOT_FORMS_VERSION__ === "string" ? __PILOT_FORMS_VERSION__ : "0.0.0"),
};
