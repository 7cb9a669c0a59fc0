import { createRequire } from 'node:module';

/**
 * The native helper built from native/release-pages.c (see there): drops this process's mappings of
 * a file's pages after a long read, so resident memory does not grow with what LMDB's map has touched.
 * Absent when the package was built without a C compiler or Node's headers; storage then works the
 * same and only resident memory differs.
 */
interface ReleasePages {
  releaseMappedPages(path: string): number;
}

function load(): ReleasePages | null {
  try {
    // From src/kv (tests) and dist/kv (built) alike: the package's dist/native.
    return createRequire(import.meta.url)('../../dist/native/release-pages.node') as ReleasePages;
  } catch {
    return null;
  }
}

const native = load();

/** True when the native helper is built and loaded. */
export const canReleaseMappedPages = native !== null;

/** Unmaps (from this process only) the pages of `path` mapped read-only; returns the bytes of mapping covered, 0 without the helper. */
export function releaseMappedPages(path: string): number {
  return native ? native.releaseMappedPages(path) : 0;
}
