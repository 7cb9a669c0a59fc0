import type { CodecName } from './codec.js';
import { CodecError } from './codec-error.js';

// Named factories, so every message of a kind reads the same and names its numbers.

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

export function unknownCodecName(name: string, known: readonly string[]): CodecError {
  return new CodecError('ERR_CODEC_UNKNOWN', `codecs: unknown codec ${JSON.stringify(name)} (valid: ${known.join(', ')})`);
}

export function unknownCodecId(id: number, known: readonly { id: number; name: string }[]): CodecError {
  const list = known.map((c) => `${c.id} ${c.name}`).join(', ');
  return new CodecError('ERR_CODEC_UNKNOWN', `codecs: unknown codec id ${id} (known: ${list})`);
}

export function levelOutOfRange(codec: CodecName, level: unknown, min: number, max: number, def: number): CodecError {
  const range = min === max ? `it has no levels; use ${def} or omit the level` : `valid: ${min}..${max}, default ${def}`;
  return new CodecError('ERR_CODEC_LEVEL', `codecs: ${codec} level ${String(level)} is out of range (${range})`, { codec });
}

export function corruptInput(codec: CodecName, inputLength: number, reason: string, cause?: unknown): CodecError {
  return new CodecError('ERR_CODEC_CORRUPT', `codecs: ${codec}: corrupt input (${inputLength} bytes): ${reason}`, { codec, cause });
}

export function badInputMagic(codec: CodecName, input: Uint8Array, magic: Uint8Array): CodecError {
  const found = input.length === 0 ? 'is empty' : `starts with ${hex(input.subarray(0, magic.length))}`;
  return corruptInput(codec, input.length, `not a ${codec} stream: it ${found}, expected magic ${hex(magic)}`);
}

export function badOutputMagic(codec: CodecName, output: Uint8Array, magic: Uint8Array): CodecError {
  return new CodecError(
    'ERR_CODEC_MAGIC',
    `codecs: ${codec} compressor output starts with ${hex(output.subarray(0, magic.length))}, expected magic ${hex(magic)}`,
    { codec },
  );
}

export function sizeMismatch(codec: CodecName, expected: number, actual: number | string): CodecError {
  return new CodecError('ERR_CODEC_SIZE', `codecs: ${codec}: decompressed to ${actual} bytes, expected ${expected}`, { codec });
}

export function syncUnsupported(codec: CodecName, library: string): CodecError {
  return new CodecError(
    'ERR_CODEC_SYNC_UNSUPPORTED',
    `codecs: ${codec} has no synchronous API (${library} offers only async); use the async methods`,
    { codec },
  );
}

export function badArgument(what: string, value: unknown, expected: string): CodecError {
  return new CodecError('ERR_CODEC_ARGUMENT', `codecs: ${what} must be ${expected}, got ${String(value)}`);
}
