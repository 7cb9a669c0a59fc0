/**
 * psql's output formats, byte for byte: aligned (the default), unaligned (-A), tuples only (-t),
 * field separator (-F), and --csv. NULL prints as the empty string (psql's default \pset null '').
 */
import type { QueryResult } from '../engine/query-result.js';
import { textRenderer } from './text-value.js';

export interface PsqlOptions {
  readonly format?: 'aligned' | 'unaligned' | 'csv';
  readonly tuplesOnly?: boolean;
  /** Field separator for unaligned output (psql's default '|'). */
  readonly fieldSeparator?: string;
  readonly timeZone?: string;
}

/** Display width in terminal columns (wide East Asian characters count two). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x300 && c <= 0x36f)) continue;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

const RIGHT_ALIGNED = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric']);

export function formatResult(result: QueryResult, options: PsqlOptions = {}): string {
  const renderers = result.fields.map((f) => textRenderer(f.type, options.timeZone));
  const cells = result.rows.map((r) => r.map((v, i) => renderers[i]!(v) ?? ''));
  switch (options.format ?? 'aligned') {
    case 'csv':
      return formatCsv(result, cells, options);
    case 'unaligned':
      return formatUnaligned(result, cells, options);
    default:
      return formatAligned(result, cells, options);
  }
}

function footer(n: number): string {
  return `(${n} ${n === 1 ? 'row' : 'rows'})`;
}

/** What the aligned format shows for one line (pg_wcsformat): tabs to the next 8-column stop, other control characters as \xNN. */
function visible(line: string): string {
  let out = '';
  let col = 0;
  for (const ch of line) {
    const c = ch.codePointAt(0)!;
    if (ch === '\t') {
      const n = 8 - (col % 8);
      out += ' '.repeat(n);
      col += n;
    } else if (c < 0x20 || c === 0x7f) {
      out += `\\x${c.toString(16).padStart(2, '0')}`;
      col += 4;
    } else {
      out += ch;
      col += displayWidth(ch);
    }
  }
  return out;
}

function formatAligned(result: QueryResult, raw: string[][], options: PsqlOptions): string {
  const cells = raw.map((r) => r.map((c) => c.split('\n').map(visible).join('\n')));
  const names = result.fields.map((f) => visible(f.name));
  const n = names.length;
  const right = result.fields.map((f) => !f.type.array && RIGHT_ALIGNED.has(f.type.name));
  // psql sizes columns by their headings even when it does not print them (-t).
  const widths = names.map((name, i) => Math.max(displayWidth(name), ...cells.map((r) => maxLineWidth(r[i]!))));
  const lines: string[] = [];
  if (!options.tuplesOnly) {
    lines.push(names.map((name, i) => ` ${centre(name, widths[i]!)} `).join('|'));
    lines.push(widths.map((w) => '-'.repeat(w + 2)).join('+'));
  }
  for (const row of cells) {
    const split = row.map((c) => c.split('\n'));
    const height = Math.max(1, ...split.map((s) => s.length));
    for (let h = 0; h < height; h++) {
      let line = '';
      for (let i = 0; i < n; i++) {
        const last = i === n - 1;
        const part = split[i]![h];
        // The continuation mark: this column has another line after this one.
        const more = part !== undefined && h < split[i]!.length - 1;
        line += ' ';
        if (part === undefined) {
          if (!last) line += ' '.repeat(widths[i]!);
        } else {
          const pad = ' '.repeat(widths[i]! - displayWidth(part));
          line += right[i] ? pad + part : part + (!last || more ? pad : '');
        }
        if (more) line += '+';
        else if (!last) line += ' ';
        if (!last) line += '|';
      }
      lines.push(line);
    }
  }
  if (!options.tuplesOnly) lines.push(footer(cells.length));
  return lines.join('\n') + '\n' + (options.tuplesOnly ? (cells.length > 0 ? '\n' : '') : '\n');
}

function maxLineWidth(s: string): number {
  return Math.max(...s.split('\n').map(displayWidth));
}

function centre(s: string, width: number): string {
  const extra = width - displayWidth(s);
  const left = Math.floor(extra / 2);
  return ' '.repeat(left) + s + ' '.repeat(extra - left);
}

function formatUnaligned(result: QueryResult, cells: string[][], options: PsqlOptions): string {
  const sep = options.fieldSeparator ?? '|';
  const lines: string[] = [];
  if (!options.tuplesOnly) lines.push(result.fields.map((f) => f.name).join(sep));
  for (const row of cells) lines.push(row.join(sep));
  if (!options.tuplesOnly) lines.push(footer(cells.length));
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

/** psql quotes a CSV field holding the separator, a quote, CR or LF, or exactly \. (COPY's end marker). */
function csvField(s: string, sep: string): string {
  const quote = s.includes(sep) || /["\r\n]/.test(s) || s === '\\.' || sep === '\\' || sep === '.';
  return quote ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatCsv(result: QueryResult, cells: string[][], options: PsqlOptions): string {
  const sep = options.fieldSeparator ?? ',';
  const lines: string[] = [];
  if (!options.tuplesOnly) lines.push(result.fields.map((f) => csvField(f.name, sep)).join(sep));
  for (const row of cells) lines.push(row.map((c) => csvField(c, sep)).join(sep));
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
