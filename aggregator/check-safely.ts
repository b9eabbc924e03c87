// checkFile for callers that must never stop on one file: an exception while reading or
// validating (a reader or rule bug met on a hostile file) becomes that file's
// file.unreadable result, as in the worker pool, instead of ending the command with exit 3.
import { checkFile, type CheckOptions, type FileResult } from "./check.js";
import type { InputFile } from "./inputs.js";
import { failedResult } from "./check-bytes.js";

export type { FileResult };

export async function checkFileSafely(input: InputFile, opts: CheckOptions): Promise<FileResult> {
  try {
    return await checkFile(input, opts);
  } catch (e) {
    return failedResult(input, e instanceof Error ? e.message : String(e));
  }
}
