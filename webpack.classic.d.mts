import type { Configuration } from "webpack";

export declare const CLASSIC_TARGETS: { ie: string };
export declare function classicConfig(
  mode: string,
  outDir: string,
  opts?: { entry?: string; name?: string; library?: string; defaultProfile?: string },
): Configuration;
export declare function classicScript(outDir: string): string;
