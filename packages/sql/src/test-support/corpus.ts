/**
 * The conformance corpus format (conformance/*.sql):
 *   - A statement runs until a line whose text ends with ';' (so a statement may span lines).
 *   - Lines starting with '--' between statements are comments, except these annotations, which apply to
 *     the next statement: `-- ordered` (compare rows in order), `-- unordered` (compare as a multiset).
 *     Without one, rows are compared in order exactly when the statement has a top-level ORDER BY.
 *   - A line `-- setup` starts statements that prepare the file (run on both sides, results not compared)
 *     until a line `-- tests`.
 */
import { readFileSync } from 'node:fs';

export interface CorpusStatement {
  readonly file: string;
  /** 1-based line of the statement's first line. */
  readonly line: number;
  readonly sql: string;
  readonly setup: boolean;
  readonly order?: 'ordered' | 'unordered';
}

export function parseCorpus(file: string, text: string): CorpusStatement[] {
  const out: CorpusStatement[] = [];
  let setup = false;
  let order: CorpusStatement['order'];
  let buf: string[] = [];
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    if (buf.length === 0) {
      const t = line.trim();
      if (t === '') return;
      if (t.startsWith('--')) {
        const note = t.slice(2).trim();
        if (note === 'setup') setup = true;
        else if (note === 'tests') setup = false;
        else if (note === 'ordered' || note === 'unordered') order = note;
        return;
      }
      start = i + 1;
    }
    buf.push(line);
    if (line.endsWith(';')) {
      out.push({ file, line: start, sql: buf.join('\n'), setup, ...(order ? { order } : {}) });
      buf = [];
      order = undefined;
    }
  });
  if (buf.length > 0) throw new Error(`${file}:${start}: statement without a terminating ';'`);
  return out;
}

export function readCorpus(path: string, name: string): CorpusStatement[] {
  return parseCorpus(name, readFileSync(path, 'utf8'));
}
