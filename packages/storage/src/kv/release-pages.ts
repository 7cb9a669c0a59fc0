import { readFileSync } from 'node:fs';
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

/** File-backed resident memory a long read may add before the file's mapped pages are released. */
export const RELEASE_AFTER_BYTES = 16 * 1024 * 1024;

/**
 * Keeps the pages a long read maps bounded: `tick()` once per entry read; every 4,096 entries it reads
 * the process's file-backed resident memory (/proc/self/statm, "shared" pages) and, once that has grown
 * by RELEASE_AFTER_BYTES since the last release, releases the file's mapped pages. Measuring what is
 * resident, rather than counting bytes read, matters: the kernel maps up to 16 neighbouring pages per
 * fault ("fault-around"), so a scan whose pages lie apart in the file can map 15 times what it reads.
 */
export class PageReleaser {
  private entries = 0;
  private base = fileResident();

  constructor(private readonly file: string) {}

  tick(): void {
    if ((++this.entries & 4095) !== 0) return;
    this.check();
  }

  /** Releases now if file-backed resident memory has grown by RELEASE_AFTER_BYTES (for callers that count their own steps). */
  check(): void {
    if (fileResident() - this.base < RELEASE_AFTER_BYTES) return;
    releaseMappedPages(this.file);
    this.base = fileResident();
  }
}

const PAGE = 4096;

/** Resident file-backed and shared pages of this process, in bytes (the third field of /proc/self/statm). */
function fileResident(): number {
  try {
    const statm = readFileSync('/proc/self/statm', 'latin1');
    const a = statm.indexOf(' ');
    const b = statm.indexOf(' ', a + 1);
    const c = statm.indexOf(' ', b + 1);
    return Number(statm.slice(b + 1, c)) * PAGE;
  } catch {
    return 0;
  }
}
