// What `validate` and `merge` do alike before reading: check the common options, expand the
// inputs (missing ones are a usage error, skipped ones are listed here and in the reports), and a progress bar on a terminal.
import cliProgress from "cli-progress";
import { expandInputs, type Inputs } from "./inputs.js";
import { stat } from "node:fs/promises";
import type { Profile } from "../forms/profile.js";
import { loadProfileArg, UsageError } from "./profiles.js";

export interface CommandIo {
  err: (s: string) => void;
  isTTY: boolean;
}

export function checkToday(today: string | undefined): void {
  if (today && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError(`--today 应写成 YYYY-MM-DD，而不是“${today}”。`);
}

/** `outputs`: this run's output files, which an input folder may hold from an earlier run (listed, not read). */
export async function commandInputs(inputs: string[], io: CommandIo, outputs: string[] = []): Promise<Inputs> {
  const expanded = await expandInputs(inputs, process.cwd(), { outputs });
  if (expanded.missing.length) throw new UsageError(`找不到：${expanded.missing.join("、")}`);
  for (const s of expanded.skipped) io.err(`跳过 ${s.display}：${s.reason}`);
  if (!expanded.files.length)
    throw new UsageError(
      expanded.skipped.length
        ? `没有找到可以读取的文件（${expanded.skipped.length} 个已跳过，见上）。请给出 Excel 工作簿（.xlsx）、文件夹或 .zip 压缩包。`
        : "没有找到任何文件。请给出 Excel 工作簿（.xlsx）、文件夹或 .zip 压缩包。",
    );
  return expanded;
}

/** A progress bar on a terminal for more than a few files; nothing otherwise (CI, pipes). */
export function progressBar(io: CommandIo, total: number): cliProgress.SingleBar | undefined {
  if (!io.isTTY || total <= 3) return undefined;
  const bar = new cliProgress.SingleBar(
    { format: "读取 [{bar}] {value}/{total} {file}", clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { file: "" });
  return bar;
}

/** --profile: a built-in id or a profile file; a file that is not a regular file (a FIFO would block) or is too large is refused. */
export async function profileOption(arg: string): Promise<Profile> {
  if (/\.json$/i.test(arg)) {
    const st = await stat(arg).catch(() => undefined);
    if (st && !st.isFile()) throw new UsageError(`配置文件 ${arg} 不是普通文件（文件夹、管道或设备），无法读取。`);
    if (st && st.size > 10 * 1024 * 1024) throw new UsageError(`配置文件 ${arg} 过大（超过 10 MB），不像是通知配置。`);
  }
  return loadProfileArg(arg);
}
