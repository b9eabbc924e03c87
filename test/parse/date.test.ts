import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_DATE_FORMAT_IDS, isDateFormat, parseDate, serialToIso, todayIso } from "../../forms/parse/date.js";

const day = (iso: string) => ({ ok: true, iso, precision: "day" });
const month = (iso: string) => ({ ok: true, iso, precision: "month" });

describe("parseDate", () => {
  it("reads JS dates by their UTC components", () => {
    expect(parseDate(new Date(Date.UTC(2025, 10, 28)))).toEqual(day("2025-11-28"));
    expect(parseDate(new Date(NaN)).ok).toBe(false);
  });
  it("reads Excel serials (1900 system with the 1900-02-29 bug)", () => {
    expect(parseDate(45989)).toEqual(day("2025-11-28"));
    expect(parseDate(45989.5)).toEqual(day("2025-11-28"));
    expect(serialToIso(1)).toEqual(day("1900-01-01"));
    expect(serialToIso(59)).toEqual(day("1900-02-28"));
    expect(serialToIso(60).ok).toBe(false);
    expect(serialToIso(61)).toEqual(day("1900-03-01"));
    expect(serialToIso(2958465)).toEqual(day("9999-12-31"));
    expect(parseDate(61, "yyyy-mm-dd")).toEqual(day("1900-03-01"));
    expect(parseDate(18000, 'yyyy"年"m"月"d"日"')).toEqual(day("1949-04-12"));
  });
  it("does not take years or yyyymmdd numbers for serials", () => {
    expect(parseDate(2025).ok).toBe(false);
    expect(parseDate(2025, "yyyy-mm-dd").ok).toBe(false);
    expect(parseDate(20251128)).toEqual(day("2025-11-28"));
    expect(parseDate(20251128, "General")).toEqual(day("2025-11-28"));
    expect(parseDate(18000).ok).toBe(false);
    expect(parseDate(12.5).ok).toBe(false);
  });
  it.each([
    ["2025-11-28", "2025-11-28"],
    ["2025/11/28", "2025-11-28"],
    ["2025.11.28", "2025-11-28"],
    ["2025-1-5", "2025-01-05"],
    ["2025年11月28日", "2025-11-28"],
    ["2025年11月28号", "2025-11-28"],
    ["2025 年 11 月 28 日", "2025-11-28"],
    ["２０２５年１１月２８日", "2025-11-28"],
    ["２０２５－１１－２８", "2025-11-28"],
    ["20251128", "2025-11-28"],
    [" 2025-11-28 ", "2025-11-28"],
    ["2025-11-28 00:00:00", "2025-11-28"],
    ["2025-11-28T00:00:00Z", "2025-11-28"],
    ["二〇二五年十一月二十八日", "2025-11-28"],
    ["二〇二四年二月二十九日", "2024-02-29"],
    ["45989", "2025-11-28"],
  ])("text %j", (t, iso) => {
    expect(parseDate(t)).toEqual(day(iso));
  });
  it.each([
    ["2025-11", "2025-11-01"],
    ["2025年11月", "2025-11-01"],
    ["2025/3", "2025-03-01"],
    ["二〇二五年十一月", "2025-11-01"],
  ])("month precision %j", (t, iso) => {
    expect(parseDate(t)).toEqual(month(iso));
  });
  it.each([
    ["2025-02-30", "没有30日"],
    ["2025-02-29", "没有29日"],
    ["2025-13-01", "月份"],
    ["11/28/2025", "顺序"],
    ["2025", "年份"],
    ["2025年", "年份"],
    ["明年", "不是日期"],
    ["", "未填写"],
    ["1800-01-01", "年份"],
  ])("refuses %j", (t, fragment) => {
    const r = parseDate(t);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(fragment);
  });
  it("refuses booleans and null", () => {
    expect(parseDate(true).ok).toBe(false);
    expect(parseDate(null).ok).toBe(false);
  });
  it("round-trips serials of every date 1900-03-01 … 2199-12-31", () => {
    const epoch = Date.UTC(1899, 11, 30);
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 2, 1) / 864e5, max: Date.UTC(2199, 11, 31) / 864e5 }), (days) => {
        const iso = new Date(days * 864e5).toISOString().slice(0, 10);
        const serial = days - epoch / 864e5;
        // Integers 1900–2199 are read as a year typed into a date cell, never as a serial (1905–1906).
        fc.pre(serial < 1900 || serial > 2199);
        expect(parseDate(serial, "yyyy/m/d")).toEqual(day(iso));
        expect(parseDate(iso.replace(/-/g, "/"))).toEqual(day(iso));
      }),
      { numRuns: 500 },
    );
  });
});

describe("isDateFormat", () => {
  it.each([
    'yyyy"年"m"月"d"日"',
    '[$-804]yyyy"年"m"月"d"日";@',
    'm"月"d"日"',
    'yyyy"年"m"月"',
    '[DBNum1][$-804]yyyy"年"m"月"d"日"',
    "yyyy-mm-dd",
    "yyyy/m/d",
    "m/d/yy",
    "d-mmm-yy",
    "h:mm:ss",
    "[h]:mm:ss",
    "yyyy/m/d h:mm",
    'yyyy"年"m"月"d"日" dddd',
    "[$-F800]dddd, mmmm dd, yyyy",
  ])("date format %j", (f) => expect(isDateFormat(f)).toBe(true));
  it.each([
    undefined,
    "",
    "General",
    "@",
    "0",
    "0.00",
    "#,##0",
    '#,##0.00"万元"',
    "0.00E+00",
    "[Red]0.00",
    "[DBNum1]General",
    '0"天"',
    "0%",
  ])("not a date format %j", (f) => expect(isDateFormat(f)).toBe(false));
  it("lists the built-in date format ids, CJK ones included", () => {
    for (const id of [14, 22, 27, 31, 36, 45, 47, 50, 57, 58]) expect(BUILTIN_DATE_FORMAT_IDS.has(id)).toBe(true);
    for (const id of [0, 1, 2, 13, 23, 26, 37, 44, 48, 49, 59]) expect(BUILTIN_DATE_FORMAT_IDS.has(id)).toBe(false);
  });
});

describe("todayIso", () => {
  it("uses China time (UTC+8)", () => {
    expect(todayIso(new Date("2025-11-27T15:59:59Z"))).toBe("2025-11-27");
    expect(todayIso(new Date("2025-11-27T16:00:00Z"))).toBe("2025-11-28");
    expect(todayIso()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
