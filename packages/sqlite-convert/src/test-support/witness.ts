/**
 * The independent witness: the sqlite3 command-line tool reads the source, and every stored value read back from
 * the data directory must equal what it prints. Nothing here uses the converter's own value code.
 */
import { execFileSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { Storage } from '@heliosdb/storage';
import { type PgType, type Value, PgDate, PgTimestamp, PgTimestampTz } from '@heliosdb/types';

const FS = '\x1f';
const RS = '\x1e';

function q(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function sqliteCli(file: string, sql: string): string {
  return execFileSync('sqlite3', ['-readonly', '-batch', '-noheader', '-separator', FS, '-newline', RS, file, sql], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
}

export function cliTables(file: string): string[] {
  return sqliteCli(file, "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .split(RS)
    .filter(Boolean);
}

export function cliColumns(file: string, table: string): string[] {
  return sqliteCli(file, `SELECT name FROM pragma_table_info('${table.replace(/'/g, "''")}') ORDER BY cid`).split(RS).filter(Boolean);
}

/** Per row, per column: [typeof, rendering], with text and blobs as hex, reals with 17 significant digits, and date/times as 'unixseconds.mmm'. */
export function cliRows(file: string, table: string, columns: readonly string[]): [string, string][][] {
  const exprs = columns.flatMap((c) => [
    `typeof(${q(c)})`,
    `CASE typeof(${q(c)}) WHEN 'real' THEN printf('%!.17g', ${q(c)}) WHEN 'integer' THEN ${q(c)} WHEN 'null' THEN '' ELSE hex(${q(c)}) END`,
    `coalesce(strftime('%s', ${q(c)}) || '.' || substr(strftime('%f', ${q(c)}), 4), '')`,
  ]);
  const out = sqliteCli(file, `SELECT ${exprs.join(', ')} FROM ${q(table)}`);
  return out
    .split(RS)
    .filter((r) => r.length > 0)
    .map((r) => {
      const f = r.split(FS);
      return columns.map((_, i) => {
        const t = f[i * 3]!;
        return [t, t === 'null' ? '' : f[i * 3 + 1]!, f[i * 3 + 2]!] as unknown as [string, string];
      });
    });
}

const utf8Hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex').toUpperCase();

/** Does the stored value say what the sqlite3 CLI says? Returns a reason when not. */
export function sameAsCli(type: PgType, stored: Value, cli: readonly string[]): string | null {
  const [cls, text, temporal] = cli as [string, string, string];
  const bad = (): string => `stored ${describe(stored)} (${type.name}) vs sqlite3 ${cls} ${text}`;
  if (cls === 'null') return stored === null ? null : bad();
  if (stored === null) return bad();
  switch (type.name) {
    case 'int2':
    case 'int4':
    case 'int8':
      return cls === 'integer' && String(stored) === text ? null : bad();
    case 'float8':
      return (cls === 'real' || cls === 'integer') && Object.is(Number(text), stored) ? null : bad();
    case 'numeric':
      if (cls === 'real') return Number(stored) === Number(text) && Number(String(Number(text))) === Number(stored) ? null : bad();
      if (cls === 'integer') return BigInt((stored as string).replace(/\.0*$/, '')) === BigInt(text) ? null : bad();
      return Number(Buffer.from(text, 'hex').toString('utf8')) === Number(stored) ? null : bad();
    case 'bool':
      return cls === 'integer' && text === (stored ? '1' : '0') ? null : bad();
    case 'bytea':
      return cls === 'blob' && Buffer.from(stored as Uint8Array).toString('hex').toUpperCase() === text ? null : bad();
    case 'text':
    case 'varchar': {
      const s = stored as string;
      if (cls === 'text') return utf8Hex(s) === text ? null : bad();
      if (cls === 'integer') return s === text ? null : bad();
      if (cls === 'real') return Number(s) === Number(text) ? null : bad();
      return s === `\\x${text.toLowerCase()}` ? null : bad();
    }
    case 'jsonb':
      return cls === 'text' && isDeepStrictEqual(JSON.parse(stored as string), JSON.parse(Buffer.from(text, 'hex').toString('utf8'))) ? null : bad();
    case 'date':
      return String((stored as PgDate).days * 86400) + '.000' === temporal ? null : bad();
    case 'timestamp':
    case 'timestamptz': {
      const micros = (stored as PgTimestamp | PgTimestampTz).micros;
      const secs = micros / 1_000_000n - (micros < 0n && micros % 1_000_000n !== 0n ? 1n : 0n);
      const ms = Number((micros - secs * 1_000_000n) / 1000n);
      return `${secs}.${String(ms).padStart(3, '0')}` === temporal ? null : bad();
    }
    default:
      return `no witness rule for ${type.name}`;
  }
}

function describe(v: Value): string {
  if (v instanceof Uint8Array) return `bytes(${v.length})`;
  if (typeof v === 'bigint') return `${v}n`;
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
}

const loose = (s: string): string => (s.trim() !== '' && Number.isFinite(Number(s)) ? String(Number(s)) : s);

/** A coarse form both sides can produce, used only to bucket candidate rows; equality is then decided by sameAsCli. */
function looseCli(type: PgType, cli: readonly string[]): string {
  const [cls, text, temporal] = cli as [string, string, string];
  if (cls === 'null') return '\u2205';
  if (type.name === 'jsonb') return 'j';
  if (type.name === 'date' || type.name === 'timestamp' || type.name === 'timestamptz') return temporal;
  if (cls === 'integer' || cls === 'real') return loose(text);
  if (cls === 'blob') return `\\x${text.toLowerCase()}`;
  return loose(Buffer.from(text, 'hex').toString('utf8'));
}

function looseStored(type: PgType, v: Value): string {
  if (v === null) return '\u2205';
  switch (type.name) {
    case 'jsonb':
      return 'j';
    case 'date':
      return `${(v as PgDate).days * 86400}.000`;
    case 'timestamp':
    case 'timestamptz': {
      const micros = (v as PgTimestamp).micros;
      const secs = micros / 1_000_000n - (micros < 0n && micros % 1_000_000n !== 0n ? 1n : 0n);
      return `${secs}.${String(Number((micros - secs * 1_000_000n) / 1000n)).padStart(3, '0')}`;
    }
    case 'bytea':
      return `\\x${Buffer.from(v as Uint8Array).toString('hex')}`;
    case 'bool':
      return v ? '1' : '0';
    default:
      return loose(String(v));
  }
}

/**
 * Compares every table of `file` with the data directory: same columns, same row count, and each stored row
 * matched to its own sqlite3 row with every value agreeing (rows as multisets). Returns the problems found.
 */
export function compareWithCli(file: string, dataDir: string, tables = cliTables(file)): { problems: string[]; rows: number; values: number } {
  const problems: string[] = [];
  let rows = 0;
  let values = 0;
  const storage = Storage.open({ dir: dataDir, readOnly: true });
  const snap = storage.snapshot();
  try {
    for (const t of tables) {
      const def = snap.table(t);
      const cols = def.columns.map((c) => c.name);
      const types = def.columns.map((c) => c.type);
      const expectedCols = cliColumns(file, t);
      if (!isDeepStrictEqual(cols, expectedCols)) {
        problems.push(`${t}: columns ${cols.join(',')} vs ${expectedCols.join(',')}`);
        continue;
      }
      const cli = cliRows(file, t, cols);
      const buckets = new Map<string, (readonly string[])[][]>();
      for (const r of cli) {
        const k = r.map((c, i) => looseCli(types[i]!, c)).join('\u0002');
        const b = buckets.get(k);
        if (b) b.push(r);
        else buckets.set(k, [r]);
      }
      let stored = 0;
      for (const row of snap.scan(def)) {
        stored++;
        const v = row.values;
        const k = types.map((ty, i) => looseStored(ty, v[i] ?? null)).join('\u0002');
        const bucket = buckets.get(k) ?? [];
        const at = bucket.findIndex((r) => types.every((ty, i) => sameAsCli(ty, v[i] ?? null, r[i]!) === null));
        if (at < 0) {
          const why = bucket[0] ? types.map((ty, i) => sameAsCli(ty, v[i] ?? null, bucket[0]![i]!)).find((x) => x) : 'no sqlite3 row with these values';
          problems.push(`${t}: stored row ${describe(v as unknown as Value)}: ${why}`);
          if (problems.length > 20) return { problems, rows, values };
          continue;
        }
        bucket.splice(at, 1);
        rows++;
        values += cols.length;
      }
      if (stored !== cli.length) problems.push(`${t}: ${stored} rows stored, sqlite3 has ${cli.length}`);
    }
  } finally {
    snap.close();
    storage.close();
  }
  return { problems, rows, values };
}
