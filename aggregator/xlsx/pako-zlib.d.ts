// The part of pako 1.0's zlib port (lib/zlib/) that stream-deflate.ts uses; pako's own
// typings (@types/pako) cover only its wrapper classes.
declare module "pako/lib/zlib/zstream.js" {
  class ZStream {
    input: Uint8Array | null;
    next_in: number;
    avail_in: number;
    output: Uint8Array | null;
    next_out: number;
    avail_out: number;
    msg: string;
  }
  export default ZStream;
}

declare module "pako/lib/zlib/deflate.js" {
  import type ZStream from "pako/lib/zlib/zstream.js";
  const zlibDeflate: {
    deflateInit2(strm: ZStream, level: number, method: number, windowBits: number, memLevel: number, strategy: number): number;
    deflate(strm: ZStream, flush: number): number;
    deflateEnd(strm: ZStream): number;
  };
  export default zlibDeflate;
}
