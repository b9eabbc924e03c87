import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cnValid, findPhones, libphonenumberValid, parsePhone, parsePhones, PHONE_FAST_PATH } from "../../forms/parse/phone.js";

describe("parsePhone: accepted forms", () => {
  it.each([
    ["18032069673", "18032069673"],
    ["180 3206 9673", "18032069673"],
    ["180-3206-9673", "18032069673"],
    ["+86 180 3206 9673", "18032069673"],
    ["+86-18032069673", "18032069673"],
    ["86-18032069673", "18032069673"],
    ["8618032069673", "18032069673"],
    ["0086 18032069673", "18032069673"],
    ["(+86)18032069673", "18032069673"],
    ["１８０３２０６９６７３", "18032069673"],
    [" 13800000000 ", "13800000000"],
  ])("mobile %j", (raw, normalized) => {
    expect(parsePhone(raw)).toEqual({ ok: true, kind: "mobile", normalized });
  });

  it.each([
    ["0311-86699155", "0311-86699155", "0311", undefined],
    ["031186699155", "0311-86699155", "0311", undefined],
    ["0311 8669 9155", "0311-86699155", "0311", undefined],
    ["(0311)86699155", "0311-86699155", "0311", undefined],
    ["（0311）86699155", "0311-86699155", "0311", undefined],
    ["（021）64743030", "021-64743030", "021", undefined],
    ["０３１１－８６６９９１５５", "0311-86699155", "0311", undefined],
    ["010-68206187", "010-68206187", "010", undefined],
    ["+86 21 6474 3030", "021-64743030", "021", undefined],
    ["+86-311-86699155", "0311-86699155", "0311", undefined],
    ["021-64743030-2709", "021-64743030-2709", "021", "2709"],
    ["021-64743030转2709", "021-64743030-2709", "021", "2709"],
    ["021-64743030 转 2709", "021-64743030-2709", "021", "2709"],
    ["021 6474 3030 ext. 2709", "021-64743030-2709", "021", "2709"],
    ["021-64743030 分机 2709", "021-64743030-2709", "021", "2709"],
    ["(021)64743030-2709", "021-64743030-2709", "021", "2709"],
    ["0310-3123456", "0310-3123456", "0310", undefined],
  ])("landline %j", (raw, normalized, areaCode, extension) => {
    const r = parsePhone(raw);
    expect(r).toMatchObject({ ok: true, kind: "landline", normalized, areaCode });
    if (r.ok && r.kind === "landline") expect(r.extension).toBe(extension);
  });
});

describe("parsePhone: refused", () => {
  it("a landline without area code", () => {
    expect(parsePhone("68206187")).toEqual({ ok: false, normalized: "68206187", reason: "座机号码缺少区号，如 0311-86699155" });
    expect(parsePhone("8669915")).toMatchObject({ ok: false, reason: "座机号码缺少区号，如 0311-86699155" });
  });
  it.each([
    ["1380000000", "11位"],
    ["138000000000", "11位"],
    ["12345678901", "13-19"],
    ["0311-866991", "位数不足"],
    ["0311-866991550", "位数过多"],
    ["0755-8888888", "0755"],
    ["0311-06699155", "0或1"],
    ["13800000000/13900000000", "多个号码"],
    ["0311-86699155 13800000000", "多个号码"],
    ["13800000000、0311-86699155", "多个号码"],
    ["400-820-8820", "400/800"],
    ["+1 650 253 0000", "+86"],
    ["电话", "无法识别"],
    ["", "未填写"],
    ["13800000000-123", "分机"],
  ])("%j (%s)", (raw, fragment) => {
    const r = parsePhone(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(fragment);
  });
});

describe("libphonenumber-js agreement", () => {
  it("uses the fast path (patterns from the max metadata)", () => {
    expect(PHONE_FAST_PATH).toBe(true);
  });
  it("agrees with libphonenumber-js on random mobiles", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (m) => {
        expect(cnValid(m, "MOBILE")).toBe(libphonenumberValid(m, "MOBILE"));
        expect(parsePhone(m).ok).toBe(libphonenumberValid(m, "MOBILE"));
      }),
      { numRuns: 300 },
    );
  });
  it("agrees with libphonenumber-js on random landlines", () => {
    const areas = ["10", "21", "22", "23", "311", "310", "335", "571", "755", "898", "999", "349", "701", "431"];
    fc.assert(
      fc.property(fc.constantFrom(...areas), fc.stringMatching(/^[2-9]\d{6,7}$/), (area, sub) => {
        const national = area + sub;
        expect(cnValid(national, "FIXED_LINE")).toBe(libphonenumberValid(national, "FIXED_LINE"));
        expect(parsePhone("0" + area + "-" + sub).ok).toBe(libphonenumberValid(national, "FIXED_LINE"));
      }),
      { numRuns: 300 },
    );
  });
});

describe("findPhones / parsePhones", () => {
  it("pulls numbers out of free text", () => {
    expect(findPhones("张三 13800000000")).toEqual(["13800000000"]);
    expect(findPhones("王老师 021-64743030-2709")).toEqual(["021-64743030-2709"]);
    expect(findPhones("联系人：王老师，电话（0311）86699155，手机 180 3206 9673")).toEqual(["（0311）86699155", "180 3206 9673"]);
    expect(findPhones("13800000000 13900000000")).toEqual(["13800000000", "13900000000"]);
    expect(findPhones("电话 021-64743030转2709 或 13800000000")).toEqual(["021-64743030转2709", "13800000000"]);
    expect(findPhones("无")).toEqual([]);
    expect(findPhones("成立于2015年")).toEqual([]);
  });
  it("returns invalid candidates too", () => {
    expect(findPhones("座机 68206187")).toEqual(["68206187"]);
  });
  it("parses several numbers in one cell", () => {
    const r = parsePhones("0311-86699155/13800000000");
    expect(r.map((p) => p.ok && p.normalized)).toEqual(["0311-86699155", "13800000000"]);
  });
});
