// The classic pane's build (issue 11): addin/classic/ over the same forms core and
// addin/excel/host.ts, for the Internet Explorer 11 and Edge Legacy webviews of Office
// 2016/2019. Babel (preset-env, targets IE 11) compiles our TypeScript and the packages the
// core uses (libphonenumber-js) to ES5, adding only the core-js polyfills the code needs
// (useBuiltIns "usage"); webpack's own runtime is written as ES5 too (target es5). The output
// is checked by an ES5 parser in the suite (test/classic-bundle.test.ts).
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import webpack from "webpack";

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const RUNTIME_DIR = path.join(ROOT, "aggregator", "runtime");

export const CLASSIC_TARGETS = { ie: "11" };

const babel = {
  loader: "babel-loader",
  options: {
    babelrc: false,
    configFile: false,
    // core-js's own modules must not be rewritten to import themselves.
    exclude: [/node_modules[\\/]core-js/, /node_modules[\\/]webpack[\\/]/],
    sourceType: "unambiguous",
    presets: [
      ["@babel/preset-env", { targets: CLASSIC_TARGETS, useBuiltIns: "usage", corejs: "3.51", bugfixes: true }],
      ["@babel/preset-typescript", { allowDeclareFields: true, onlyRemoveTypeImports: false }],
    ],
  },
};

/**
 * @param {string} mode
 * @param {string} outDir
 * @param {{ entry?: string, name?: string, library?: string, defaultProfile?: string }} [opts] another entry
 *   (the tests' core bundle); the office's default notice (--env profile, as the React pane's)
 * @returns {import("webpack").Configuration}
 */
export function classicConfig(mode, outDir, opts = {}) {
  const name = opts.name ?? "classic";
  return {
    name,
    mode,
    context: ROOT,
    target: ["web", "es5"],
    entry: { [name]: opts.entry ?? "./addin/classic/index.ts" },
    output: {
      path: outDir,
      filename: mode === "production" ? "[name].[contenthash:8].js" : "[name].js",
      publicPath: "",
      // Only this bundle's earlier builds go (classic.<old hash>.js); the other builds' files stay.
      clean: { keep: (/** @type {string} */ file) => !file.startsWith(`${name}.`) },
      ...(opts.library ? { library: { name: opts.library, type: "var" } } : {}),
    },
    devtool: false,
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"], extensionAlias: { ".js": [".ts", ".tsx", ".js"] } },
    module: {
      rules: [
        { test: /\.tsx?$/, exclude: /node_modules/, use: babel },
        // The packages the core imports ship ES2015+ (libphonenumber-js): compiled too.
        { test: /\.m?js$/, include: /node_modules[\\/](libphonenumber-js)[\\/]/, use: babel },
      ],
    },
    plugins: [
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
      new webpack.DefinePlugin({ __PILOT_FORMS_DEFAULT_PROFILE__: JSON.stringify(opts.defaultProfile ?? "") }),
      // The pane never reads files: no Node runtime either way, but the same swap as the others.
      new webpack.NormalModuleReplacementPlugin(/^\.\/node\.js$/, (resource) => {
        if (path.resolve(resource.context) === RUNTIME_DIR) resource.request = "./browser.js";
      }),
    ],
    optimization: { minimize: mode === "production" },
    performance: { hints: false },
    infrastructureLogging: { level: "warn" },
  };
}

/** The classic bundle's file name in `outDir` (classic.<hash>.js, or classic.js in development). */
export function classicScript(outDir) {
  const names = readdirSync(outDir).filter((f) => /^classic(\.[0-9a-f]{8})?\.js$/.test(f));
  if (names.length !== 1) throw new Error(`expected one classic bundle in ${outDir}, found ${names.join(", ") || "none"}`);
  return names[0];
}
