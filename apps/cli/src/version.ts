import { readFileSync } from 'node:fs';

/** The CLI package's version (dist/version.js sits one level below package.json). */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
