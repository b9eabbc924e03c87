// Matching a cell against an option list (enum fields) and 申报类别/申报方向 values shaped
// "prefix：detail". Cells come typed, picked from a drop-down, or pasted from the Word form
// with its check boxes ("□事业单位 ☑国有企业 □民营企业").
import { isSpaceCode, normalizeHeading, toHalfWidth } from "./text.js";

export type OptionMatch =
  | { status: "exact"; option: string }
  | { status: "other"; option: string; detail: string }
  | { status: "otherUnspecified"; option: string }
  | { status: "none"; suggestion?: string; reason?: string };

export type CategoryMatch =
  | { status: "ok"; prefix: string; detail: string }
  | { status: "noDetail"; prefix: string }
  | { status: "none"; suggestion?: string; reason?: string };

// ---------------------------------------------------------------------------------------------
// Check boxes

const TICKED = "■☑☒√✓✔✅▣◼●⊠⊙◉☛";
const UNTICKED = "□☐○◻◯";

function isTick(ch: string): boolean {
  return TICKED.includes(ch);
}
function isBox(ch: string): boolean {
  return UNTICKED.includes(ch) || TICKED.includes(ch);
}

const BOX_RE = /[■☑☒√✓✔✅▣◼●⊠⊙◉☛□☐○◻◯]/;

function hasBox(s: string): boolean {
  return BOX_RE.test(s);
}

type Ticked = { ok: true; text: string } | { ok: false; reason: string } | null;

/**
 * The ticked item of Word check-box text. Marks stand before their item ("☑国有企业") or,
 * when the text does not start with one, after it ("国有企业√"). Null when there is no mark.
 */
export function tickedItem(raw: string): Ticked {
  const s = raw.trim();
  if (!hasBox(s)) return null;
  const before = isBox(s[0]);
  const items: { tick: boolean; text: string }[] = [];
  if (before) {
    let cur: { tick: boolean; text: string } | null = null;
    for (const ch of s) {
      if (isBox(ch)) {
        if (cur) items.push(cur);
        cur = { tick: isTick(ch), text: "" };
      } else if (cur) cur.text += ch;
    }
    if (cur) items.push(cur);
  } else {
    let text = "";
    for (const ch of s) {
      if (isBox(ch)) {
        items.push({ tick: isTick(ch), text });
        text = "";
      } else text += ch;
    }
    if (text.trim()) items.push({ tick: false, text });
  }
  const chosen = items.filter((i) => i.tick && i.text.trim() !== "");
  const ticks = items.filter((i) => i.tick);
  if (ticks.length === 0) return { ok: false, reason: "没有勾选任何选项" };
  if (chosen.length === 0) {
    // "☑" alone, or marks without text
    return { ok: false, reason: "勾选标记后没有选项文字" };
  }
  if (chosen.length > 1)
    return { ok: false, reason: `勾选了多个选项：${chosen.map((c) => c.text.trim()).join("、")}，只能选一项` };
  // The Word form's note on the line below the last option ("□是 □否\n（若选择是，请在…详述）")
  // belongs to no option.
  return { ok: true, text: chosen[0].text.replace(/\n\s*[（(][^]*$/, "").trim() };
}

// ---------------------------------------------------------------------------------------------
// Prepared option lists (normalised once per list)

/** A bracketed hint of the form rather than a value: (请注明), (需备注具体行业), (请注明：…). */
const OTHER_HINT = /^(?:请|需|须)?(?:注明|备注|说明|填写)/;

interface Prepared {
  options: string[];
  keys: string[];
  byKey: Map<string, string>;
  /** The option starting with 其他, if any. */
  other?: string;
  /** Bracketed hint of the 其他 option ("请注明", "需备注具体行业"), normalised. */
  otherHint?: string;
}

const prepared = new WeakMap<readonly string[], Prepared>();

/** Recently prepared lists, found by content for callers that build a new array on every call. */
const recent: Prepared[] = [];

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function prepare(options: readonly string[]): Prepared {
  let p = prepared.get(options);
  if (p) return p;
  for (let i = 0; i < recent.length; i++) if (sameList(recent[i].options, options)) return recent[i];
  const keys = options.map(matchKey);
  const byKey = new Map<string, string>();
  options.forEach((o, i) => {
    if (!byKey.has(keys[i])) byKey.set(keys[i], o);
  });
  p = { options: [...options], keys, byKey };
  const oi = keys.findIndex((k) => k.startsWith("其他") || k.startsWith("其它"));
  if (oi >= 0) {
    p.other = options[oi];
    const k = keys[oi];
    const m = /^其[他它]\((.*)\)$/.exec(k);
    if (m) p.otherHint = m[1];
  }
  prepared.set(options, p);
  if (recent.length >= 16) recent.pop();
  recent.unshift(p);
  return p;
}

const TRAILING_PUNCT = /[。.;；,，、!！]+$/;

/** normalizeHeading plus trailing sentence punctuation removed. */
function matchKey(s: string): string {
  const k = normalizeHeading(s);
  return TRAILING_PUNCT.test(k) ? k.replace(TRAILING_PUNCT, "") : k;
}

// ---------------------------------------------------------------------------------------------
// 其他 (other) with what it is

/** Soft normalisation keeping the text readable: half-width, brackets unified, trimmed. */
const OPEN_BRACKETS = /[【〔〖[]/g;
const CLOSE_BRACKETS = /[】〕〗\]]/g;
const ANY_BRACKET = /[【〔〖[】〕〗\]]/;

function soft(s: string): string {
  const h = toHalfWidth(s);
  return (ANY_BRACKET.test(h) ? h.replace(OPEN_BRACKETS, "(").replace(CLOSE_BRACKETS, ")") : h).trim();
}

// Separators and blanks to fill in (____, ……) around a detail.
const SEP_HEAD = /^[\s:：\-—–~、,，.。;；/_＿…]+/;
const SEP_TAIL = /[\s:：\-—–~、,，.。;；/_＿…]+$/;

/** The detail after 其他 ("其他（社会团体）", "其他：钢铁", "其他（请注明）：社会团体"); "" when nothing is stated. */
function otherDetail(afterOther: string, hint: string | undefined): string {
  let t = afterOther.trim();
  for (let guard = 0; guard < 4; guard++) {
    t = t.replace(SEP_HEAD, "").replace(SEP_TAIL, "");
    if (t.startsWith("(")) {
      const close = t.indexOf(")");
      const inner = close >= 0 ? t.slice(1, close) : t.slice(1);
      const rest = close >= 0 ? t.slice(close + 1) : "";
      const innerKey = normalizeHeading(inner);
      if (innerKey === "" || OTHER_HINT.test(innerKey) || (hint !== undefined && innerKey === hint)) {
        // A hint like (请注明) or (请注明：社会团体): keep what follows the hint's colon.
        const colon = inner.search(/[:：]/);
        const inHint = colon >= 0 ? inner.slice(colon + 1).trim() : "";
        t = inHint ? inHint + rest : rest;
        continue;
      }
      // (社会团体) or (社会团体)其他文字
      return (inner + rest).trim().replace(SEP_TAIL, "");
    }
    break;
  }
  // A leading hint without brackets: "请注明：社会团体"
  const hm = /^(?:请注明|注明|需备注具体行业|需备注|备注|请说明|说明)[:：]?/.exec(t);
  if (hm) t = t.slice(hm[0].length).replace(SEP_HEAD, "");
  return t.replace(/[)]+$/, "").trim();
}

// ---------------------------------------------------------------------------------------------
// Suggestions

const dist = new Int32Array(256);

/** Levenshtein distance over UTF-16 units, capped (strings longer than 120 are compared on their first 120 units). */
export function editDistance(a: string, b: string): number {
  const n = Math.min(a.length, 120);
  const m = Math.min(b.length, 120);
  if (n === 0) return m;
  if (m === 0) return n;
  // one row, reused buffer
  for (let j = 0; j <= m; j++) dist[j] = j;
  for (let i = 1; i <= n; i++) {
    let prev = dist[0];
    dist[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const tmp = dist[j];
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      let v = prev + cost;
      if (dist[j] + 1 < v) v = dist[j] + 1;
      if (dist[j - 1] + 1 < v) v = dist[j - 1] + 1;
      dist[j] = v;
      prev = tmp;
    }
  }
  return dist[m];
}

/** Every character of `short` appears in `long` in order (国企 in 国有企业). */
function isSubsequence(short: string, long: string): boolean {
  let j = 0;
  for (let i = 0; i < long.length && j < short.length; i++) if (long.charCodeAt(i) === short.charCodeAt(j)) j++;
  return j === short.length;
}

/**
 * Nearest option for a message: containment first (民营 → 民营企业, 财产保险公司 → 保险公司),
 * then characters in order (国企 → 国有企业), then edit distance when at most half differs.
 */
function suggest(key: string, p: Prepared): string | undefined {
  if (key === "") return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  for (let pass = 0; pass < 2 && best === undefined; pass++) {
    for (let i = 0; i < p.keys.length; i++) {
      const k = p.keys[i];
      if (k === "") continue;
      const hit =
        pass === 0 ? k.includes(key) || key.includes(k) : key.length >= 2 && (isSubsequence(key, k) || isSubsequence(k, key));
      if (!hit) continue;
      // Prefer the option closest in length; on a tie the earlier one.
      const score = Math.abs(k.length - key.length);
      if (score < bestScore) {
        bestScore = score;
        best = p.options[i];
      }
    }
  }
  if (best !== undefined) return best;
  let bestD = Infinity;
  let bestLen = 0;
  for (let i = 0; i < p.keys.length; i++) {
    const k = p.keys[i];
    const d = editDistance(key, k);
    if (d < bestD) {
      bestD = d;
      best = p.options[i];
      bestLen = k.length;
    }
  }
  // Only when it is plausibly the same word: at most half of the longer string differs.
  return bestD <= Math.floor(Math.max(key.length, bestLen) / 2) ? best : undefined;
}

// ---------------------------------------------------------------------------------------------

function startsWithOther(s: string): number {
  // "其他" / "其它" at the start of the soft text; returns the index after it or -1.
  return s.startsWith("其他") || s.startsWith("其它") ? 2 : -1;
}

/** Match a cell against an option list. */
export function matchOption(raw: string, options: readonly string[]): OptionMatch {
  const p = prepare(options);
  const key = matchKey(raw);
  // Fast path: exactly an option (not the 其他 option with a hint, which means "unspecified").
  const hit = p.byKey.get(key);
  if (hit !== undefined && hit !== p.other) return { status: "exact", option: hit };
  if (hasBox(raw)) {
    const t = tickedItem(raw);
    if (t && !t.ok) return { status: "none", reason: t.reason };
    if (t && t.ok) {
      const r = matchOption(t.text, options);
      return r;
    }
  }
  if (p.other !== undefined) {
    const s = soft(raw);
    const at = startsWithOther(s);
    if (at >= 0) {
      const detail = otherDetail(s.slice(at), p.otherHint);
      if (detail === "") return { status: "otherUnspecified", option: p.other };
      return { status: "other", option: p.other, detail };
    }
  }
  return { status: "none", suggestion: suggest(key, p) };
}

/**
 * Match 申报类别 / 申报方向 values shaped "prefix：detail" ("重点行业领域：电信和互联网",
 * "重点行业领域（电信和互联网）", "企业类：工业互联网"). The prefix is compared after
 * normalisation; the detail is returned as written (half-width, trimmed).
 */
export function matchCategory(raw: string, prefixes: readonly string[]): CategoryMatch {
  let text = raw;
  if (hasBox(raw)) {
    const t = tickedItem(raw);
    if (t && !t.ok) return { status: "none", reason: t.reason };
    if (t && t.ok) text = t.text;
  }
  const s = soft(text);
  const p = prepare(prefixes);
  // Longest prefix first, so that "重点行业领域" wins over a shorter one it contains.
  let bestLen = -1;
  let bestPrefix = "";
  let bestEnd = 0;
  for (let i = 0; i < p.keys.length; i++) {
    const end = looseStartsWith(s, p.keys[i]);
    if (end >= 0 && p.keys[i].length > bestLen) {
      bestLen = p.keys[i].length;
      bestPrefix = p.options[i];
      bestEnd = end;
    }
  }
  if (bestLen < 0) {
    const key = matchKey(text);
    return { status: "none", suggestion: suggest(key, p) ?? suggestByStart(key, p) };
  }
  let rest = s.slice(bestEnd).replace(SEP_HEAD, "").trim();
  if (rest.startsWith("(")) {
    const close = rest.lastIndexOf(")");
    rest = (close > 0 ? rest.slice(1, close) + rest.slice(close + 1) : rest.slice(1)).trim();
  }
  rest = rest.replace(SEP_HEAD, "").replace(SEP_TAIL, "").trim();
  if (rest === "" || OTHER_HINT_ONLY.test(normalizeHeading(rest))) return { status: "noDetail", prefix: bestPrefix };
  return { status: "ok", prefix: bestPrefix, detail: rest };
}

const OTHER_HINT_ONLY = /^(?:请注明|注明|请填写|填写|具体领域或主体|具体领域|具体主体|请选择)$/;

/** Suggest the prefix whose first characters the value shares (for values that give only the detail there is no good guess). */
function suggestByStart(key: string, p: Prepared): string | undefined {
  for (let i = 0; i < p.keys.length; i++) if (key.length >= 2 && p.keys[i].startsWith(key.slice(0, 2))) return p.options[i];
  return undefined;
}

/** One character under normalizeHeading's rules, as a code: −1 for white space (skipped). */
function normCode(c: number): number {
  if (isSpaceCode(c)) return -1;
  if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
  if (c >= 0x41 && c <= 0x5a) return c + 0x20;
  if (c === 0x5b || c === 0x3010 || c === 0x3014 || c === 0x3016) return 0x28;
  if (c === 0x5d || c === 0x3011 || c === 0x3015 || c === 0x3017) return 0x29;
  return c;
}

/**
 * Index in `s` just after a prefix whose normalised key is `key`, comparing character by
 * character with normalizeHeading's rules (white space skipped, case folded), or −1.
 */
function looseStartsWith(s: string, key: string): number {
  let i = 0;
  let k = 0;
  while (k < key.length) {
    if (i >= s.length) return -1;
    const n = normCode(s.charCodeAt(i));
    i++;
    if (n < 0) continue;
    if (n !== key.charCodeAt(k)) return -1;
    k++;
  }
  return i;
}
