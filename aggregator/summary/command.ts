// The `summary` command (SPEC §10): a city's 申报书s (.xlsx or .docx) → its drafted
// 典型案例推荐汇总表 (aggregator/summary/draft.ts). Outputs are checked before anything is read
// (as in merge), the workbook is written atomically; inputs of other forms, unreadable files
// and files that are no spreadsheet are listed and skipped; exit 2 on usage errors.
import path from "node:path";
import type { Profile } from "../../forms/profile.js";
import { findProfile } from "../../forms/profiles/index.js";
import { cityInText } from "../../forms/city.js";
import { commandInputs, profileOption } from "../command-input.js";
import { checkFileSafely, type FileResult } from "../check-safely.js";
import { checkOutputs, outputFailure } from "../output-paths.js";
import { writeFileAtomic } from "../write-file.js";
import { profileList, UsageError } from "../profiles.js";
import { closeArchives } from "../read/zip-inputs.js";
import { textTable } from "../report.js";
import type { Io } from "../cli.js";
import { draftRows, recommenderFor, summaryBuffer, type SummarySource } from "./draft.js";

export interface SummaryCliOptions {
  out: string;
  profile?: string;
  city?: string;
}

export async function summaryCommand(inputs: string[], opts: SummaryCliOptions, io: Io): Promise<number> {
  if (!/\.xlsx$/i.test(opts.out)) throw new UsageError(`推荐汇总表应保存为 .xlsx 文件，而不是“${opts.out}”。`);
  if (opts.city !== undefined && !opts.city.trim()) throw new UsageError("--city 后面请写出城市名称，如 --city 石家庄市。");
  await checkOutputs([{ path: opts.out, label: "推荐汇总表（-o）", kind: "file" }], inputs);
  let profile: Profile | undefined = opts.profile ? await profileOption(opts.profile) : undefined;
  const expanded = await commandInputs(inputs, io, [opts.out]);
  try {
    if (expanded.files.some((f) => path.resolve(f.abs) === path.resolve(opts.out)))
      throw new UsageError(`输出文件 ${opts.out} 在输入中，请换一个位置。`);
    const results: FileResult[] = [];
    for (const file of expanded.files) results.push(await checkFileSafely(file, { profile }));

    // The profile: --profile, else the one the marked workbooks agree on.
    if (!profile) {
      const ids = [...new Set(results.map((r) => r.profile?.id).filter((x): x is string => !!x))];
      if (ids.length > 1)
        throw new UsageError(`输入文件属于不同的通知配置（${ids.join("、")}），请用 --profile 指定使用的配置。`);
      profile = ids.length ? findProfile(ids[0]) : undefined;
      if (!profile)
        throw new UsageError(
          `无法确定使用的通知配置（文件中没有 pilot-forms 模板标记）。请用 --profile 指定，例如 --profile hebei-2025。可用的配置：\n${profileList()}`,
        );
      for (const [i, r] of results.entries()) if (r.needsProfile) results[i] = await checkFileSafely(r.input, { profile });
    }
    if (!profile.forms.some((f) => f.id === "case-summary"))
      throw new UsageError(`配置 ${profile.id}（${profile.name}）没有典型案例推荐汇总表，无法生成。`);

    const applications: FileResult[] = [];
    for (const r of results) {
      if (r.form === "case-application" && r.validation) applications.push(r);
      else if (r.status === "unreadable") io.err(`跳过 ${r.input.display}：${r.issues[0]?.message ?? "无法读取"}`);
      else io.err(`跳过 ${r.input.display}：不是典型案例申报书${r.formName ? `（是${r.formName}）` : "（没有识别出表单）"}。`);
    }
    if (!applications.length) throw new UsageError("输入中没有典型案例申报书（.xlsx 或 .docx），无法生成推荐汇总表。");

    const city = decideCity(profile, applications, opts.city, io);
    const sources: SummarySource[] = [];
    for (const r of applications) sources.push({ file: r.input.display, tables: r.validation!.tables, sections: r.sections });
    const rows = draftRows(profile, sources);
    const bytes = await summaryBuffer(profile, city, rows);
    try {
      await writeFileAtomic(opts.out, bytes);
    } catch (e) {
      throw outputFailure(e, "推荐汇总表", opts.out);
    }

    io.out(
      textTable(
        ["序号", "案例名称", "申报单位", "单位类别", "案例简要描述", "申报书"],
        rows.map((r, i) => [
          i + 1,
          r.title || "（空）",
          r.applicant || "（空）",
          r.category || "待填写",
          r.marked.includes("description") ? (r.description ? "待核对" : "待填写") : "已摘录",
          r.file,
        ]),
      ),
    );
    const errors = applications.filter((r) => r.status === "errors").length;
    if (errors) io.err(`${errors} 份申报书有错误，请用 pilot-forms validate 查看并修改后再生成，汇总表中的值取自申报书原文。`);
    io.err(`推荐单位：${recommenderFor(city)}；日期和表下的联系人、手机/座机请在盖章前填写。`);
    io.err(`推荐汇总表：${opts.out}（${city}，${rows.length} 个案例）`);
    return 0;
  } finally {
    await closeArchives();
  }
}

/** --city (a city of the profile), else the one city the 申报书s' metadata, folders or names give. */
function decideCity(profile: Profile, applications: FileResult[], given: string | undefined, io: Io): string {
  const found = [...new Set(applications.map((r) => r.city).filter((c): c is string => !!c))];
  if (given !== undefined) {
    const city = profile.cities.length ? cityInText(profile, given) : given.trim();
    if (!city)
      throw new UsageError(`“${given}”不是${profile.name}的城市。可用的城市：${profile.cities.map((c) => c.name).join("、")}。`);
    const other = applications.filter((r) => r.city && r.city !== city);
    if (other.length)
      io.err(
        `注意：以下申报书看起来属于其他城市，仍按 ${city} 汇总：${other.map((r) => `${r.input.display}（${r.city}）`).join("、")}`,
      );
    return city;
  }
  if (found.length > 1)
    throw new UsageError(
      `输入的申报书属于不同的城市（${found.join("、")}）：一份推荐汇总表只写一个城市。请按城市分别生成，或用 --city 指定城市。`,
    );
  const unknown = applications.filter((r) => !r.city);
  if (!found.length || unknown.length)
    throw new UsageError(
      `无法从输入确定城市（${found.length ? `${unknown.map((r) => r.input.display).join("、")} 的` : ""}文件夹、文件名和模板标记中都没有城市名称）。请用 --city 指定，例如 --city ${found[0] ?? profile.cities[0]?.name ?? "石家庄市"}。`,
    );
  return found[0];
}
