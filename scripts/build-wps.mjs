#!/usr/bin/env node
// npm run build:wps [-- --env url=https://intranet.example/wps/] [--env outDir=DIR] [--env profile=ID]
//
// The WPS 加载项 package (issue 12), with wpsjs's layout but without wpsjs: `wpsjs build` asks
// on the terminal (inquirer: 在线插件 / 离线插件) and copies the whole project folder except
// node_modules, package.json and .git; `wpsjs publish` asks for the server URL the same way
// and writes its list into node_modules/wpsjs. Here, offline and with no questions:
//   DIR/online/          webpack --env wps (webpack.config.js wpsConfig): the folder to put at
//                        <url> on an intranet web server, plus jsplugins.xml and publish.html
//   DIR/pilot-forms.7z   the offline package: pilot-forms_<version>/ (the same files as online/),
//                        as wpsjs build packs it for jsaddons/, made with 7zip-bin's 7za
//                        (a wpsjs dependency) or Debian's 7z
//   DIR/jsplugins.xml    <jspluginonline name type="et" url="<url>"/>, for oem.ini's
//                        JSPluginsServer (also at online/jsplugins.xml, served at <url>jsplugins.xml)
//   online/publish.html  wpsjs's publish page (node_modules/wpsjs/src/lib/res/publish.html)
//                        with this add-in in its list, as `wpsjs publish` makes it: it asks the
//                        local WPS service (127.0.0.1:58890) to install the add-in on one PC.
// ribbon.xml and manifest.xml hold relative paths only (the same files work online and from
// the 7z), so <url> goes into jsplugins.xml and publish.html.
import { spawnSync } from "node:child_process";
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const PKG = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
export const ADDIN_NAME = PKG.name;
export const ADDIN_VERSION = PKG.version;
/** Without --env url: wpsjs debug's local server (only this PC). */
export const DEV_BASE_URL = "http://127.0.0.1:3889/";

/** A base URL for the online add-in: http or https (WPS loads both), no query, ending with "/". */
export function normalizeWpsBaseUrl(url) {
  let parsed;
  try {
    parsed = new URL(String(url).trim());
  } catch {
    throw new Error(`--env url=${url}: not an absolute URL (for example https://intranet.example/wps/)`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error(`--env url=${url}: http or https only`);
  if (parsed.search || parsed.hash || parsed.username || parsed.password)
    throw new Error(`--env url=${url}: no query, fragment, user name or password`);
  return parsed.href.endsWith("/") ? parsed.href : `${parsed.href}/`;
}

const xmlAttr = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** jsplugins.xml for an office (oem.ini JSPluginsServer=<url>jsplugins.xml): the online add-in. */
export function jspluginsXml(url) {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<jsplugins>",
    `  <jspluginonline name="${xmlAttr(ADDIN_NAME)}" type="et" url="${xmlAttr(url)}"/>`,
    "</jsplugins>",
    "",
  ].join("\n");
}

/** wpsjs's publish page with this add-in in its list (what `wpsjs publish -s <url>` writes, online, one user). */
function publishHtml(url) {
  // wpsjs's "exports" names only ./vite_plugins: the file is read from its folder.
  const template = readFileSync(path.join(ROOT, "node_modules/wpsjs/src/lib/res/publish.html"), "utf8");
  const list = [{ name: ADDIN_NAME, addonType: "et", online: "true", multiUser: "false", url }];
  return template.replace(/PUBLISH_REPLACE_STRING/, () => JSON.stringify(list)).replace(/SERVERID_REPLEASE_STRING/, "undefined");
}

/** A 7-Zip that runs here: 7zip-bin's 7za (npm leaves it without the x bit: a copy is made executable), else Debian's. */
function sevenZip() {
  const candidates = [];
  try {
    const bin = require("7zip-bin").path7za;
    if (existsSync(bin)) {
      try {
        accessSync(bin, constants.X_OK);
        candidates.push(bin);
      } catch {
        const copy = path.join(mkdtempSync(path.join(os.tmpdir(), "pilot-forms-7za-")), path.basename(bin));
        copyFileSync(bin, copy);
        chmodSync(copy, 0o755);
        candidates.push(copy);
      }
    }
  } catch {
    // 7zip-bin not installed: Debian's below
  }
  candidates.push("/usr/bin/7z", "/usr/bin/7za");
  for (const bin of candidates) {
    if (!existsSync(bin)) continue;
    if (spawnSync(bin, ["i"], { stdio: "ignore" }).status === 0) return bin;
  }
  throw new Error("no 7-Zip found: npm install (7zip-bin comes with wpsjs) or apt-get install p7zip-full");
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** `--env key=value` and `--mode m` from argv. */
function parseArgs(argv) {
  const env = {};
  let mode = "production";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === "--env") {
      const [k, ...v] = String(next()).split("=");
      env[k] = v.join("=");
    } else if (a.startsWith("--env=")) {
      const [k, ...v] = a.slice(6).split("=");
      env[k] = v.join("=");
    } else if (a === "--mode") mode = next();
    else if (a.startsWith("--mode=")) mode = a.slice(7);
    else throw new Error(`unknown argument ${a} (use --env url=…, --env outDir=…, --env profile=…, --mode …)`);
  }
  return { env, mode };
}

export function buildWps({ url, outDir, profile, mode = "production", log = console.log }) {
  const base = url ? normalizeWpsBaseUrl(url) : DEV_BASE_URL;
  const out = path.resolve(ROOT, outDir ?? "dist-wps");
  const online = path.join(out, "online");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  const args = [
    path.join(ROOT, "node_modules/webpack-cli/bin/cli.js"),
    "--mode",
    mode,
    "--env",
    "wps",
    "--env",
    `outDir=${online}`,
  ];
  if (profile) args.push("--env", `profile=${profile}`);
  run(process.execPath, args, ROOT);

  // The offline package first (online/ without the two files below): pilot-forms_<version>/…
  const stage = mkdtempSync(path.join(os.tmpdir(), "pilot-forms-wps-"));
  const folder = `${ADDIN_NAME}_${ADDIN_VERSION}`;
  const archive = path.join(out, `${ADDIN_NAME}.7z`);
  try {
    cpSync(online, path.join(stage, folder), { recursive: true });
    run(sevenZip(), ["a", "-t7z", "-y", archive, folder], stage);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }

  const plugins = jspluginsXml(base);
  writeFileSync(path.join(out, "jsplugins.xml"), plugins);
  writeFileSync(path.join(online, "jsplugins.xml"), plugins);
  writeFileSync(path.join(online, "publish.html"), publishHtml(base));

  log(`WPS 加载项: ${path.relative(ROOT, online) || "."}/ → ${base}`);
  log(`  offline package: ${path.relative(ROOT, archive)} (${folder}/)`);
  log(`  jsplugins.xml: ${base}jsplugins.xml (oem.ini [Server] JSPluginsServer=${base}jsplugins.xml)`);
  log(`  one PC: open ${base}publish.html in a browser on that PC while WPS is installed`);
  if (!url) log(`warning: no --env url: the add-in points at ${DEV_BASE_URL} (this PC only); add --env url=https://…/`);
  return { base, out, online, archive };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { env, mode } = parseArgs(process.argv.slice(2));
    buildWps({ url: env.url || undefined, outDir: env.outDir || undefined, profile: env.profile || undefined, mode });
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
