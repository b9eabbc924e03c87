// Files as the page is given them (web/choose.ts): where each lies, as the CLI would see the
// same file or folder; and nothing dropped in silence when two chosen files share a name.
import { describe, expect, it } from "vitest";
import { addFiles, chosen } from "../../web/choose.js";

function file(name: string, size = 10, lastModified = 1): Blob & { name: string; lastModified: number } {
  return Object.assign(new Blob([new Uint8Array(size)]), { name, lastModified });
}

describe("chosen", () => {
  it("takes a chosen folder's path, its first folder as the input", () => {
    expect(chosen(file("a.xlsx"), "河北/保定市/a.xlsx")).toMatchObject({ path: "河北/保定市/a.xlsx", root: "河北" });
  });
  it("takes a file chosen on its own as its own input", () => {
    expect(chosen(file("a.xlsx"), "")).toMatchObject({ path: "a.xlsx", root: "a.xlsx", lastModified: 1 });
  });
  it("reads a dropped entry's full path (leading slash, backslashes) the same way", () => {
    expect(chosen(file("a.xlsx"), "/河北\\唐山市/a.xlsx")).toMatchObject({ path: "河北/唐山市/a.xlsx", root: "河北" });
  });
});

describe("addFiles", () => {
  it("keeps the same file chosen twice once", () => {
    const a = chosen(file("a.xlsx"));
    const { files, refused } = addFiles([a], [chosen(file("a.xlsx"))]);
    expect(files).toHaveLength(1);
    expect(refused).toEqual([]);
  });
  it("refuses, and names, another file under a name already listed", () => {
    const { files, refused } = addFiles(
      [chosen(file("典型案例申报书.xlsx", 10))],
      [chosen(file("典型案例申报书.xlsx", 20)), chosen(file("b.xlsx"))],
    );
    expect(files.map((f) => f.path)).toEqual(["典型案例申报书.xlsx", "b.xlsx"]);
    expect(refused).toEqual(["典型案例申报书.xlsx"]);
  });
  it("keeps files of the same name in different folders", () => {
    const { files } = addFiles(
      [],
      [chosen(file("a.xlsx"), "河北/保定市/a.xlsx"), chosen(file("a.xlsx", 5), "河北/唐山市/a.xlsx")],
    );
    expect(files).toHaveLength(2);
  });
});
