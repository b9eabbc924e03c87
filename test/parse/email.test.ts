import { describe, expect, it } from "vitest";
import { isEmail, normalizeEmail, parseEmail } from "../../forms/parse/email.js";

describe("isEmail", () => {
  it.each([
    "hbgkaq@163.com",
    "zhang.san@example.com.cn",
    "ZHANG@QQ.COM",
    "123456789@qq.com",
    "li_si+form@sub.example.org",
    "a-b@x-y.cn",
  ])("accepts %j", (s) => expect(isEmail(s)).toBe(true));
  it.each([
    "zhang@qq",
    "hbgkaq@163",
    "zhang@@qq.com",
    "zhang qq.com",
    "zhang @qq.com",
    "zhang@qq..com",
    "zhang..san@qq.com",
    ".zhang@qq.com",
    "zhang.@qq.com",
    "zhang@-qq.com",
    "zhang@qq.c",
    "zhang@qq.123",
    "zhang＠qq.com",
    "",
    "@qq.com",
    "zhang@",
  ])("refuses %j", (s) => expect(isEmail(s)).toBe(false));
});

describe("normalizeEmail / parseEmail", () => {
  it("accepts full-width @ and dot only after normalisation", () => {
    expect(isEmail("zhang＠qq．com")).toBe(false);
    expect(normalizeEmail("zhang＠qq．com")).toBe("zhang@qq.com");
    expect(normalizeEmail(" zhang@qq。com ")).toBe("zhang@qq.com");
    expect(normalizeEmail("mailto:ZHANG@QQ.COM")).toBe("ZHANG@qq.com");
    expect(parseEmail("zhang＠qq.com")).toEqual({ ok: true, normalized: "zhang@qq.com", changed: true });
    expect(parseEmail("zhang@qq.com")).toEqual({ ok: true, normalized: "zhang@qq.com", changed: false });
  });
  it("explains failures in Chinese", () => {
    expect(parseEmail("hbgkaq@163")).toMatchObject({ ok: false, reason: expect.stringContaining("hbgkaq@163.com") });
    expect(parseEmail("zhang@@qq.com")).toMatchObject({ ok: false, reason: expect.stringContaining("多个") });
    expect(parseEmail("zhang qq.com")).toMatchObject({ ok: false, reason: expect.stringContaining("空格") });
    expect(parseEmail("zhangqq.com")).toMatchObject({ ok: false, reason: expect.stringContaining("@") });
    expect(parseEmail("zhang@qq..com")).toMatchObject({ ok: false, reason: expect.stringContaining("连续") });
  });
});
