// Output files are written to a temporary file beside the target and renamed, so that a
// failure never leaves half a workbook or report behind (the temporary file is removed).
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** The temporary name beside `target`: .<name>.<pid>.tmp, or a short one when that would pass 255 bytes. */
export function tempNameFor(target: string): string {
  const long = `.${path.basename(target)}.${process.pid}.tmp`;
  return Buffer.byteLength(long, "utf8") <= 255 ? long : `.pilot-forms-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
}

export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, tempNameFor(target));
  try {
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
