// The offline page built as `npm run build` builds it (webpack --mode production --env web),
// into a temporary folder: for the page's browser tests and its benchmark.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./harness.js";

/** Build dist/web's index.html into a fresh folder (or `outDir`); returns the folder. */
export function buildPage(outDir = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-web-"))): string {
  const args = ["--mode", "production", "--env", "web", "--env", `outDir=${outDir}`];
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/webpack-cli/bin/cli.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`webpack --env web failed:\n${r.stdout}\n${r.stderr}`);
  return outDir;
}
