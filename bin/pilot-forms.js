#!/usr/bin/env node
// Thin launcher: the CLI is compiled to lib/ by `npm install` (prepare) or `npm run build:cli`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../lib/aggregator/cli.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error("pilot-forms 尚未编译：请先在项目目录运行 npm install 或 npm run build:cli。");
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
