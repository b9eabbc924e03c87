// The streamed deflate (aggregator/xlsx/stream-deflate.ts) gives pako.deflateRaw's bytes for
// the whole input however the input is cut: the roll-up's bytes do not depend on it. (The
// case pako 1.0's own Deflate.push fails on, its output buffer full exactly as a piece ends,
// is rare; test/merge.test.ts's 100,000-row merge met it when the roll-up used that push.)
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import pako from "pako";
import { RawDeflater } from "../aggregator/xlsx/stream-deflate.js";

function streamed(data: Uint8Array, cuts: number[], level: number): Uint8Array {
  const d = new RawDeflater(level);
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    d.push(data.subarray(at, Math.max(at, c)));
    at = Math.max(at, c);
  }
  d.push(data.subarray(at));
  return d.finish();
}

/** Text like a sheet's rows: repetitive with some noise, so that it compresses as they do. */
function sheetLike(rows: number, seed: number): Uint8Array {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  let s = "";
  for (let r = 1; r <= rows; r++)
    s += `<row r="${r}"><c r="A${r}" s="3" t="s"><v>${Math.floor(rnd() * 5000)}</v></c><c r="B${r}"><v>${rnd()}</v></c></row>`;
  return new TextEncoder().encode(s);
}

describe("streamed deflate", () => {
  it("equals pako.deflateRaw of the whole input, for any cuts and levels", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer(),
        fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 12 }),
        fc.constantFrom(1, 6),
        (rows, seed, cuts, level) => {
          const data = sheetLike(rows, seed);
          const want = pako.deflateRaw(data, { level });
          expect(Buffer.from(streamed(data, cuts, level)).equals(Buffer.from(want))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("random bytes (output larger than input) in 64 KB pieces: the same bytes, and they inflate back", () => {
    const data = new Uint8Array(1 << 20);
    for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
    const cuts = Array.from({ length: 16 }, (_, k) => k * 65536);
    const out = streamed(data, cuts, 1);
    expect(Buffer.from(out).equals(Buffer.from(pako.deflateRaw(data, { level: 1 })))).toBe(true);
    expect(Buffer.from(pako.inflateRaw(out)).equals(Buffer.from(data))).toBe(true);
  });
});
