// The pane in real Chromium: build the harness (webpack --env harness), serve it on
// localhost, launch Debian's chromium through playwright-core (never a downloaded browser).
// Used by test/browser/pane.test.ts and scripts/bench-pane.ts.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const HARNESS_DIR = path.join(ROOT, "dist-harness");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Build the harness (development mode by default: fast; the benchmark builds production into
 * its own folder) unless the build is newer than the sources. Returns the folder.
 */
export function buildHarness(mode: "development" | "production" = "development", outDir = HARNESS_DIR): string {
  const stamp = path.join(outDir, "harness.html");
  const sources = Math.max(
    newest(path.join(ROOT, "addin")),
    newest(path.join(ROOT, "forms")),
    statSync(path.join(ROOT, "webpack.config.js")).mtimeMs,
  );
  if (existsSync(stamp) && statSync(stamp).mtimeMs > sources) return outDir;
  const args = ["--mode", mode, "--env", "harness", "--env", `outDir=${outDir}`];
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/webpack-cli/bin/cli.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`webpack --env harness failed:\n${r.stdout}\n${r.stderr}`);
  return outDir;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** Serve `root` on 127.0.0.1 (random port); `extra` maps a URL prefix like "/gen/" to another folder. */
export async function serve(root: string, extra: Record<string, string> = {}): Promise<Served> {
  const server = http.createServer((req, res) => {
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let base = root;
    for (const [prefix, dir] of Object.entries(extra)) {
      if (rel.startsWith(prefix)) {
        base = dir;
        rel = rel.slice(prefix.length - 1);
      }
    }
    const file = path.join(base, path.normalize(rel).replace(/^(\.\.[/\\])+/, ""));
    if (!file.startsWith(base) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** The harness URL for a workbook (path relative to the served root) and an ExcelApi version. */
export function harnessUrl(base: string, workbook: string, api = "1.18"): string {
  return `${base}harness.html?workbook=${encodeURIComponent(workbook)}&api=${api}`;
}
