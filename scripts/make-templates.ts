// npx tsx scripts/make-templates.ts [outDir]: every profile × form into
// <outDir>/<profile-id>/<form name>.xlsx (default outDir: templates). The committed
// templates/ must match what this writes: test/templates.test.ts compares the bytes.
import { writeAllTemplates } from "../aggregator/template/all.js";

const outDir = process.argv[2] ?? "templates";
const paths = await writeAllTemplates(outDir);
for (const p of paths) console.log(p);
console.log(`${paths.length} 个模板已写入 ${outDir}`);
