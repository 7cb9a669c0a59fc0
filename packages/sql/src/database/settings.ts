/**
 * Session settings (GUCs) for SET / SET LOCAL / RESET / SHOW / SHOW ALL, current_setting(), set_config()
 * and pg_settings. As in PostgreSQL, SET LOCAL lasts until the end of the transaction and a SET made in a
 * transaction that rolls back is undone. Values are kept in PostgreSQL's canonical text form.
 */
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { quoteIdent } from '../functions/string-functions.js';
import { SERVER_VERSION } from '../functions/system-functions.js';
import type { SettingRow } from '../system-catalog/pg-catalog.js';

type VarType = 'bool' | 'integer' | 'string' | 'enum' | 'real';
type Context = 'user' | 'internal' | 'superuser' | 'backend';

interface Definition {
  /** The canonical spelling (SHOW's column name, pg_settings.name). */
  readonly name: string;
  readonly boot: string;
  readonly vartype: VarType;
  readonly context: Context;
  readonly category: string;
  readonly desc: string;
  readonly unit?: string;
  readonly min?: string;
  readonly max?: string;
  readonly enumvals?: readonly string[];
  /** pg_settings.boot_val when it differs from the value sessions start with (set by initdb / the client). */
  readonly bootVal?: string;
  /** GUC_NO_SHOW_ALL: readable with SHOW and current_setting, absent from SHOW ALL and pg_settings. */
  readonly hidden?: boolean;
  /** Checks and canonicalises a new value (throws for a value Nano does not support). */
  readonly check?: (v: string) => string;
}

const CLIENT = 'Client Connection Defaults / Statement Behavior';
const LOCALE = 'Client Connection Defaults / Locale and Formatting';
const PRESET = 'Preset Options';
const COMPAT = 'Version and Platform Compatibility / Previous PostgreSQL Versions';
const ISOLATION = ['serializable', 'repeatable read', 'read committed', 'read uncommitted'];

function invalid(name: string, value: string): SqlError {
  return new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "${name}": "${value}"`);
}

function boolSetting(name: string, only?: string): (v: string) => string {
  return (v) => {
    const s = v.trim().toLowerCase();
    const on = ['on', 'true', 'yes', '1', 't', 'y'].includes(s);
    const off = ['off', 'false', 'no', '0', 'f', 'n'].includes(s);
    if (!on && !off) throw new SqlError(SqlState.invalidParameterValue, `parameter "${name}" requires a Boolean value`);
    const canonical = on ? 'on' : 'off';
    if (only !== undefined && canonical !== only) throw new SqlError(SqlState.featureNotSupported, `HeliosDB Nano supports only ${name} = ${only}`);
    return canonical;
  };
}

function intSetting(name: string, min: number, max: number): (v: string) => string {
  return (v) => {
    if (!/^\s*[-+]?\d+\s*$/.test(v)) throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "${name}": "${v}"`);
    const n = Number(v);
    if (n < min || n > max) throw new SqlError(SqlState.invalidParameterValue, `${n} is outside the valid range for parameter "${name}" (${min} .. ${max})`);
    return String(n);
  };
}

const MS_UNITS: readonly [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000], ['ms', 1]];

/** A time setting in milliseconds ('5s', '1500', '2min'), shown in the largest unit that divides it. */
function msSetting(name: string): (v: string) => string {
  return (v) => {
    const m = /^\s*(\d+)\s*(ms|s|min|h|d)?\s*$/.exec(v);
    if (!m) throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "${name}": "${v}"`, { hint: 'Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".' });
    const ms = Number(m[1]) * (MS_UNITS.find(([u]) => u === (m[2] ?? 'ms'))![1]);
    if (ms > 2147483647) throw new SqlError(SqlState.invalidParameterValue, `${ms} ms is outside the valid range for parameter "${name}" (0 .. 2147483647)`);
    if (ms === 0) return '0';
    const [unit, size] = MS_UNITS.find(([, size]) => ms % size === 0)!;
    return `${ms / size}${unit}`;
  };
}

function enumSetting(name: string, values: readonly string[]): (v: string) => string {
  return (v) => {
    const s = v.trim().toLowerCase();
    if (!values.includes(s)) throw new SqlError(SqlState.invalidParameterValue, `invalid value for parameter "${name}": "${v}"`, { hint: `Available values: ${values.join(', ')}.` });
    return s;
  };
}

function dateStyle(v: string): string {
  let style = 'ISO';
  let order = 'MDY';
  for (const part of v.split(/[\s,]+/).filter((p) => p !== '')) {
    const p = part.toLowerCase();
    if (p === 'iso') style = 'ISO';
    else if (p === 'mdy' || p === 'us' || p === 'noneuropean') order = 'MDY';
    else if (p === 'dmy' || p === 'euro' || p === 'european') order = 'DMY';
    else if (p === 'ymd') order = 'YMD';
    else if (p === 'sql' || p === 'postgres' || p === 'german') throw new SqlError(SqlState.featureNotSupported, `DateStyle ${part} is not supported: HeliosDB Nano prints dates in ISO style`);
    else throw invalid('DateStyle', v);
  }
  return `${style}, ${order}`;
}

function clientEncoding(v: string): string {
  const s = v.trim().toUpperCase().replace(/[-_]/g, '');
  if (s === 'UTF8' || s === 'UNICODE') return 'UTF8';
  throw new SqlError(SqlState.featureNotSupported, `client_encoding ${v} is not supported: HeliosDB Nano speaks UTF8 only`);
}

const DEFINITIONS: readonly Definition[] = [
  { name: 'application_name', boot: '', vartype: 'string', context: 'user', category: 'Reporting and Logging / What to Log', desc: 'Sets the application name to be reported in statistics and logs.' },
  { name: 'bytea_output', boot: 'hex', vartype: 'enum', context: 'user', category: CLIENT, desc: 'Sets the output format for bytea.', enumvals: ['hex'], check: enumSetting('bytea_output', ['hex']) },
  { name: 'client_encoding', boot: 'UTF8', bootVal: 'SQL_ASCII', vartype: 'string', context: 'user', category: LOCALE, desc: "Sets the client's character set encoding.", check: clientEncoding },
  { name: 'client_min_messages', boot: 'notice', vartype: 'enum', context: 'user', category: CLIENT, desc: 'Sets the message levels that are sent to the client.', enumvals: ['debug5', 'debug4', 'debug3', 'debug2', 'debug1', 'log', 'notice', 'warning', 'error'], check: enumSetting('client_min_messages', ['debug5', 'debug4', 'debug3', 'debug2', 'debug1', 'log', 'notice', 'warning', 'error']) },
  { name: 'DateStyle', boot: 'ISO, MDY', vartype: 'string', context: 'user', category: LOCALE, desc: 'Sets the display format for date and time values.', check: dateStyle },
  { name: 'default_transaction_isolation', boot: 'read committed', vartype: 'enum', context: 'user', category: CLIENT, desc: 'Sets the transaction isolation level of each new transaction.', enumvals: ISOLATION, check: enumSetting('default_transaction_isolation', ISOLATION) },
  { name: 'default_transaction_read_only', boot: 'off', vartype: 'bool', context: 'user', category: CLIENT, desc: 'Sets the default read-only status of new transactions.', check: boolSetting('default_transaction_read_only', 'off') },
  { name: 'extra_float_digits', boot: '1', vartype: 'integer', context: 'user', category: LOCALE, desc: 'Sets the number of digits displayed for floating-point values.', min: '-15', max: '3', check: intSetting('extra_float_digits', -15, 3) },
  { name: 'idle_in_transaction_session_timeout', boot: '0', vartype: 'integer', context: 'user', category: CLIENT, desc: 'Sets the maximum allowed idle time between queries, when in a transaction.', unit: 'ms', min: '0', max: '2147483647', check: msSetting('idle_in_transaction_session_timeout') },
  { name: 'integer_datetimes', boot: 'on', vartype: 'bool', context: 'internal', category: PRESET, desc: 'Shows whether datetimes are integer based.' },
  { name: 'IntervalStyle', boot: 'postgres', vartype: 'enum', context: 'user', category: LOCALE, desc: 'Sets the display format for interval values.', enumvals: ['postgres'], check: enumSetting('IntervalStyle', ['postgres']) },
  { name: 'is_superuser', boot: 'on', hidden: true, vartype: 'bool', context: 'internal', category: PRESET, desc: 'Shows whether the current user is a superuser.' },
  { name: 'lc_collate', boot: 'C', vartype: 'string', context: 'internal', category: PRESET, desc: 'Shows the collation order locale.' },
  { name: 'lc_ctype', boot: 'C', vartype: 'string', context: 'internal', category: PRESET, desc: 'Shows the character classification and case conversion locale.' },
  { name: 'lock_timeout', boot: '0', vartype: 'integer', context: 'user', category: CLIENT, desc: 'Sets the maximum allowed duration of any wait for a lock.', unit: 'ms', min: '0', max: '2147483647', check: msSetting('lock_timeout') },
  { name: 'max_identifier_length', boot: '63', vartype: 'integer', context: 'internal', category: PRESET, desc: 'Shows the maximum identifier length.', min: '63', max: '63' },
  { name: 'row_security', boot: 'on', vartype: 'bool', context: 'user', category: CLIENT, desc: 'Enable row security.', check: boolSetting('row_security') },
  { name: 'search_path', boot: '"$user", public', vartype: 'string', context: 'user', category: CLIENT, desc: 'Sets the schema search order for names that are not schema-qualified.' },
  { name: 'server_encoding', boot: 'UTF8', bootVal: 'SQL_ASCII', vartype: 'string', context: 'internal', category: PRESET, desc: 'Shows the server (database) character set encoding.' },
  { name: 'server_version', boot: SERVER_VERSION, vartype: 'string', context: 'internal', category: PRESET, desc: 'Shows the server version.' },
  { name: 'server_version_num', boot: '150000', vartype: 'integer', context: 'internal', category: PRESET, desc: 'Shows the server version as an integer.', min: '150000', max: '150000' },
  { name: 'standard_conforming_strings', boot: 'on', vartype: 'bool', context: 'user', category: COMPAT, desc: "Causes '...' strings to treat backslashes literally.", check: boolSetting('standard_conforming_strings', 'on') },
  { name: 'statement_timeout', boot: '0', vartype: 'integer', context: 'user', category: CLIENT, desc: 'Sets the maximum allowed duration of any statement.', unit: 'ms', min: '0', max: '2147483647', check: msSetting('statement_timeout') },
  { name: 'TimeZone', boot: 'UTC', bootVal: 'GMT', vartype: 'string', context: 'user', category: LOCALE, desc: 'Sets the time zone for displaying and interpreting time stamps.' },
  { name: 'transaction_isolation', boot: 'read committed', vartype: 'enum', context: 'user', category: CLIENT, desc: "Sets the current transaction's isolation level.", enumvals: ISOLATION, check: enumSetting('transaction_isolation', ISOLATION) },
  { name: 'transaction_read_only', boot: 'off', vartype: 'bool', context: 'user', category: CLIENT, desc: 'Sets the current transaction\'s read-only status.', check: boolSetting('transaction_read_only', 'off') },
];

const REPORTED = ['application_name', 'client_encoding', 'DateStyle', 'integer_datetimes', 'IntervalStyle', 'is_superuser', 'server_encoding', 'server_version', 'standard_conforming_strings', 'TimeZone'];

const BY_NAME = new Map(DEFINITIONS.map((d) => [d.name.toLowerCase(), d]));

export interface SettingsHooks {
  /** TimeZone lives on the Session (values and the server's ParameterStatus read it there). */
  getTimeZone(): string;
  /** Checks and applies a TimeZone (undefined: the session's starting zone); returns the value to keep. */
  setTimeZone(zone: string | undefined): string;
  /** The zone RESET TimeZone returns to. */
  resetTimeZone(): string;
  readonly inTransaction: () => boolean;
}

export class SessionSettings {
  private readonly values = new Map<string, string>();
  private readonly local = new Map<string, string>();
  /** Values before the first SET of each setting in the current transaction (restored on rollback). */
  private readonly undo = new Map<string, string | undefined>();
  /** Custom (dotted) settings: placeholder strings. */
  private readonly custom = new Set<string>();

  constructor(private readonly hooks: SettingsHooks) {}

  private definition(name: string): Definition | undefined {
    return BY_NAME.get(name.toLowerCase());
  }

  private key(name: string): string {
    const d = this.definition(name);
    if (d) return d.name.toLowerCase();
    if (name.includes('.')) return name.toLowerCase();
    throw new SqlError(SqlState.undefinedObject, `unrecognized configuration parameter "${name}"`);
  }

  /** The current value, or undefined for an unknown setting. */
  get(name: string): string | undefined {
    // Lower-cased once (a prepared statement asks for search_path on every execution).
    const k = name.toLowerCase();
    if (k === 'timezone') return this.hooks.getTimeZone();
    if (this.local.has(k)) return this.local.get(k);
    if (this.values.has(k)) return this.values.get(k);
    return BY_NAME.get(k)?.boot;
  }

  /** The canonical name SHOW uses as its column name. */
  canonicalName(name: string): string {
    return this.definition(name)?.name ?? name.toLowerCase();
  }

  /** SET [LOCAL] name = value (value undefined: DEFAULT / RESET); returns the value now in effect. */
  set(name: string, value: string | undefined, local: boolean): string {
    const k = this.key(name);
    const d = this.definition(name);
    if (d && d.context !== 'user') throw new SqlError(SqlState.cantChangeRuntimeParam, `parameter "${d.name}" cannot be changed`);
    if (local && !this.hooks.inTransaction()) return this.get(k) ?? ''; // PostgreSQL only warns.
    let v: string | undefined;
    if (k === 'timezone') {
      v = this.hooks.setTimeZone(value);
    } else if (value !== undefined) {
      v = d?.check ? d.check(value) : value;
    }
    if (this.hooks.inTransaction() && !this.undo.has(k)) this.undo.set(k, this.values.get(k));
    if (!d) this.custom.add(k);
    if (local) {
      this.local.set(k, v ?? d?.boot ?? '');
    } else {
      this.local.delete(k);
      if (v === undefined) this.values.delete(k);
      else this.values.set(k, v);
    }
    return this.get(k) ?? '';
  }

  /** RESET ALL. */
  resetAll(): void {
    for (const d of DEFINITIONS) if (d.context === 'user') this.set(d.name, undefined, false);
    for (const k of this.custom) this.set(k, undefined, false);
  }

  /** Ends the transaction: SET LOCAL values go; a rollback also undoes the transaction's SETs. */
  endTransaction(committed: boolean): void {
    const zoneChanged = this.local.has('timezone') || this.undo.has('timezone');
    if (!committed) {
      for (const [k, v] of this.undo) {
        if (v === undefined) this.values.delete(k);
        else this.values.set(k, v);
      }
    }
    this.local.clear();
    this.undo.clear();
    if (zoneChanged) this.hooks.setTimeZone(this.values.get('timezone'));
  }

  /** The schemas unqualified names are looked up in after pg_catalog ("$user" means the session user). */
  searchPath(user: string): readonly string[] {
    const text = this.get('search_path') ?? '';
    if (this.pathCache?.text !== text || this.pathCache.user !== user) {
      this.pathCache = { text, user, path: splitList(text).map((s) => (s === '$user' ? user : s)) };
    }
    return this.pathCache.path;
  }

  private pathCache: { text: string; user: string; path: readonly string[] } | undefined;

  /**
   * The settings PostgreSQL reports with ParameterStatus (GUC_REPORT), with their current values: a server
   * compares them before and after a statement and sends the changed ones.
   */
  reported(): [name: string, value: string][] {
    return REPORTED.map((n) => [n, this.get(n) ?? '']);
  }

  /** SHOW ALL's rows: name, setting, description. */
  showAll(): string[][] {
    return DEFINITIONS.filter((d) => !d.hidden).sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())).map((d) => [d.name, this.get(d.name) ?? '', d.desc]);
  }

  /** pg_settings rows. */
  all(): SettingRow[] {
    return DEFINITIONS.filter((d) => !d.hidden).map((d) => {
      const setting = this.get(d.name) ?? '';
      const changed = this.values.has(d.name.toLowerCase()) || this.local.has(d.name.toLowerCase());
      return {
        name: d.name,
        setting: d.unit === 'ms' ? String(msValue(setting)) : setting,
        unit: d.unit ?? null,
        category: d.category,
        short_desc: d.desc,
        context: d.context,
        vartype: d.vartype,
        source: changed ? 'session' : 'default',
        min_val: d.min ?? null,
        max_val: d.max ?? null,
        enumvals: d.enumvals ? [...d.enumvals] : null,
        boot_val: d.bootVal ?? d.boot,
        reset_val: d.name === 'TimeZone' ? this.hooks.resetTimeZone() : d.boot,
      };
    });
  }
}

function msValue(text: string): number {
  const m = /^(\d+)(ms|s|min|h|d)?$/.exec(text);
  if (!m) return 0;
  return Number(m[1]) * MS_UNITS.find(([u]) => u === (m[2] ?? 'ms'))![1];
}

/** Splits a list setting ('"$user", public') into its elements, unquoting quoted identifiers. */
export function splitList(text: string): string[] {
  const out: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^,\s]+))\s*(?:,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m[0] !== '') out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.toLowerCase());
  return out;
}

/** The text of SET's arguments as PostgreSQL flattens them (lists joined by ", "; search_path quoted). */
export function flattenSetArgs(name: string, args: readonly { text: string; quoted: boolean }[]): string {
  if (name.toLowerCase() === 'search_path') return args.map((a) => quoteIdent(a.text)).join(', ');
  return args.map((a) => a.text).join(', ');
}
