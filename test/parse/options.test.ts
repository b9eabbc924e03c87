import { describe, expect, it } from "vitest";
import { editDistance, matchCategory, matchOption } from "../../forms/parse/options.js";

const NATURE = ["事业单位", "国有企业", "民营企业", "合资企业", "国有控股企业", "国有参股企业", "其他（请注明）"];
const CATEGORY = [
  "保险公司",
  "再保险公司",
  "保险中介机构",
  "网络安全企业",
  "基础电信运营商",
  "保险科技公司",
  "专业测评机构",
  "科研院所",
];
const HEBEI_DIRECTIONS = ["工业互联网", "电信和互联网", "车联网", "其他（需备注具体行业）"];
const INDUSTRY = ["电信和互联网", "工业互联网", "车联网", "医疗卫生", "金融", "能源", "其他"];

describe("matchOption", () => {
  it.each(["国有企业", " 国有企业 ", "国有企业\n", "国有 企业", "国有企业。"])("exact %j", (raw) => {
    expect(matchOption(raw, NATURE)).toEqual({ status: "exact", option: "国有企业" });
  });
  it("matches after normalising brackets and width", () => {
    expect(matchOption("Ａ类", ["A类", "B类"])).toEqual({ status: "exact", option: "A类" });
  });
  it.each([
    ["其他（社会团体）", "社会团体"],
    ["其他(社会团体)", "社会团体"],
    ["其他：社会团体", "社会团体"],
    ["其他:社会团体", "社会团体"],
    ["其他-社会团体", "社会团体"],
    ["其他（请注明）：社会团体", "社会团体"],
    ["其他（请注明：社会团体）", "社会团体"],
    ["其它（社会团体）", "社会团体"],
    ["其他【民办非企业单位】", "民办非企业单位"],
  ])("other %j", (raw, detail) => {
    expect(matchOption(raw, NATURE)).toEqual({ status: "other", option: "其他（请注明）", detail });
  });
  it.each(["其他", "其他（请注明）", "其他（请注明）：", "其他:", "其他（ ）", "其它", "其他（请注明）：____", "其他：＿＿＿＿"])(
    "other unspecified %j",
    (raw) => {
      expect(matchOption(raw, NATURE)).toEqual({ status: "otherUnspecified", option: "其他（请注明）" });
    },
  );
  it("handles Hebei's 其他（需备注具体行业）", () => {
    expect(matchOption("其他：钢铁", HEBEI_DIRECTIONS)).toEqual({
      status: "other",
      option: "其他（需备注具体行业）",
      detail: "钢铁",
    });
    expect(matchOption("其他（需备注具体行业）", HEBEI_DIRECTIONS)).toEqual({
      status: "otherUnspecified",
      option: "其他（需备注具体行业）",
    });
    expect(matchOption("其他（需备注具体行业）：钢铁", HEBEI_DIRECTIONS)).toMatchObject({ status: "other", detail: "钢铁" });
  });
  it("treats a plain 其他 option like the others", () => {
    expect(matchOption("其他", INDUSTRY)).toEqual({ status: "otherUnspecified", option: "其他" });
    expect(matchOption("其他（教育）", INDUSTRY)).toEqual({ status: "other", option: "其他", detail: "教育" });
  });
  it("does not read 其他 when the list has no such option", () => {
    expect(matchOption("其他", CATEGORY).status).toBe("none");
  });
  it("suggests the nearest option", () => {
    expect(matchOption("民营", NATURE)).toEqual({ status: "none", suggestion: "民营企业" });
    expect(matchOption("国企", NATURE)).toEqual({ status: "none", suggestion: "国有企业" });
    expect(matchOption("财产保险公司", CATEGORY)).toEqual({ status: "none", suggestion: "保险公司" });
    expect(matchOption("网络安全公司", CATEGORY)).toEqual({ status: "none", suggestion: "网络安全企业" });
    expect(matchOption("xyz", CATEGORY)).toEqual({ status: "none", suggestion: undefined });
    expect(matchOption("", CATEGORY)).toEqual({ status: "none", suggestion: undefined });
  });
  it.each([
    "□事业单位 ☑国有企业 □民营企业",
    "■国有企业",
    "√国有企业",
    "☑国有企业",
    "✓国有企业",
    "✔国有企业",
    "☒国有企业",
    "□事业单位■国有企业□民营企业",
    "国有企业√",
  ])("check boxes %j", (raw) => {
    expect(matchOption(raw, NATURE)).toEqual({ status: "exact", option: "国有企业" });
  });
  it("check boxes: other, none ticked, several ticked", () => {
    expect(matchOption("□国有企业 ☑其他（请注明）：社会团体", NATURE)).toEqual({
      status: "other",
      option: "其他（请注明）",
      detail: "社会团体",
    });
    expect(matchOption("□事业单位 □国有企业", NATURE)).toMatchObject({ status: "none", reason: "没有勾选任何选项" });
    const two = matchOption("☑事业单位 ☑国有企业", NATURE);
    expect(two.status).toBe("none");
    if (two.status === "none") expect(two.reason).toContain("多个");
    expect(matchOption("☑", NATURE).status).toBe("none");
  });
});

describe("matchCategory", () => {
  const P = ["重点行业领域", "重点主体"];
  it.each([
    ["重点行业领域：电信和互联网", "重点行业领域", "电信和互联网"],
    ["重点行业领域:电信和互联网", "重点行业领域", "电信和互联网"],
    ["重点行业领域（电信和互联网）", "重点行业领域", "电信和互联网"],
    ["重点行业领域 - 电信和互联网", "重点行业领域", "电信和互联网"],
    [" 重点 行业领域：医疗卫生 ", "重点行业领域", "医疗卫生"],
    ["重点主体：中小企业", "重点主体", "中小企业"],
    ["☑重点行业领域：金融 □重点主体：", "重点行业领域", "金融"],
  ])("%j", (raw, prefix, detail) => {
    expect(matchCategory(raw, P)).toEqual({ status: "ok", prefix, detail });
  });
  it("企业类 / 产品服务类", () => {
    expect(matchCategory("企业类：工业互联网", ["企业类", "产品服务类"])).toEqual({
      status: "ok",
      prefix: "企业类",
      detail: "工业互联网",
    });
    expect(matchCategory("产品服务类（安全评估）", ["企业类", "产品服务类"])).toEqual({
      status: "ok",
      prefix: "产品服务类",
      detail: "安全评估",
    });
  });
  it.each(["重点行业领域", "重点行业领域：", "重点行业领域（请注明）", "重点行业领域："])("no detail %j", (raw) => {
    expect(matchCategory(raw, P)).toEqual({ status: "noDetail", prefix: "重点行业领域" });
  });
  it("none with a suggestion", () => {
    expect(matchCategory("重点行业：电信", P)).toMatchObject({ status: "none", suggestion: "重点行业领域" });
    expect(matchCategory("电信和互联网", P).status).toBe("none");
  });
});

describe("editDistance", () => {
  it("computes Levenshtein distance", () => {
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("国企", "国有企业")).toBe(2);
    expect(editDistance("保险公司", "保险公司")).toBe(0);
  });
});
