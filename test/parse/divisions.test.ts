import { describe, expect, it } from "vitest";
import { DIVISION_OVERRIDES, divisionKnown, lookupDivision } from "../../forms/parse/divisions.js";
import { makeUscc, parseCreditCode } from "../../forms/parse/uscc.js";
import { readFileSync } from "node:fs";

describe("lookupDivision", () => {
  it("maps municipalities' 市辖区/县 to the municipality", () => {
    expect(lookupDivision("110101")).toMatchObject({ province: "北京市", provinceCode: "11", city: "北京市", cityCode: "1101" });
    expect(lookupDivision("310115")).toMatchObject({ province: "上海市", city: "上海市" });
    expect(lookupDivision("500229")).toMatchObject({ province: "重庆市", city: "重庆市" });
  });
  it("resolves city- and province-level codes", () => {
    expect(lookupDivision("130100")).toMatchObject({
      province: "河北省",
      provinceCode: "13",
      city: "石家庄市",
      cityCode: "1301",
    });
    const p = lookupDivision("130000");
    expect(p).toMatchObject({ province: "河北省", provinceCode: "13" });
    expect(p?.city).toBeUndefined();
    expect(lookupDivision("310000")).toMatchObject({ province: "上海市", city: "上海市" });
    expect(divisionKnown("130100")).toBe(true);
    expect(divisionKnown("130000")).toBe(true);
  });
  it("resolves counties", () => {
    expect(lookupDivision("130102")).toMatchObject({ province: "河北省", city: "石家庄市" });
    expect(lookupDivision("131102")).toMatchObject({ city: "衡水市" });
    expect(divisionKnown("130102")).toBe(true);
  });
  it("gives county-level cities under a province as their own city", () => {
    expect(lookupDivision("429004")).toMatchObject({ province: "湖北省", city: "仙桃市", cityCode: "429004" });
    expect(lookupDivision("419001")).toMatchObject({ province: "河南省", city: "济源市" });
  });
  it("places 雄安新区 and its three counties under 雄安新区", () => {
    for (const [code, county] of [
      ["130629", "容城县"],
      ["130632", "安新县"],
      ["130638", "雄县"],
    ]) {
      expect(lookupDivision(code)).toMatchObject({ province: "河北省", city: "雄安新区", cityCode: "1331", county });
      expect(divisionKnown(code)).toBe(true);
    }
    expect(lookupDivision("133100")).toMatchObject({ province: "河北省", city: "雄安新区" });
  });
  it("knows abolished codes that older credit codes still carry", () => {
    expect(lookupDivision("130521")).toMatchObject({ province: "河北省", city: "邢台市", county: "邢台县" });
    expect(lookupDivision("130622")).toMatchObject({ city: "保定市", county: "清苑县" });
    expect(lookupDivision("310230")).toMatchObject({ province: "上海市", city: "上海市", county: "崇明县" });
    expect(lookupDivision("310108")).toMatchObject({ city: "上海市", county: "闸北区" });
    for (const c of DIVISION_OVERRIDES) expect(divisionKnown(c)).toBe(true);
  });
  it("marks unknown counties of a known city as approximate, and refuses unknown provinces", () => {
    const d = lookupDivision("130199");
    expect(d).toMatchObject({ province: "河北省", city: "石家庄市", approximate: true });
    expect(divisionKnown("130199")).toBe(false);
    expect(lookupDivision("990101")).toBeUndefined();
    expect(lookupDivision("13010")).toBeUndefined();
    expect(lookupDivision("13010a")).toBeUndefined();
    expect(divisionKnown("990101")).toBe(false);
  });
  it("works with a parsed credit code", () => {
    const r = parseCreditCode(makeUscc("91", "130984", "MA0ABCDE"));
    expect(r.kind).toBe("uscc");
    if (r.kind === "uscc") expect(lookupDivision(r.division)).toMatchObject({ province: "河北省", city: "沧州市" });
  });
  it("keeps the generated table small", () => {
    const size = readFileSync(new URL("../../forms/data/divisions.json", import.meta.url)).length;
    expect(size).toBeLessThan(40_000);
  });
});
