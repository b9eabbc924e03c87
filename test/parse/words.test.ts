import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countWords } from "../../forms/parse/words.js";

describe("countWords (字数 as Word/WPS show it)", () => {
  it.each([
    ["网络安全保险", 6],
    ["ABC公司2025年", 5],
    ["，。", 2],
    ["hello world", 2],
    ["", 0],
    ["   \n\t\u3000", 0],
    ["3.14", 1],
    ["e-mail", 1],
    ["GB/T 22239-2019", 2],
    ["等保2.0三级", 5],
    ["“网络安全”", 6],
    ["《通知》", 4],
    ["公司,成立", 5],
    ["第一段\n第二段", 6],
    ["ＡＢＣ", 3],
    ["𠀀𠀁", 2],
    ["保险……", 4],
  ])("%j → %i", (s, n) => {
    expect(countWords(s)).toBe(n);
  });

  const cjk = fc
    .array(fc.integer({ min: 0x4e00, max: 0x9fa5 }), { minLength: 1, maxLength: 6 })
    .map((cs) => ({ kind: "cjk" as const, text: String.fromCharCode(...cs), count: cs.length }));
  const punct = fc
    .array(fc.constantFrom(..."，。、；：？！“”（）《》【】—…·"), { minLength: 1, maxLength: 3 })
    .map((cs) => ({ kind: "cjk" as const, text: cs.join(""), count: cs.length }));
  const latin = fc
    .stringMatching(/^[A-Za-z0-9]{1,8}(?:[.\-_'][A-Za-z0-9]{1,4})?$/)
    .map((t) => ({ kind: "latin" as const, text: t, count: 1 }));

  it("is invariant under spaces between tokens of different scripts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(cjk, punct, latin), { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (tokens, spaces) => {
          let tight = "";
          let loose = "";
          let expected = 0;
          tokens.forEach((t, i) => {
            const prev = tokens[i - 1];
            if (prev) {
              const sameLatin = prev.kind === "latin" && t.kind === "latin";
              const sep = sameLatin ? " " : "";
              tight += sep;
              loose += sameLatin || spaces[i] ? " " : "";
            }
            tight += t.text;
            loose += t.text;
            expected += t.count;
          });
          expect(countWords(tight)).toBe(expected);
          expect(countWords(loose)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
