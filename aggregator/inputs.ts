// Expanding command-line inputs (files and folders) into the files to read.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/** Extensions worth reading or reporting; anything else in a folder is skipped and listed. */
const SPREADSHEET_EXT = new Set([".xlsx", ".xlsm", ".xls", ".et", ".ett", ".csv", ".xlt", ".xltx", ".ods", ".wps"]);

export interface InputFile {
  /** Path as shown to people and written into reports (relative to the working folder when inside it). */
  display: string;
  abs: string;
  /** The input (file or folder) it was found under, for city-from-folder. */
  root: string;
}

export interface Inputs {
  files: InputFile[];
  /** Skipped: lock files (~$…), non-spreadsheet files in folders. */
  skipped: { display: string; reason: string }[];
  /** Inputs that do not exist. */
  missing: string[];
}

export function displayPath(abs: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  const shown = rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
  return shown.split(path.sep).join("/");
}

/** Files and folders (searched recursively, in name order) → the files to read. */
export async function expandInputs(inputs: string[], cwd = process.cwd()): Promise<Inputs> {
  const out: Inputs = { files: [], skipped: [], missing: [] };
  const seen = new Set<string>();
  const visit = async (abs: string, root: string, explicit: boolean): Promise<void> => {
    let st;
    try {
      st = await stat(abs);
    } catch {
      if (explicit) out.missing.push(displayPath(abs, cwd));
      return;
    }
    if (st.isDirectory()) {
      const entries = (await readdir(abs)).sort((a, b) => a.localeCompare(b, "zh-Hans-CN"));
      for (const e of entries) {
        if (e.startsWith(".")) continue;
        await visit(path.join(abs, e), root, false);
      }
      return;
    }
    const name = path.basename(abs);
    const display = displayPath(abs, cwd);
    if (name.startsWith("~$")) {
      out.skipped.push({ display, reason: "Office 临时锁定文件（~$ 开头），已跳过" });
      return;
    }
    if (!explicit && !SPREADSHEET_EXT.has(path.extname(name).toLowerCase())) {
      out.skipped.push({ display, reason: "不是电子表格文件，已跳过" });
      return;
    }
    if (seen.has(abs)) return;
    seen.add(abs);
    out.files.push({ display, abs, root });
  };
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    await visit(abs, abs, true);
  }
  return out;
}
