// The runtime of this build: Node's here; browser builds get ./browser.js in its place
// (webpack.config.js replaces this module's "./node.js"). See types.ts.
export { runtime } from "./node.js";
export { InflateError, type Runtime, type SheetJs } from "./types.js";
