/** The real `heliosdb-nano start` as a child process: its port (from its stderr), its exit, and signals to it. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const bin = fileURLToPath(new URL('../../../../bin/heliosdb-nano', import.meta.url));
/** The CLI must be built (`turbo run build`) for these tests; they are skipped otherwise. */
export const cliBuilt = existsSync(fileURLToPath(new URL('../../../cli/dist/commands/start.js', import.meta.url)));

export interface CliServer {
  /** The PostgreSQL port it listens on, or -1 when it exited first. */
  readonly port: Promise<number>;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

export function startCli(args: string[], cwd?: string): CliServer {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(cwd && { cwd }) });
  let stderr = '';
  let onPort: (p: number) => void = () => undefined;
  const port = new Promise<number>((resolve) => (onPort = resolve));
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(stderr);
    if (m) onPort(Number(m[1]));
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      onPort(-1);
      resolve({ code, signal, stderr });
    }),
  );
  return { port, exit, kill: (s) => child.kill(s) };
}
