import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/heliosdb-nano', import.meta.url));
const run = (...args: string[]) => spawnSync(bin, args, { encoding: 'utf8' });

describe('heliosdb-nano', () => {
  it('prints its package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const r = run('--version');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('prints help naming the binary', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('heliosdb-nano <command> [options]');
  });

  it('rejects an unknown command or flag with exit code 2 and a hint', () => {
    const r = run('no-such-command');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^heliosdb-nano: .*Unknown/m);
    expect(r.stderr).toContain('hint: see heliosdb-nano --help');
    const f = run('--no-such-flag');
    expect(f.status).toBe(2);
  });
});
