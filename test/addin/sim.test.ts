// The simulated Excel host (addin/sim/excel-sim.ts): Office.js batching semantics, values and
// formats of real example workbooks, fills, selections, requirement sets, events, inserting
// a template, and speed on a 10,000-row sheet.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import {
  installSimulatedExcel,
  quoteSheetName,
  type SimExcel,
  type SimHost,
  type SimOffice,
  type SimRequestContext,
  type SimWorksheetChangedEventArgs,
} from "../../addin/sim/excel-sim.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const EXAMPLE = path.join(ROOT, "examples/hebei-2025/石家庄市/试点工作方案（服务机构）.xlsx");
const TEMPLATE = path.join(ROOT, "templates/hebei-2025/网络安全保险服务试点工作方案（网络安全保险服务机构）.xlsx");
const INFO = "申报单位基本信息";

const Excel = () => (globalThis as unknown as { Excel: SimExcel }).Excel;
const Office = () => (globalThis as unknown as { Office: SimOffice }).Office;

let host: SimHost | undefined;
afterEach(() => {
  host?.uninstall();
  host = undefined;
});

async function loadExample(file = EXAMPLE): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function install(workbook: ExcelJS.Workbook, apiVersion?: string): SimHost {
  host = installSimulatedExcel({ workbook, apiVersion });
  return host;
}

/** Excel.run that reports the Office.js error code. */
async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code ?? `no code: ${String(e)}`;
  }
}

function smallBook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  ws.getCell("A1").value = "名称";
  ws.getCell("B1").value = 42;
  ws.getCell("C1").value = true;
  ws.getCell("A2").value = new Date(Date.UTC(2025, 11, 15));
  ws.getCell("A2").numFmt = "yyyy-mm-dd";
  ws.getCell("B2").value = { formula: "B1*2", result: 84 } as ExcelJS.CellFormulaValue;
  ws.getCell("C2").value = { richText: [{ text: "富" }, { text: "文本", font: { bold: true } }] };
  ws.getCell("A3").value = { error: "#N/A" } as ExcelJS.CellErrorValue;
  ws.getCell("B3").value = { text: "链接", hyperlink: "https://example.com" };
  // C3 is empty; D4 only has a fill, so the used range is A1:D4.
  ws.getCell("D4").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
  ws.getCell("A4").fill = { type: "pattern", pattern: "solid", fgColor: { theme: 4 } };
  wb.addWorksheet("空表");
  wb.addWorksheet("My Sheet").getCell("A1").value = 1;
  return wb;
}

describe("Office", () => {
  it("isSetSupported compares versions numerically, part by part", () => {
    install(smallBook(), "1.9");
    const req = Office().context.requirements;
    expect(req.isSetSupported("ExcelApi", "1.1")).toBe(true);
    expect(req.isSetSupported("ExcelApi", "1.9")).toBe(true);
    expect(req.isSetSupported("ExcelApi", "1.10")).toBe(false);
    expect(req.isSetSupported("ExcelApi")).toBe(true);
    expect(req.isSetSupported("WordApi", "1.1")).toBe(false);
    host!.uninstall();

    install(smallBook(), "1.10");
    expect(Office().context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(true);
    expect(Office().context.requirements.isSetSupported("ExcelApi", "1.10")).toBe(true);
    expect(Office().context.requirements.isSetSupported("ExcelApi", "1.11")).toBe(false);
    expect(Office().context.requirements.isSetSupported("ExcelApi", "2.0")).toBe(false);
  });

  it("onReady, HostType, displayLanguage and in-memory settings", async () => {
    const h = install(smallBook());
    let called = false;
    const info = await Office().onReady(() => (called = true));
    expect(info).toEqual({ host: "Excel", platform: "PC" });
    expect(called).toBe(true);
    expect(Office().HostType.Excel).toBe("Excel");
    expect(Office().context.displayLanguage).toBe("zh-CN");
    const settings = Office().context.document.settings;
    expect(settings.get("x")).toBeNull();
    settings.set("x", { a: 1 });
    expect(settings.get("x")).toEqual({ a: 1 });
    expect(h.settings.get("x")).toEqual({ a: 1 });
    const status = await new Promise((resolve) => settings.saveAsync((r: { status: string }) => resolve(r.status)));
    expect(status).toBe("succeeded");
    settings.remove("x");
    expect(settings.get("x")).toBeNull();
  });
});

describe("batching", () => {
  it("throws PropertyNotLoaded before the sync, counts syncs, returns the batch's result", async () => {
    const h = install(await loadExample());
    const result = await Excel().run(async (context: SimRequestContext) => {
      const sheets = context.workbook.worksheets;
      sheets.load("items/name,items/visibility");
      let code: string | undefined;
      try {
        void sheets.items;
      } catch (e) {
        code = (e as { code?: string }).code;
      }
      expect(code).toBe("PropertyNotLoaded");
      await context.sync();
      const range = sheets.items[1].getUsedRange();
      range.load("address");
      expect(() => range.values).toThrowError(/not available/);
      await context.sync();
      expect(() => range.values).toThrowError(expect.objectContaining({ code: "PropertyNotLoaded" }));
      return { names: sheets.items.map((ws) => `${ws.name}:${ws.visibility}`), address: range.address };
    });
    expect(result.names).toEqual([
      "填报说明:Visible",
      `${INFO}:Visible`,
      "联合申报单位:Visible",
      "服务对象:Visible",
      "服务方案:Visible",
      "选项:Hidden",
      "pilot-forms-meta:VeryHidden",
    ]);
    expect(result.address).toBe(`${INFO}!A1:E27`);
    expect(h.syncCount).toBe(2);
    h.resetCounters();
    expect(h.syncCount).toBe(0);
  });

  it("a load queued before a write returns the value before it, in the same sync", async () => {
    const h = install(await loadExample());
    const [before, after] = await Excel().run(async (context: SimRequestContext) => {
      const ws = context.workbook.worksheets.getItem(INFO);
      const header = ws.getRange("A2").format.fill;
      const input = ws.getRange("B2").format.fill;
      header.load("color");
      input.load("color");
      header.color = "#FFC7CE";
      input.color = "ffc7ce";
      // A property set on the proxy reads back at once (office.js keeps it).
      expect(header.color).toBe("#FFC7CE");
      await context.sync();
      const b = [header.color, input.color];
      header.load("color");
      input.load("color");
      await context.sync();
      return [b, [header.color, input.color]];
    });
    expect(before).toEqual(["#E7E6E6", "#FFFFFF"]);
    expect(after).toEqual(["#FFC7CE", "#FFC7CE"]);
    expect(h.syncCount).toBe(2);
    expect(h.fillWrites).toEqual([
      { sheet: INFO, address: "A2", color: "#FFC7CE" },
      { sheet: INFO, address: "B2", color: "#FFC7CE" },
    ]);
    expect(h.fillOf(INFO, "A2")).toBe("#FFC7CE");
    const fill = h.workbook.getWorksheet(INFO)!.getCell("B2").fill;
    expect(fill).toEqual({ type: "pattern", pattern: "solid", fgColor: { argb: "FFFFC7CE" } });
  });

  it("flushes actions left at the end of Excel.run with one more sync", async () => {
    const h = install(smallBook());
    await Excel().run(async (context: SimRequestContext) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("E5").values = [["末尾"]];
    });
    expect(h.valueOf("Sheet1", "E5")).toBe("末尾");
    expect(h.syncCount).toBe(1);
    await Excel().run(async (context: SimRequestContext) => {
      await context.sync();
    });
    expect(h.syncCount).toBe(2);
  });

  it("rejects a batch that does not return a promise", async () => {
    install(smallBook());
    const notAsync = (() => 1) as unknown as (c: SimRequestContext) => Promise<number>;
    expect(await codeOf(Excel().run(notAsync))).toBe("RunMustReturnPromise");
  });

  it("a failing action rejects the sync: earlier writes stay, loads are not delivered, later actions are dropped", async () => {
    const h = install(smallBook());
    let loaded = true;
    const code = await codeOf(
      Excel().run(async (context: SimRequestContext) => {
        const ws = context.workbook.worksheets.getItem("Sheet1");
        const r = ws.getRange("A1");
        r.load("values");
        ws.getRange("E1").values = [["已写"]];
        ws.getRange("not-an-address").values = [["x"]];
        ws.getRange("E2").values = [["未写"]];
        try {
          await context.sync();
        } finally {
          try {
            void r.values;
          } catch {
            loaded = false;
          }
        }
      }),
    );
    expect(code).toBe("InvalidArgument");
    expect(loaded).toBe(false);
    expect(h.valueOf("Sheet1", "E1")).toBe("已写");
    expect(h.valueOf("Sheet1", "E2")).toBe("");
  });

  it("reports unknown sheets and bad addresses at the sync", async () => {
    install(smallBook());
    expect(
      await codeOf(
        Excel().run(async (context: SimRequestContext) => {
          context.workbook.worksheets.getItem("没有这个表").load("name");
          await context.sync();
        }),
      ),
    ).toBe("ItemNotFound");
    const bad = ["A0", "XFE1", "1A", "A1:B2:C3", ","];
    const codes = await Promise.all(
      bad.map((address) =>
        codeOf(
          Excel().run(async (context: SimRequestContext) => {
            context.workbook.worksheets.getItem("Sheet1").getRanges(address).load("address");
            await context.sync();
          }),
        ),
      ),
    );
    expect(codes).toEqual(bad.map(() => "InvalidArgument"));
    const missing = await Excel().run(async (context: SimRequestContext) => {
      const ws = context.workbook.worksheets.getItemOrNullObject("没有这个表");
      const there = context.workbook.worksheets.getItemOrNullObject("sheet1");
      there.load("name");
      await context.sync();
      return [ws.isNullObject, there.isNullObject, there.name];
    });
    expect(missing).toEqual([true, false, "Sheet1"]);
  });
});

describe("reading", () => {
  it("the used range of an example sheet: values, number formats, dates as serials, merges", async () => {
    install(await loadExample());
    const r = await Excel().run(async (context: SimRequestContext) => {
      const range = context.workbook.worksheets.getItem(INFO).getUsedRange();
      range.load("address,values,numberFormat,rowIndex,columnIndex,rowCount,columnCount");
      await context.sync();
      return range.toJSON() as {
        address: string;
        values: unknown[][];
        numberFormat: string[][];
        rowIndex: number;
        columnIndex: number;
        rowCount: number;
        columnCount: number;
      };
    });
    // Label | value | label | value, and the hint column E; the 真实性承诺 down to row 27.
    expect(r.address).toBe(`${INFO}!A1:E27`);
    expect([r.rowIndex, r.columnIndex, r.rowCount, r.columnCount]).toEqual([0, 0, 27, 5]);
    // A1:D1 is merged: the value only in the top-left cell.
    expect(r.values[0]).toEqual(["（一）基本信息", "", "", "", ""]);
    expect(r.values[1]).toEqual(["方案名称", "石家庄市工业企业网络安全保险服务试点", "", "", " "]);
    // 2025-12-15 and 2001-06-18 as 1900-system serials, with their formats.
    expect(r.values[4].slice(0, 2)).toEqual(["申报日期", 46006]);
    expect(r.values[7].slice(2, 4)).toEqual(["成立时间", 37060]);
    expect(r.numberFormat[4].slice(0, 2)).toEqual(["General", 'yyyy"年"m"月"d"日"']);
    expect(r.numberFormat[7][1]).toBe("@");
    expect(r.values.every((row) => row.length === 5)).toBe(true);
  });

  it('every kind of value, empty cells as "", fills in the used range', async () => {
    install(smallBook());
    const r = await Excel().run(async (context: SimRequestContext) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      const used = ws.getUsedRange();
      used.load("address,values,numberFormat,valueTypes,formulas,text");
      const valuesOnly = ws.getUsedRange(true);
      valuesOnly.load("address");
      const theme = ws.getRange("A4").format.fill;
      theme.load("color");
      const mixed = ws.getRange("C4:D4").format.fill;
      mixed.load("color");
      const same = ws.getRange("A1:C1").format.fill;
      same.load("color");
      const empty = context.workbook.worksheets.getItem("空表").getUsedRange();
      empty.load("address,values");
      await context.sync();
      return {
        used: used.toJSON(),
        valuesOnly: valuesOnly.address,
        theme: theme.color,
        mixed: mixed.color,
        same: same.color,
        empty: empty.toJSON(),
      };
    });
    expect(r.used.address).toBe("Sheet1!A1:D4");
    expect(r.used.values).toEqual([
      ["名称", 42, true, ""],
      [46006, 84, "富文本", ""],
      ["#N/A", "链接", "", ""],
      ["", "", "", ""],
    ]);
    expect((r.used.numberFormat as string[][])[1][0]).toBe("yyyy-mm-dd");
    expect((r.used.text as string[][])[1][0]).toBe("2025-12-15");
    expect((r.used.formulas as unknown[][])[1][1]).toBe("=B1*2");
    expect((r.used.valueTypes as string[][])[2]).toEqual(["Error", "String", "Empty", "Empty"]);
    expect(r.valuesOnly).toBe("Sheet1!A1:C3");
    expect(r.theme).toBe("#4472C4");
    expect(r.mixed).toBeNull();
    expect(r.same).toBe("#FFFFFF");
    expect(r.empty).toEqual({ address: "空表!A1", values: [[""]] });
  });

  it("quotes sheet names in addresses as Excel does", async () => {
    install(smallBook());
    const address = await Excel().run(async (context: SimRequestContext) => {
      const r = context.workbook.worksheets.getItem("My Sheet").getRange("$B$3");
      r.load("address");
      await context.sync();
      return r.address;
    });
    expect(address).toBe("'My Sheet'!B3");
    expect(quoteSheetName("表 1")).toBe("'表 1'");
    expect(quoteSheetName("申报单位基本信息")).toBe("申报单位基本信息");
    expect(quoteSheetName("Sheet1")).toBe("Sheet1");
    expect(quoteSheetName("pilot-forms-meta")).toBe("'pilot-forms-meta'");
    expect(quoteSheetName("A1")).toBe("'A1'");
    expect(quoteSheetName("2025")).toBe("'2025'");
    expect(quoteSheetName("O'Brien")).toBe("'O''Brien'");
  });

  it("getCell, getRow and nested loads are relative to the range", async () => {
    install(await loadExample());
    const r = await Excel().run(async (context: SimRequestContext) => {
      const used = context.workbook.worksheets.getItem("服务对象").getUsedRange();
      const cell = used.getCell(2, 1);
      cell.load("address,values,worksheet/name");
      const row = used.getRow(0);
      row.load({ address: true, format: { fill: { color: true } } });
      await context.sync();
      return { cell: [cell.address, cell.values, cell.worksheet.name], row: [row.address, row.format.fill.color] };
    });
    expect(r.cell[0]).toBe("服务对象!B3");
    expect(r.cell[2]).toBe("服务对象");
    expect(r.row[0]).toBe("服务对象!A1:F1"); // the hint column F is in the used range
  });

  it("reads 10,000 rows × 15 columns in one sync, in well under a second", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("大表");
    for (let r = 1; r <= 10_000; r++) {
      const row: (string | number)[] = [];
      for (let c = 1; c <= 15; c++) row.push(c % 3 === 0 ? r * c : `文本${r}-${c}`);
      ws.addRow(row);
    }
    const h = install(wb);
    const values = await Excel().run(async (context: SimRequestContext) => {
      const range = context.workbook.worksheets.getItem("大表").getUsedRange();
      range.load("values,numberFormat,rowIndex,columnIndex");
      await context.sync();
      return range.values;
    });
    expect(values.length).toBe(10_000);
    expect(values[9999]).toHaveLength(15);
    expect(values[9999][2]).toBe(30_000);
    expect(h.syncCount).toBe(1);
  });
});

describe("writing", () => {
  it('values are parsed like typed entries; null leaves a cell, "" clears it; the shape must match', async () => {
    const h = install(smallBook());
    h.workbook.getWorksheet("Sheet1")!.getCell("F3").numFmt = "@";
    await Excel().run(async (context: SimRequestContext) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.getRange("F1:F6").values = [["123"], ["'123"], ["456"], ["2025-12-15"], ["=SUM(B1:B2)"], ["TRUE"]];
      ws.getRange("A1:B1").values = [[null, ""]];
      ws.getRange("G1:H2").values = "同一个值" as unknown as unknown[][];
      await context.sync();
    });
    const v = (a: string) => h.valueOf("Sheet1", a);
    expect([v("F1"), v("F2"), v("F3"), v("F4"), v("F6")]).toEqual([123, "123", "456", 46006, true]);
    expect(h.workbook.getWorksheet("Sheet1")!.getCell("F4").numFmt).toBe("yyyy/m/d");
    expect(h.workbook.getWorksheet("Sheet1")!.getCell("F5").formula).toBe("SUM(B1:B2)");
    expect([v("A1"), v("B1"), v("G1"), v("H2")]).toEqual(["名称", "", "同一个值", "同一个值"]);

    expect(
      await codeOf(
        Excel().run(async (context: SimRequestContext) => {
          context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").values = [["only one row", "x"]];
          await context.sync();
        }),
      ),
    ).toBe("InvalidArgument");
  });

  it("a 1×1 array may be written to a single cell; select() is recorded and activates the sheet", async () => {
    const h = install(await loadExample());
    expect(h.activeSheet).toBe("填报说明");
    await Excel().run(async (context: SimRequestContext) => {
      const ws = context.workbook.worksheets.getItem("服务对象");
      ws.activate();
      ws.getRange("C5").select();
      context.workbook.worksheets.getItem(INFO).getRange("B3:B4").select();
      await context.sync();
    });
    expect(h.selections).toEqual([
      { sheet: "服务对象", address: "C5" },
      { sheet: INFO, address: "B3:B4" },
    ]);
    expect(h.activeSheet).toBe(INFO);
    expect(h.selectionOf("服务对象")).toBe("C5");
    const active = await Excel().run(async (context: SimRequestContext) => {
      const ws = context.workbook.worksheets.getActiveWorksheet();
      ws.load("name");
      const sel = context.workbook.getSelectedRange();
      sel.load("address");
      await context.sync();
      return [ws.name, sel.address];
    });
    expect(active).toEqual([INFO, `${INFO}!B3:B4`]);
  });

  it("fill.clear() removes the fill; fillOf reports none as null", async () => {
    const h = install(await loadExample());
    expect(h.fillOf(INFO, "A2")).toBe("#E7E6E6");
    await Excel().run(async (context: SimRequestContext) => {
      context.workbook.worksheets.getItem(INFO).getRange("A2:A3").format.fill.clear();
      await context.sync();
    });
    expect(h.fillOf(INFO, "A2")).toBeNull();
    expect(h.fillOf(INFO, "A3")).toBeNull();
    expect(h.fillWrites).toEqual([{ sheet: INFO, address: "A2:A3", color: null }]);
    const color = await Excel().run(async (context: SimRequestContext) => {
      const fill = context.workbook.worksheets.getItem(INFO).getRange("A2").format.fill;
      fill.load("color");
      await context.sync();
      return fill.color;
    });
    expect(color).toBe("#FFFFFF");
  });
});

describe("requirement sets", () => {
  it("getRanges fills scattered cells on 1.9", async () => {
    const h = install(await loadExample(), "1.9");
    const address = await Excel().run(async (context: SimRequestContext) => {
      const areas = context.workbook.worksheets.getItem(INFO).getRanges("B3, B5:B6,$B$9");
      areas.format.fill.color = "#FFEB9C";
      areas.load("address,areaCount");
      await context.sync();
      return [areas.address, areas.areaCount];
    });
    expect(address).toEqual([`${INFO}!B3,${INFO}!B5:B6,${INFO}!B9`, 3]);
    expect(["B3", "B5", "B6", "B9"].map((a) => h.fillOf(INFO, a))).toEqual(["#FFEB9C", "#FFEB9C", "#FFEB9C", "#FFEB9C"]);
    expect(h.fillOf(INFO, "B4")).toBeNull();
    expect(h.fillWrites.map((w) => w.address)).toEqual(["B3", "B5:B6", "B9"]);
    await Excel().run(async (context: SimRequestContext) => {
      context.workbook.worksheets.getItem(INFO).getRanges("B3,B9").format.fill.clear();
      await context.sync();
    });
    expect(h.fillOf(INFO, "B3")).toBeNull();
    expect(h.fillOf(INFO, "B5")).toBe("#FFEB9C");
  });

  it("APIs above the host's version throw ApiNotFound when called", async () => {
    const h = install(await loadExample(), "1.1");
    let queued = true;
    const code = await codeOf(
      Excel().run(async (context: SimRequestContext) => {
        const ws = context.workbook.worksheets.getItem(INFO);
        ws.getRanges("B3,B5");
        queued = false; // not reached: the call itself throws
        await context.sync();
      }),
    );
    expect(code).toBe("ApiNotFound");
    expect(queued).toBe(true);
    expect(h.syncCount).toBe(0);
    expect(
      await codeOf(
        Excel().run(async (context: SimRequestContext) => {
          context.workbook.worksheets.getItem(INFO).onChanged.add(async () => undefined);
          await context.sync();
        }),
      ),
    ).toBe("ApiNotFound");
    expect(
      await codeOf(
        Excel().run(async (context: SimRequestContext) => {
          context.workbook.insertWorksheetsFromBase64("");
          await context.sync();
        }),
      ),
    ).toBe("ApiNotFound");
    // 1.1 reads and fills all work.
    const values = await Excel().run(async (context: SimRequestContext) => {
      const r = context.workbook.worksheets.getItem(INFO).getUsedRange();
      r.load("values");
      r.getCell(1, 1).format.fill.color = "#FFC7CE";
      await context.sync();
      return r.values;
    });
    expect(values).toHaveLength(27);
    expect(h.fillOf(INFO, "B2")).toBe("#FFC7CE");
  });
});

describe("onChanged", () => {
  it("fires for the user's edits on 1.7, with the cell's address and the sheet's id; remove() stops it", async () => {
    const h = install(await loadExample(), "1.7");
    const events: SimWorksheetChangedEventArgs[] = [];
    const { result, id } = await Excel().run(async (context: SimRequestContext) => {
      const ws = context.workbook.worksheets.getItem("服务对象");
      ws.load("id");
      const result = ws.onChanged.add(async (e: SimWorksheetChangedEventArgs) => {
        events.push(e);
      });
      await context.sync();
      return { result, id: ws.id };
    });
    expect(h.handlerCount()).toBe(1);
    await h.edit("服务对象", "B3", "新的单位名称");
    await h.edit("服务对象", "C4:D5", "");
    await h.edit(INFO, "B3", "不在监听的表上");
    await h.idle();
    expect(events.map((e) => [e.type, e.address, e.worksheetId, e.changeType, e.source])).toEqual([
      ["WorksheetChanged", "B3", id, "RangeEdited", "Local"],
      ["WorksheetChanged", "C4:D5", id, "RangeEdited", "Local"],
    ]);
    expect(events[0].details).toBeUndefined(); // ExcelApi 1.9
    expect(h.valueOf("服务对象", "B3")).toBe("新的单位名称");
    expect(h.valueOf("服务对象", "C4")).toBe("");

    // Excel.run(object, batch) reuses the object's context, as the adapter does to remove handlers.
    await Excel().run(result.context, async (context: SimRequestContext) => {
      result.remove();
      await context.sync();
    });
    expect(h.handlerCount()).toBe(0);
    await h.edit("服务对象", "B3", "再改一次");
    await h.idle();
    expect(events).toHaveLength(2);
  });

  it("fires after the sync for values the add-in writes, and a handler may run its own batch", async () => {
    const h = install(await loadExample(), "1.14");
    const seen: string[] = [];
    await Excel().run(async (context: SimRequestContext) => {
      context.workbook.worksheets.getItem(INFO).onChanged.add(async (e: SimWorksheetChangedEventArgs) => {
        await Excel().run(async (ctx: SimRequestContext) => {
          const r = e.getRange(ctx);
          r.load("values");
          await ctx.sync();
          seen.push(`${e.address}=${String(r.values[0][0])}:${e.triggerSource}:${String(e.details?.valueBefore)}`);
        });
      });
      await context.sync();
    });
    await Excel().run(async (context: SimRequestContext) => {
      context.workbook.worksheets.getItem(INFO).getRange("B3").values = [["工业数据"]];
      await context.sync();
    });
    await h.idle();
    await h.edit(INFO, "B6", "用户输入");
    await h.idle();
    expect(seen).toEqual([
      "B3=工业数据:ThisLocalAddin:工业互联网",
      "B6=用户输入:Unknown:中国人民财产保险股份有限公司石家庄市分公司",
    ]);
  });

  it("does nothing on 1.1 hosts: edit() only sets the value", async () => {
    const h = install(await loadExample(), "1.1");
    await h.edit(INFO, "B3", 5);
    expect(h.valueOf(INFO, "B3")).toBe(5);
  });
});

describe("insertWorksheetsFromBase64", () => {
  it("copies a template's sheets at the end on 1.13, renaming clashes like Excel", async () => {
    const h = install(await loadExample(), "1.13");
    const base64 = readFileSync(TEMPLATE).toString("base64");
    const before = h.workbook.worksheets.length;
    let notYet: string | undefined;
    const names = await Excel().run(async (context: SimRequestContext) => {
      const result = context.workbook.insertWorksheetsFromBase64(base64, { positionType: "End" });
      try {
        void result.value;
      } catch (e) {
        notYet = (e as { code?: string }).code;
      }
      await context.sync();
      return result.value;
    });
    expect(notYet).toBe("ValueNotLoaded");
    expect(names).toEqual([
      "填报说明 (2)",
      `${INFO} (2)`,
      "联合申报单位 (2)",
      "服务对象 (2)",
      "服务方案 (2)",
      "选项 (2)",
      "pilot-forms-meta (2)",
    ]);
    expect(h.workbook.worksheets.map((ws) => ws.name).slice(before)).toEqual(names);
    const sheets = await Excel().run(async (context: SimRequestContext) => {
      const all = context.workbook.worksheets;
      all.load("items/name,items/visibility,items/position");
      const used = all.getItem(`${INFO} (2)`).getUsedRange();
      used.load("address,values");
      await context.sync();
      return { items: all.items.map((ws) => [ws.name, ws.visibility, ws.position]), used: used.toJSON() };
    });
    expect(sheets.items.slice(before)).toEqual([
      ["填报说明 (2)", "Visible", 7],
      [`${INFO} (2)`, "Visible", 8],
      ["联合申报单位 (2)", "Visible", 9],
      ["服务对象 (2)", "Visible", 10],
      ["服务方案 (2)", "Visible", 11],
      ["选项 (2)", "Hidden", 12],
      ["pilot-forms-meta (2)", "VeryHidden", 13],
    ]);
    expect(sheets.used.address).toBe(`'${INFO} (2)'!A1:E27`);
    const values = sheets.used.values as unknown[][];
    expect(values[0]).toEqual(["（一）基本信息", "", "", "", ""]);
    expect(values[1]).toEqual(["方案名称", "", "", "", "← 必填：方案名称"]);
    expect(h.fillOf(`${INFO} (2)`, "A2")).toBe("#E7E6E6");
    const src = h.workbook.getWorksheet(INFO)!;
    const copy = h.workbook.getWorksheet(`${INFO} (2)`)!;
    expect(copy.getColumn(1).width).toBe(src.getColumn(1).width);
  });

  it("inserts only the named sheets, at the beginning", async () => {
    const h = install(smallBook(), "1.13");
    const base64 = readFileSync(TEMPLATE).toString("base64");
    const names = await Excel().run(async (context: SimRequestContext) => {
      const r = context.workbook.insertWorksheetsFromBase64(base64, {
        sheetNamesToInsert: ["服务对象"],
        positionType: "Beginning",
      });
      await context.sync();
      return r.value;
    });
    expect(names).toEqual(["服务对象"]);
    expect(h.workbook.worksheets.map((ws) => ws.name)).toEqual(["服务对象", "Sheet1", "空表", "My Sheet"]);
  });
});
