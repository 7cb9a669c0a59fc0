/**
 * A one-line progress bar on stderr, redrawn at most 10 times a second, only when stderr is a
 * terminal: piped or redirected output gets nothing.
 */
export class ProgressBar {
  private last = 0;
  private drawn = false;
  private readonly enabled: boolean;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = stream.isTTY === true;
  }

  /** `fraction` in 0..1, or null when the total is unknown; `label` is only built when drawn. */
  update(fraction: number | null, label: string | (() => string)): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    const width = 30;
    const bar =
      fraction === null ? '' : `[${'#'.repeat(Math.round(Math.min(1, fraction) * width)).padEnd(width, '-')}] ${Math.floor(Math.min(1, fraction) * 100)}% `;
    const cols = this.stream.columns || 100; // a pty without a size reports 0 columns
    this.stream.write(`\r\x1b[2K${(bar + (typeof label === 'string' ? label : label())).slice(0, cols - 1)}`);
    this.drawn = true;
  }

  /** Clears the line so reports and errors start clean. */
  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
