// office-addin-lint picks this file up: the Office add-in ecosystem's recommended rules
// (eslint-plugin-office-addins: no-context-sync-in-loop, load-object-before-read …, with
// typescript-eslint's recommended set), with our generated folders ignored.
import officeAddins from "eslint-plugin-office-addins";
import tsParser from "@typescript-eslint/parser";
import globals from "globals";

export default [
  { ignores: ["dist/**", "node_modules/**", "templates/**", "examples/**", "out/**", "test-output/**"] },
  ...officeAddins.configs.recommended,
  {
    plugins: { "office-addins": officeAddins },
    languageOptions: { parser: tsParser, globals: { ...globals.node, ...globals.browser } },
    rules: {
      // TypeScript checks undefined names itself (and knows type-only globals such as NodeJS).
      "no-undef": "off",
    },
  },
  {
    // exceljs and plain objects outside the pane: the Office.js read-before-sync rules
    // mistake `cell.style` and the like for proxy objects. They stay on for addin/.
    files: ["forms/**", "aggregator/**", "scripts/**", "test/**"],
    rules: {
      "office-addins/call-sync-before-read": "off",
      "office-addins/load-object-before-read": "off",
      "office-addins/call-sync-after-load": "off",
    },
  },
];
