import fc from "fast-check";
import { describe, expect, it } from "vitest";
import data from "../../forms/data/divisions.json" with { type: "json" };
import {
  computeOrgCheck,
  computeUsccCheck,
  formatCreditCode,
  makeOrgCode,
  makeUscc,
  parseCreditCode,
  USCC_CHARS,
} from "../../forms/parse/uscc.js";

/** Every county-level code of the table, e.g. "130102". */
const DIVISIONS: string[] = Object.entries((data as { counties: Record<string, string> }).counties).flatMap(([c4, list]) =>
  Array.from({ length: list.length / 2 }, (_, i) => c4 + list.slice(i * 2, i * 2 + 2)),
);

// Real-looking codes built with makeUscc (河北 石家庄 长安区, 上海 浦东新区, 北京 海淀区).
const HEBEI = makeUscc("91", "130102", "MA0CDE1F");
const SHANGHAI = makeUscc("91", "310115", "MA1FL7X3");
const BEIJING_INSTITUTION = makeUscc("12", "110108", "40000012");

describe("parseCreditCode: USCC", () => {
  it("accepts the commonly cited example 91350100M000100Y43", () => {
    const r = parseCreditCode("91350100M000100Y43");
    expect(r).toMatchObject({ kind: "uscc", checksumOk: true, expected: "3", division: "350100", orgChecksumOk: true });
    expect(computeUsccCheck("91350100M000100Y4")).toBe("3");
    expect(computeOrgCheck("M000100Y")).toBe("4");
  });

  it("accepts codes built with makeUscc", () => {
    for (const c of [HEBEI, SHANGHAI, BEIJING_INSTITUTION]) {
      expect(c).toHaveLength(18);
      expect(parseCreditCode(c)).toMatchObject({ kind: "uscc", code: c, checksumOk: true, orgChecksumOk: true });
    }
    expect(parseCreditCode(HEBEI)).toMatchObject({ division: "130102" });
  });

  it("normalises lower case, spaces, hyphens, full-width and quotes", () => {
    const variants = [
      HEBEI.toLowerCase(),
      ` ${HEBEI} `,
      `${HEBEI.slice(0, 8)} ${HEBEI.slice(8)}`,
      `${HEBEI.slice(0, 8)}-${HEBEI.slice(8)}`,
      `${HEBEI.slice(0, 8)}－${HEBEI.slice(8)}`,
      `${HEBEI.slice(0, 8)}\u3000${HEBEI.slice(8)}`,
      `“${HEBEI}”`,
      `'${HEBEI}`,
      HEBEI.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    ];
    for (const v of variants) expect(parseCreditCode(v)).toMatchObject({ kind: "uscc", code: HEBEI, checksumOk: true });
  });

  it("reports a wrong check character with the expected one", () => {
    const good = SHANGHAI;
    const wrong = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    expect(parseCreditCode(wrong)).toMatchObject({ kind: "uscc", checksumOk: false, expected: good[17] });
  });

  it("refuses I, O, Z, S, V and suggests the look-alike fix when it checks", () => {
    const good = makeUscc("91", "130102", "MA0C0E1F");
    const typo = good.replace("MA0C0", "MAOC0");
    const r = parseCreditCode(typo);
    expect(r.kind).toBe("invalid");
    if (r.kind !== "invalid") return;
    expect(r.reason).toContain("I/O/Z/S/V");
    expect(r.suggestion).toBe(good);
  });

  it("refuses other characters, wrong lengths and a bad registration authority", () => {
    expect(parseCreditCode("91130102MA0C号E1F5")).toMatchObject({ kind: "invalid" });
    expect(parseCreditCode("9113010")).toMatchObject({
      kind: "invalid",
      reason: "应为18位统一社会信用代码或9位组织机构代码，实际为7位",
    });
    expect(parseCreditCode("")).toMatchObject({ kind: "invalid" });
    const r15 = parseCreditCode("130100000123456");
    expect(r15.kind === "invalid" && r15.reason).toContain("15位");
    const bad1 = "H" + HEBEI.slice(1);
    expect(parseCreditCode(bad1)).toMatchObject({ kind: "invalid" });
    const badDivision = "91A30102" + HEBEI.slice(8);
    expect(parseCreditCode(badDivision)).toMatchObject({ kind: "invalid", reason: "第3-8位应为6位数字的行政区划代码" });
  });

  it("reports the organisation-code check inside a USCC separately", () => {
    const first16 = "91130102MA0CDE1F";
    const wrongOrg = computeOrgCheck("MA0CDE1F") === "0" ? "1" : "0";
    const first17 = first16 + wrongOrg;
    const code = first17 + computeUsccCheck(first17);
    expect(parseCreditCode(code)).toMatchObject({ kind: "uscc", checksumOk: true, orgChecksumOk: false });
  });
});

describe("parseCreditCode: organisation code", () => {
  it("accepts XXXXXXXX-X, lower case and without hyphen", () => {
    const code = makeOrgCode("72346791");
    expect(code).toMatch(/^72346791-[0-9X]$/);
    expect(parseCreditCode(code)).toMatchObject({ kind: "org", checksumOk: true });
    expect(parseCreditCode(code.replace("-", ""))).toMatchObject({ kind: "org", checksumOk: true });
    const withLetters = makeOrgCode("ma0cde1f");
    expect(parseCreditCode(withLetters.toLowerCase())).toMatchObject({
      kind: "org",
      checksumOk: true,
      code: withLetters.replace("-", ""),
    });
    expect(formatCreditCode(parseCreditCode(withLetters))).toBe(withLetters);
  });
  it("computes X and 0 check characters", () => {
    // find bodies giving 10 → X and 11 → 0
    let x = "";
    let zero = "";
    for (let i = 10000000; i < 10000200 && (!x || !zero); i++) {
      const c = computeOrgCheck(String(i));
      if (c === "X" && !x) x = String(i);
      if (c === "0" && !zero) zero = String(i);
    }
    expect(parseCreditCode(`${x}-X`)).toMatchObject({ kind: "org", checksumOk: true, expected: "X" });
    expect(parseCreditCode(`${x}-x`)).toMatchObject({ kind: "org", checksumOk: true });
    expect(parseCreditCode(`${zero}-0`)).toMatchObject({ kind: "org", checksumOk: true, expected: "0" });
  });
  it("reports a wrong check character", () => {
    const code = makeOrgCode("12345678", false);
    const wrong = code.slice(0, 8) + (code[8] === "1" ? "2" : "1");
    expect(parseCreditCode(wrong)).toMatchObject({ kind: "org", checksumOk: false, expected: code[8] });
    expect(parseCreditCode("12345678-A")).toMatchObject({ kind: "invalid" });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const AUTHORITIES = "123456789ANY";
const uscc31 = fc.constantFrom(...USCC_CHARS);
const validUscc = fc
  .record({
    a: fc.constantFrom(...AUTHORITIES),
    t: fc.constantFrom(..."123459"),
    division: fc.constantFrom(...DIVISIONS),
    body: fc.array(uscc31, { minLength: 8, maxLength: 8 }).map((cs) => cs.join("")),
  })
  .map(({ a, t, division, body }) => makeUscc(a + t, division, body));

function fullWidth(c: string): string {
  return /[0-9A-Za-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c;
}

describe("properties", () => {
  it("(a) a valid code still validates after case changes, spaces, hyphens and full-width conversion", () => {
    fc.assert(
      fc.property(
        validUscc,
        fc.array(
          fc.record({
            lower: fc.boolean(),
            full: fc.boolean(),
            insert: fc.constantFrom("", "", " ", "-", "－", "\u3000", "\u00a0"),
          }),
          {
            minLength: 18,
            maxLength: 18,
          },
        ),
        (code, edits) => {
          let written = "";
          for (let i = 0; i < 18; i++) {
            let c = code[i];
            if (edits[i].lower) c = c.toLowerCase();
            if (edits[i].full) c = fullWidth(c);
            written += c + edits[i].insert;
          }
          const r = parseCreditCode(written);
          expect(r).toMatchObject({ kind: "uscc", code, checksumOk: true, orgChecksumOk: true, division: code.slice(2, 8) });
        },
      ),
      { numRuns: 500 },
    );
  });

  it("(b) any single-character change of a valid USCC fails the checksum (weights are units mod 31)", () => {
    fc.assert(
      fc.property(validUscc, fc.integer({ min: 0, max: 17 }), uscc31, (code, pos, ch) => {
        fc.pre(code[pos] !== ch);
        const mutated = code.slice(0, pos) + ch + code.slice(pos + 1);
        expect(computeUsccCheck(mutated.slice(0, 17)) === mutated[17]).toBe(false);
        const r = parseCreditCode(mutated);
        expect(r.kind === "uscc" && r.checksumOk).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it("(b) exhaustively: all 18 × 30 substitutions of three codes fail", () => {
    for (const code of [HEBEI, SHANGHAI, "91350100M000100Y43"]) {
      for (let pos = 0; pos < 18; pos++)
        for (const ch of USCC_CHARS) {
          if (ch === code[pos]) continue;
          const m = code.slice(0, pos) + ch + code.slice(pos + 1);
          expect(computeUsccCheck(m.slice(0, 17)) === m[17]).toBe(false);
        }
    }
  });

  it("(b) org codes: any single digit change fails the mod-11 check", () => {
    // GB 11714 weights are units mod 11, so any change of value by 1..10 is caught; digits differ by ≤ 9.
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Z]{8}$/),
        fc.integer({ min: 0, max: 8 }),
        fc.constantFrom(..."0123456789"),
        (body, pos, d) => {
          const code = body + computeOrgCheck(body);
          fc.pre(/[0-9]/.test(code[pos]) && code[pos] !== d);
          const m = code.slice(0, pos) + d + code.slice(pos + 1);
          const r = parseCreditCode(m);
          expect(r.kind === "org" && r.checksumOk).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("org codes: a letter whose value differs by a multiple of 11 is NOT caught (a limit of GB 11714, documented)", () => {
    // '0' = 0 and 'B' = 11: same value mod 11.
    const code = makeOrgCode("10000000", false);
    const swapped = "1B000000" + code[8];
    expect(parseCreditCode(swapped)).toMatchObject({ kind: "org", checksumOk: true });
  });
});
