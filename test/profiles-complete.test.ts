// The built-in profiles are used as they are in every bundle (forms/profiles/index.ts: no
// schema, so that browsers never load zod): each file must be valid and complete — the schema
// gives back exactly the file, every default written out. The pane's and the page's code, from
// their entries, import no zod at run time.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseProfile } from "../forms/profile-schema.js";
import { BUILT_IN_FILES, builtInProfiles } from "../forms/profiles/index.js";
import { importGraph, ROOT } from "./fixtures/import-graph.js";

describe("built-in profiles", () => {
  for (const [name, data] of Object.entries(BUILT_IN_FILES)) {
    it(`${name} is valid and complete as it stands`, () => {
      expect(parseProfile(structuredClone(data), `forms/profiles/${name}`)).toStrictEqual(data);
    });
  }

  it("are the files' data, one per file, ids unique", () => {
    const ids = builtInProfiles().map((p) => p.id);
    expect(ids).toEqual(Object.keys(BUILT_IN_FILES).map((n) => n.replace(/\.json$/, "")));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("a file missing a default is reported with the field to add", () => {
    const hebei = structuredClone(BUILT_IN_FILES["hebei-2025.json"]) as { forms: { coverDirection?: boolean }[] };
    delete hebei.forms[0].coverDirection;
    expect(parseProfile(structuredClone(hebei), "forms/profiles/hebei-2025.json")).not.toStrictEqual(hebei);
  });
});

describe("browser bundles", () => {
  it("load no zod: the pane and the offline page", () => {
    const graph = importGraph(["addin/taskpane/index.tsx", "web/main.ts"]);
    const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join("/");
    expect([...graph.keys()].map(rel)).toEqual(expect.arrayContaining(["forms/profiles/index.ts", "web/worker.ts"]));
    expect([...graph].filter(([, m]) => m.packages.includes("zod")).map(([f]) => rel(f))).toEqual([]);
  });
});
