// File names within the file system's limits (the annotated copies, the feedback folders):
// pure string functions, no node:* module and no Buffer, so that the offline page names the
// files of its feedback zip as the CLI names them on disk. output-paths.ts re-exports them.

/** Bytes per path component on Linux, macOS and Windows file systems (UTF-8; a Chinese character is 3). */
export const NAME_MAX = 255;

/** The UTF-8 length of `s` (Buffer.byteLength: a lone surrogate is written as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** path.posix.extname: ".xlsx" of "a.b.xlsx"; "" for ".bashrc", "a" and ".."; "." for "a.". */
export function posixExtname(p: string): string {
  let startDot = -1;
  let startPart = 0;
  let end = -1;
  let matchedSlash = true;
  // 0: no dot seen yet after the last non-dot; 1: a dot; -1: a non-dot after the dot.
  let preDotState = 0;
  for (let i = p.length - 1; i >= 0; --i) {
    const ch = p[i];
    if (ch === "/") {
      if (!matchedSlash) {
        startPart = i + 1;
        break;
      }
      continue;
    }
    if (end === -1) {
      matchedSlash = false;
      end = i + 1;
    }
    if (ch === ".") {
      if (startDot === -1) startDot = i;
      else if (preDotState !== 1) preDotState = 1;
    } else if (startDot !== -1) preDotState = -1;
  }
  if (
    startDot === -1 ||
    end === -1 ||
    preDotState === 0 ||
    (preDotState === 1 && startDot === end - 1 && startDot === startPart + 1)
  )
    return "";
  return p.slice(startDot, end);
}

/**
 * `name` cut (by whole characters, before the extension) so that it and `suffix` fit in
 * `max` UTF-8 bytes: 很长的文件名……（已标注）.xlsx → 很长的…（已标注）.xlsx.
 */
export function fitName(name: string, max = NAME_MAX): string {
  if (utf8Length(name) <= max) return name;
  const keepExt = keptExt(name);
  // Keep a trailing （…） marker such as （已标注） when there is one.
  const stem = name.slice(0, name.length - keepExt.length);
  const marker = /（[^（）]{1,8}）$/.exec(stem)?.[0] ?? "";
  const base = stem.slice(0, stem.length - marker.length);
  const room = max - utf8Length(keepExt) - utf8Length(marker) - utf8Length("…");
  let cut = "";
  for (const ch of base) {
    if (utf8Length(cut + ch) > room) break;
    cut += ch;
  }
  return `${cut}…${marker}${keepExt}`;
}

/** The extension fitName keeps (a short one), or "". */
function keptExt(name: string): string {
  const ext = posixExtname(name);
  return ext && utf8Length(ext) <= 16 ? ext : "";
}

/** `name` made unique among `used` (compared case-insensitively): 名称(2).xlsx …; each fitted to NAME_MAX. */
export function uniqueName(name: string, used: Set<string>): string {
  const ext = keptExt(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 1; ; n++) {
    const tag = n === 1 ? "" : `(${n})`;
    const fitted = fitName(stem + ext, NAME_MAX - utf8Length(tag));
    const candidate = fitted.slice(0, fitted.length - ext.length) + tag + ext;
    if (used.has(candidate.toLowerCase())) continue;
    used.add(candidate.toLowerCase());
    return candidate;
  }
}
