import { describe, expect, it } from "vitest";
import { cellText, isBlank, normalizeHeading, toHalfWidth, whitespaceFix } from "../../forms/parse/text.js";

describe("toHalfWidth", () => {
  it("converts full-width ASCII and the ideographic space", () => {
    expect(toHalfWidth("ＡＢＣ１２３，（）＠")).toBe("ABC123,()@");
    expect(toHalfWidth("网络\u3000安全")).toBe("网络 安全");
  });
  it("returns the same string when there is nothing to convert", () => {
    const s = "网络安全保险 2025";
    expect(toHalfWidth(s)).toBe(s);
  });
  it("keeps the length (positions can be mapped back)", () => {
    const s = "电话：０３１１－８６６９９１５５";
    expect(toHalfWidth(s).length).toBe(s.length);
  });
});

describe("normalizeHeading", () => {
  it.each([
    ["联系方式\n（手机与邮箱）", "联系方式(手机与邮箱)"],
    ["组织机构代码/ 三证合一码", "组织机构代码/三证合一码"],
    ["组织机构代码／三证合一码", "组织机构代码/三证合一码"],
    ["注册资本\n（万元）", "注册资本(万元)"],
    ["【单位名称】", "(单位名称)"],
    ["〔单位名称〕", "[单位名称]"],
    ["单位名称：", "单位名称"],
    ["单位名称:", "单位名称"],
    ["单 位\u3000名\u00a0称", "单位名称"],
    ["E-Mail", "e-mail"],
    ["ＥＭＡＩＬ：", "email"],
  ])("%j ≡ %j", (a, b) => {
    expect(normalizeHeading(a)).toBe(normalizeHeading(b));
  });
  it("gives the documented key", () => {
    expect(normalizeHeading("联系方式\n（手机与邮箱）：")).toBe("联系方式(手机与邮箱)");
    expect(normalizeHeading("Email")).toBe("email");
  });
});

describe("cellText", () => {
  it("formats each kind of value", () => {
    expect(cellText(null)).toBe("");
    expect(cellText("abc")).toBe("abc");
    expect(cellText(50)).toBe("50");
    expect(cellText(0.1 + 0.2)).toBe("0.3");
    expect(cellText(1.1 * 3)).toBe("3.3");
    expect(cellText(18032069673)).toBe("18032069673");
    expect(cellText(true)).toBe("TRUE");
    expect(cellText(new Date(Date.UTC(2025, 10, 28)))).toBe("2025-11-28");
    expect(cellText(new Date(NaN))).toBe("");
  });
});

describe("isBlank", () => {
  it("treats null and white space as blank", () => {
    expect(isBlank(null)).toBe(true);
    expect(isBlank("")).toBe(true);
    expect(isBlank(" \u3000\u00a0\n")).toBe(true);
    expect(isBlank("0")).toBe(false);
    expect(isBlank(0)).toBe(false);
    expect(isBlank(false)).toBe(false);
    expect(isBlank(new Date(0))).toBe(false);
  });
});

describe("whitespaceFix", () => {
  it("returns null when nothing is wrong", () => {
    expect(whitespaceFix("河北省工业和信息化厅")).toBeNull();
    expect(whitespaceFix("第一段\n第二段")).toBeNull();
    expect(whitespaceFix("")).toBeNull();
    expect(whitespaceFix("网络安全，保险")).toBeNull();
  });
  it("trims the ends, a trailing newline included", () => {
    expect(whitespaceFix(" 张三 ")).toEqual({ fixed: "张三", reasons: ["首尾有空格"] });
    expect(whitespaceFix("张三\n")).toEqual({ fixed: "张三", reasons: ["首尾有空格"] });
    expect(whitespaceFix("\u3000张三")).toEqual({ fixed: "张三", reasons: ["首尾有空格"] });
  });
  it("collapses doubled spaces", () => {
    expect(whitespaceFix("中国  人民财产保险")).toEqual({ fixed: "中国 人民财产保险", reasons: ["有连续空格"] });
    expect(whitespaceFix("A\u3000\u3000B")).toEqual({ fixed: "A B", reasons: ["有连续空格"] });
  });
  it("converts full-width digits and letters", () => {
    expect(whitespaceFix("１８０３２０６９６７３")).toEqual({ fixed: "18032069673", reasons: ["含全角数字或字母"] });
    expect(whitespaceFix(" ＡＢＣ  公司 ")).toEqual({
      fixed: "ABC 公司",
      reasons: ["首尾有空格", "有连续空格", "含全角数字或字母"],
    });
  });
  it("leaves full-width punctuation alone", () => {
    expect(whitespaceFix("（全称）")).toBeNull();
  });
});
