// Finds frames in a dump file by FORMAT.md's offsets alone, independently of the reader.

export interface FoundFrame {
  kind: 'header' | 'SEGM' | 'BLCK' | 'TRLR' | 'SEND';
  segment: number;
  offset: number;
  size: number;
  /** BLCK only: where the compressed bytes start, and the lengths. */
  dataOffset?: number;
  compressedLength?: number;
  uncompressedLength?: number;
}

export function walkFrames(file: Uint8Array): FoundFrame[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tag = (at: number) => String.fromCharCode(...file.subarray(at, at + 4));
  const frames: FoundFrame[] = [{ kind: 'header', segment: 0, offset: 0, size: 8 }];
  let at = 8;
  let segment = 0;
  while (at < file.length) {
    if (tag(at) !== 'SEGM') throw new Error(`walker: expected SEGM at ${at}, found ${tag(at)}`);
    segment++;
    const metaSize = 12 + view.getUint32(at + 4, true) + 4;
    frames.push({ kind: 'SEGM', segment, offset: at, size: metaSize });
    at += metaSize;
    while (tag(at) === 'BLCK') {
      const uncompressedLength = view.getUint32(at + 4, true);
      const compressedLength = view.getUint32(at + 8, true);
      frames.push({ kind: 'BLCK', segment, offset: at, size: 24 + compressedLength, dataOffset: at + 24, compressedLength, uncompressedLength });
      at += 24 + compressedLength;
    }
    if (tag(at) !== 'TRLR') throw new Error(`walker: expected TRLR at ${at}, found ${tag(at)}`);
    const trailerSize = 12 + view.getUint32(at + 4, true) + 4;
    frames.push({ kind: 'TRLR', segment, offset: at, size: trailerSize });
    at += trailerSize;
    frames.push({ kind: 'SEND', segment, offset: at, size: 12 });
    at += 12;
  }
  return frames;
}
