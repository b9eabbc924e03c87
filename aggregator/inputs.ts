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
import { constants as FS, type Stats } from "node:fs";
import { lstat, open, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { Issue } from "../forms/model.js";
import { RULES } from "../forms/rules/codes.js";
import { DEFAULT_MAX_BYTES } from "./read/workbook.js";
import { formatSize, guardZip, MB, type ZipEntryInfo } from "./read/zip-guard.js";
import { decodeEntryName, extractMember, isZipMagic, MAX_ARCHIVE_BYTES } from "./read/zip-inputs.js";

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

/** OS and sync-tool files that nobody submits on purpose. */
const JUNK = new Set(["thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store", "icon\r", ".localized"]);

/** Why a name is not worth reading, or undefined. */
export function junkReason(name: string): string | undefined {
  if (name.startsWith("~$")) return "Office 临时锁定文件（~$ 开头），不是提交的材料，未读取";
  if (JUNK.has(name.toLowerCase())) return "操作系统生成的文件（如 Thumbs.db、desktop.ini、.DS_Store），未读取";
  if (name.startsWith("._")) return "苹果电脑生成的附属文件（._ 开头），未读取";
  if (name.startsWith(".")) return "隐藏文件（. 开头），未读取";
  return undefined;
}

function skippedIssue(display: string, reason: string): SkippedInput {
  return {
    display,
    reason,
    issue: { code: "file.skipped", severity: RULES["file.skipped"].severity, file: display, message: reason },
  };
}

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

const MSG_NOT_ZIP =
  "这个文件的扩展名是 .zip，但它不是有效的压缩包（已损坏、不完整或是其他文件改了扩展名），无法打开。请重新压缩后提交，或直接提交其中的 Excel 工作簿（.xlsx）。";

/** Names of files a city submits (workbooks, Word forms, scans, archives). */
const SUBMISSION_EXT = /\.(xlsx|xlsm|xls|xlsb|xltx|xlt|et|ett|ods|fods|csv|docx|doc|wps|pdf|zip|rar|7z|ofd|jpe?g|png)$/i;

/** Entries that make a zip a document (workbook, .ods, .docx, .xlsb …) rather than a container of files. */
const DOCUMENT_PARTS = ["xl/workbook.xml", "xl/workbook.bin", "content.xml", "[Content_Types].xml", "mimetype"];

function isDocument(entries: ZipEntryInfo[]): boolean {
  return entries.some((e) => DOCUMENT_PARTS.includes(e.name));
}

/** An entry name that must not be trusted as a path: ../, absolute, a drive letter, NUL. */
export function unsafeEntryName(name: string): boolean {
  if (!name || name.includes("\0")) return true;
  if (/^[\\/]/.test(name) || /^[a-zA-Z]:/.test(name)) return true;
  return name.split(/[\\/]/).some((seg) => seg === "..");
}

interface ZipListing {
  entries: (ZipEntryInfo & { index: number })[];
}

/**
 * Whether bytes are a zip container (not a workbook or other document) and, if so, its
 * entries after guardZip's directory checks; a failure message for a broken container.
 */
async function listContainer(
  bytes: Uint8Array,
): Promise<{ kind: "document" } | { kind: "container"; listing: ZipListing } | { kind: "broken"; message: string }> {
  const guard = await guardZip(bytes, { verify: false });
  if (guard.ok) return { kind: "document" };
  if (guard.kind === "not-workbook" && guard.entries) {
    if (isDocument(guard.entries)) return { kind: "document" };
    // guardZip stores names decoded as UTF-8; decode again for GBK names (zips made on Chinese Windows).
    const names = await decodeEntryName(bytes);
    const entries = guard.entries.map((e, index) => ({ ...e, name: names?.[index] ?? e.name, index }));
    return { kind: "container", listing: { entries } };
  }
  if (guard.kind === "too-large")
    return {
      kind: "broken",
      message: `压缩包过大或异常，已拒绝打开：${guard.message.replace(/。请[^。]*。?$/, "。")}请解压后直接提交其中的 Excel 工作簿（.xlsx），或分成几个较小的压缩包。`,
    };
  return {
    kind: "broken",
    message:
      "压缩包已损坏或不完整（可能下载或拷贝中断），无法打开。请重新压缩或重新下载后提交，或直接提交其中的 Excel 工作簿（.xlsx）。",
  };
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
      if (!explicit && name.startsWith(".")) {
        skip(display, "隐藏文件夹（. 开头），未读取");
        return;
      }
      if (!explicit && name === "__MACOSX") {
        skip(display, "苹果电脑压缩时生成的附属文件夹（__MACOSX），未读取");
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
    await visitZip(file, c.size, 0);
  };

  /** A zip on disk (depth 0) or a zip member (depth 1): a document is one file, a container is opened. */
  const visitZip = async (file: InputFile, size: number, depth: number, bytes?: Uint8Array): Promise<void> => {
    const namedZip = /\.zip$/i.test(file.display);
    if (!bytes) {
      // A workbook-named file past the reader's limit is refused by the reader: not loaded here to look inside.
      if (!namedZip && size > DEFAULT_MAX_BYTES) {
        out.files.push(file);
        return;
      }
      if (size > MAX_ARCHIVE_BYTES) {
        if (namedZip)
          out.files.push({
            ...file,
            failed: {
              message: `压缩包大小为 ${formatSize(size)}，超过上限 ${formatSize(MAX_ARCHIVE_BYTES)}，已拒绝打开。请解压后直接提交其中的 Excel 工作簿（.xlsx），或分成几个较小的压缩包。`,
            },
          });
        else out.files.push(file); // the reader says it is too large
        return;
      }
      bytes = await readRegularFile(file.abs, MAX_ARCHIVE_BYTES);
      if (!bytes) {
        out.files.push(file);
        return;
      }
    }
    const kind = await listContainer(bytes);
    if (kind.kind === "document") {
      out.files.push(file);
      return;
    }
    if (kind.kind === "broken") {
      // A workbook-named file that is a broken zip: the reader explains it in a workbook's words.
      out.files.push(namedZip || depth > 0 ? { ...file, failed: { message: kind.message } } : file);
      return;
    }
    const members = kind.listing.entries.filter((e) => !(e.name.endsWith("/") && e.uncompressedSize === 0));
    // A zip under a workbook's name (.xlsx …) is opened as a folder only when it holds
    // something a city would submit; otherwise it is one file, and the reader says it is no workbook.
    if (!namedZip && !members.some((e) => SUBMISSION_EXT.test(e.name))) {
      out.files.push(file);
      return;
    }
    if (!members.length) {
      out.files.push({
        ...file,
        failed: { message: "这是一个空的压缩包，里面没有文件。请把 Excel 工作簿（.xlsx）放进压缩包后重新提交。" },
      });
      return;
    }
    const seenNames = new Set<string>();
    const archive = file.member ? file.member.archive : file.abs;
    const inner = file.member ? { inner: file.member.entry, innerIndex: file.member.index } : {};
    for (const e of members) {
      const entryName = e.name.replace(/\\/g, "/");
      const display = `${file.display}/${entryName}`;
      if (unsafeEntryName(e.name)) {
        skip(
          `${file.display}/${entryName.replace(/^[/\\]+/, "")}`,
          "压缩包中的文件名不安全（含 ../ 或绝对路径），已拒绝读取。请重新压缩后提交。",
        );
        continue;
      }
      const parts = entryName.split("/").filter(Boolean);
      const junkPart = parts.find((p, i) => (i < parts.length - 1 && (p === "__MACOSX" || p.startsWith("."))) || false);
      const junk = junkPart
        ? junkPart === "__MACOSX"
          ? "苹果电脑压缩时生成的附属文件（__MACOSX），未读取"
          : "隐藏文件夹中的文件，未读取"
        : junkReason(parts[parts.length - 1] ?? "");
      if (junk) {
        skip(display, junk);
        continue;
      }
      if (seenNames.has(entryName)) {
        skip(display, "压缩包中有同名的文件，只读取第一个");
        continue;
      }
      seenNames.add(entryName);
      const member: InputFile = {
        display,
        abs: path.join(file.abs, ...parts),
        root: file.root,
        member: { archive, ...inner, entry: e.name, index: e.index, size: e.uncompressedSize },
      };
      if (e.encrypted) {
        out.files.push({
          ...member,
          failed: { message: "压缩包中的这个文件设置了密码，无法读取。请提交未加密的压缩包，或直接提交该文件。" },
        });
        continue;
      }
      if (e.uncompressedSize > DEFAULT_MAX_BYTES) {
        out.files.push(member); // the reader refuses it with the size
        continue;
      }
      if (/\.zip$/i.test(entryName)) {
        if (depth >= 1) {
          skip(display, "压缩包中的压缩包中又有压缩包（嵌套超过一层），未打开。请解压后重新压缩为一层后提交。");
          continue;
        }
        const got = await extractMember(member.member!, Math.min(DEFAULT_MAX_BYTES, 100 * MB));
        if ("message" in got) {
          out.files.push({ ...member, failed: { message: got.message } });
          continue;
        }
        await visitZip(member, got.bytes.byteLength, depth + 1, got.bytes);
        continue;
      }
      out.files.push(member);
    }
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
