// The input rules shared by the CLI (inputs.ts: files and folders on disk) and the page
// (merge/merge-bytes.ts: files the browser was given): which names are junk, which zip entry
// names are unsafe, and how a .zip input becomes its members (a container is opened like a
// folder named after it; a zip inside it one level deep; junk, unsafe and repeated names
// listed as skipped; encrypted members and broken containers failed with the reason).
// No node:* module and no Buffer: how the bytes are had (a file descriptor, yauzl; the
// bytes in memory) and how a member's abs path is joined come in through ZipExpandContext.
import { RULES } from "../../forms/rules/codes.js";
import type { ArchiveMember, InputFile, SkippedInput } from "../inputs.js";
import { runtime } from "../runtime/index.js";
import { DEFAULT_MAX_BYTES } from "./read-bytes.js";
import { listZipEntries } from "./zip-directory.js";
import { formatSize, guardZip, MB, type ZipEntryInfo } from "./zip-guard.js";

/** Largest .zip input opened as a folder (its members are read one at a time). */
export const MAX_ARCHIVE_BYTES = 200 * MB;

/** Local file header, end of central directory (an empty zip), spanned-archive marker. */
export function isZipMagic(head: Uint8Array | undefined): boolean {
  if (!head || head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b) return false;
  return (head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6) || (head[2] === 7 && head[3] === 8);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
let gbk: TextDecoder | undefined;

function latin1(raw: Uint8Array): string {
  let s = "";
  for (let i = 0; i < raw.length; i++) s += String.fromCharCode(raw[i]);
  return s;
}

/** An entry name: UTF-8 when flagged or valid, else GBK (zips made on Chinese Windows). */
export function decodeName(raw: Uint8Array | string, flags: number): string {
  if (typeof raw === "string") return raw;
  if (flags & 0x800) return runtime.utf8(raw);
  try {
    return utf8.decode(raw);
  } catch {
    try {
      gbk ??= new TextDecoder("gbk");
      return gbk.decode(raw);
    } catch {
      return latin1(raw);
    }
  }
}

/** Every entry's name, decoded, in directory order; undefined when the directory cannot be read. */
export function decodeEntryNames(bytes: Uint8Array): string[] | undefined {
  try {
    // Names as stored (a leading "/" kept: unsafeEntryName refuses absolute names).
    return listZipEntries(bytes).map((e) => decodeName(e.fileNameRaw, e.generalPurposeBitFlag));
  } catch {
    return undefined;
  }
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

/** Why a folder met inside an input folder is not walked (hidden, __MACOSX), or undefined. */
export function junkFolderReason(name: string): string | undefined {
  if (name.startsWith(".")) return "隐藏文件夹（. 开头），未读取";
  if (name === "__MACOSX") return "苹果电脑压缩时生成的附属文件夹（__MACOSX），未读取";
  return undefined;
}

export function skippedInput(display: string, reason: string): SkippedInput {
  return {
    display,
    reason,
    issue: { code: "file.skipped", severity: RULES["file.skipped"].severity, file: display, message: reason },
  };
}

/** An entry name that must not be trusted as a path: ../, absolute, a drive letter, NUL. */
export function unsafeEntryName(name: string): boolean {
  if (!name || name.includes("\0")) return true;
  if (/^[\\/]/.test(name) || /^[a-zA-Z]:/.test(name)) return true;
  return name.split(/[\\/]/).some((seg) => seg === "..");
}

export const MSG_NOT_ZIP =
  "这个文件的扩展名是 .zip，但它不是有效的压缩包（已损坏、不完整或是其他文件改了扩展名），无法打开。请重新压缩后提交，或直接提交其中的 Excel 工作簿（.xlsx）。";

/** Names of files a city submits (workbooks, Word forms, scans, archives). */
const SUBMISSION_EXT = /\.(xlsx|xlsm|xls|xlsb|xltx|xlt|et|ett|ods|fods|csv|docx|doc|wps|pdf|zip|rar|7z|ofd|jpe?g|png)$/i;

/** Entries that make a zip a document (workbook, .ods, .docx, .xlsb …) rather than a container of files. */
const DOCUMENT_PARTS = ["xl/workbook.xml", "xl/workbook.bin", "content.xml", "[Content_Types].xml", "mimetype"];

function isDocument(entries: ZipEntryInfo[]): boolean {
  return entries.some((e) => DOCUMENT_PARTS.includes(e.name));
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
    const names = decodeEntryNames(bytes);
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

/** What expanding a zip needs from its caller. */
export interface ZipExpandContext {
  /** A file to read, in order. */
  push(file: InputFile): void;
  /** A file or folder listed as not read. */
  skip(display: string, reason: string): void;
  /** The zip file's whole bytes (it is at most MAX_ARCHIVE_BYTES), undefined when they cannot be read. */
  load(file: InputFile): Promise<Uint8Array | undefined>;
  /** A member's abs path: the zip's abs path followed by the entry's parts (a zip counts as a folder). */
  memberAbs(zip: InputFile, parts: string[]): string;
  /** A member's bytes (a zip inside the zip), at most `max`; a Chinese message when they cannot be had. */
  extract(member: ArchiveMember, max: number): Promise<{ bytes: Uint8Array } | { message: string }>;
}

/**
 * A file whose bytes start like a zip: a zip on disk or given to the page (depth 0, `size`
 * its size, bytes loaded through ctx.load) or a zip member (depth 1, its bytes given). A
 * document (workbook, .docx …) is one file; a container is opened and its members listed.
 */
export async function expandZip(
  file: InputFile,
  size: number,
  depth: number,
  ctx: ZipExpandContext,
  bytes?: Uint8Array,
): Promise<void> {
  const namedZip = /\.zip$/i.test(file.display);
  if (!bytes) {
    // A workbook-named file past the reader's limit is refused by the reader: not loaded here to look inside.
    if (!namedZip && size > DEFAULT_MAX_BYTES) {
      ctx.push(file);
      return;
    }
    if (size > MAX_ARCHIVE_BYTES) {
      if (namedZip)
        ctx.push({
          ...file,
          failed: {
            message: `压缩包大小为 ${formatSize(size)}，超过上限 ${formatSize(MAX_ARCHIVE_BYTES)}，已拒绝打开。请解压后直接提交其中的 Excel 工作簿（.xlsx），或分成几个较小的压缩包。`,
          },
        });
      else ctx.push(file); // the reader says it is too large
      return;
    }
    bytes = await ctx.load(file);
    if (!bytes) {
      ctx.push(file);
      return;
    }
  }
  const kind = await listContainer(bytes);
  if (kind.kind === "document") {
    ctx.push(file);
    return;
  }
  if (kind.kind === "broken") {
    // A workbook-named file that is a broken zip: the reader explains it in a workbook's words.
    ctx.push(namedZip || depth > 0 ? { ...file, failed: { message: kind.message } } : file);
    return;
  }
  const members = kind.listing.entries.filter((e) => !(e.name.endsWith("/") && e.uncompressedSize === 0));
  // A zip under a workbook's name (.xlsx …) is opened as a folder only when it holds
  // something a city would submit; otherwise it is one file, and the reader says it is no workbook.
  if (!namedZip && !members.some((e) => SUBMISSION_EXT.test(e.name))) {
    ctx.push(file);
    return;
  }
  if (!members.length) {
    ctx.push({
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
      ctx.skip(
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
      ctx.skip(display, junk);
      continue;
    }
    if (seenNames.has(entryName)) {
      ctx.skip(display, "压缩包中有同名的文件，只读取第一个");
      continue;
    }
    seenNames.add(entryName);
    const member: InputFile = {
      display,
      abs: ctx.memberAbs(file, parts),
      root: file.root,
      member: { archive, ...inner, entry: e.name, index: e.index, size: e.uncompressedSize },
    };
    if (e.encrypted) {
      ctx.push({
        ...member,
        failed: { message: "压缩包中的这个文件设置了密码，无法读取。请提交未加密的压缩包，或直接提交该文件。" },
      });
      continue;
    }
    if (e.uncompressedSize > DEFAULT_MAX_BYTES) {
      ctx.push(member); // the reader refuses it with the size
      continue;
    }
    if (/\.zip$/i.test(entryName)) {
      if (depth >= 1) {
        ctx.skip(display, "压缩包中的压缩包中又有压缩包（嵌套超过一层），未打开。请解压后重新压缩为一层后提交。");
        continue;
      }
      const got = await ctx.extract(member.member!, Math.min(DEFAULT_MAX_BYTES, 100 * MB));
      if ("message" in got) {
        ctx.push({ ...member, failed: { message: got.message } });
        continue;
      }
      await expandZip(member, got.bytes.byteLength, depth + 1, ctx, got.bytes);
      continue;
    }
    ctx.push(member);
  }
}

/** The message for a member that could not be had: past `limit` (its size), or broken. */
export function memberFailure(tooLarge?: { size: number; limit: number }): string {
  if (tooLarge)
    return `文件解压后大小为 ${formatSize(tooLarge.size)}，超过上限 ${formatSize(tooLarge.limit)}，已拒绝读取。请删除无关的工作表、图片和空白行列后另存，或拆分为多个文件后重新提交。`;
  return "压缩包中的这个文件已损坏或不完整（解压失败或校验不符），无法读取。请重新压缩后提交，或直接提交该文件。";
}
