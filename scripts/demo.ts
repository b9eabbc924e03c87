// npm run demo: merge the bundled examples (examples/hebei-2025: seven of the province's 14
// cities, planted problems, a hand-made .xls, a cut-short .xls, a stamped PDF, Word 申报书s, a
// city's materials as one .zip, a city with no 推荐汇总表) into a provincial roll-up under out/,
// with the JSON report and per-city feedback, and print the summary.
import { main } from "../aggregator/cli.js";

const args = [
  "merge",
  "examples/hebei-2025",
  "--profile",
  "hebei-2025",
  "-o",
  "out/全省汇总.xlsx",
  "--json",
  "out/merge-report.json",
  "--feedback",
  "out/反馈",
];
console.log(`$ npx pilot-forms ${args.join(" ")}\n`);
const code = await main(["node", "pilot-forms", ...args]);
console.log(
  `\n全省汇总表：out/全省汇总.xlsx（说明、典型案例推荐汇总表、各汇总表、分市统计、问题清单、来源文件）` +
    `\nJSON 报告：out/merge-report.json；各市问题反馈与标注副本：out/反馈/<城市>/`,
);
process.exitCode = code;
