// @vitest-environment happy-dom
// useSession (addin/taskpane/useSession.ts), the pane's state and actions without its
// components: rendered with renderHook over a fake host.
import { describe, expect, it, vi } from "vitest";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { WorkbookGrid } from "../../forms/model.js";
import type { PaneHost } from "../../addin/taskpane/pane-host.js";
import { useSession } from "../../addin/taskpane/useSession.js";
import type { Mark } from "../../addin/excel/host.js";

const META = {
  name: "pilot-forms-meta",
  state: "veryHidden" as const,
  values: [
    ["tool", "pilot-forms"],
    ["form", "pilot-institution"],
    ["profile", "hebei-2025"],
  ],
};
const grid: WorkbookGrid = {
  sheets: [
    {
      name: "服务对象",
      values: [
        ["表1 服务对象基本情况"],
        ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"],
        [1, "石家庄泰和数据服务有限公司 ", "电信和互联网", "周伟", "15859457595/a@example.com"],
        [2, "石家庄华安化工有限公司", "原材料工业", "武敏", "13948352231"],
      ],
    },
    META,
  ],
};

function host(over: Partial<PaneHost> = {}): PaneHost {
  return {
    capabilities: () => ({ apiVersion: "1.18", live: true, scatteredMarks: true, insertTemplate: true, language: "zh-CN" }),
    readWorkbook: vi.fn(async () => grid),
    readSheet: vi.fn(async (name: string) => grid.sheets.find((s) => s.name === name)!),
    selectCell: vi.fn(async () => {}),
    markCells: vi.fn(async (marks: Mark[]) => Object.fromEntries(marks.map((m) => [`${m.sheet}!${m.cell}`, null]))),
    restoreFills: vi.fn(async () => {}),
    writeCells: vi.fn(async () => {}),
    watchChanges: vi.fn(async () => async () => {}),
    insertSheets: vi.fn(async () => {}),
    savedOriginals: () => ({}),
    saveOriginals: vi.fn(async () => {}),
    fetchTemplate: vi.fn(async () => "UEsDBA=="),
    today: "2025-11-25",
    ...over,
  };
}

describe("useSession", () => {
  it("validates: the choice, the result, counts, groups and marks", async () => {
    const { result } = renderHook(() => useSession(host()));
    expect(result.current.result).toBeUndefined();
    expect(result.current.t.validate).toBe("校验");
    await act(() => result.current.validateNow());
    const s = result.current;
    expect(s.runs).toBe(1);
    expect(s.choice?.profile.id).toBe("hebei-2025");
    expect(s.choice?.source).toBe("metadata");
    expect(s.counts.error).toBe(1);
    expect(s.groups.map((g) => g.sheet)).toEqual(["服务对象"]);
    expect(s.marks).toEqual([{ sheet: "服务对象", cell: "E4", color: expect.any(String) }]);
    expect(s.fixes.length).toBe(1);
    expect(s.busy).toBe(false);
  });

  it("marks and clears through the host, keeping the original fills", async () => {
    const h = host();
    const { result } = renderHook(() => useSession(h));
    await act(() => result.current.validateNow());
    await act(() => result.current.mark());
    expect(result.current.originals).toEqual({ "服务对象!E4": null });
    expect(h.saveOriginals).toHaveBeenCalledWith({ "服务对象!E4": null });
    await act(() => result.current.clear());
    expect(result.current.originals).toEqual({});
    expect(result.current.message?.text).toBe("已恢复 1 个单元格原来的填充。");
  });

  it("a picked profile is used; paging grows by 200 per sheet", async () => {
    const { result } = renderHook(() => useSession(host()));
    await act(() => result.current.pick("miit-2025"));
    await act(() => result.current.validateNow());
    expect(result.current.choice?.profile.id).toBe("miit-2025");
    expect(result.current.choice?.source).toBe("user");
    expect(result.current.limitOf("服务对象")).toBe(200);
    act(() => result.current.showMore("服务对象"));
    await waitFor(() => expect(result.current.limitOf("服务对象")).toBe(400));
  });
});
