// The few things the read → check pipeline needs from its platform (SPEC §13, issue 10):
// raw DEFLATE with an output bound, CRC-32, SHA-256, UTF-8 text of bytes, and SheetJS. Node
// (node.ts: zlib, crypto, Buffer) and the browser (browser.ts: pako, a CRC table, SubtleCrypto
// or sha256.ts, TextDecoder) implement the same contract, so that the same bytes read to the
// same grids and issues on both. The modules on the check path import `runtime` from
// ./index.js, which is node.ts; a browser build replaces it by browser.ts (webpack.config.js,
// NormalModuleReplacementPlugin), so no node:* module ever enters a bundle.
import type * as XLSXNS from "@e965/xlsx";

export type SheetJs = typeof XLSXNS;

/** Raw DEFLATE data that did not inflate: more output than allowed ("size"), or bad or cut data ("data"). */
export class InflateError extends Error {
  constructor(readonly problem: "size" | "data") {
    super(problem === "size" ? "inflated data exceeds the stated size" : "invalid or truncated deflate data");
    this.name = "InflateError";
  }
}

export interface Runtime {
  readonly name: "node" | "browser";
  /**
   * Inflate raw DEFLATE data (a zip entry), never producing more than `maxOutput` bytes.
   * Throws InflateError("size") past it, InflateError("data") for invalid or truncated data.
   */
  inflateRaw(data: Uint8Array, maxOutput: number): Uint8Array;
  /** The same, off the calling thread where the platform can (Node: the libuv pool). */
  inflateRawAsync(data: Uint8Array, maxOutput: number): Promise<Uint8Array>;
  /** CRC-32 (zip's), continuing from `value`. */
  crc32(data: Uint8Array, value?: number): number;
  /** SHA-256 of the bytes, lower-case hex. */
  sha256Hex(data: Uint8Array): Promise<string>;
  /** UTF-8 text of bytes: invalid sequences as U+FFFD, a leading BOM kept (as Buffer#toString). */
  utf8(data: Uint8Array): string;
  /** SheetJS with its code pages, loaded once (Node: on first use). */
  loadSheetJs(): Promise<SheetJs>;
  /** What XLSX.read takes for bytes here: a Buffer with type "buffer" (Node), else the Uint8Array as "array". */
  sheetJsInput(bytes: Uint8Array): { data: unknown; type: "buffer" | "array" };
  /**
   * `to` relative to the folder `fromDir`, with forward slashes: the roll-up's links
   * (merge/rollup-write.ts). Node: path.relative of both resolved in the working folder
   * (as the CLI always did). Browser: both are display paths ("a/b/c.xlsx"), resolved
   * against one root "" — the folder that holds the inputs as the page was given them.
   */
  relativePath(fromDir: string, to: string): string;
  /** pilot-forms' version (package.json): Node reads it next to the code, a browser build has it built in. */
  packageVersion(): string;
}
