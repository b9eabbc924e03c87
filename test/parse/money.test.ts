import { describe, expect, it } from "vitest";
import { parseCount, parseMoneyWan } from "../../forms/parse/money.js";

describe("parseMoneyWan", () => {
  it.each([
    [50, 50],
    [0, 0],
    [0.1 + 0.2, 0.3],
    ["50", 50],
    ["50.5", 50.5],
    [" 50 ", 50],
    ["５０", 50],
    ["1,200", 1200],
    ["1，200.5", 1200.5],
    ["50万元", 50],
    ["50万", 50],
    ["50 万元", 50],
    ["５０万元", 50],
    ["0", 0],
  ] as const)("%j → %d (not converted)", (v, value) => {
    expect(parseMoneyWan(v)).toEqual({ ok: true, value, converted: false });
  });

  it.each([
    ["5000元", 0.5, "按 元 换算为 0.5 万元"],
    ["1.2亿", 12000, "按 亿元 换算为 12000 万元"],
    ["1.2亿元", 12000, "按 亿元 换算为 12000 万元"],
    ["3千万元", 3000, "按 千万元 换算为 3000 万元"],
    ["约50万元", 50, "已忽略文字“约”，按 50 万元"],
    ["50万元左右", 50, "已忽略文字“左右”，按 50 万元"],
    ["50万元/年", 50, "已忽略文字“/年”，按 50 万元"],
    ["人民币50万元", 50, "已忽略文字“人民币”，按 50 万元"],
    ["¥500,000元", 50, "已忽略文字“¥”，按 元 换算为 50 万元"],
  ] as const)("%j → %d converted", (v, value, note) => {
    expect(parseMoneyWan(v)).toEqual({ ok: true, value, converted: true, from: v, note });
  });

  it.each([
    [-5, "负数"],
    ["-5", "负数"],
    ["-5万元", "负数"],
    ["", "未填写"],
    ["  ", "未填写"],
    ["无", "不是数字"],
    ["待定", "不是数字"],
    ["-", "不是数字"],
    ["50-100万元", "多个数字"],
    [true, "是/否"],
    [new Date(0), "日期"],
    [null, "未填写"],
    [NaN, "不是有效"],
  ] as const)("%j refused (%s)", (v, fragment) => {
    const r = parseMoneyWan(v);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(fragment);
  });
});

describe("parseCount", () => {
  it("reads whole numbers", () => {
    expect(parseCount(12)).toEqual({ ok: true, value: 12, converted: false });
    expect(parseCount("12")).toEqual({ ok: true, value: 12, converted: false });
    expect(parseCount("１２")).toEqual({ ok: true, value: 12, converted: false });
    expect(parseCount("12份")).toMatchObject({ ok: true, value: 12, converted: true });
    expect(parseCount("12 张保单")).toMatchObject({ ok: true, value: 12, converted: true, note: "已忽略文字“张保单”，按 12 计" });
    expect(parseCount("约12家")).toMatchObject({ ok: true, value: 12, converted: true });
  });
  it("refuses fractions, negatives and text", () => {
    expect(parseCount(1.5).ok).toBe(false);
    expect(parseCount("1.5份").ok).toBe(false);
    expect(parseCount(-1).ok).toBe(false);
    expect(parseCount("若干").ok).toBe(false);
    expect(parseCount("1-2家").ok).toBe(false);
  });
});
