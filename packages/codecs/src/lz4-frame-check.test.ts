import { describe, expect, it } from 'vitest';
import { checkLz4Frame } from './lz4-frame-check.js';

// Hand-built frames; the walk checks structure only, so the header checksum and content checksum
// bytes are placeholders (0xHC, 0xC1..0xC4).
const frame = (...parts: number[][]): Uint8Array => Uint8Array.from(parts.flat());
const MAGIC = [0x04, 0x22, 0x4d, 0x18];
const FLG = 0x64; // version 01, block independence, content checksum
const BD = 0x40; // block maximum size code 4 = 64 KiB
const HC = 0xaa;
const STORED_ABC = [0x03, 0x00, 0x00, 0x80, 0x61, 0x62, 0x63]; // size 3 | uncompressed bit, "abc"
const END_MARK = [0x00, 0x00, 0x00, 0x00];
const CHECKSUM = [0xc1, 0xc2, 0xc3, 0xc4];

describe('checkLz4Frame', () => {
  const good = frame(MAGIC, [FLG, BD, HC], STORED_ABC, END_MARK, CHECKSUM);

  it('accepts one complete frame', () => {
    expect(() => checkLz4Frame(good)).not.toThrow();
    expect(() => checkLz4Frame(frame(MAGIC, [0x60, BD, HC], END_MARK))).not.toThrow(); // no checksum, no blocks
  });

  it('accepts the optional content size and block checksums', () => {
    const sized = frame(MAGIC, [FLG | 0x08, BD], [3, 0, 0, 0, 0, 0, 0, 0], [HC], STORED_ABC, END_MARK, CHECKSUM);
    expect(() => checkLz4Frame(sized)).not.toThrow();
    const blockSums = frame(MAGIC, [FLG | 0x10, BD, HC], STORED_ABC, [1, 2, 3, 4], END_MARK, CHECKSUM);
    expect(() => checkLz4Frame(blockSums)).not.toThrow();
  });

  it('rejects every truncation', () => {
    for (let n = 0; n < good.length; n++) expect(() => checkLz4Frame(good.subarray(0, n)), `cut at ${n}`).toThrow();
    expect(() => checkLz4Frame(good.subarray(0, 11))).toThrow('block at offset 7 needs 3 bytes, 0 remain');
    expect(() => checkLz4Frame(good.subarray(0, 14))).toThrow('no EndMark');
    expect(() => checkLz4Frame(good.subarray(0, 18))).toThrow('content checksum at offset 18 missing');
  });

  it('rejects bytes after the frame, including a second frame', () => {
    expect(() => checkLz4Frame(frame([...good], [0]))).toThrow("1 byte after the frame's end at offset 22");
    expect(() => checkLz4Frame(frame([...good], [...good]))).toThrow('22 bytes after');
  });

  it('rejects a wrong version and a block larger than the declared maximum', () => {
    expect(() => checkLz4Frame(frame(MAGIC, [0x24, BD, HC], END_MARK, CHECKSUM))).toThrow('version bits 0');
    const huge = frame(MAGIC, [FLG, BD, HC], [0x01, 0x00, 0x01, 0x00]); // 65537 bytes > 64 KiB
    expect(() => checkLz4Frame(huge)).toThrow('declares 65537 bytes, over the frame\'s maximum 65536');
  });
});
