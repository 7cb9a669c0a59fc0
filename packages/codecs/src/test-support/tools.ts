import { spawn } from 'node:child_process';

/** The Debian/Ubuntu package that provides each command-line tool. */
const PACKAGE: Record<string, string> = { zstd: 'zstd', gzip: 'gzip', brotli: 'brotli', lz4: 'lz4', python3: 'python3' };

/**
 * Runs a command-line tool with `input` on stdin and resolves with its stdout. A missing tool is a
 * failure that says how to install it, never a skip.
 */
export function runTool(command: string, args: readonly string[], input: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        const pkg = PACKAGE[command] ?? command;
        reject(new Error(`${command} is not installed; install it with: apt-get install -y ${pkg}`));
      } else reject(error);
    });
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString().trim()}`));
    });
    // A tool that rejects its input may close stdin early; the exit code reports that, not EPIPE.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}
