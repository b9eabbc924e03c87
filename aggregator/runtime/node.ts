// The Node runtime of the check pipeline (see types.ts): zlib, crypto and Buffer, as the
// reader used them directly before (same calls, same results, no extra copies).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { crc32 as jsCrc32 } from "./crc32.js";
import { InflateError, type Runtime, type SheetJs } from "./types.js";

const inflateRawAsync = promisify(zlib.inflateRaw);

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function inflateError(e: unknown): InflateError {
  const code = (e as NodeJS.ErrnoException)?.code;
  return new InflateError(code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError ? "size" : "data");
}

let sheetJs: Promise<SheetJs> | undefined;

/** The package version, from the package.json above this module (source or lib/). */
function packageVersion(): string {
  for (let dir = new URL("./", import.meta.url); ; dir = new URL("../", dir)) {
    const file = new URL("package.json", dir);
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pilot-forms") return pkg.version ?? "0.0.0";
    }
    if (dir.pathname === "/") return "0.0.0";
  }
}

export const runtime: Runtime = {
  name: "node",
  inflateRaw(data, maxOutput) {
    try {
      return zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, maxOutput) });
    } catch (e) {
      throw inflateError(e);
    }
  },
  async inflateRawAsync(data, maxOutput) {
    try {
      return await inflateRawAsync(data, { maxOutputLength: Math.max(1, maxOutput) });
    } catch (e) {
      throw inflateError(e);
    }
  },
  // zlib.crc32 arrived in Node 20.15; the table before.
  crc32: typeof zlib.crc32 === "function" ? (d, v) => zlib.crc32(d, v) : jsCrc32,
  sha256Hex(data) {
    return Promise.resolve(createHash("sha256").update(data).digest("hex"));
  },
  utf8(data) {
    return asBuffer(data).toString("utf8");
  },
  // Loaded on first use (~1 MB of JavaScript): reading only .xlsx files never loads it.
  loadSheetJs() {
    sheetJs ??= (async () => {
      const m = (await import("@e965/xlsx")) as SheetJs & { default?: SheetJs };
      const x = (typeof (m as { read?: unknown }).read === "function" ? m : (m.default ?? m)) as SheetJs;
      try {
        const cp = (await import("@e965/xlsx/dist/cpexcel" as string)) as { default?: unknown };
        x.set_cptable(cp.default ?? cp);
      } catch {
        // Without the tables BIFF5 text in a code page other than 1252 reads as Latin-1.
      }
      return x;
    })();
    return sheetJs;
  },
  sheetJsInput(bytes) {
    return { data: asBuffer(bytes), type: "buffer" };
  },
  relativePath(fromDir, to) {
    return path.relative(path.resolve(fromDir), path.resolve(to)).split(path.sep).join("/");
  },
  packageVersion,
};
