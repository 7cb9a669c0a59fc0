import { OutputTooLarge } from './output-too-large.js';

/**
 * node:zlib can stop inflating once the output passes a limit (`maxOutputLength`), so an expected
 * size also bounds memory against a decompression bomb. The limit must be at least 1; an output of
 * a wrong length under the limit is caught by the expected-size check afterwards.
 */
export function zlibLimit(max: number | undefined): { maxOutputLength?: number } {
  return max === undefined ? {} : { maxOutputLength: Math.max(1, max) };
}

/** Turns zlib's "buffer too large" into OutputTooLarge; other errors pass through. */
export function zlibMapError(error: unknown): never {
  if ((error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE') throw new OutputTooLarge();
  throw error;
}

export function zlibSync<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    return zlibMapError(error);
  }
}
