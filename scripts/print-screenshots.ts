// npm run screenshots: the printed pages of the demo's provincial 推荐汇总表 as PNG, for the
// README — merged from the bundled examples exactly as `npm run demo` merges them, printed by
// LibreOffice (PDF, zh-CN) and rendered by poppler. Pages are picked by their text: the pages
// of the summary (its repeated header row), and the first page of 分市统计 (未报送 cities).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../aggregator/cli.js";
import { convertWith, haveTools } from "../test/fixtures/libreoffice.js";

const OUT = "docs/images";

if (!haveTools("soffice", "pdftotext", "pdftoppm")) {
  console.error("需要 LibreOffice（soffice）和 poppler-utils（pdftotext、pdftoppm）。");
  process.exit(1);
}
const work = mkdtempSync(path.join(tmpdir(), "pilot-forms-print-"));
try {
  const rollup = path.join(work, "全省汇总.xlsx");
  const code = await main(["node", "pilot-forms", "merge", "examples/hebei-2025", "--profile", "hebei-2025", "-o", rollup], {
    out: () => undefined,
    err: (s) => console.error(s),
    isTTY: false,
  });
  if (code !== 0) throw new Error(`merge exited ${code}`);
  convertWith("pdf", [rollup], work, path.join(work, "lo-profile"));
  const pdf = rollup.replace(/\.xlsx$/, ".pdf");
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))![1]);
  const text = (p: number) =>
    execFileSync("pdftotext", ["-f", String(p), "-l", String(p), "-layout", pdf, "-"], { encoding: "utf8" });
  const wanted: { page: number; name: string }[] = [];
  let stats = false;
  for (let p = 1; p <= pages; p++) {
    const t = text(p);
    // The summary's pages repeat its header row (推荐城市 … 案例简要描述); 问题清单 and 来源文件 only name its files.
    if (t.includes("推荐城市") && t.includes("案例简要描述"))
      wanted.push({ page: p, name: `printed-summary-${wanted.length + 1}` });
    else if (!stats && /分市统计/.test(t) && /未报送/.test(t)) {
      wanted.push({ page: p, name: "printed-city-stats" });
      stats = true;
    }
  }
  for (const w of wanted) {
    execFileSync("pdftoppm", [
      "-f",
      String(w.page),
      "-l",
      String(w.page),
      "-r",
      "80",
      "-png",
      "-singlefile",
      pdf,
      path.join(OUT, w.name),
    ]);
    console.log(`${OUT}/${w.name}.png（第 ${w.page} 页，共 ${pages} 页）`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
