// office-addin-lint picks this file up: the Office add-in ecosystem's recommended rules
// (eslint-plugin-office-addins: no-context-sync-in-loop, load-object-before-read …, with
// typescript-eslint's recommended set), with our generated folders ignored.
import officeAddins from "eslint-plugin-office-addins";
import tsParser from "@typescript-eslint/parser";
import globals from "globals";

export default [
  {
    ignores: ["dist/**", "dist-harness/**", "dist-harness-bench/**", "lib/**", "node_modules/**", "templates/**", "examples/**", "out/**", "test-output/**"],
  },
  ...officeAddins.configs.recommended,
  {
    // The recommended set names .js/.ts; the pane's components are .tsx.
    files: ["**/*.ts", "**/*.tsx", "**/*.js", "**/*.mjs"],
    plugins: { "office-addins": officeAddins },
    languageOptions: { parser: tsParser, globals: { ...globals.node, ...globals.browser } },
    rules: {
      // TypeScript checks undefined names itself (and knows type-only globals such as NodeJS).
      "no-undef": "off",
    },
  },
  {
    // The recommended set swaps the base no-unused-vars for typescript-eslint's on .ts only;
    // on .tsx the base rule would flag parameter names in types.
    files: ["**/*.tsx"],
    rules: { "no-unused-vars": "off" },
  },
  {
    // exceljs and plain objects outside the pane: the Office.js read-before-sync rules
    // mistake `cell.style` and the like for proxy objects. They stay on for addin/.
    files: ["forms/**", "aggregator/**", "scripts/**", "test/**", "addin/sim/**", "addin/harness/**", "addin/taskpane/**"],
    rules: {
      "office-addins/call-sync-before-read": "off",
      "office-addins/load-object-before-read": "off",
      "office-addins/call-sync-after-load": "off",
    },
  },
];
