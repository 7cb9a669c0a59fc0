import type { Codec, CodecName } from './codec.js';
import { CODEC_NAMES } from './codec.js';
import type { CodecSpec } from './codec-spec.js';
import { defineCodec } from './define-codec.js';
import { badArgument, unknownCodecId, unknownCodecName } from './errors.js';
import { brotliSpec } from './brotli-codec.js';
import { gzipSpec } from './gzip-codec.js';
import { lz4Spec } from './lz4-codec.js';
import { noneSpec } from './none-codec.js';
import { zstdSpec } from './zstd-codec.js';

// The ids are stored in dump files: they never change, and a retired id is never reused.
const STABLE_IDS: Readonly<Record<CodecName, number>> = { none: 0, zstd: 1, gzip: 2, brotli: 3, lz4: 4 };

const byName = new Map<string, Codec>();
const byId = new Map<number, Codec>();

/**
 * Registration checks the spec against the stable id table; the codec it returns checks every
 * compressor output for the format's magic bytes (where the format has them), so a library that
 * started writing another framing (lz4-napi's raw blocks, say) fails loudly instead of writing
 * files the standard tools cannot read.
 */
function register(spec: CodecSpec): void {
  if (STABLE_IDS[spec.name] !== spec.id) {
    throw new Error(`codecs: ${spec.name} registered with id ${spec.id}, but its stable id is ${STABLE_IDS[spec.name]}`);
  }
  if (byName.has(spec.name) || byId.has(spec.id)) throw new Error(`codecs: ${spec.name} (id ${spec.id}) registered twice`);
  if (!(spec.minLevel <= spec.defaultLevel && spec.defaultLevel <= spec.maxLevel)) {
    throw new Error(`codecs: ${spec.name} default level ${spec.defaultLevel} is outside ${spec.minLevel}..${spec.maxLevel}`);
  }
  const codec = defineCodec(spec);
  byName.set(codec.name, codec);
  byId.set(codec.id, codec);
}

for (const spec of [noneSpec, zstdSpec, gzipSpec, brotliSpec, lz4Spec]) register(spec);

const knownIds = [...byId.values()].sort((a, b) => a.id - b.id);

/** Case-insensitive: `codecByName('ZSTD')` is the zstd codec. */
export function codecByName(name: string): Codec {
  if (typeof name !== 'string') throw badArgument('codec name', name, 'a string');
  const codec = byName.get(name.toLowerCase());
  if (codec === undefined) throw unknownCodecName(name, CODEC_NAMES);
  return codec;
}

/** The codec for an id read from a file. */
export function codecById(id: number): Codec {
  const codec = byId.get(id);
  if (codec === undefined) throw unknownCodecId(id, knownIds);
  return codec;
}
