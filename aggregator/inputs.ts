// Expanding command-line inputs (files, folders, .zip archives) into the files to read.
//
// Every regular file found is passed on (a .pdf or .docx too: the reader says what it is,
// and it is counted for its city), except Office lock files (~$…), hidden files and OS junk
// (Thumbs.db, desktop.ini, .DS_Store, __MACOSX/), which are listed as file.skipped. Nothing
// here ever opens a FIFO, socket or device: each path is lstat-ed / stat-ed first and only
// regular files are opened (with O_NONBLOCK, and checked again with fstat). Each real file
// is read once (by device and inode: other links to it are listed as skipped), each real
// folder is walked once (by realpath: symlink loops end there), dangling links are listed.
//
// A .zip (recognised by its content, not its name: a zip holding no xl/workbook.xml,
// content.xml or [Content_Types].xml) is opened like a folder named after it: its members
// become InputFiles whose bytes are loaded one at a time when they are read
// (read/zip-inputs.ts). A zip inside a zip is opened one level deep; deeper ones are listed.
// The rules on names and zips are read/zip-expand.ts's, shared with the page (merge/merge-bytes.ts).
import { constants as FS, type Stats } from "node:fs";
import { lstat, open, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { Issue } from "../forms/model.js";
import { extractMember } from "./read/zip-inputs.js";
import {
  expandZip,
  isZipMagic,
  junkFolderReason,
  junkReason,
  MAX_ARCHIVE_BYTES,
  MSG_NOT_ZIP,
  skippedInput,
  type ZipExpandContext,
} from "./read/zip-expand.js";

export { junkReason, unsafeEntryName } from "./read/zip-expand.js";

/** A file inside a .zip input. */
export interface ArchiveMember {
  /** The .zip on disk (absolute path). */
  archive: string;
  /** When the member is inside a .zip that is itself a member of `archive`: that inner zip's entry name. */
  inner?: string;
  /** Its position in that zip's directory (0-based). */
  innerIndex?: number;
  /** The member's entry name (in `inner` when set, else in `archive`). */
  entry: string;
  /** Its position in that zip's directory (0-based): names may repeat or be undecodable, positions do not. */
  index: number;
  /** Uncompressed size as the zip's directory states it. */
  size: number;
}

export interface InputFile {
  /** Path as shown to people and written into reports (relative to the working folder when inside it). */
  display: string;
  /**
   * Absolute path. For a zip member, a path that does not exist on disk: the archive's path
   * followed by the entry's (…/唐山市.zip/案例1.xlsx), so that the archive counts as a folder
   * for the city; read its bytes with readInput / inputBytes (read/zip-inputs.ts), never with fs.
   */
  abs: string;
  /** The input (file or folder) it was found under, for city-from-folder. */
  root: string;
  /** Set for a file inside a .zip. */
  member?: ArchiveMember;
  /** Decided while expanding (a corrupt or empty .zip, a member that cannot be read): the reader reports it as unreadable. */
  failed?: { message: string };
}

export interface SkippedInput {
  display: string;
  reason: string;
  /** The same as a file.skipped issue, for the reports. */
  issue: Issue;
}

export interface Inputs {
  files: InputFile[];
  /** Listed, not read: lock files, hidden and OS files, FIFOs/sockets/devices, dangling or repeated links, loops. */
  skipped: SkippedInput[];
  /** Inputs that do not exist. */
  missing: string[];
}

export function displayPath(abs: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, abs);
  const shown = rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
  return shown.split(path.sep).join("/");
}

const skippedIssue = skippedInput;

function kindOf(st: Stats): string | undefined {
  if (st.isFIFO()) return "命名管道（FIFO）";
  if (st.isSocket()) return "套接字";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "设备文件";
  if (!st.isFile() && !st.isDirectory()) return "特殊文件";
  return undefined;
}

/** The first bytes of a regular file, opened without blocking (a FIFO swapped in meanwhile is refused). */
async function head(abs: string, n: number): Promise<Buffer | undefined> {
  let fh;
  try {
    fh = await open(abs, FS.O_RDONLY | FS.O_NONBLOCK);
    const st = await fh.stat();
    if (!st.isFile()) return undefined;
    const buf = Buffer.alloc(Math.min(n, st.size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return undefined;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** A whole regular file up to `max` bytes, opened without blocking; undefined when it cannot be read or is larger. */
export async function readRegularFile(abs: string, max: number): Promise<Buffer | undefined> {
  let fh;
  try {
    fh = await open(abs, FS.O_RDONLY | FS.O_NONBLOCK);
    const st = await fh.stat();
    if (!st.isFile() || st.size > max) return undefined;
    const buf = Buffer.alloc(st.size);
    let at = 0;
    while (at < buf.length) {
      const { bytesRead } = await fh.read(buf, at, buf.length - at, at);
      if (!bytesRead) break;
      at += bytesRead;
    }
    return buf.subarray(0, at);
  } catch {
    return undefined;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/** Files and folders (searched recursively, in name order) → the files to read. Never opens a FIFO or device. */
export async function expandInputs(inputs: string[], cwd = process.cwd(), opts: { outputs?: string[] } = {}): Promise<Inputs> {
  const out: Inputs = { files: [], skipped: [], missing: [] };
  /** This run's output files: an earlier run's copy found in an input folder is not an input. */
  const outputs = new Set((opts.outputs ?? []).map((o) => path.resolve(cwd, o)));
  /** realpath of every folder walked → where it was first met. */
  const folders = new Map<string, string>();
  const skip = (display: string, reason: string) => out.skipped.push(skippedIssue(display, reason));

  /** Regular files met, in walk order; several paths may be one file (links). */
  interface Candidate {
    file: InputFile;
    id: string;
    viaLink: boolean;
    size: number;
  }
  const candidates: Candidate[] = [];

  const visit = async (abs: string, root: string, explicit: boolean): Promise<void> => {
    const display = displayPath(abs, cwd);
    let st: Stats;
    try {
      st = await lstat(abs);
    } catch {
      if (explicit) out.missing.push(display);
      else skip(display, "无法访问（可能已被删除或没有权限），未读取");
      return;
    }
    const viaLink = st.isSymbolicLink();
    if (viaLink) {
      try {
        st = await stat(abs);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "ELOOP") skip(display, "链接形成循环（指向自己或相互指向），未读取");
        else if (explicit && code === "ENOENT") out.missing.push(display);
        else skip(display, "失效的链接（指向的文件不存在），未读取");
        return;
      }
    }
    const name = path.basename(abs);
    if (st.isDirectory()) {
      let real: string;
      try {
        real = await realpath(abs);
      } catch {
        skip(display, "无法访问该文件夹，未读取");
        return;
      }
      const first = folders.get(real);
      if (first !== undefined) {
        const inside = first !== display && (display + "/").startsWith(first + "/");
        skip(
          display,
          first === display
            ? "重复给出的输入，只读取一次"
            : inside
              ? `链接指向上层文件夹“${first}”（循环链接），未重复读取`
              : `与“${first}”是同一个文件夹（链接或重复给出），只读取一次`,
        );
        return;
      }
      folders.set(real, display);
      const junkFolder = explicit ? undefined : junkFolderReason(name);
      if (junkFolder) {
        skip(display, junkFolder);
        return;
      }
      let entries: string[];
      try {
        entries = (await readdir(abs)).sort((a, b) => a.localeCompare(b, "zh-Hans-CN"));
      } catch {
        skip(display, "没有权限读取该文件夹，未读取");
        return;
      }
      for (const e of entries) await visit(path.join(abs, e), root, false);
      return;
    }
    const special = kindOf(st);
    if (special) {
      skip(display, `这是${special}，不是普通文件，未打开`);
      return;
    }
    const junk = junkReason(name);
    if (junk && (!explicit || name.startsWith("~$"))) {
      skip(display, junk);
      return;
    }
    if (!explicit && outputs.has(abs)) {
      skip(display, "这是本次要写出的输出文件（上次运行时写出的），不作为输入读取");
      return;
    }
    candidates.push({ file: { display, abs, root }, id: `${st.dev}:${st.ino}`, viaLink, size: st.size });
  };

  /** A regular file chosen (after links to the same file were set aside): a zip is looked into. */
  const take = async (c: Candidate): Promise<void> => {
    const file = c.file;
    if (!isZipMagic(await head(file.abs, 4))) {
      // A .zip that is not a zip at all (cut to nothing, or another file renamed).
      out.files.push(/\.zip$/i.test(file.abs) ? { ...file, failed: { message: MSG_NOT_ZIP } } : file);
      return;
    }
    await expandZip(file, c.size, 0, zipContext);
  };

  const zipContext: ZipExpandContext = {
    push: (f) => out.files.push(f),
    skip,
    load: (f) => readRegularFile(f.abs, MAX_ARCHIVE_BYTES),
    memberAbs: (zip, parts) => path.join(zip.abs, ...parts),
    extract: extractMember,
  };

  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    await visit(abs, abs, true);
  }
  // Each real file once: where it really is rather than a link to it, else where first met.
  const chosen = new Map<string, Candidate>();
  for (const c of candidates) {
    const cur = chosen.get(c.id);
    if (!cur || (cur.viaLink && !c.viaLink)) chosen.set(c.id, c);
  }
  for (const c of candidates) {
    const keep = chosen.get(c.id)!;
    if (keep === c) await take(c);
    else skip(c.file.display, `与“${keep.file.display}”是同一个文件（链接或重复给出），只读取一次`);
  }
  return out;
}

/**
 * Folders from the file up to the input folder (itself included), nearest first; for a file
 * given directly, its folders as displayed. A zip counts as a folder named after it (its
 * members' abs paths run through it).
 */
export function cityFolders(input: InputFile): string[] {
  const base =
    input.root === input.abs ? path.dirname(input.display) : path.relative(path.dirname(input.root), path.dirname(input.abs));
  return base
    .split(/[\\/]/)
    .filter((f) => f && f !== "." && f !== "..")
    .reverse();
}
