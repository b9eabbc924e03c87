// Output files are written to a temporary file beside the target and renamed, so that a
// failure never leaves half a workbook or report behind (the temporary file is removed).
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";

/** The temporary name beside `target`: .<name>.<pid>.tmp, or a short one when that would pass 255 bytes. */
export function tempNameFor(target: string): string {
  const long = `.${path.basename(target)}.${process.pid}.tmp`;
  return Buffer.byteLength(long, "utf8") <= 255 ? long : `.pilot-forms-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
}

/**
 * `mkdir -p`, one level at a time. Node's `mkdir(…, { recursive: true })` never returns where a
 * parent exists but refuses new entries with ENOENT (under /proc, some network mounts): it
 * retries forever at full CPU. Here the first refusal is the error.
 */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    try {
      if ((await stat(at)).isDirectory()) break;
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: "ENOTDIR", syscall: "mkdir", path: at });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      const up = path.dirname(at);
      if (up === at) break;
      missing.push(at);
      at = up;
    }
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  await makeDirs(dir);
  const tmp = path.join(dir, tempNameFor(target));
  try {
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
