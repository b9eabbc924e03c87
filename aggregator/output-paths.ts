// Output paths are checked before any work starts (validate, merge): a name past the file
// system's limit, a parent that is a file, a read-only or unwritable folder, -o naming a
// folder, two outputs on one path, an output inside the --feedback folder (which is
// replaced as a whole) … each is a usage error (exit 2) with a Chinese message, never a
// stack trace after minutes of reading. Writability is asked with access(2), which answers
// EROFS for a read-only mount even to root (root passes permission bits, and can then
// indeed write).
import { constants as FS } from "node:fs";
import { access, lstat, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { NAME_MAX, utf8Length } from "./file-names.js";
import { UsageError } from "./profiles.js";

// The names' rules are Node-free (file-names.ts: the page names its feedback zip's files alike).
export { fitName, NAME_MAX, uniqueName, utf8Length } from "./file-names.js";

/** Bytes of a whole path (Linux PATH_MAX, less room for temporary names). */
const PATH_MAX = 4000;

function shown(p: string): string {
  return p.split(path.sep).join("/");
}

function clipForMessage(s: string): string {
  return s.length > 40 ? `${s.slice(0, 20)}…${s.slice(-12)}` : s;
}

function checkLengths(abs: string, label: string, given: string): void {
  for (const part of abs.split(path.sep)) {
    const n = utf8Length(part);
    if (n > NAME_MAX)
      throw new UsageError(
        `${label} 的名称“${clipForMessage(part)}”太长（${n} 字节，文件系统上限为 ${NAME_MAX} 字节，一个汉字占 3 字节），无法创建。请换一个短一些的名称。`,
      );
  }
  if (utf8Length(abs) > PATH_MAX)
    throw new UsageError(`${label} 的路径“${clipForMessage(given)}”太长，无法创建。请换一个层次少、名称短的位置。`);
}

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

/** The folder a file or folder will be created in: its nearest existing ancestor must be a writable folder. */
async function checkParent(dir: string, label: string, given: string): Promise<void> {
  let at = dir;
  for (;;) {
    try {
      const st = await stat(at);
      if (!st.isDirectory())
        throw new UsageError(`无法写出${label}“${shown(given)}”：“${shown(at)}”是一个文件，不是文件夹。请换一个位置。`);
      break;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const code = errCode(e);
      if (code === "ENOENT") {
        const up = path.dirname(at);
        if (up === at) break;
        at = up;
        continue;
      }
      if (code === "ENOTDIR") {
        at = path.dirname(at);
        continue;
      }
      throw new UsageError(`无法写出${label}“${shown(given)}”：无法访问“${shown(at)}”（${code ?? String(e)}）。`);
    }
  }
  try {
    await access(at, FS.W_OK | FS.X_OK);
  } catch (e) {
    const code = errCode(e);
    if (code === "EROFS")
      throw new UsageError(`无法写出${label}“${shown(given)}”：“${shown(at)}”所在的磁盘是只读的。请换一个可以写入的位置。`);
    throw new UsageError(`无法写出${label}“${shown(given)}”：没有权限写入文件夹“${shown(at)}”。请换一个位置，或检查文件夹权限。`);
  }
}

/** An output file (-o, --json, a single --annotate): not a folder, its folder writable, its name not too long. */
export async function checkOutputFile(given: string, label: string): Promise<void> {
  const abs = path.resolve(given);
  checkLengths(abs, label, given);
  if (given.endsWith("/") || given.endsWith(path.sep))
    throw new UsageError(`${label}“${shown(given)}”应是文件名，而不是文件夹。`);
  try {
    const st = await lstat(abs);
    if (st.isDirectory() || (st.isSymbolicLink() && (await stat(abs).catch(() => undefined))?.isDirectory()))
      throw new UsageError(
        `${label}“${shown(given)}”是一个已有的文件夹，请给出文件名（例如“${shown(path.join(given, "文件名"))}”）。`,
      );
    if (!st.isFile() && !st.isSymbolicLink())
      throw new UsageError(`${label}“${shown(given)}”已存在，但不是普通文件（管道、设备等），不能覆盖。请换一个文件名。`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // does not exist yet (or an ancestor is a file: checkParent says so)
  }
  await checkParent(path.dirname(abs), label, given);
}

/** An output folder (--feedback, several --annotate copies): not a file, creatable or writable. */
export async function checkOutputDir(given: string, label: string, opts: { replaced?: boolean } = {}): Promise<void> {
  const abs = path.resolve(given);
  checkLengths(abs, label, given);
  let exists = false;
  try {
    const st = await stat(abs);
    if (!st.isDirectory()) throw new UsageError(`${label}“${shown(given)}”是一个已有的文件，不是文件夹。请换一个文件夹名。`);
    exists = true;
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
  if (opts.replaced) {
    // Built beside it and renamed into place: its parent must be writable.
    await checkParent(path.dirname(abs), label, given);
    if (exists && !(await looksLikeOurFeedback(abs)))
      throw new UsageError(
        `${label}文件夹“${shown(given)}”已存在，其中有不是 pilot-forms 写出的文件。反馈文件夹每次都会整个重新生成，为免误删，请换一个新的文件夹名，或先清空它。`,
      );
  } else await checkParent(exists ? abs : path.dirname(abs), label, given);
}

/** An earlier run's feedback folder (only city folders of feedback workbooks and annotated copies), or an empty folder. */
async function looksLikeOurFeedback(dir: string): Promise<boolean> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (!e.isDirectory()) return false;
      const inner = await readdir(path.join(dir, e.name), { withFileTypes: true });
      // Its feedback workbooks and annotated copies, and Office lock files (~$…) of those open in Excel.
      if (inner.some((f) => !f.isFile() || !/(问题反馈|（已标注）(\(\d+\))?)\.xlsx$/.test(f.name))) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Whether `inner` is `outer` or inside it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(path.resolve(outer), path.resolve(inner));
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

export interface OutputSpec {
  path: string;
  /** How the option is named in messages: "汇总表（-o）", "JSON 报告（--json）" … */
  label: string;
  kind: "file" | "dir" | "replaced-dir";
}

/**
 * Check every output before reading anything: that no two outputs share a path, that
 * nothing is written inside a folder that is replaced as a whole, that no replaced folder
 * holds an input (or the working folder); then each path on its own.
 */
export async function checkOutputs(outputs: OutputSpec[], inputs: string[] = []): Promise<void> {
  for (let i = 0; i < outputs.length; i++)
    for (let j = i + 1; j < outputs.length; j++) {
      const a = outputs[i];
      const b = outputs[j];
      if (path.resolve(a.path) === path.resolve(b.path))
        throw new UsageError(`${a.label}和${b.label}是同一个路径“${shown(a.path)}”，请分别指定。`);
    }
  for (const dir of outputs.filter((o) => o.kind === "replaced-dir")) {
    for (const o of outputs)
      if (o !== dir && isInside(o.path, dir.path))
        throw new UsageError(
          `${o.label}“${shown(o.path)}”在${dir.label}文件夹中，而该文件夹每次会整个重新生成。请把它放在别处。`,
        );
    for (const input of inputs)
      if (isInside(input, dir.path) || isInside(dir.path, input))
        throw new UsageError(
          `${dir.label}文件夹“${shown(dir.path)}”与输入“${shown(input)}”重叠（该文件夹每次会整个重新生成）。请换一个不在输入中的文件夹。`,
        );
    if (isInside(process.cwd(), dir.path))
      throw new UsageError(
        `${dir.label}文件夹“${shown(dir.path)}”是当前文件夹或其上层，不能整个重新生成。请换一个新的文件夹名。`,
      );
  }
  for (const o of outputs) {
    if (o.kind === "file") await checkOutputFile(o.path, o.label);
    else await checkOutputDir(o.path, o.label, { replaced: o.kind === "replaced-dir" });
  }
}

/**
 * An error while writing an output, as a usage-level message (exit 2): what, where and why.
 * Only file-system errors (with an errno code): anything else is a bug and stays one (exit 3).
 */
export function outputFailure(e: unknown, what: string, target: string): unknown {
  const code = errCode(e);
  if (typeof code !== "string" || !(e as NodeJS.ErrnoException).syscall) return e;
  const why =
    code === "ENOSPC"
      ? "磁盘空间不足"
      : code === "EROFS"
        ? "磁盘是只读的"
        : code === "EBUSY"
          ? "文件或文件夹正被其他程序打开（请先关闭在 Excel 或 WPS 中打开的文件）"
          : code === "EACCES" || code === "EPERM"
            ? "没有写入权限（或文件正被其他程序打开）"
            : code === "ENAMETOOLONG"
              ? "文件名太长"
              : code === "ENOTDIR"
                ? "路径中有一段是文件而不是文件夹"
                : code === "EISDIR"
                  ? "同名的文件夹已存在"
                  : code === "EDQUOT"
                    ? "超出磁盘配额"
                    : code === "ENOENT"
                      ? "无法在这个位置创建文件夹（该位置不接受新的文件）"
                      : (code ?? (e instanceof Error ? e.message : String(e)));
  return new UsageError(`无法写出${what}“${shown(target)}”：${why}。没有留下写了一半的文件；请换一个位置后重试。`);
}
