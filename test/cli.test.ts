// The command line end to end: exit codes, messages, --json, --annotate, template.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, statSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { run } from "./fixtures/cli.js";
import { FILL } from "../aggregator/annotate.js";
import { pastedInstitutionPlan } from "./fixtures/handmade.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-cli-"));

const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
const EXAMPLE = "examples/hebei-2025/唐山市/典型案例申报书-1.xlsx";

describe("pilot-forms", () => {
  it("--help lists the commands; the bin launcher runs", () => {
    const r = spawnSync(process.execPath, ["bin/pilot-forms.js", "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    for (const cmd of ["profiles", "template", "validate"]) expect(r.stdout).toContain(cmd);
  });

  it("usage errors exit 2 with a Chinese message", async () => {
    const noInput = await run("validate");
    expect(noInput.code).toBe(2);
    expect(noInput.err).toContain("缺少参数“文件或文件夹”");
    expect(noInput.err).not.toContain("error:");
    const bogus = await run("validate", "--bogus", EXAMPLE);
    expect(bogus.code).toBe(2);
    expect(bogus.err).toContain("没有选项“--bogus”");
    expect(bogus.err).toContain("用法：pilot-forms validate 文件或文件夹…"); // the rest: test/cli-usage.test.ts
    const missing = await run("validate", "nope.xlsx");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("找不到");
    const badProfile = await run("validate", EXAMPLE, "--profile", "hebei-2099");
    expect(badProfile.code).toBe(2);
    expect(badProfile.err).toContain("hebei-2025");
  });

  it("a workbook without metadata and without --profile: exit 2, the profiles listed", async () => {
    const file = path.join(dir, "hand.xlsx");
    await pastedInstitutionPlan().xlsx.writeFile(file);
    const r = await run("validate", file);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--profile");
    for (const id of ["miit-2023", "miit-2025", "hebei-2025", "shanghai-health-2024", "shanghai-industry-2026"])
      expect(r.err).toContain(id);
    const ok = await run("validate", file, "--profile", "hebei-2025", "--today", "2025-11-25");
    expect(ok.code).toBe(1); // the hand-made plan has a missing e-mail: an error
    expect(ok.out).toContain("contact.email_missing");
  });

  it("exit 0 without errors, 1 with; --json follows SPEC §9", async () => {
    const clean = await run("validate", "examples/hebei-2025/石家庄市/典型案例申报书-1.xlsx", "--today", "2025-11-25");
    expect(clean.code).toBe(0);
    expect(clean.out).toContain("没有发现问题");
    const report = path.join(dir, "r.json");
    const bad = await run("validate", EXAMPLE, "--json", report, "--today", "2025-11-25");
    expect(bad.code).toBe(1);
    const json = JSON.parse(readFileSync(report, "utf8"));
    expect(json.tool).toBe("pilot-forms");
    expect(json.profile).toBe("hebei-2025");
    expect(json.files[0]).toMatchObject({
      path: EXAMPLE,
      city: "唐山市",
      form: "网络安全保险服务典型案例申报书",
      status: "errors",
    });
    expect(json.files[0].sha256).toBe(sha(EXAMPLE));
    const checksum = json.issues.find((i: { code: string }) => i.code === "uscc.checksum");
    expect(checksum).toMatchObject({
      severity: "error",
      file: EXAMPLE,
      sheet: "申报单位基本信息",
      cell: "B5",
      table: "unit",
      column: "组织机构代码/三证合一码",
    });
    expect(json.totals.errors).toBe(json.issues.filter((i: { severity: string }) => i.severity === "error").length);
    // Human output: grouped by file and sheet, a count line at the end.
    expect(bad.out).toMatch(/工作表「申报单位基本信息」[\s\S]*B5\s+错误\s+uscc\.checksum/);
    expect(bad.out.trim().split("\n").pop()).toMatch(/^共 1 个文件：\d+ 个错误，\d+ 个警告，\d+ 个提示。$/);
  });

  it("--annotate writes a marked copy with a 问题清单 sheet; the input is not modified", async () => {
    const before = sha(EXAMPLE);
    const mtime = statSync(EXAMPLE).mtimeMs;
    const out = path.join(dir, "marked.xlsx");
    const r = await run("validate", EXAMPLE, "--annotate", out, "--today", "2025-11-25");
    expect(r.code).toBe(1);
    expect(sha(EXAMPLE)).toBe(before);
    expect(statSync(EXAMPLE).mtimeMs).toBe(mtime);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const fill = (sheet: string, cell: string) =>
      (wb.getWorksheet(sheet)!.getCell(cell).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    expect(fill("申报单位基本信息", "B5")).toBe(FILL.error); // uscc.checksum
    expect(fill("典型案例基本信息", "B8")).toBe(FILL.warning); // premium.above_cover (保费 | 保额 share row 8)
    // Exactly the problem cells are filled, nothing else (exceljs shares style objects between cells).
    const json = path.join(dir, "marked.json");
    await run("validate", EXAMPLE, "--json", json, "--today", "2025-11-25");
    const want = (JSON.parse(readFileSync(json, "utf8")).issues as { severity: string; sheet?: string; cell?: string }[])
      .filter((i) => i.severity !== "info" && i.sheet && i.cell)
      .map((i) => `${i.sheet}!${i.cell}`);
    const filled: string[] = [];
    for (const ws of wb.worksheets) {
      if (ws.name === "问题清单") continue;
      ws.eachRow({ includeEmpty: true }, (row) =>
        row.eachCell({ includeEmpty: true }, (c) => {
          const argb = (c.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
          if (argb === FILL.error || argb === FILL.warning) filled.push(`${ws.name}!${c.address}`);
        }),
      );
    }
    expect(filled.sort()).toEqual([...new Set(want)].sort());
    const list = wb.getWorksheet("问题清单")!;
    expect(list).toBeDefined();
    expect(wb.worksheets[0].name).toBe("问题清单");
    const codes = list.getColumn(2).values.slice(2);
    expect(codes).toContain("uscc.checksum");
    expect(codes).toContain("premium.above_cover");
    const link = list.getRow(2).getCell(6).value as ExcelJS.CellFormulaValue;
    expect(link.formula).toMatch(/^HYPERLINK\("#'.+'!B\d+","B\d+"\)$/);
    // LibreOffice opens the annotated copy (a second program reads it).
    const soffice = spawnSync("soffice", ["--version"]);
    if (soffice.status === 0) {
      const pdfDir = path.join(dir, "pdf");
      execFileSync(
        "soffice",
        [`-env:UserInstallation=file://${dir}/lo`, "--headless", "--convert-to", "pdf", "--outdir", pdfDir, out],
        { stdio: "ignore", timeout: 120_000 },
      );
      expect(readdirSync(pdfDir)).toContain("marked.pdf");
    }
  });

  it("template writes the committed templates", async () => {
    const out = path.join(dir, "tpl");
    const r = await run("template", "--profile", "hebei-2025", "--form", "推荐汇总表", "-o", out);
    expect(r.code).toBe(0);
    const file = path.join(out, "hebei-2025", "网络安全保险服务典型案例推荐汇总表.xlsx");
    expect(sha(file)).toBe(sha("templates/hebei-2025/网络安全保险服务典型案例推荐汇总表.xlsx"));
    expect((await run("template", "--form", "没有这个表")).code).toBe(2);
  });

  it("profiles lists the five notices", async () => {
    const r = await run("profiles");
    expect(r.code).toBe(0);
    for (const n of ["工信厅网安函〔2023〕356号", "冀工信软件函〔2025〕530号", "沪经信软〔2024〕280号", "沪经信软〔2026〕302号"])
      expect(r.out).toContain(n);
  });

  it("a profile file that is wrong is named with its field", async () => {
    const bad = path.join(dir, "bad-profile.json");
    const good = JSON.parse(readFileSync("forms/profiles/hebei-2025.json", "utf8"));
    writeFileSync(bad, JSON.stringify({ ...good, id: "bad-profile", limits: { ...good.limits, jointMax: -1 } }));
    const r = await run("validate", EXAMPLE, "--profile", bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain("bad-profile.json");
    expect(r.err).toContain("limits.jointMax");
  });
});
