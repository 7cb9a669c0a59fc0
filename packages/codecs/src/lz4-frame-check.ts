// A structural walk over one LZ4 frame (LZ4 Frame Format Description 1.6.x), before lz4-napi
// decodes it. lz4_flex's decoder treats end of input as the end of the frame: a frame cut before
// its EndMark decodes to a prefix (or to nothing) without error and skips the content checksum,
// and bytes after the frame are ignored. The walk rejects both.

const HEADER_MIN = 7; // magic 4, FLG 1, BD 1, HC 1
const FLG_VERSION_MASK = 0xc0; // bits 7-6: version, must be 01
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_DICT_ID = 0x01;
const BLOCK_UNCOMPRESSED = 0x80000000; // high bit of a block size: the block is stored
/** BD bits 6-4: block maximum size; 4 = 64 KiB, 5 = 256 KiB, 6 = 1 MiB, 7 = 4 MiB. */
const BLOCK_MAX = new Map([[4, 64 << 10], [5, 256 << 10], [6, 1 << 20], [7, 4 << 20]]);

/** Throws an Error naming the offset and the numbers if `data` is not exactly one complete frame. */
export function checkLz4Frame(data: Uint8Array): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < HEADER_MIN) throw new Error(`frame header needs ${HEADER_MIN} bytes, input has ${data.length}`);
  const flg = data[4]!;
  if ((flg & FLG_VERSION_MASK) !== 0x40) throw new Error(`frame version bits ${flg >>> 6} at offset 4, expected 1`);
  const blockMax = BLOCK_MAX.get((data[5]! >>> 4) & 0x07);
  if (blockMax === undefined) throw new Error(`invalid block maximum size code ${(data[5]! >>> 4) & 0x07} at offset 5`);
  const blockChecksum = flg & FLG_BLOCK_CHECKSUM ? 4 : 0;
  let p = HEADER_MIN + (flg & FLG_CONTENT_SIZE ? 8 : 0) + (flg & FLG_DICT_ID ? 4 : 0);

  for (;;) {
    if (p + 4 > data.length) throw new Error(`frame truncated at offset ${p}: no EndMark (input has ${data.length} bytes)`);
    const word = view.getUint32(p, true);
    p += 4;
    if (word === 0) break; // EndMark
    const size = (word & ~BLOCK_UNCOMPRESSED) >>> 0;
    if (size > blockMax) throw new Error(`block at offset ${p - 4} declares ${size} bytes, over the frame's maximum ${blockMax}`);
    const end = p + size + blockChecksum;
    if (end > data.length) {
      throw new Error(`frame truncated: block at offset ${p - 4} needs ${size + blockChecksum} bytes, ${data.length - p} remain`);
    }
    p = end;
  }

  const frameEnd = p + (flg & FLG_CONTENT_CHECKSUM ? 4 : 0);
  if (frameEnd > data.length) throw new Error(`frame truncated: content checksum at offset ${p} missing`);
  if (frameEnd < data.length) {
    const extra = data.length - frameEnd;
    throw new Error(`${extra} byte${extra === 1 ? '' : 's'} after the frame's end at offset ${frameEnd} (one frame per input)`);
  }
}
