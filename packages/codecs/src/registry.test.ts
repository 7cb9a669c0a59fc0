import { describe, expect, it } from 'vitest';
import { CODEC_NAMES } from './codec.js';
import { CodecError } from './codec-error.js';
import { codecById, codecByName } from './registry.js';

describe('codec registry', () => {
  it('lists the five codecs, best general choice first', () => {
    expect(CODEC_NAMES).toEqual(['zstd', 'gzip', 'brotli', 'lz4', 'none']);
    expect(Object.isFrozen(CODEC_NAMES)).toBe(true);
  });

  it('keeps the ids stored in dump files', () => {
    const ids = Object.fromEntries(CODEC_NAMES.map((n) => [n, codecByName(n).id]));
    expect(ids).toEqual({ none: 0, zstd: 1, gzip: 2, brotli: 3, lz4: 4 });
    for (const name of CODEC_NAMES) expect(codecById(codecByName(name).id)).toBe(codecByName(name));
  });

  it('has the documented levels', () => {
    const levels = Object.fromEntries(
      CODEC_NAMES.map((n) => {
        const c = codecByName(n);
        return [n, [c.minLevel, c.defaultLevel, c.maxLevel]];
      }),
    );
    expect(levels).toEqual({ zstd: [1, 3, 22], gzip: [1, 6, 9], brotli: [0, 6, 11], lz4: [1, 1, 1], none: [0, 0, 0] });
  });

  it('finds names case-insensitively', () => {
    expect(codecByName('ZSTD')).toBe(codecByName('zstd'));
    expect(codecByName('Brotli').name).toBe('brotli');
  });

  it('rejects an unknown name, listing the valid ones', () => {
    const error = catchError(() => codecByName('xz'));
    expect(error).toBeInstanceOf(CodecError);
    expect(error.code).toBe('ERR_CODEC_UNKNOWN');
    expect(error.message).toBe('codecs: unknown codec "xz" (valid: zstd, gzip, brotli, lz4, none)');
    expect(() => codecByName('')).toThrow(CodecError);
    expect(() => codecByName('zstd ')).toThrow(CodecError);
  });

  it('rejects an unknown id, listing the known ones', () => {
    const error = catchError(() => codecById(9));
    expect(error.code).toBe('ERR_CODEC_UNKNOWN');
    expect(error.message).toBe('codecs: unknown codec id 9 (known: 0 none, 1 zstd, 2 gzip, 3 brotli, 4 lz4)');
    for (const id of [-1, 5, 255, 1.5, Number.NaN]) expect(() => codecById(id)).toThrow(CodecError);
  });
});

function catchError(run: () => unknown): CodecError {
  try {
    run();
  } catch (error) {
    if (error instanceof CodecError) return error;
    throw error;
  }
  throw new Error('expected a CodecError');
}
