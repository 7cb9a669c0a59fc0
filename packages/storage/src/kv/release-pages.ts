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

/** Minor page faults this process may take between two releases (see PageReleaser). */
export const FAULTS_BETWEEN_RELEASES = 256;

/**
 * Keeps the pages a long read maps bounded: `tick()` once per entry read; every 4,096 entries it looks
 * at the process's minor page-fault count and, once FAULTS_BETWEEN_RELEASES faults have happened since
 * the last release, releases the file's mapped pages. Counting faults rather than bytes read matters:
 * the kernel maps up to 16 neighbouring pages per fault ("fault-around"), so a scan whose pages lie
 * apart in the file can map 15 times more than it reads. 256 faults map at most 16 MB.
 */
export class PageReleaser {
  private entries = 0;
  private faults = minorFaults();

  constructor(private readonly file: string) {}

  tick(): void {
    if ((++this.entries & 4095) !== 0) return;
    const now = minorFaults();
    if (now - this.faults < FAULTS_BETWEEN_RELEASES) return;
    releaseMappedPages(this.file);
    this.faults = minorFaults();
  }
}

function minorFaults(): number {
  return process.resourceUsage().minorPageFault;
}
