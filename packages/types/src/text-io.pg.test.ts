import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compare, formatTypeName, parseTypeName, textIn, textOut, type PgType, type Value } from './index.js';
import { PgTypeError } from './errors.js';
import { INPUT_CORPUS, ORDER_CORPUS } from './test-support/corpus.js';
import { randomNumericText, seededRandom } from './test-support/random.js';
import { quoteLiteral, startWitness, witnessUnavailableReason, type Witness, type WitnessResult } from './test-support/pg-witness.js';

// PostgreSQL 15 is the witness: every input is read by it and by textIn, and the output text
// (or the error's SQLSTATE, message and detail) must be the same.
const skipReason = witnessUnavailableReason();
if (skipReason !== undefined) console.warn(skipReason);

type Outcome = { text: string } | { code: string; message: string; detail?: string };

function ours(type: PgType, input: string, timeZone?: string): Outcome {
  try {
    const opts = timeZone === undefined ? undefined : { timeZone };
    return { text: textOut(type, textIn(type, input, opts), opts) };
  } catch (e) {
    if (!(e instanceof PgTypeError)) throw e;
    return { code: e.code, message: e.message, ...(e.detail !== undefined ? { detail: e.detail } : {}) };
  }
}

function theirs(r: WitnessResult): Outcome {
  if (r.ok) return { text: r.rows[0]![0]! };
  return { code: r.code, message: r.message, ...(r.detail !== undefined ? { detail: r.detail } : {}) };
}

describe.skipIf(skipReason !== undefined)('text input and output agree with PostgreSQL 15', () => {
  let pg: Witness;
  beforeAll(async () => {
    pg = await startWitness();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  test('every corpus input: same output text, or same SQLSTATE, message and detail', async () => {
    const mismatches: unknown[] = [];
    let cases = 0;
    let table = 0;
    for (const [typeName, inputs] of Object.entries(INPUT_CORPUS)) {
      const type = parseTypeName(typeName);
      // An INSERT reads the literal with the column's input function and modifiers, as COPY does
      // (a '...'::varchar(3) cast would truncate instead), and RETURNING shows the output function's text.
      const w = `w${table++}`;
      await pg.run(`CREATE TEMP TABLE ${w} (v ${formatTypeName(type)})`);
      for (const input of inputs) {
        const expected = theirs(await pg.run(`INSERT INTO ${w} VALUES (${quoteLiteral(input)}) RETURNING v`));
        const actual = ours(type, input);
        cases++;
        if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push({ type: typeName, input, expected, actual });
      }
    }
    console.log(`text I/O conformance: ${cases} inputs compared with PostgreSQL`);
    report(mismatches);
    expect(mismatches).toEqual([]);
    expect(cases).toBeGreaterThan(500);
  });

  test('timestamptz input and output in other session time zones', async () => {
    const zones = ['UTC', 'America/New_York', 'Europe/Paris', 'Europe/Dublin', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns', 'Europe/Moscow'];
    const inputs = [
      '1850-01-01 00:00', '1900-01-01 00:00', '1916-05-21 12:00', '1945-08-15 12:00', '1969-12-31 23:59:59.999999', '1970-06-01 00:00', '2000-01-01 00:00',
      '2024-03-10 02:30', '2024-03-31 02:30', '2024-10-27 02:30', '2024-11-03 01:30', '2038-06-01 12:00:00.000001', '2100-07-01 12:00', '2024-06-01 12:00+00', 'epoch', 'infinity',
    ];
    const mismatches: unknown[] = [];
    for (const zone of zones) {
      await pg.run(`SET TimeZone = ${quoteLiteral(zone)}`);
      for (const input of inputs) {
        const expected = theirs(await pg.run(`SELECT ${quoteLiteral(input)}::timestamptz`));
        const actual = ours(parseTypeName('timestamptz'), input, zone);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push({ zone, input, expected, actual });
      }
    }
    await pg.run(`SET TimeZone = 'UTC'`);
    report(mismatches);
    expect(mismatches).toEqual([]);
  });

  test('compare() sorts shuffled values exactly as ORDER BY does', async () => {
    const mismatches: unknown[] = [];
    for (const [typeName, inputs] of Object.entries(ORDER_CORPUS)) {
      const type = parseTypeName(typeName);
      const sqlType = formatTypeName(type);
      const shuffled = shuffle([...inputs], 7);
      const values = shuffled.map((s) => `(${quoteLiteral(s)}::${sqlType})`).join(', ');
      // Ties (1.0 vs 1.00, 'a' vs 'a  ' in char(n)) are broken by the text, on both sides.
      const r = await pg.run(`SELECT t.v FROM (VALUES ${values}) t(v) ORDER BY t.v, t.v::text COLLATE "C"`);
      if (!r.ok) throw new Error(`${typeName}: ${r.message}`);
      const expected = r.rows.map((row) => row[0]);
      const parsed: Value[] = shuffled.map((s) => textIn(type, s));
      parsed.sort((a, b) => compare(type, a, b) || byCodePoint(textOut(type, a), textOut(type, b)));
      const actual = parsed.map((v) => textOut(type, v));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push({ type: typeName, expected, actual });
    }
    report(mismatches);
    expect(mismatches).toEqual([]);
  });
});

function byCodePoint(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}

/** A deterministic Fisher-Yates shuffle (seeded LCG), so failures reproduce. */
export function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed;
  for (let i = items.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function report(mismatches: unknown[]): void {
  for (const m of mismatches) console.log('MISMATCH', JSON.stringify(m));
}

/** Generated inputs per type: many values, each valid, read and printed by both sides in one batch. */
function generatedCorpus(): Record<string, string[]> {
  const rand = seededRandom(99);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const pad = (n: number, w: number): string => String(n).padStart(w, '0');
  const frac = (): string => (rand() < 0.3 ? '' : '.' + String(int(0, 999999)).padStart(6, '0').slice(0, int(1, 6)));
  const out: Record<string, string[]> = { 'double precision': [], real: [], date: [], 'timestamp without time zone': [], interval: [], numeric: [] };
  for (let i = 0; i < 150; i++) {
    const mantissa = (n: number): string => {
      const d = Array.from({ length: n }, (_, k) => int(k === 0 ? 1 : 0, 9)).join('');
      return d.length === 1 ? d : `${d[0]}.${d.slice(1)}`;
    };
    for (let k = 0; k < 8; k++) {
      // Wide exponents, and short mantissas near 1e15..1e25 where Ryu's bounds matter most.
      const e = k % 2 === 0 ? int(-320, 307) : int(-8, 25);
      out['double precision']!.push(`${rand() < 0.5 ? '-' : ''}${mantissa(k % 2 === 0 ? int(1, 18) : int(1, 4))}e${e}`);
      out.real!.push(`${rand() < 0.5 ? '-' : ''}${mantissa(int(1, 10))}e${k % 2 === 0 ? int(-44, 37) : int(-6, 12)}`);
    }
    const y = rand() < 0.1 ? int(1, 4713) : int(1, 9999);
    const bc = y <= 4713 && rand() < 0.1 ? ' BC' : '';
    const date = `${pad(y, 4)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`;
    out.date!.push(date + bc);
    out['timestamp without time zone']!.push(`${date} ${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}${frac()}${bc}`);
    const sign = (): string => (rand() < 0.3 ? '-' : '');
    out.interval!.push(
      `${sign()}${int(0, 300)} years ${sign()}${int(0, 40)} mons ${sign()}${int(0, 1000)} days ${sign()}${int(0, 200)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}${frac()}`,
    );
    out.numeric!.push(randomNumericText(rand, 40, 30));
  }
  return out;
}

describe.skipIf(skipReason !== undefined)('generated values agree with PostgreSQL 15', () => {
  let pg: Witness;
  beforeAll(async () => {
    pg = await startWitness();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  test('floats, dates, timestamps, intervals and numerics: same output text', async () => {
    const mismatches: unknown[] = [];
    let compared = 0;
    for (const [typeName, inputs] of Object.entries(generatedCorpus())) {
      const type = parseTypeName(typeName);
      const values = inputs.map((s, i) => `(${i}, ${quoteLiteral(s)}::${formatTypeName(type)})`).join(', ');
      const r = await pg.run(`SELECT v FROM (VALUES ${values}) t(i, v) ORDER BY i`);
      if (!r.ok) throw new Error(`${typeName}: ${r.message}`);
      inputs.forEach((input, i) => {
        const actual = ours(type, input);
        compared++;
        if (JSON.stringify(actual) !== JSON.stringify({ text: r.rows[i]![0] })) mismatches.push({ type: typeName, input, expected: r.rows[i]![0], actual });
      });
      // The same values sorted: ORDER BY against compare().
      const sorted = await pg.run(`SELECT v FROM (VALUES ${values}) t(i, v) ORDER BY v, i`);
      if (!sorted.ok) throw new Error(`${typeName}: ${sorted.message}`);
      const order = inputs.map((input, i) => ({ i, v: textIn(type, input) }));
      order.sort((a, b) => compare(type, a.v, b.v) || a.i - b.i);
      const ourOrder = order.map((o) => textOut(type, o.v));
      const pgOrder = sorted.rows.map((row) => row[0]);
      if (JSON.stringify(ourOrder) !== JSON.stringify(pgOrder)) mismatches.push({ type: typeName, sortedDiffersAt: ourOrder.findIndex((t, k) => t !== pgOrder[k]) });
    }
    report(mismatches);
    console.log(`generated values: ${compared} compared with PostgreSQL`);
    expect(mismatches).toEqual([]);
  });
});
