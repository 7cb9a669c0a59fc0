import type { Codec, CompressOptions } from './codec.js';
import { asBuffer, type CodecSpec } from './codec-spec.js';
import { CodecError } from './codec-error.js';
import {
  badArgument,
  badInputMagic,
  badOutputMagic,
  corruptInput,
  levelOutOfRange,
  sizeMismatch,
  syncUnsupported,
} from './errors.js';
import { startsWith } from './magic.js';
import { OutputTooLarge } from './output-too-large.js';

export function defineCodec(spec: CodecSpec): Codec {
  const { name, magic } = spec;

  const level = (value: number | undefined): number => {
    if (value === undefined) return spec.defaultLevel;
    if (!Number.isInteger(value) || value < spec.minLevel || value > spec.maxLevel) {
      throw levelOutOfRange(name, value, spec.minLevel, spec.maxLevel, spec.defaultLevel);
    }
    return value;
  };

  const input = (data: unknown): Buffer => {
    if (!(data instanceof Uint8Array)) throw badArgument(`${name} input`, data, 'a Uint8Array');
    return asBuffer(data);
  };

  const expected = (size: number | undefined): number | undefined => {
    if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0)) {
      throw badArgument(`${name} expectedSize`, size, 'a non-negative integer');
    }
    return size;
  };

  const checkOutput = (out: Uint8Array): Uint8Array => {
    if (magic !== undefined && !startsWith(out, magic)) throw badOutputMagic(name, out, magic);
    return out;
  };

  // Checked before the library sees the input: some libraries return empty output for empty or
  // foreign input (lz4-napi's decompressFrame returns 0 bytes for an empty buffer).
  const checkInput = (data: Buffer): void => {
    if (magic !== undefined && !startsWith(data, magic)) throw badInputMagic(name, data, magic);
  };

  const checkSize = (out: Uint8Array, size: number | undefined): Uint8Array => {
    if (size !== undefined && out.length !== size) throw sizeMismatch(name, size, out.length);
    return out;
  };

  const failure = (error: unknown, data: Buffer, size: number | undefined): CodecError => {
    if (error instanceof CodecError) return error;
    if (error instanceof OutputTooLarge && size !== undefined) return sizeMismatch(name, size, `more than ${size}`);
    const reason = error instanceof Error ? error.message : String(error);
    return corruptInput(name, data.length, reason, error);
  };

  const unsupported = (): never => {
    throw syncUnsupported(name, spec.library);
  };

  return Object.freeze({
    name,
    id: spec.id,
    defaultLevel: spec.defaultLevel,
    minLevel: spec.minLevel,
    maxLevel: spec.maxLevel,

    async compress(data: Uint8Array, lvl?: number, options: CompressOptions = {}): Promise<Uint8Array> {
      const buf = input(data);
      return checkOutput(await spec.compress(buf, level(lvl), options));
    },

    async decompress(data: Uint8Array, expectedSize?: number): Promise<Uint8Array> {
      const buf = input(data);
      const size = expected(expectedSize);
      checkInput(buf);
      let out: Uint8Array;
      try {
        out = await spec.decompress(buf, size);
      } catch (error) {
        throw failure(error, buf, size);
      }
      return checkSize(out, size);
    },

    compressSync(data: Uint8Array, lvl?: number): Uint8Array {
      const sync = spec.compressSync ?? unsupported();
      const buf = input(data);
      return checkOutput(sync(buf, level(lvl)));
    },

    decompressSync(data: Uint8Array, expectedSize?: number): Uint8Array {
      const sync = spec.decompressSync ?? unsupported();
      const buf = input(data);
      const size = expected(expectedSize);
      checkInput(buf);
      let out: Uint8Array;
      try {
        out = sync(buf, size);
      } catch (error) {
        throw failure(error, buf, size);
      }
      return checkSize(out, size);
    },
  });
}
