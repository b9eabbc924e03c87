// Resolving --profile: a built-in profile id, or a profile file (JSON, checked by the schema).
import { readFile } from "node:fs/promises";
import { builtInProfiles, findProfile } from "../forms/profiles/index.js";
import type { Profile } from "../forms/profile.js";

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function profileList(): string {
  return builtInProfiles()
    .map((p) => `  ${p.id.padEnd(24)} ${p.notice}  ${p.name}`)
    .join("\n");
}

export async function loadProfileArg(arg: string): Promise<Profile> {
  const builtIn = findProfile(arg);
  if (builtIn) return builtIn;
  if (/\.json$/i.test(arg)) {
    let text: string;
    try {
      text = await readFile(arg, "utf8");
    } catch {
      throw new UsageError(`找不到配置文件 ${arg}。`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`配置文件 ${arg} 不是有效的 JSON：${(e as Error).message}`);
    }
    // The schema (zod) only when a profile file is given: the CLI starts without it.
    const { parseProfile } = await import("../forms/profile-schema.js");
    return parseProfile(data, arg);
  }
  throw new UsageError(`没有名为“${arg}”的配置。可用的配置：\n${profileList()}`);
}
