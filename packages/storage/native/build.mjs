// Builds native/release-pages.c into dist/native/release-pages.node with the system C compiler and the
// running Node's headers. Without a compiler or headers the build says so and goes on: storage then
// works the same, except that pages a long scan maps stay resident (see README, "Memory").
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'native', 'release-pages.node');
const candidates = [join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
const include = candidates.find((d) => existsSync(join(d, 'node_api.h')));
if (!include) {
  process.stderr.write(`storage: node_api.h not found (looked in ${candidates.join(', ')}); building without release-pages\n`);
  process.exit(0);
}
mkdirSync(dirname(out), { recursive: true });
const tmp = `${out}.tmp-${process.pid}`;
try {
  execFileSync(process.env.CC ?? 'cc', ['-O2', '-shared', '-fPIC', '-Wall', '-Werror', `-I${include}`, join(here, 'release-pages.c'), '-o', tmp], { stdio: 'inherit' });
  renameSync(tmp, out);
} catch (e) {
  process.stderr.write(`storage: could not compile native/release-pages.c (${e.message}); building without it\n`);
}
