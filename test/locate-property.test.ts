// Issue 8, the invariant (SPEC §7) as properties: random sheets made of list tables (one-, two-
// or three-row headers), stray notes, footers, blank rows, titles, 填报单位：… lines and "……" rows. Every non-empty
// cell is in a record, in a row the locator recognised, or in a rows.unread run; and with no
// stray content the records are exactly the rows that were written.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { a1 } from "../forms/address.js";
import { findProfile } from "../forms/profiles/index.js";
import { validateGrid, type WorkbookValidation } from "../forms/validate.js";
import { isPlaceholder } from "../forms/locate.js";
import type { CellValue, SheetGrid } from "../forms/model.js";
import { cellText } from "../forms/parse/text.js";
import { CODES } from "./fixtures/handmade.js";

const hebei = findProfile("hebei-2025")!;
const TODAY = "2025-11-25";

type Kind = "targets" | "plans" | "joint";
/** A data row as written: per column, the value (a split contact gives two columns). */
type Row = CellValue[];

interface TableSpec {
  kind: Kind;
  /**
   * "one": one header row; "merged": 联系方式（手机与邮箱） over 手机 | 邮箱; "person": 联系人信息 over 联系人 | 联系方式;
   * "three" / "threeOpen": 联系人信息 over 联系人 | 联系方式 over 手机 | 邮箱, merged or typed once over empty cells.
   */
  header: "one" | "merged" | "person" | "three" | "threeOpen";
  /** A 填报单位：… 填报日期：… line right above the header. */
  context: boolean;
  rows: Row[];
  /** A "……" line under the rows. */
  ellipsis: boolean;
}

type Block =
  | { t: "table"; spec: TableSpec }
  | { t: "blank" }
  | { t: "title" }
  | { t: "note" }
  | { t: "stray"; col: number }
  | { t: "footer" }
  | { t: "context" }
  | { t: "section"; n: number };

// Data that starts like a footer ("联系人：王伟", "手机：138…", "填表人…") is still data.
const enterprise = fc.oneof(
  fc.integer({ min: 1, max: 999 }).map((n) => `河北某某制造${n}有限公司`),
  fc.constant("填表人信息技术有限公司"),
);
const person = fc.constantFrom("张三", "李四", "王晓凯", "赵静", "金艳", "联系人：王伟");
const mobile = fc
  .tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.boolean())
  .map(([n, label]) => `${label ? "手机：" : ""}138${String(n).padStart(8, "0")}`);
const email = fc.constantFrom("a@example.com", "wang@163.com", "li.si@qq.com");
const industry = fc.constantFrom("装备工业", "能源", "工业互联网", "原材料工业", "其他");
const planType = fc.constantFrom("重点行业领域", "重点主体");
const planIndustry = fc.constantFrom("工业", "金融", "中小企业", "产业园区");
const nature = fc.constantFrom("民营企业", "国有企业", "事业单位");
const category = fc.constantFrom("网络安全企业", "保险公司", "专业测评机构");
const code = fc.constantFrom(CODES.lead, CODES.joint1, CODES.joint2);

function rowArb(kind: Kind, split: boolean): fc.Arbitrary<Row> {
  const contact = split ? fc.tuple(mobile, email) : fc.tuple(mobile, email).map(([m, e]) => [`${m}/${e}`]);
  switch (kind) {
    case "targets":
      return fc.tuple(enterprise, industry, person, contact).map(([n, i, p, c]) => [n, i, p, ...c]);
    case "plans":
      return fc
        .tuple(fc.integer({ min: 1, max: 99 }), planType, planIndustry, person, contact)
        .map(([n, t, i, p, c]) => [`网络安全保险服务方案${n}号`, t, i, p, ...c]);
    case "joint":
      return fc.tuple(enterprise, nature, category, code).map(([n, a, b, c]) => [n, a, b, c]);
  }
}

const tableArb: fc.Arbitrary<TableSpec> = fc
  .record({
    kind: fc.constantFrom<Kind>("targets", "plans", "joint"),
    header: fc.constantFrom<TableSpec["header"]>("one", "merged", "person", "three", "threeOpen"),
    ellipsis: fc.boolean(),
    context: fc.boolean(),
  })
  .chain(({ kind, header, ellipsis, context }) => {
    const h = kind === "joint" ? "one" : header;
    return fc
      .array(rowArb(kind, h === "merged" || h === "three" || h === "threeOpen"), { minLength: 1, maxLength: 6 })
      .map((rows) => ({ kind, header: h, rows, ellipsis, context }));
  });

const strayBlock: fc.Arbitrary<Block> = fc.oneof(
  fc.constant<Block>({ t: "blank" }),
  fc.constant<Block>({ t: "title" }),
  fc.constant<Block>({ t: "note" }),
  fc.integer({ min: 0, max: 8 }).map<Block>((col) => ({ t: "stray", col })),
  fc.constant<Block>({ t: "footer" }),
  fc.constant<Block>({ t: "context" }),
);

/** A sheet: tables, each followed by a footer or a section heading, with stray blocks around them. */
const sheetArb = (withStrays: boolean) =>
  fc
    .array(fc.tuple(withStrays ? fc.array(strayBlock, { maxLength: 3 }) : fc.constant([]), tableArb, fc.boolean()), {
      minLength: 1,
      maxLength: 3,
    })
    .map((parts) => {
      const blocks: Block[] = [];
      parts.forEach(([strays, spec, footer], i) => {
        blocks.push(...strays);
        if (!withStrays || !footer) blocks.push({ t: "section", n: i + 1 });
        else blocks.push({ t: "blank" });
        blocks.push({ t: "table", spec });
        if (withStrays && footer) blocks.push({ t: "footer" });
      });
      return blocks;
    });

const HEADINGS: Record<Kind, string[]> = {
  targets: ["序号", "企业名称", "所在行业领域", "联系人", "联系方式（手机与邮箱）"],
  plans: ["序号", "方案名称", "方案类型", "行业领域或主体", "联系人", "联系方式（手机与邮箱）"],
  joint: ["序号", "单位名称", "单位性质", "单位类别", "组织机构代码/三证合一码"],
};

interface Written {
  sheet: SheetGrid;
  /** Per table written: its kind and data rows (1-based sheet row, values from column B). */
  tables: { kind: Kind; rows: { row: number; values: CellValue[] }[] }[];
}

function build(blocks: Block[]): Written {
  const values: CellValue[][] = [];
  const merges: string[] = [];
  const tables: Written["tables"] = [];
  const put = (row: CellValue[]) => values.push(row);
  for (const b of blocks) {
    switch (b.t) {
      case "blank":
        put([]);
        break;
      case "title":
        put(["网络安全保险服务试点工作方案"]);
        break;
      case "note":
        put(["注：以上信息如有变动，请及时告知。"]);
        break;
      case "stray": {
        const row: CellValue[] = [];
        row[b.col] = "补充材料另附";
        put(row);
        break;
      }
      case "footer":
        put(["填表人：王晓凯", null, null, "审核人：李浩伟"]);
        break;
      case "context":
        put(["报送单位：河北某某保险公司", null, null, "报送日期：2025年11月20日"]);
        break;
      case "section":
        put([`表${b.n}  基本情况`]);
        break;
      case "table": {
        const { kind, header, rows, ellipsis, context } = b.spec;
        if (context) {
          merges.push(`${a1(values.length, 0)}:${a1(values.length, 5)}`);
          put(["填报单位：河北某某保险公司      填报日期：2025年11月20日"]);
        }
        const top = values.length; // 0-based header row
        const h = HEADINGS[kind];
        if (header === "one") put(h.slice());
        else if (header === "three" || header === "threeOpen") {
          const n = h.length; // 联系人 and 联系方式 are the last two headings
          const upper: CellValue[] = [...h.slice(0, n - 2), "联系人信息", null, null];
          const middle: CellValue[] = [...h.slice(0, n - 2).map(() => null), "联系人", "联系方式", null];
          const lower: CellValue[] = [...h.slice(0, n - 2).map(() => null), null, "手机", "邮箱"];
          if (header === "three") {
            for (let c = 0; c < n - 2; c++) merges.push(`${a1(top, c)}:${a1(top + 2, c)}`);
            merges.push(`${a1(top, n - 2)}:${a1(top, n)}`, `${a1(top + 1, n - 2)}:${a1(top + 2, n - 2)}`);
            merges.push(`${a1(top + 1, n - 1)}:${a1(top + 1, n)}`);
          }
          put(upper);
          put(middle);
          put(lower);
        } else {
          const n = h.length; // the contact column is the last
          const upper: CellValue[] = h.slice(0, n - 2);
          const lower: CellValue[] = upper.map(() => null);
          for (let c = 0; c < n - 2; c++) merges.push(`${a1(top, c)}:${a1(top + 1, c)}`);
          if (header === "merged") {
            upper.push(h[n - 2], h[n - 1], null);
            lower.push(null, "手机", "邮箱");
            merges.push(`${a1(top, n - 2)}:${a1(top + 1, n - 2)}`, `${a1(top, n - 1)}:${a1(top, n)}`);
          } else {
            upper.push("联系人信息", null);
            lower.push("联系人", h[n - 1]);
            merges.push(`${a1(top, n - 2)}:${a1(top, n - 1)}`);
          }
          put(upper);
          put(lower);
        }
        const written: Written["tables"][number] = { kind, rows: [] };
        rows.forEach((r, i) => {
          written.rows.push({ row: values.length + 1, values: r });
          put([i + 1, ...r]);
        });
        if (ellipsis) put(["……"]);
        tables.push(written);
        break;
      }
    }
  }
  return { sheet: { name: "Sheet1", values, merges }, tables };
}

function validate(w: Written): WorkbookValidation {
  return validateGrid({ sheets: [w.sheet] }, { profile: hebei, form: "pilot-institution", today: TODAY });
}

/** Every non-empty cell: in a record, a recognised row, a table's header or placeholder rows, or an unread run. */
function unaccounted(w: Written, v: WorkbookValidation): string[] {
  const sheet = v.sheets[0];
  const inRecord = new Set<string>();
  for (const t of v.tables)
    for (const r of t.records)
      for (const fv of Object.values(r.fields)) {
        if (!fv) continue;
        inRecord.add(fv.cell);
        for (const p of fv.parts ?? []) inRecord.add(p.cell);
      }
  const lines = new Set((sheet.account?.lines ?? []).map((l) => l.row));
  const runs = sheet.account?.unread ?? [];
  const headerRows = new Set<number>();
  for (const t of v.tables) for (let i = 0; i < (t.headerRows ?? 1); i++) headerRows.add(t.headerRow! + i);
  const spans = sheet.account?.tables ?? [];
  const out: string[] = [];
  w.sheet.values.forEach((row, r) => {
    row.forEach((value, c) => {
      if (value === null || value === undefined || (typeof value === "string" && value.trim() === "")) return;
      const addr = a1(r, c);
      const n = r + 1;
      if (inRecord.has(addr) || lines.has(n) || headerRows.has(n)) return;
      if (runs.some((x) => x.from <= n && n <= x.to)) return;
      // Inside a table's rows and columns, only placeholders and bare 序号 are not in a record.
      const span = spans.find((s) => s.from <= n && n <= s.to && s.columns.includes(c));
      if (span && (isPlaceholder(value) || typeof value === "number")) return;
      out.push(`${addr} ${cellText(value)}`);
    });
  });
  return out;
}

describe("the locator accounts for every cell (property)", () => {
  it("random sheets with stray content: every non-empty cell is read, recognised or reported", () => {
    fc.assert(
      fc.property(sheetArb(true), (blocks) => {
        const w = build(blocks);
        const v = validate(w);
        expect(unaccounted(w, v)).toEqual([]);
        expect((v.sheets[0].account?.lines ?? []).filter((l) => l.text === "补充材料另附")).toEqual([]);
        // Stray text is reported, never dropped: "补充材料另附" outside a record is in an unread run.
        const runs = v.sheets[0].account?.unread ?? [];
        const cellsInRuns = runs.reduce((n, r) => n + r.cells, 0);
        const strays = blocks.filter((b) => b.t === "stray").length;
        const straysInRecords = v.tables.reduce(
          (n, t) => n + t.records.filter((r) => Object.values(r.fields).some((f) => f?.value === "补充材料另附")).length,
          0,
        );
        expect(cellsInRuns + straysInRecords).toBeGreaterThanOrEqual(strays);
      }),
      { numRuns: 200 },
    );
  });

  it("without stray content the records are exactly the rows written, and nothing is unread", () => {
    fc.assert(
      fc.property(sheetArb(false), (blocks) => {
        const w = build(blocks);
        const v = validate(w);
        const got = v.tables
          .filter((t) => t.columns)
          .map((t) => ({
            kind: t.table,
            rows: t.records.map((r) => {
              const keys = Object.keys(t.columns!).filter((k) => k !== "seq");
              return {
                row: r.row,
                values: keys.flatMap((k) => {
                  const fv = r.fields[k]!;
                  return fv.parts ? fv.parts.map((p) => p.value) : [fv.value];
                }),
              };
            }),
          }));
        expect(got).toEqual(w.tables);
        expect(v.issues.filter((i) => i.code === "rows.unread" || i.code === "sheet.unrecognized")).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
