import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real binary, as a user runs it. */
export const BIN = fileURLToPath(new URL('../../../../bin/heliosdb-nano', import.meta.url));

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs heliosdb-nano with pipes for stdout and stderr (so it is not on a terminal). */
export function cli(args: readonly string[], opts: { killAfterMs?: number; stdoutFile?: number; stdin?: string | Uint8Array } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', opts.stdoutFile ?? 'pipe', 'pipe'] });
    if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // bin/heliosdb-nano execs node, so the child's pid is the node process.
    const timer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : null;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs `jobs` with at most `width` at once, keeping their order in the results. */
export async function pool<T>(width: number, jobs: readonly (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return out;
}

export function workDir(): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), 'heliosdb-cli-test-'));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
