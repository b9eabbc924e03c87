// 汇总's per-city feedback (`merge --feedback DIR`) as one .zip: the same files, byte for
// byte, each entry <city>/<file>.
import { eachFeedbackFile, feedbackZip, type FeedbackFile } from "../aggregator/merge/feedback-files.js";
import type { MergeBytesResult } from "../aggregator/merge/merge-bytes.js";

export async function feedbackOf(
  merged: MergeBytesResult,
  onProgress: (done: number, total: number, file: string) => void,
): Promise<{ bytes: Uint8Array; count: number }> {
  const { run } = merged;
  const files: FeedbackFile[] = [];
  const total = run.results.length;
  let done = 0;
  await eachFeedbackFile(
    run.rollup.cities,
    run.results,
    run.rollup.issues,
    (r) => {
      onProgress(done++, total, r.input.display);
      return merged.bytesOf(r.input);
    },
    async (f) => void files.push(f),
  );
  return { bytes: feedbackZip(files), count: files.length };
}
