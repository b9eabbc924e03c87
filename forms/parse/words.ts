// 字数 as Word and WPS show it in 字数统计 (the "字数" line, the number Chinese users read
// and the notices mean by "400字以内").
//
// Rule (Word's definition of 字数 = 中文字符和朝鲜语单词 + 非中文单词):
//   * every East Asian character counts 1: CJK Unified Ideographs (U+4E00–9FFF), Ext A
//     (U+3400–4DBF), Ext B and later (U+20000–3134F, one per code point, not per surrogate),
//     compatibility ideographs (U+F900–FAFF, U+2F800–2FA1F), kana (U+3040–30FF) and
//     Hangul syllables;
//   * every full-width punctuation mark counts 1: the CJK symbols block U+3001–303F
//     (、。〈〉《》「」『』【】〔〕…), the full-width forms U+FF01–FFEF (，；：？！（）＠ and
//     full-width letters/digits too — Word counts each ＡＢＣ as an Asian character), and the
//     punctuation Chinese text uses from the general block: “ ” ‘ ’ — … · ― ※ and U+2014/2015;
//   * everything else that is not white space forms "non-Asian words": a maximal run of such
//     characters counts 1 however long it is. Runs end at white space and at East Asian
//     characters. So "3.14", "e-mail", "ISO/IEC", "hello," and "(2025)" are one word each, and
//     a half-width punctuation mark standing alone between Chinese characters ("公司,成立")
//     counts 1, as in Word;
//   * white space never counts: spaces, tabs, line breaks, NBSP, U+3000, zero-width spaces.
// Examples: "网络安全保险" = 6; "ABC公司2025年" = ABC + 公 + 司 + 2025 + 年 = 5; "，。" = 2;
// "hello world" = 2; "GB/T 22239-2019" = 2; "等保2.0三级" = 等 + 保 + 2.0 + 三 + 级 = 5; "" = 0.
// Inserting spaces between Chinese and Latin text never changes the count.
import { isSpaceCode } from "./text.js";

/** 1 when the BMP code unit is an East Asian character or full-width punctuation counted on its own. */
function isAsianUnit(c: number): boolean {
  if (c < 0x2010) return c === 0xb7; // · middle dot
  if (c <= 0x203b) {
    // — ― ‘ ’ “ ” … ※ and the dashes U+2010–2015 (‐ ‑ ‒ – — ―) are not counted alone except — ―
    return (
      c === 0x2014 || c === 0x2015 || c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d || c === 0x2026 || c === 0x203b
    );
  }
  if (c < 0x3001) return false;
  if (c <= 0x303f) return true; // CJK symbols and punctuation (U+3000 is white space, handled before)
  if (c <= 0x30ff) return c >= 0x3040; // hiragana, katakana
  if (c >= 0x3400 && c <= 0x4dbf) return true; // Ext A
  if (c >= 0x4e00 && c <= 0x9fff) return true; // URO
  if (c >= 0xac00 && c <= 0xd7a3) return true; // Hangul syllables
  if (c >= 0xf900 && c <= 0xfaff) return true; // compatibility ideographs
  if (c >= 0xfe30 && c <= 0xfe4f) return true; // CJK compatibility forms (︵︶ …)
  if (c >= 0xff01 && c <= 0xffef) return true; // full-width forms
  return false;
}

/** Supplementary-plane code point counted as an Asian character (Ext B–H, compatibility supplement). */
function isAsianAstral(cp: number): boolean {
  return (cp >= 0x20000 && cp <= 0x3134f) || (cp >= 0x2f800 && cp <= 0x2fa1f) || (cp >= 0x31350 && cp <= 0x323af);
}

/** 字数 as Word/WPS count it (see the rule above). */
export function countWords(s: string): number {
  let count = 0;
  let inWord = false;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      // ASCII fast path
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) inWord = false;
      else if (!inWord) {
        inWord = true;
        count++;
      }
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
        if (isAsianAstral(cp)) {
          count++;
          inWord = false;
        } else if (!inWord) {
          inWord = true;
          count++;
        }
        continue;
      }
    }
    if (isSpaceCode(c)) {
      inWord = false;
    } else if (isAsianUnit(c)) {
      count++;
      inWord = false;
    } else if (!inWord) {
      inWord = true;
      count++;
    }
  }
  return count;
}
