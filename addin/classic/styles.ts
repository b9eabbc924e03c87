// The classic pane's CSS: plain rules IE11 and Edge Legacy understand (no custom properties,
// no flex gap, no grid), sized for a 320 px pane.
export const CLASSIC_CSS = `
.pf { font-family: "Microsoft YaHei", "Segoe UI", SimSun, sans-serif; font-size: 13px; color: #242424; padding: 10px; }
.pf h1 { font-size: 16px; margin: 0 0 8px 0; font-weight: bold; }
.pf label { display: block; margin: 6px 0 2px 0; color: #424242; }
.pf select { width: 100%; font-size: 13px; padding: 2px; }
.pf .detected { font-size: 12px; color: #616161; margin: 4px 0; }
.pf .buttons { margin: 8px 0; }
.pf button { font-family: inherit; font-size: 13px; padding: 4px 10px; margin: 0 6px 6px 0; border: 1px solid #8a8a8a; background: #fff; color: #242424; cursor: pointer; }
.pf button.primary { background: #217346; border-color: #217346; color: #fff; font-weight: bold; }
.pf button[disabled] { color: #a0a0a0; border-color: #d0d0d0; background: #f5f5f5; cursor: default; }
.pf .message { margin: 6px 0; padding: 6px 8px; border: 1px solid #c7e0f4; background: #eff6fc; }
.pf .message.error { border-color: #d13438; background: #fde7e9; color: #a4262c; }
.pf .message.success { border-color: #107c10; background: #dff6dd; }
.pf .summary { margin: 6px 0; }
.pf .filters label { display: inline; margin-right: 10px; }
.pf .badge { display: inline-block; padding: 0 6px; margin-right: 4px; font-size: 12px; color: #fff; }
.pf .badge.error { background: #d13438; }
.pf .badge.warning { background: #c19c00; }
.pf .badge.info { background: #0078d4; }
.pf .group { border-top: 1px solid #e0e0e0; margin-top: 6px; padding-top: 4px; }
.pf .group h2 { font-size: 13px; margin: 4px 0; }
.pf ul { list-style: none; margin: 0; padding: 0; }
.pf li.issue { padding: 4px 2px; border-bottom: 1px solid #f0f0f0; cursor: pointer; }
.pf li.issue:hover, .pf li.issue:focus { background: #f3f9fd; outline: none; }
.pf li.issue .cell { font-family: Consolas, monospace; margin-right: 6px; color: #424242; }
.pf li.issue.error .sev { color: #a4262c; }
.pf li.issue.warning .sev { color: #8a6d00; }
.pf li.issue.info .sev { color: #005a9e; }
.pf .sev { margin-right: 6px; font-weight: bold; }
.pf .empty { color: #616161; }
.pf .more { margin-top: 4px; }
`;
