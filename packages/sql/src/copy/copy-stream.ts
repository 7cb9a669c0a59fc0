/**
 * COPY ... FROM STDIN and COPY ... TO STDOUT over a wire (the server's COPY sub-protocol). The caller
 * supplies a CopyWire: `receive(columns)` answers CopyInResponse and yields the CopyData payloads until
 * CopyDone; `sendStart(columns)` answers CopyOutResponse and `send(chunk)` carries CopyData.
 *
 * PostgreSQL's text format (the default: tab-separated, `\N` for NULL, backslash escapes, an optional `\.`
 * end line) is read and written here, as io-formats has no such format. CSV and the other formats go
 * through `copy()` and io-formats with the wire bound to a stream, so COPY CSV behaves exactly as it does
 * for files. COPY FROM is all or nothing: it runs under a savepoint, and the first bad row fails it with
 * its line: `COPY t, line 5, column n: invalid input syntax for type integer: "abc"`.
 */
import { Readable, Writable } from 'node:stream';
import type { PgType, Value } from '@heliosdb/types';
import { T } from '@heliosdb/types';
import type { TableDef } from '@heliosdb/storage';
import { StorageError } from '@heliosdb/storage';
import { isUnknown } from '../analyzer/sql-type.js';
import { notSupported } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { type Node, type NodeBody, nodeAs, stringOf } from '../parser/ast.js';
import { storageRow, tableExpressions } from '../database/table-expressions.js';
import { visibleSlots } from '../database/table-relation.js';
import { textIn, textOut } from '../values/types-api.js';
import type { CopyContext, CopyIo, CopyResult } from './copy.js';

export interface CopyWire {
  /** COPY FROM STDIN, once the statement checks out: CopyInResponse, then the CopyData payloads until CopyDone. */
  receive(columns: number): AsyncIterable<Uint8Array>;
  /** COPY TO STDOUT, once the statement checks out: CopyOutResponse. */
  sendStart(columns: number): void | Promise<void>;
  /** One CopyData message. CopyDone follows when the COPY returns. */
  send(chunk: Uint8Array): void | Promise<void>;
}

const BAD_COPY_FILE_FORMAT = '22P04';
/** PostgreSQL's text format is not one of io-formats' formats; CopyResult reports it by this name. */
const TEXT_FORMAT = 'text' as CopyResult['format'];
const SAVEPOINT = '\u0000heliosdb_copy_stream';
/** COPY TO STDOUT sends a CopyData once this many bytes are ready. */
const SEND_AT = 64 * 1024;

interface TextOptions {
  delimiter: string;
  null: string;
  header: boolean;
}

/** The format named in WITH (FORMAT ...), or text. */
function formatName(options: readonly Node[] | undefined): string {
  for (const n of options ?? []) {
    const d = nodeAs(n, 'DefElem')!;
    if ((d.defname ?? '').toLowerCase() === 'format' && d.arg) return (nodeAs(d.arg, 'String')?.sval ?? '').toLowerCase();
  }
  return 'text';
}

function textOptions(list: readonly Node[] | undefined, isFrom: boolean): TextOptions {
  const o: TextOptions = { delimiter: '\t', null: '\\N', header: false };
  const seen = new Set<string>();
  for (const n of list ?? []) {
    const d = nodeAs(n, 'DefElem')!;
    const name = (d.defname ?? '').toLowerCase();
    if (seen.has(name)) throw new SqlError(SqlState.syntaxError, 'conflicting or redundant options');
    seen.add(name);
    const text = (): string => {
      const a = d.arg;
      const s = a && (nodeAs(a, 'String')?.sval ?? (nodeAs(a, 'Integer') ? String(nodeAs(a, 'Integer')!.ival ?? 0) : undefined));
      if (s === undefined) throw new SqlError(SqlState.syntaxError, `${d.defname} requires a parameter`);
      return s;
    };
    const bool = (): boolean => {
      if (!d.arg) return true;
      const b = nodeAs(d.arg, 'Boolean');
      if (b) return b.boolval ?? false;
      const t = text().toLowerCase();
      if (['true', 'on', '1', 'yes'].includes(t)) return true;
      if (['false', 'off', '0', 'no'].includes(t)) return false;
      throw new SqlError(SqlState.syntaxError, `${d.defname} requires a Boolean value`);
    };
    switch (name) {
      case 'format':
        break;
      case 'delimiter':
        o.delimiter = text();
        if (o.delimiter.length !== 1) throw new SqlError(SqlState.featureNotSupported, 'COPY delimiter must be a single one-byte character');
        if (/[\\\r\n.a-z0-9]/i.test(o.delimiter)) throw new SqlError(SqlState.featureNotSupported, `COPY delimiter cannot be "${o.delimiter === '\n' ? '\\n' : o.delimiter}"`);
        break;
      case 'null':
        o.null = text();
        if (/[\r\n]/.test(o.null)) throw new SqlError(SqlState.featureNotSupported, 'COPY null representation cannot use newline or carriage return');
        break;
      case 'header':
        o.header = bool();
        break;
      case 'freeze':
        // PostgreSQL skips visibility work; rows here are visible at commit either way.
        bool();
        break;
      case 'encoding':
        if (!/^utf-?8$/i.test(text())) throw new SqlError(SqlState.featureNotSupported, `COPY ENCODING "${text()}": only UTF8 is supported`);
        break;
      case 'quote':
      case 'escape':
      case 'force_quote':
      case 'force_not_null':
      case 'force_null':
        throw new SqlError(SqlState.featureNotSupported, `COPY ${name} available only in CSV mode`);
      default:
        throw new SqlError(SqlState.syntaxError, `option "${d.defname}" not recognized`);
    }
  }
  if (o.null.includes(o.delimiter)) throw new SqlError(SqlState.featureNotSupported, 'COPY delimiter must not appear in the NULL specification');
  void isFrom;
  return o;
}

interface Column {
  readonly slot: number;
  readonly name: string;
  readonly type: PgType;
}

function relationLabel(rel: NodeBody<'RangeVar'>): string {
  return rel.schemaname ? `${rel.schemaname}.${rel.relname}` : rel.relname!;
}

/** The table COPY names and the columns it lists (all visible ones without a list). */
function targetTable(stmt: NodeBody<'CopyStmt'>, c: CopyContext): { table: TableDef; columns: Column[] } {
  const rel = stmt.relation!;
  const schema = rel.schemaname ?? 'public';
  const table = c.tx.catalog.findTable(rel.relname!, schema);
  if (!table) {
    if (c.tx.catalog.view(rel.relname!, schema)) {
      throw new SqlError(SqlState.wrongObjectType, `cannot copy ${stmt.is_from ? 'to' : 'from'} view "${rel.relname}"`, stmt.is_from ? {} : { hint: 'Try the COPY (SELECT ...) TO variant.' });
    }
    throw new SqlError(SqlState.undefinedTable, `relation "${relationLabel(rel)}" does not exist`);
  }
  const all = visibleSlots(table).map((slot) => ({ slot, name: table.columns[slot]!.name, type: table.columns[slot]!.type }));
  if (!stmt.attlist?.length) return { table, columns: all };
  const names = stmt.attlist.map(stringOf);
  const columns = names.map((n) => {
    const col = all.find((x) => x.name === n);
    if (!col) throw new SqlError(SqlState.undefinedColumn, `column "${n}" of relation "${table.name}" does not exist`);
    return col;
  });
  if (new Set(names).size !== names.length) throw new SqlError('42701', `column "${names.find((n, i) => names.indexOf(n) !== i)}" specified more than once`);
  return { table, columns };
}

/** `SELECT columns FROM rel`: what COPY rel (columns) TO reads (here and in copy.ts). */
export function selectOf(rel: NodeBody<'RangeVar'>, columns: readonly string[]): Node {
  return {
    SelectStmt: {
      targetList: columns.map((name) => ({ ResTarget: { val: { ColumnRef: { fields: [{ String: { sval: name } }] } } } })),
      fromClause: [{ RangeVar: { ...(rel.schemaname ? { schemaname: rel.schemaname } : {}), relname: rel.relname!, inh: true, relpersistence: 'p' } }],
      limitOption: 'LIMIT_OPTION_DEFAULT',
      op: 'SETOP_NONE',
    },
  } as Node;
}

/**
 * Runs a COPY whose STDIN/STDOUT is the wire. `viaFormats` is copy() itself, for the formats io-formats
 * reads and writes (CSV and the others), given the wire as a stream.
 */
export async function copyStream(stmt: NodeBody<'CopyStmt'>, c: CopyContext, wire: CopyWire, viaFormats: (io: CopyIo) => Promise<CopyResult>): Promise<CopyResult> {
  if (stmt.is_program) throw notSupported('COPY TO/FROM PROGRAM');
  const format = formatName(stmt.options);
  if (format === 'binary') throw new SqlError(SqlState.featureNotSupported, 'COPY BINARY is not supported', { hint: 'Use FORMAT text or FORMAT csv.' });
  if (stmt.is_from && stmt.whereClause) throw notSupported('COPY FROM ... WHERE');
  if (format === 'text') return stmt.is_from ? copyTextFrom(stmt, c, wire) : copyTextTo(stmt, c, wire);

  // CSV (and io-formats' other formats): the number of columns for Copy*Response comes from the target.
  if (stmt.is_from) {
    if (!stmt.relation) throw new SqlError(SqlState.syntaxError, 'COPY FROM needs a table');
    const { columns } = targetTable(stmt, c);
    const stdin = Readable.from(wire.receive(columns.length));
    return viaFormats({ stdin, createMissing: false });
  }
  const count = stmt.relation ? targetTable(stmt, c).columns.length : c.planQuery(stmt.query!).columns.length;
  await wire.sendStart(count);
  const stdout = new Writable({
    write(chunk: Buffer, _enc, done) {
      Promise.resolve(wire.send(chunk)).then(() => done(), done);
    },
  });
  return viaFormats({ stdout });
}

// ---- text format: COPY FROM STDIN ----

async function copyTextFrom(stmt: NodeBody<'CopyStmt'>, c: CopyContext, wire: CopyWire): Promise<CopyResult> {
  if (!stmt.relation) throw new SqlError(SqlState.syntaxError, 'COPY FROM needs a table');
  const o = textOptions(stmt.options, true);
  const { table, columns } = targetTable(stmt, c);
  const tx = c.tx;
  const te = tableExpressions(tx, table);
  const positions = columns.map((col) => te.slots.indexOf(col.slot));
  const given = new Set(positions);
  const where = (line: number, column?: string, value?: string): string =>
    `COPY ${table.name}, line ${line}${column !== undefined ? `, column ${column}` : ''}${value !== undefined ? `: "${value}"` : ''}`;

  let line = 0;
  let loaded = 0;
  const insertLine = (text: string): void => {
    line++;
    if (o.header && line === 1) return;
    const fields = splitFields(text, o.delimiter);
    if (fields.length < columns.length) {
      throw new SqlError(BAD_COPY_FILE_FORMAT, `${where(line)}: missing data for column "${columns[fields.length]!.name}"`);
    }
    if (fields.length > columns.length) throw new SqlError(BAD_COPY_FILE_FORMAT, `${where(line)}: extra data after last expected column`);
    const out: Value[] = te.slots.map(() => null);
    for (let i = 0; i < columns.length; i++) {
      const raw = fields[i]!;
      if (raw === o.null) continue;
      const col = columns[i]!;
      let s: string;
      try {
        s = unescapeText(raw);
      } catch (e) {
        throw new SqlError(BAD_COPY_FILE_FORMAT, `${where(line, col.name)}: ${(e as Error).message}`);
      }
      try {
        out[positions[i]!] = textIn(col.type, s);
      } catch (e) {
        throw located(e, where(line, col.name));
      }
    }
    try {
      for (let p = 0; p < te.slots.length; p++) if (!given.has(p)) out[p] = te.defaults[p]!(c.evalContext);
      te.check(out, c.evalContext);
      tx.insert(table, storageRow(table, te.slots, out));
    } catch (e) {
      throw located(e, where(line));
    }
    loaded++;
  };

  tx.savepoint(SAVEPOINT);
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let pending = '';
    let ended = false;
    for await (const chunk of wire.receive(columns.length)) {
      if (ended) continue; // data after the \. end marker is ignored, as PostgreSQL does
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new SqlError('22021', `${where(line + 1)}: invalid byte sequence for encoding "UTF8"`);
      }
      pending += text;
      let start = 0;
      for (;;) {
        const nl = pending.indexOf('\n', start);
        if (nl < 0) break;
        const l = pending.charCodeAt(nl - 1) === 13 && nl > start ? pending.slice(start, nl - 1) : pending.slice(start, nl);
        start = nl + 1;
        if (l === '\\.') {
          ended = true;
          break;
        }
        insertLine(l);
      }
      pending = ended ? '' : pending.slice(start);
    }
    if (!ended) {
      pending += decoder.decode();
      if (pending !== '' && pending !== '\\.') insertLine(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
    }
    tx.releaseSavepoint(SAVEPOINT);
  } catch (e) {
    tx.rollbackTo(SAVEPOINT);
    tx.releaseSavepoint(SAVEPOINT);
    throw e;
  }
  return { command: 'COPY', rowCount: loaded, format: TEXT_FORMAT, bytes: 0, skipped: 0, created: false, notices: [] };
}

/** A storage or value error, keeping its SQLSTATE, with where it happened in front of its message. */
function located(e: unknown, where: string): SqlError {
  const err = e as { code?: unknown; message?: unknown; detail?: unknown; hint?: unknown };
  const code = typeof err?.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code) ? err.code : e instanceof StorageError ? e.code : SqlState.invalidTextRepresentation;
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return new SqlError(code, `${where}: ${message}`, { ...(typeof err?.detail === 'string' ? { detail: err.detail } : {}), ...(typeof err?.hint === 'string' ? { hint: err.hint } : {}) });
}

/** Splits a line at the delimiter; a backslash protects the character after it (the delimiter included). */
function splitFields(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\') i++;
    else if (ch === delimiter) {
      fields.push(line.slice(start, i));
      start = i + 1;
    }
  }
  fields.push(line.slice(start));
  return fields;
}

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** PostgreSQL's text-format escapes: \b \f \n \r \t \v, \digits (octal), \xhh; any other \c is c. */
function unescapeText(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  const bytes: number[] = [];
  const flushBytes = (): void => {
    if (bytes.length === 0) return;
    out += new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== '\\') {
      flushBytes();
      out += ch;
      continue;
    }
    const next = s[++i];
    if (next === undefined) throw new Error('backslash at the end of the line');
    if (/[0-7]/.test(next)) {
      let digits = next;
      while (digits.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) digits += s[++i];
      bytes.push(parseInt(digits, 8) & 0xff);
    } else if (next === 'x' && /[0-9a-f]/i.test(s[i + 1] ?? '')) {
      let digits = s[++i]!;
      if (/[0-9a-f]/i.test(s[i + 1] ?? '')) digits += s[++i];
      bytes.push(parseInt(digits, 16));
    } else {
      flushBytes();
      out += SIMPLE_ESCAPES[next] ?? next;
    }
  }
  flushBytes();
  return out;
}

// ---- text format: COPY TO STDOUT ----

async function copyTextTo(stmt: NodeBody<'CopyStmt'>, c: CopyContext, wire: CopyWire): Promise<CopyResult> {
  const o = textOptions(stmt.options, false);
  let plan;
  if (stmt.relation) {
    const { columns } = targetTable(stmt, c);
    plan = c.planQuery(selectOf(stmt.relation, columns.map((x) => x.name)));
  } else {
    if (stmt.attlist?.length) throw new SqlError(SqlState.syntaxError, 'COPY (query) does not take a column list');
    if (!stmt.query || !nodeAs(stmt.query, 'SelectStmt')) throw notSupported('COPY of a statement other than SELECT');
    plan = c.planQuery(stmt.query);
  }
  const types = plan.columns.map((col): PgType => (isUnknown(col.type) ? T.text : (col.type as PgType)));
  const zone = { timeZone: c.evalContext.timeZone };
  await wire.sendStart(types.length);
  let chunk = '';
  const flush = async (): Promise<void> => {
    if (chunk === '') return;
    const b = Buffer.from(chunk, 'utf8');
    chunk = '';
    await wire.send(b);
  };
  if (o.header) chunk += `${plan.columns.map((col) => escapeText(col.name, o.delimiter)).join(o.delimiter)}\n`;
  let count = 0;
  for (const row of plan.rows(c.evalContext)) {
    let line = '';
    for (let i = 0; i < types.length; i++) {
      if (i > 0) line += o.delimiter;
      const v = row[i] ?? null;
      line += v === null ? o.null : escapeText(textOut(types[i]!, v, zone), o.delimiter);
    }
    chunk += `${line}\n`;
    count++;
    if (chunk.length >= SEND_AT) await flush();
  }
  await flush();
  return { command: 'COPY', rowCount: count, format: TEXT_FORMAT, bytes: 0, skipped: 0, created: false, notices: [] };
}

/** Backslash, newline, carriage return, tab, the other control escapes and the delimiter get a backslash. */
function escapeText(s: string, delimiter: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    let rep: string | undefined;
    if (ch === '\\') rep = '\\\\';
    else if (ch === '\n') rep = '\\n';
    else if (ch === '\r') rep = '\\r';
    else if (ch === '\t') rep = '\\t';
    else if (ch === '\b') rep = '\\b';
    else if (ch === '\f') rep = '\\f';
    else if (ch === '\v') rep = '\\v';
    else if (ch === delimiter) rep = `\\${ch}`;
    if (rep !== undefined) {
      out += s.slice(start, i) + rep;
      start = i + 1;
    }
  }
  return start === 0 ? s : out + s.slice(start);
}
