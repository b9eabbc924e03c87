// --feedback DIR: per city, a workbook listing that city's problems and an annotated copy
// of each of its files, ready to send back for correction. The files are made in memory by
// feedback-files.ts (the page zips the same bytes); this module writes them into DIR.
import { chmod, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Issue } from "../../forms/model.js";
import type { MergeResult } from "./model.js";
import { makeDirs } from "../write-file.js";
import { inputBytes } from "../read/zip-inputs.js";
import { eachFeedbackFile, type FeedbackFile } from "./feedback-files.js";

/**
 * Write DIR/<city>/<city>问题反馈.xlsx and DIR/<city>/<file>（已标注）.xlsx; returns the paths
 * written (as they are after the rename). The folder is built beside DIR (a hidden temporary
 * sibling) and renamed into place, replacing an earlier run's folder as a whole, so that the
 * files of two runs never mix and a failure leaves the earlier folder as it was. File names
 * are shortened to the file system's 255 bytes (keeping the extension) and kept unique.
 */
export async function writeFeedback(dir: string, cities: string[], results: MergeResult[], issues: Issue[]): Promise<string[]> {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  await makeDirs(parent);
  const tmp = await mkdtemp(path.join(parent, ".pilot-forms-feedback-"));
  // mkdtemp makes it private (0700); the folder is for sending on, like the files in it.
  await chmod(tmp, 0o755);
  const written: string[] = [];
  try {
    const folders = new Set<string>();
    // Each file written as soon as it is made (the same files, names and order as feedbackFiles gives the page).
    const write = async (f: FeedbackFile) => {
      const folder = path.join(tmp, f.folder);
      if (!folders.has(f.folder)) {
        await makeDirs(folder);
        folders.add(f.folder);
      }
      await writeFile(path.join(folder, f.name), f.bytes);
      written.push(path.join(target, f.folder, f.name));
    };
    await eachFeedbackFile(cities, results, issues, (r) => inputBytes(r.input), write, { basename: path.basename });
    const existed = await stat(target).then(
      () => true,
      () => false,
    );
    if (existed) {
      const old = `${tmp}.old`;
      await rename(target, old);
      try {
        await rename(tmp, target);
      } catch (e) {
        await rename(old, target).catch(() => undefined);
        throw e;
      }
      await rm(old, { recursive: true, force: true });
    } else await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return written;
}
