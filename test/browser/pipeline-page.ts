// The pipeline test page (webpack --env pipeline-test) opened offline in Chromium, shared by
// pipeline.test.ts and pipeline-merge.test.ts: built into a temporary folder, opened from
// file://, every request but the page's own files refused and recorded, page errors failing.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, ROOT } from "./harness.js";

export interface OfflinePage {
  browser: Browser;
  page: Page;
  /** The folder the page was built into; its file:// URL is the only origin allowed. */
  dir: string;
  /** Every request the page made, and those refused (anything outside `dir`). */
  requests: string[];
  blocked: string[];
}

/** webpack --env pipeline-test into a fresh temporary folder; returns the folder. */
export function buildPipelinePage(): string {
  const out = mkdtempSync(path.join(os.tmpdir(), "pipeline-test-"));
  const args = ["--mode", "development", "--env", "pipeline-test", "--env", `outDir=${out}`];
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/webpack-cli/bin/cli.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`webpack --env pipeline-test failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

/** Build the page and open it from file:// with every other request refused; throws on a page error while loading. */
export async function openPipelinePage(): Promise<OfflinePage> {
  const dir = buildPipelinePage();
  const browser = await launchChromium();
  const context = await browser.newContext();
  const requests: string[] = [];
  const blocked: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`file://${dir}/`)) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("request", (r) => requests.push(r.url()));
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`file://${path.join(dir, "pipeline.html")}`);
  await page.waitForSelector("body[data-ready=true]", { state: "attached", timeout: 60_000 });
  if (errors.length) throw new Error(`the pipeline page failed to load:\n${errors.join("\n")}`);
  return { browser, page, dir, requests, blocked };
}
