// Reading and validating input files: file → grid → forms core → issues. Shared by
// `validate` and `merge`. The check itself is check-bytes.ts (no node:*: the browser runs it
// too); this module finds the bytes (a file on disk or a member of a .zip input) and where
// the file lies (its folders, for the city).
import path from "node:path";
import { checkRead, type CheckOptions, type FileCheck, type FilePlace } from "./check-bytes.js";
import { readInput } from "./read/zip-inputs.js";
import type { InputFile } from "./inputs.js";

export {
  checkBytes,
  checkRead,
  isNotSpreadsheet,
  statusOf,
  type CheckOptions,
  type FileCheck,
  type FilePlace,
  type FileStatus,
} from "./check-bytes.js";

export interface FileResult extends FileCheck {
  input: InputFile;
}

/**
 * Folders from the file up to the input folder (itself included), nearest first; for a file
 * given directly, its folders as displayed (relative to the working folder when inside it).
 */
function foldersOf(input: InputFile): string[] {
  const base =
    input.root === input.abs ? path.dirname(input.display) : path.relative(path.dirname(input.root), path.dirname(input.abs));
  return base
    .split(/[\\/]/)
    .filter((f) => f && f !== "." && f !== "..")
    .reverse();
}

/** Where an input lies, as the checks use it: its display path, its own name, its folders. */
export function placeOf(input: InputFile): FilePlace {
  return { display: input.display, fileName: path.basename(input.abs), folders: foldersOf(input) };
}

/** Read and validate one file. Never throws for a bad file: it becomes a file.unreadable issue. */
export async function checkFile(input: InputFile, opts: CheckOptions): Promise<FileResult> {
  // A file on disk or a member of a .zip input (bytes loaded one at a time), never a FIFO.
  const read = await readInput(input);
  return { input, ...checkRead(read, placeOf(input), opts) };
}
