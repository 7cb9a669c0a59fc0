import { TypeSniffer } from '../sniff/infer-type.js';
import type { PgType } from '@heliosdb/types';
import { CsvTokenizer, type CsvRecord } from './csv-tokenizer.js';

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter that splits the sample's first lines into the same number (>1) of fields, most fields winning. */
export function sniffDelimiter(sample: string, quote: string, escape: string): string {
  let best = ',';
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const t = new CsvTokenizer({ delimiter, quote, escape });
    const recs: CsvRecord[] = [];
    try {
      t.feed(sample, 0, recs);
    } catch {
      continue;
    }
    const lines = recs.slice(0, 50);
    if (lines.length === 0) continue;
    const n = lines[0]!.fields.length;
    const consistent = lines.filter((r) => r.fields.length === n).length;
    const score = n > 1 ? (consistent / lines.length) * 1000 + n : 0;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** Column types from sampled records (NULL fields skipped), and whether the first record looks like a header. */
export function sniffColumns(
  records: readonly CsvRecord[],
  nullText: string,
  header: boolean | undefined,
): { types: PgType[]; header: boolean } {
  const width = records[0]?.fields.length ?? 0;
  const typesFrom = (rs: readonly CsvRecord[]) => {
    const sniffers = Array.from({ length: width }, () => new TypeSniffer());
    for (const r of rs)
      r.fields.forEach((f, i) => {
        if (i < width && (r.quoted[i] || f !== nullText)) sniffers[i]!.add(f);
      });
    return sniffers;
  };
  if (header !== undefined) return { types: typesFrom(header ? records.slice(1) : records).map((s) => s.result()), header };
  const body = typesFrom(records.slice(1));
  const first = records[0];
  // A header: the first record has a name in every column and some column's name does not fit the column's type;
  // when every column is text, distinct non-empty names are taken as a header (as DuckDB does).
  let isHeader = first !== undefined && first.fields.every((f) => f.trim() !== '') && records.length > 1;
  if (isHeader && first) {
    const typed = body.map((s) => s.result());
    const anyTyped = typed.some((t) => t.name !== 'text');
    if (anyTyped) {
      isHeader = typed.some((t, i) => {
        if (t.name === 'text') return false;
        const s = new TypeSniffer();
        s.add(first.fields[i]!);
        return s.result().name === 'text';
      });
    } else {
      isHeader = new Set(first.fields).size === first.fields.length;
    }
  }
  const types = (isHeader ? body : typesFrom(records)).map((s) => s.result());
  return { types, header: isHeader };
}
