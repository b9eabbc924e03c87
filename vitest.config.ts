import { defineConfig } from "vitest/config";

// Three projects, all run by `vitest run` (npm test):
//   unit         the forms core — parsers, rules, the locator, 自动修正, the pane's session logic,
//                the rule-code catalogue: no LibreOffice, no Chromium, no big workbooks
//                (npm run test:unit, a few seconds);
//   integration  reading and writing workbooks, templates, merge, the CLI, the add-in's host
//                and component tests, the build (LibreOffice for the PDF checks);
//   browser      the task pane in Chromium (playwright-core).
// `vitest run --project unit` (or `--project '!browser'`) picks projects.
// The root's globalSetup (one temporary folder for the whole run, test/global-setup.ts) runs
// once, whichever projects run. The projects do not extend the root config (with extends: true
// vitest 4 would run the globalSetup again for each project): they share its options instead.
const UNIT = [
  "test/parse/**/*.test.ts",
  "test/rules.test.ts",
  "test/codes.test.ts",
  "test/profiles-complete.test.ts",
  "test/locate*.test.ts",
  "test/fix.test.ts",
  "test/addin/session.test.ts",
  "test/issue-groups.test.ts",
  "test/web/choose.test.ts",
];
const BROWSER = ["test/browser/**/*.test.ts"];

const shared = { testTimeout: 60_000, hookTimeout: 120_000, pool: "forks" } as const;

export default defineConfig({
  test: {
    ...shared,
    globalSetup: ["test/global-setup.ts"],
    projects: [
      // isolate: false: one module graph for all unit files (half the wall time); they mock
      // nothing and keep no global state. A unit test that needs vi.mock belongs elsewhere.
      { test: { ...shared, name: "unit", include: UNIT, isolate: false } },
      {
        test: {
          ...shared,
          name: "integration",
          include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
          exclude: [...UNIT, ...BROWSER],
        },
      },
      { test: { ...shared, name: "browser", include: BROWSER } },
    ],
  },
});
