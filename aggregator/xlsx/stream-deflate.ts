// Raw DEFLATE of input given piece by piece, with pako's zlib port: the same bytes as
// pako.deflateRaw of the whole input (zlib's output does not depend on how its input is
// split when nothing is flushed; test/stream-deflate.test.ts checks it), without the whole
// input in memory at once. The loop is ours because pako 1.0's Deflate.push fails with
// "buffer error" when its output buffer fills exactly as a piece ends (fixed in pako 2,
// which our browser inflate is not written for): that is zlib asking for more input.
import ZStream from "pako/lib/zlib/zstream.js";
import zlibDeflate from "pako/lib/zlib/deflate.js";

const Z_NO_FLUSH = 0;
const Z_FINISH = 4;
const Z_OK = 0;
const Z_STREAM_END = 1;
const Z_BUF_ERROR = -5;
const Z_DEFLATED = 8;
/** Raw deflate (no zlib header), the 32 KB window; memLevel and strategy as pako's defaults. */
const RAW_WINDOW_BITS = -15;
const MEM_LEVEL = 8;
const Z_DEFAULT_STRATEGY = 0;
const OUT_CHUNK = 64 * 1024;

export class RawDeflater {
  private readonly strm = new ZStream();
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  private done = false;

  constructor(level: number) {
    const status = zlibDeflate.deflateInit2(this.strm, level, Z_DEFLATED, RAW_WINDOW_BITS, MEM_LEVEL, Z_DEFAULT_STRATEGY);
    if (status !== Z_OK) throw new Error(`deflate: ${this.strm.msg || status}`);
    this.newOutput();
  }

  /** Deflate the next piece of input. */
  push(data: Uint8Array): void {
    if (this.done) throw new Error("deflate: already finished");
    if (!data.length) return;
    this.run(data, Z_NO_FLUSH);
  }

  /** Finish the stream and return the deflated bytes. */
  finish(): Uint8Array {
    if (this.done) throw new Error("deflate: already finished");
    this.run(new Uint8Array(0), Z_FINISH);
    this.done = true;
    zlibDeflate.deflateEnd(this.strm);
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    this.chunks.length = 0;
    return out;
  }

  private newOutput(): void {
    this.strm.output = new Uint8Array(OUT_CHUNK);
    this.strm.next_out = 0;
    this.strm.avail_out = OUT_CHUNK;
  }

  private keepOutput(): void {
    if (!this.strm.next_out) return;
    const c = this.strm.output!.subarray(0, this.strm.next_out);
    this.chunks.push(c);
    this.length += c.length;
    this.newOutput();
  }

  private run(data: Uint8Array, flush: number): void {
    const strm = this.strm;
    strm.input = data;
    strm.next_in = 0;
    strm.avail_in = data.length;
    for (;;) {
      const status = zlibDeflate.deflate(strm, flush);
      if (status === Z_STREAM_END) {
        this.keepOutput();
        return;
      }
      // Z_BUF_ERROR while not finishing: no progress possible, all input taken, output not full.
      if (status !== Z_OK && !(status === Z_BUF_ERROR && flush === Z_NO_FLUSH)) throw new Error(`deflate: ${strm.msg || status}`);
      if (strm.avail_out === 0) {
        this.keepOutput();
        continue;
      }
      if (strm.avail_in === 0 && flush === Z_NO_FLUSH) return;
    }
  }
}
