import type { CodecRegistry } from './codec-registry.js';

let loaded: Promise<CodecRegistry> | undefined;

/** @heliosdb/codecs, imported on first use: the only place this package touches it. */
export function defaultCodecs(): Promise<CodecRegistry> {
  loaded ??= import('@heliosdb/codecs').then((mod) => {
    const registry = mod as unknown as Partial<CodecRegistry>;
    if (typeof registry.codecById !== 'function' || typeof registry.codecByName !== 'function' || typeof registry.crc32 !== 'function') {
      throw new Error('heliodump: @heliosdb/codecs does not export codecById, codecByName and crc32; pass { codecs } explicitly');
    }
    return registry as CodecRegistry;
  });
  return loaded;
}

export async function resolveCodecs(given: CodecRegistry | undefined): Promise<CodecRegistry> {
  return given ?? defaultCodecs();
}
