// What the page's worker says (web/worker.ts): its own messages as they are, anything else
// wrapped in Chinese with what to do; the marked copy's name as the CLI names it.
import { describe, expect, it } from "vitest";
import { annotatedName, failureMessage } from "../../web/worker.js";

describe("failureMessage", () => {
  it("keeps a Chinese message, and wraps anything else with what to do", () => {
    expect(failureMessage(new Error("无法确定汇总使用的通知配置。"))).toBe("无法确定汇总使用的通知配置。");
    const wrapped = failureMessage(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(wrapped).toMatch(/^处理时出错（Cannot read properties/);
    expect(wrapped).toContain("请刷新页面后重试");
    expect(failureMessage("boom")).toContain("boom");
  });
});

describe("annotatedName", () => {
  it("names the copy as validate --annotate does for a folder", () => {
    expect(annotatedName("河北/保定市/典型案例申报书-1.xlsx")).toBe("典型案例申报书-1（已标注）.xlsx");
    expect(annotatedName("保定市/服务对象补充表.xls")).toBe("服务对象补充表.xls（已标注）.xlsx");
    expect(annotatedName("a.zip/成员.XLSM")).toBe("成员（已标注）.xlsx");
  });
});
