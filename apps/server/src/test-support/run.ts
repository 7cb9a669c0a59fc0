/** Runs a client program without blocking the event loop (the server under test lives in this process). */
import { execFile } from 'node:child_process';

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

export function run(file: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { env: { ...process.env, PGCONNECT_TIMEOUT: '0', ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ stdout: String(stdout), stderr: String(stderr), code });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

export function psql(port: number, args: string[], env: Record<string, string> = {}, input?: string): Promise<RunResult> {
  return run('psql', ['-X', '-h', '127.0.0.1', '-p', String(port), ...args], { PGSSLMODE: 'disable', ...env }, input);
}
