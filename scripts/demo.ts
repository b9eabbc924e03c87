// npm run demo: validate the bundled examples (examples/hebei-2025, five cities), write the
// JSON report and annotated copies under out/, and say where they are. The examples carry
// planted problems, so validate exits 1 (errors found); the demo itself succeeds.
import { main } from "../aggregator/cli.js";

const args = [
  "validate",
  "examples",
  "--profile",
  "hebei-2025",
  "--json",
  "out/demo-report.json",
  "--annotate",
  "out/demo-annotated",
];
console.log(`$ npx pilot-forms ${args.join(" ")}\n`);
const code = await main(["node", "pilot-forms", ...args]);
console.log(
  `\n退出码 ${code}（${code === 1 ? "发现错误：示例中预置了问题，这是预期结果" : code === 0 ? "没有错误" : "用法错误"}）。` +
    `\nJSON 报告：out/demo-report.json；标注副本：out/demo-annotated/（问题单元格红色/黄色，首个工作表为“问题清单”）。`,
);
process.exitCode = code === 2 || code === 3 ? code : 0;
