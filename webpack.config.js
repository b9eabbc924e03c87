// The add-in's browser build (yo office conventions; SPEC §12).
//
//   webpack --mode production [--env url=https://intranet.example/pilot-forms/] [--env profile=ID] [--env outDir=DIR]
//       dist/: taskpane.html + bundles, commands.html (the manifest's FunctionFile), office.js
//       and the files it loads in Excel (OFFICE_JS_FILES, copied from @microsoft/office-js:
//       no CDN), assets/icon-*.png, templates/<profile>/<form>.xlsx (插入模板 fetches them) and
//       manifest.xml, its URLs rewritten to the url given (scripts/manifest-url.mjs; without
//       url the build warns that the manifest still points at https://localhost:3000/).
//       profile: the office's default notice for the pane (forms/profiles/<ID>.json), built in
//       as __PILOT_FORMS_DEFAULT_PROFILE__ ("" when not given).
//   webpack serve --mode development
//       https://localhost:3000/ with office-addin-dev-certs, for sideloading manifest.xml.
//   webpack --mode development --env harness   (serve too: http://localhost:3001/harness.html)
//       dist-harness/: the pane plus the harness page (addin/harness/, simulated Excel host
//       backed by exceljs — exceljs never enters the production pane) and examples/.
//   webpack --mode production --env web [--env outDir=DIR]   (also part of the default build)
//       dist/web/index.html: the offline page (web/, issue 10) — one file, its script inline
//       (file:// refuses module scripts, sibling fetches and workers by URL; the worker is the
//       same script from a blob: URL). ES2017 throughout: esbuild-loader lowers our sources
//       and node_modules alike, and the minifier checks the whole output against es2017.
//   webpack --mode production --env wps [--env outDir=DIR] [--env profile=ID]   (npm run build:wps)
//       dist-wps/online/: the WPS 加载项 (issue 12; wpsConfig below), packed by scripts/build-wps.mjs.
//   webpack --mode development --env pipeline-test [--env outDir=DIR]
//       test-output/pipeline-test/: pipeline.html + pipeline.js, the CLI's read → check pipeline
//       (aggregator/check-bytes.ts) and its merge (aggregator/merge/merge-bytes.ts → run.ts) on
//       the browser runtime, for test/browser/pipeline.test.ts and pipeline-merge.test.ts.
//
// Browser builds replace the check pipeline's Node runtime (aggregator/runtime/node.ts: zlib,
// crypto, Buffer) by its browser twin (runtime/browser.ts: pako, SubtleCrypto, TextDecoder);
// a node:* import anywhere in a bundle fails the build.
//
// TypeScript is only transpiled here (esbuild-loader, tsconfig.addin.json; Babel for the classic pane);
// `tsc --noEmit -p .` type-checks.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import CopyWebpackPlugin from "copy-webpack-plugin";
import { EsbuildPlugin } from "esbuild-loader";
import HtmlInlineScriptPlugin from "html-inline-script-webpack-plugin";
import HtmlWebpackPlugin from "html-webpack-plugin";
import webpack from "webpack";
import { localhostManifestWarning, normalizeBaseUrl, rewriteManifestUrls } from "./scripts/manifest-url.mjs";
import { classicConfig, classicScript } from "./webpack.classic.mjs";

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
/** @microsoft/office-js/dist: office.js, the host files it loads (excel-win32-16.01.js …), locale strings. */
const OFFICE_JS_DIST = path.join(path.dirname(require.resolve("@microsoft/office-js/package.json")), "dist");

/**
 * What office.js loads, relative to itself, in Excel (read from office.js 1.1.110 and the files
 * it loads): the rest of the package (86 MB: every other host, *.debug.js, 142 locales) is left
 * out. A file missing from the package fails the build (copy-webpack-plugin cannot find it).
 */
const OFFICE_JS_FILES = [
  "office.js", // the pages' <script src="office.js">
  // The host's own script: office.js loads <host>-<platform>-<version>.js, the version the host
  // reports capped by OSF.HostSpecificFileVersionMap (excel: win32 16.01, mac and web 16.00).
  "excel-win32-16.01.js", // Excel for Windows: Microsoft 365, Office 2019/2021/2024
  "excel-win32-16.00.js", // Excel for Windows builds that report 16.00 (Office 2016 MSI)
  "excel-mac-16.00.js", // Excel for Mac
  "excel-web-16.00.js", // Excel on the web (Office Online Server on an intranet)
  // With no host info (Office 2013-era hosts, dialogs) office.js loads this table instead, and
  // it loads the Excel file of the O15 host version it is told.
  "o15apptofilemappingtable.js",
  "excel-15.js",
  "excel-15.01.js",
  "excel-15.02.js",
  "excelwebapp-15.js",
  "excelwebapp-15.01.js",
  "excelwebapp-15.02.js",
  // <locale>/office_strings.js for the host's locale, en-us when that one is missing.
  "zh-cn/office_strings.js",
  "en-us/office_strings.js",
  // Telemetry sinks, loaded from next to office.js (with no Internet their data goes nowhere,
  // but a missing file is a failed request on every start).
  "telemetry/oteljs_agave.js", // by office.js
  "ariatelemetry/aria-web-telemetry.js", // by the excel-* host files and the O15 table
  // Not kept: *.debug.js (only for a page loading office.debug.js); excel-*-core.js (loaded by
  // custom-functions-runtime.js only); excel-ios/android/winrt (tablets and phones: not where
  // offices fill the forms, 3.7 MB); es6-promise.js and telemetry/oteljs.js (built into office.js);
  // webauth/ (Excel on the web's single sign-on, which the pane does not use); html2canvas.js
  // (PowerPoint); agaveerrorux/ and the aria-web-telemetry-2.*.min.js copies (loaded by nothing);
  // */outlook_strings.js and the other hosts. MicrosoftAjax.js is not in the package: the old
  // paths that want it fetch it from ajax.aspnetcdn.com, which no copy here can change.
];

export const DEV_SERVER_PORT = 3000;
export const HARNESS_SERVER_PORT = 3001;

/** The FunctionFile of the manifest: the ribbon button only opens the pane, so it just loads Office. */
const COMMANDS_HTML = `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8" />
    <meta http-equiv="X-UA-Compatible" content="IE=Edge" />
    <title>试点表格校验</title>
    <script type="text/javascript" src="office.js"></script>
  </head>
  <body>
    <script type="text/javascript">Office.onReady(function () {});</script>
  </body>
</html>
`;

const RUNTIME_DIR = path.join(ROOT, "aggregator", "runtime");

/** How source maps name a module: relative to the project, never by absolute path. */
const MODULE_FILENAME = "webpack://pilot-forms/[resource-path]";
/** The pane's lazy chunk of 下载标注副本 (webpackChunkName "annotate" in addin/taskpane/annotated-copy.ts). */
const ANNOTATE_CHUNK = /^annotate\./;

/**
 * --env profile=ID: the id of one of forms/profiles/*.json (the file name), or "" without it.
 * @param {string | boolean | undefined} value
 * @returns {string}
 */
function defaultProfile(value) {
  if (value === undefined || value === "") return "";
  const dir = path.join(ROOT, "forms", "profiles");
  const ids = readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .sort();
  if (typeof value !== "string" || !ids.includes(value)) {
    const given = typeof value === "string" ? `--env profile=${value}` : "--env profile";
    throw new Error(`${given}: not a notice of forms/profiles/*.json; one of: ${ids.join(", ")}`);
  }
  return value;
}

/** A warning in the build's output (and its count in "compiled with 1 warning"). */
class BuildWarningPlugin {
  /** @param {string} message */
  constructor(message) {
    this.message = message;
  }
  /** @param {import("webpack").Compiler} compiler */
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("BuildWarningPlugin", (compilation) => {
      compilation.warnings.push(new webpack.WebpackError(this.message));
    });
  }
}

/** package.json's version, built into browser bundles (runtime/browser.ts packageVersion: the report's "version"). */
const VERSION = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
const versionDefine = () => new webpack.DefinePlugin({ __PILOT_FORMS_VERSION__: JSON.stringify(VERSION) });

/** aggregator/runtime/index.ts's "./node.js" → "./browser.js" (see aggregator/runtime/types.ts). */
const browserRuntime = () =>
  new webpack.NormalModuleReplacementPlugin(/^\.\/node\.js$/, (resource) => {
    if (path.resolve(resource.context) === RUNTIME_DIR) resource.request = "./browser.js";
  });

/**
 * The check pipeline alone, on the browser runtime, in one classic script (no chunks to
 * fetch: it works from file://), ES2017 as the page will be (issue 10).
 * @param {string} mode
 * @param {string} outDir
 * @returns {import("webpack").Configuration}
 */
function pipelineTestConfig(mode, outDir) {
  return {
    mode,
    context: ROOT,
    target: ["web", "es2017"],
    entry: { pipeline: "./test/browser/pipeline-entry.ts" },
    output: { path: outDir, filename: "[name].js", publicPath: "", clean: true },
    devtool: false,
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"], extensionAlias: { ".js": [".ts", ".tsx", ".js"] } },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: "esbuild-loader",
          options: { target: "es2017", tsconfig: path.join(ROOT, "tsconfig.addin.json") },
        },
      ],
    },
    plugins: [
      browserRuntime(),
      versionDefine(),
      new HtmlWebpackPlugin({
        templateContent:
          '<!doctype html><html lang="zh-CN"><head><meta charset="UTF-8" /><title>pipeline</title></head><body></body></html>',
        filename: "pipeline.html",
        scriptLoading: "defer",
      }),
    ],
    performance: { hints: false },
    infrastructureLogging: { level: "warn" },
  };
}

/** Browsers offices have (issue 10): Chromium 80+ (Edge, 360/QQ speed mode), Firefox ESR. */
const WEB_TARGET = "es2017";

/**
 * The offline page: web/main.ts (page and worker in one script) inlined into index.html.
 * @param {string} mode
 * @param {string} outDir
 * @returns {import("webpack").Configuration}
 */
function webConfig(mode, outDir) {
  const production = mode === "production";
  return {
    name: "web",
    mode,
    context: ROOT,
    target: ["web", WEB_TARGET],
    entry: { page: "./web/main.ts" },
    // publicPath "": webpack's "auto" would look for document.currentScript, which a worker has not.
    output: { path: outDir, filename: "[name].js", publicPath: "", clean: true },
    devtool: false,
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"], extensionAlias: { ".js": [".ts", ".tsx", ".js"] } },
    module: {
      rules: [
        { test: /\.tsx?$/, exclude: /node_modules/, loader: "esbuild-loader", options: { loader: "ts", target: WEB_TARGET } },
        // zod, exceljs' dependencies … ship ES2020+ syntax (?., ??): lowered too.
        { test: /\.m?js$/, include: /node_modules/, loader: "esbuild-loader", options: { loader: "js", target: WEB_TARGET } },
      ],
    },
    optimization: {
      minimize: production,
      minimizer: [new EsbuildPlugin({ target: WEB_TARGET, legalComments: "eof" })],
    },
    plugins: [
      // One script: no chunk to fetch (SheetJS, exceljs and the rest bundled in).
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
      browserRuntime(),
      versionDefine(),
      new HtmlWebpackPlugin({
        template: "./web/index.html",
        filename: "index.html",
        inject: "body",
        scriptLoading: "blocking",
        minify: false,
      }),
      new HtmlInlineScriptPlugin(),
    ],
    performance: { hints: false },
    infrastructureLogging: { level: "warn" },
  };
}

/**
 * The WPS 加载项 (issue 12): the same React pane on WPS 表格's ET object model. Built by
 * scripts/build-wps.mjs (npm run build:wps) into dist-wps/online/, which it then packs:
 *   index.html + main.js   the add-in's page WPS loads at start and its ribbon callbacks (as is)
 *   ribbon.xml, manifest.xml  the customUI and the JsPlugin manifest (relative paths only)
 *   taskpane.html + wps.js    the pane (addin/wps/index.tsx: createWpsHost(window.Application))
 *   images/icon-32.png, templates/<profile>/<form>.xlsx (下载模板 fetches them beside the page)
 * ES2017 like the Office pane (WPS 2019+ shows add-ins in its own Chromium).
 * @param {string} mode
 * @param {string} outDir
 * @param {string} profile the office's default notice (--env profile), "" for none
 * @returns {import("webpack").Configuration}
 */
function wpsConfig(mode, outDir, profile) {
  const production = mode === "production";
  return {
    name: "wps",
    mode,
    context: ROOT,
    target: ["web", WEB_TARGET],
    entry: { wps: "./addin/wps/index.tsx" },
    output: {
      path: outDir,
      filename: production ? "[name].[contenthash:8].js" : "[name].js",
      chunkFilename: production ? "[name].[contenthash:8].js" : "[name].js",
      publicPath: "auto",
      clean: true,
      devtoolModuleFilenameTemplate: "webpack://pilot-forms/[resource-path]",
    },
    devtool: production ? "source-map" : "eval-cheap-module-source-map",
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"], extensionAlias: { ".js": [".ts", ".tsx", ".js"] } },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: "esbuild-loader",
          options: { target: WEB_TARGET, jsx: "automatic", tsconfig: path.join(ROOT, "tsconfig.addin.json") },
        },
        { test: /\.m?js$/, include: /node_modules/, loader: "esbuild-loader", options: { loader: "js", target: WEB_TARGET } },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({ template: "./addin/wps/taskpane.html", filename: "taskpane.html", chunks: ["wps"] }),
      new CopyWebpackPlugin({
        patterns: [
          ...["index.html", "main.js", "ribbon.xml", "manifest.xml"].map((file) => ({
            from: `addin/wps/${file}`,
            to: file,
            info: { minimized: true },
          })),
          { from: "assets/icon-32.png", to: "images/icon-32.png" },
          { from: "**/*.xlsx", context: "templates", to: "templates/" },
        ],
      }),
      browserRuntime(),
      versionDefine(),
      new webpack.DefinePlugin({ __PILOT_FORMS_DEFAULT_PROFILE__: JSON.stringify(profile) }),
    ],
    performance: { hints: false },
    infrastructureLogging: { level: "warn" },
  };
}

/**
 * @param {Record<string, string | boolean | undefined>} env webpack-cli's --env values
 * @param {{ mode?: "production" | "development" | "none" }} argv
 * @returns {Promise<import("webpack").Configuration>}
 */
export default async function config(env = {}, argv = {}) {
  const mode = argv.mode ?? "production";
  const dev = mode !== "production";
  const harness = Boolean(env.harness);
  const serving = Boolean(env.WEBPACK_SERVE);
  const url = typeof env.url === "string" && env.url !== "" ? normalizeBaseUrl(env.url) : undefined;
  const outDir = path.resolve(ROOT, typeof env.outDir === "string" ? env.outDir : harness ? "dist-harness" : "dist");
  if (env.web) return webConfig(mode, path.resolve(ROOT, typeof env.outDir === "string" ? env.outDir : "dist/web"));
  if (env.wps)
    return wpsConfig(
      mode,
      path.resolve(ROOT, typeof env.outDir === "string" ? env.outDir : "dist-wps/online"),
      defaultProfile(env.profile),
    );
  if (env["pipeline-test"])
    return pipelineTestConfig(
      mode,
      path.resolve(ROOT, typeof env.outDir === "string" ? env.outDir : "test-output/pipeline-test"),
    );

  const profile = defaultProfile(env.profile);

  /** @type {import("webpack").EntryObject} */
  const entry = { taskpane: "./addin/taskpane/index.tsx" };
  const pages = [
    // taskpane.html picks the bundle by browser (classic on IE11 and Edge Legacy): both named in it.
    new HtmlWebpackPlugin({
      template: "./addin/taskpane/taskpane.html",
      filename: "taskpane.html",
      chunks: ["taskpane"],
      inject: false,
      templateParameters: (_compilation, assets) => ({
        modernScript: assets.js.find((/** @type {string} */ f) => /(^|\/)taskpane[.\w]*\.js$/.test(f)),
        classicScript: serving ? "classic.js" : classicScript(outDir),
      }),
    }),
    new HtmlWebpackPlugin({ templateContent: COMMANDS_HTML, filename: "commands.html", inject: false }),
  ];
  if (harness) {
    for (const file of ["addin/harness/harness.ts", "addin/harness/harness.html"]) {
      if (!existsSync(path.join(ROOT, file))) throw new Error(`--env harness: ${file} is missing`);
    }
    entry.harness = "./addin/harness/harness.ts";
    pages.push(
      new HtmlWebpackPlugin({ template: "./addin/harness/harness.html", filename: "harness.html", chunks: ["harness"] }),
    );
  }

  /** @type {import("copy-webpack-plugin").Pattern[]} */
  const copies = [
    // What office.js loads next to itself in Excel, so the add-in works with no Internet.
    // Already minified: Terser must not touch them.
    ...OFFICE_JS_FILES.map((file) => ({ from: path.join(OFFICE_JS_DIST, file), to: file, info: { minimized: true } })),
    { from: "assets/*.png", to: "assets/[name][ext]" },
    {
      from: "manifest.xml",
      to: "manifest.xml",
      transform: url ? (content) => rewriteManifestUrls(content.toString("utf8"), url) : undefined,
    },
    { from: "**/*.xlsx", context: "templates", to: "templates/" },
  ];
  if (harness) copies.push({ from: "**/*", context: "examples", to: "examples/" });

  /** @type {import("webpack").Configuration} */
  const configuration = {
    mode,
    context: ROOT,
    // WebView2 and the browsers of Excel on the web and the Mac; ES2017 like the offline page,
    // node_modules included (Fluent UI and React ship ES2019+ syntax).
    target: ["web", WEB_TARGET],
    entry,
    output: {
      path: outDir,
      filename: dev ? "[name].js" : "[name].[contenthash:8].js",
      chunkFilename: dev ? "[name].js" : "[name].[contenthash:8].js",
      publicPath: "auto",
      clean: true,
      // Source maps name sources relative to the project, never by absolute path.
      devtoolModuleFilenameTemplate: MODULE_FILENAME,
    },
    // Production: full source maps (devtool "source-map") for everything but the chunk of
    // 下载标注副本, whose map names its sources without their text and maps lines only: it is
    // exceljs's prebuilt minified browser build (one line) and annotate.ts (dist/ stays small).
    devtool: dev ? "eval-cheap-module-source-map" : false,
    resolve: {
      extensions: [".ts", ".tsx", ".js", ".json"],
      // The sources import "../forms/model.js" meaning model.ts (NodeNext style).
      extensionAlias: { ".js": [".ts", ".tsx", ".js"] },
      // SheetJS is left out (0.4 MB): Office hands the pane its workbook as .xlsx (getFileAsync
      // Compressed), which annotate.ts marks with exceljs; only its fallback for an .xlsx exceljs
      // cannot load converts through SheetJS, and in the pane that fails with exceljs's error.
      alias: { "@e965/xlsx$": false, "@e965/xlsx/dist/cpexcel$": false },
    },
    optimization: {
      // 下载标注副本's lazy import (addin/taskpane/annotated-copy.ts) as one chunk, exceljs in it:
      // no vendors chunk split off (the pane's entry is one bundle either way).
      splitChunks: { cacheGroups: { default: false, defaultVendors: false } },
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: "esbuild-loader",
          // The loader follows the extension (a .ts generic arrow is not JSX).
          options: { target: WEB_TARGET, jsx: "automatic", tsconfig: path.join(ROOT, "tsconfig.addin.json") },
        },
        { test: /\.m?js$/, include: /node_modules/, loader: "esbuild-loader", options: { loader: "js", target: WEB_TARGET } },
      ],
    },
    plugins: [
      ...pages,
      new CopyWebpackPlugin({ patterns: copies }),
      browserRuntime(),
      versionDefine(),
      // The office's default notice for the pane (--env profile; "" without it).
      new webpack.DefinePlugin({ __PILOT_FORMS_DEFAULT_PROFILE__: JSON.stringify(profile) }),
      ...(dev
        ? []
        : [
            new webpack.SourceMapDevToolPlugin({
              filename: "[file].map[query]",
              exclude: ANNOTATE_CHUNK,
              moduleFilenameTemplate: MODULE_FILENAME,
            }),
            new webpack.SourceMapDevToolPlugin({
              filename: "[file].map[query]",
              test: ANNOTATE_CHUNK,
              moduleFilenameTemplate: MODULE_FILENAME,
              noSources: true,
              columns: false,
            }),
          ]),
      // A production build for sideloading elsewhere than this machine needs --env url.
      ...(url || dev || harness ? [] : [new BuildWarningPlugin(localhostManifestWarning())]),
    ],
    performance: {
      // Fluent UI makes the pane large (loaded once from the intranet, then cached); warn
      // only well above that, and only for our bundles, not office.js's copied files.
      hints: dev ? false : "warning",
      maxEntrypointSize: 3 * 1024 * 1024,
      maxAssetSize: 3 * 1024 * 1024,
      assetFilter: (file) => /^[^/]+\.[0-9a-f]{8}\.js$/.test(file),
    },
    infrastructureLogging: { level: "warn" },
  };

  if (dev && serving) {
    const port = harness ? HARNESS_SERVER_PORT : DEV_SERVER_PORT;
    /** @type {import("webpack-dev-server").ServerConfiguration} */
    let server = { type: "http" };
    if (!harness) {
      // Office loads add-ins only over https: a localhost certificate trusted by this
      // machine (office-addin-dev-certs installs its CA on first use).
      const devCerts = (await import("office-addin-dev-certs")).default;
      server = { type: "https", options: await devCerts.getHttpsServerOptions() };
    }
    configuration.devServer = {
      port,
      server,
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
      client: { overlay: { warnings: false, errors: true } },
    };
  }
  if (serving) return configuration;
  // The classic pane (webpack.classic.mjs) is built first, into the same folder: taskpane.html names it.
  configuration.name = "addin";
  configuration.dependencies = ["classic"];
  const classic = classicConfig(dev ? "development" : "production", outDir, { defaultProfile: profile });
  if (harness) {
    configuration.output.clean = { keep: /^classic[.]/ };
    return [classic, configuration];
  }
  // The production build makes the offline page too (dist/web/), beside the add-in.
  configuration.output.clean = { keep: /^(web\/|classic[.])/ };
  return [classic, configuration, webConfig(mode, path.join(outDir, "web"))];
}
