// The forms core as the classic pane runs it, for test/classic-bundle.test.ts: built by
// webpack.classic.mjs (Babel to ES5, core-js polyfills) into a script that sets the global
// PilotFormsCore, run in a context without Proxy, Reflect and the other ES2015+ built-ins
// IE11 lacks. Grids arrive as JSON, dates as { $date: ISO string }.
import type { CellValue, WorkbookGrid } from "../../forms/model.js";
import { choose, validate } from "../../addin/taskpane/session.js";

function revive(_key: string, value: unknown): unknown {
  if (value && typeof value === "object" && "$date" in (value as Record<string, unknown>))
    return new Date((value as { $date: string }).$date);
  return value;
}

/** Detect and validate as the pane does; the answer as JSON (profile, form, issues). */
export function check(gridJson: string, today: string): string {
  const grid = JSON.parse(gridJson, revive) as WorkbookGrid;
  const choice = choose(grid);
  const result = validate(grid, choice, today);
  return JSON.stringify({ profile: choice?.profile.id, form: choice?.form, issues: result.issues });
}

export type { CellValue };
