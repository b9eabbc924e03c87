// 字数 limits on the narrative parts of a Word 申报书 (text.too_long / text.too_short). The
// notices' Word forms print a limit under a heading: （一）案例概述 … 不超过1000字 (miit-2025 典型
// 案例申报书), 二、试点方案 不少于3000字 (miit-2023), 附：网络安全保险服务方案 … 单个服务方案 … 不超过
// 5000字. The limits are profile data (Profile.narrative); the reader cuts the paragraphs of a
// .docx at their numbered headings (aggregator/read/docx.ts narrativeSections), and here:
//
//   * the sections are laid out again as one stream of headings and paragraphs, in which a
//     paragraph "附：…", "附" followed by a title, and "申报主体责任声明" are headings too (the
//     forms do not number them), so that the 服务方案 and the declaration after the last
//     numbered part are not counted with it;
//   * a limit's part runs from its heading to the next heading of the same or a higher level
//     (一、… ends at the next 一、…; （一）… at any heading) or a 附 heading; an `each` limit
//     (the 服务方案) runs to the next 附 heading and is cut at its numbered headings, one part
//     per 服务方案 (all of it one part when nothing is numbered);
//   * the form's guidance text left in by the clerk is not counted: a paragraph that is the
//     limit itself (（不超过1000字）, 以下内容不少于3000字), a table caption (表1 服务对象基本情况),
//     or one of the limit's `guidance` lines (the notice's wording, spaces and brackets aside);
//   * the count is Word's 字数 (forms/parse/words.ts), given in the message.
//
// Place: the grids have no cell for paragraphs, so an issue has sheet "正文", no cell, and the
// heading as written in `column` ("（一）案例概述"); the message names the part by the
// profile's heading ("“案例概述”共 1,136 字…"). A heading that is not in the document gives no
// issue (the clerk renamed it, or the file is a workbook).
import type { Issue } from "../model.js";
import type { NarrativeLimit } from "../profile.js";
import { countWords } from "../parse/words.js";
import { RULES } from "./codes.js";
import type { RuleContext } from "./context.js";

/** A headed part of a document's text as the reader cuts it (aggregator/read/docx.ts NarrativeSection). */
export interface NarrativeInput {
  heading: string;
  parent?: string;
  paragraphs: string[];
}

/** The sheet name narrative issues carry: the document's text, outside its tables. */
export const NARRATIVE_SHEET = "正文";

const NUM = "[一二三四五六七八九十]+";
const TOP = new RegExp(`^\\s*${NUM}、`);
const NUMBERING = new RegExp(`^\\s*(${NUM}、|[（(]${NUM}[)）]|附\\s*[:：])\\s*`);

interface Item {
  /** 1: 一、… or a 附 heading; 2: （一）…; undefined: a paragraph. */
  level?: 1 | 2;
  /** A 附 heading (附：…, 申报主体责任声明). */
  annex?: boolean;
  text: string;
}

/** Spaces gone, brackets and colons half-width, a trailing full stop or colon dropped: how texts are compared. */
function norm(s: string): string {
  return s
    .replace(/[\s\u3000\u00a0]/g, "")
    .replace(/（/g, "(")
    .replace(/）/g, ")")
    .replace(/：/g, ":")
    .replace(/；/g, ";")
    .replace(/，/g, ",")
    .replace(/[。.;:,]+$/, "");
}

/** A heading's name: numbering, a bracketed limit note and a trailing colon removed. */
function headingName(heading: string): string {
  return norm(heading.replace(NUMBERING, "")).replace(/\((以下内容)?(不超过|不少于|不多于)\d+字(以内)?\)$/, "");
}

const LIMIT_NOTE = /^\(?(以下内容)?(不超过|不少于|不多于|不得超过|原则上不超过)\d+字(以内)?\)?$/;
const CAPTION = /^表\d+/;

function stream(sections: NarrativeInput[]): Item[] {
  const items: Item[] = [];
  for (const s of sections) {
    items.push({ level: TOP.test(s.heading) ? 1 : 2, text: s.heading.trim() });
    let annexNext = false;
    for (const p of s.paragraphs) {
      const n = norm(p);
      if (n === "") continue;
      if (annexNext || /^附:/.test(n) || n === "申报主体责任声明") items.push({ level: 1, annex: true, text: p.trim() });
      else if (n !== "附") items.push({ text: p });
      annexNext = n === "附";
    }
  }
  return items;
}

interface Part {
  /** The heading as written. */
  heading: string;
  words: number;
  /** One 服务方案 of an `each` limit, under its own heading. */
  sub?: boolean;
}

/** Where a limit's heading stands, and the parts it covers (several for an `each` limit). */
function partsOf(items: Item[], limit: NarrativeLimit): Part[] | undefined {
  const want = norm(limit.heading);
  const start = items.findIndex((i) => i.level !== undefined && headingName(i.text).startsWith(want));
  if (start < 0) return undefined;
  const guidance = new Set([...limit.guidance, ...limit.also].map((g) => norm(g).replace(/^\((.*)\)$/, "$1")));
  const counted = (text: string): number => {
    const n = norm(text);
    const bare = n.replace(/^\((.*)\)$/, "$1");
    if (LIMIT_NOTE.test(n) || CAPTION.test(n) || guidance.has(n) || guidance.has(bare)) return 0;
    return countWords(text);
  };
  const head = items[start];
  if (limit.each) {
    const parts: Part[] = [];
    let cur: Part = { heading: head.text, words: 0 };
    let split: 1 | 2 | undefined;
    for (let k = start + 1; k < items.length; k++) {
      const it = items[k];
      if (it.annex) break;
      if (it.level !== undefined && (split === undefined || it.level === split)) {
        split ??= it.level;
        if (cur.words > 0 || parts.length > 0 || cur.heading !== head.text) parts.push(cur);
        cur = { heading: it.text, words: 0, sub: true };
        continue;
      }
      cur.words += it.level !== undefined ? countWords(it.text) : counted(it.text);
    }
    parts.push(cur);
    return parts;
  }
  const names = [want, ...limit.also.map(norm)];
  let words = 0;
  let inside = true;
  for (let k = start + 1; k < items.length; k++) {
    const it = items[k];
    if (it.annex) break;
    if (it.level !== undefined && it.level <= head.level!) {
      // an `also` heading continues the count (以下内容不少于3000字 over 二、三、四); any other ends it
      if (names.some((n) => headingName(it.text).startsWith(n))) {
        inside = true;
        continue;
      }
      if (limit.also.length === 0) break;
      inside = false;
      continue;
    }
    if (!inside) continue;
    words += it.level !== undefined ? countWords(it.text) : counted(it.text);
  }
  return [{ heading: head.text, words }];
}

const thousands = (n: number): string => n.toLocaleString("en-US");

/** text.too_long / text.too_short for the narrative limits of the form (Profile.narrative). */
export function checkNarrative(sections: NarrativeInput[], ctx: RuleContext, emit: (i: Issue) => void): void {
  const limits = ctx.profile.narrative.filter((l) => l.form === ctx.form);
  if (!limits.length || !sections.length) return;
  const items = stream(sections);
  for (const limit of limits) {
    const parts = partsOf(items, limit);
    if (!parts) continue;
    for (const part of parts) {
      const label = part.sub
        ? `“${part.heading}”`
        : limit.also.length
          ? `“${limit.heading}”至“${limit.also[limit.also.length - 1]}”`
          : `“${limit.heading}”`;
      const base = { sheet: NARRATIVE_SHEET, column: part.heading, value: String(part.words) };
      if (limit.max !== undefined && part.words > limit.max)
        emit({
          ...base,
          code: "text.too_long",
          severity: RULES["text.too_long"].severity,
          message: `${label}共 ${thousands(part.words)} 字，超过 ${limit.max} 字的限制，请精简后再提交（按 Word“字数”统计）`,
        });
      if (limit.min !== undefined && part.words < limit.min)
        emit({
          ...base,
          code: "text.too_short",
          severity: RULES["text.too_short"].severity,
          message: `${label}共 ${thousands(part.words)} 字，少于通知要求的 ${limit.min} 字，请补充后再提交（按 Word“字数”统计）`,
        });
    }
  }
}
