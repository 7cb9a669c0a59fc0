/**
 * Catalog queries that the conformance corpus cannot hold (it runs PostgreSQL in a per-file schema): the
 * tutorial's query on `public`, several schemas, search_path, SET LOCAL and rollback of SET, compared
 * statement by statement with a fresh PostgreSQL 15 cluster.
 */
import { type PgCluster, hasPostgres, startPostgres } from '@heliosdb/testkit';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../database/database.js';
import { textOut } from '@heliosdb/types';
import type { PgType } from '@heliosdb/types';

const skip = !hasPostgres();
let pg: PgCluster;

beforeAll(async () => {
  if (!skip) pg = await startPostgres();
});
afterAll(async () => {
  await pg?.stop();
});

type Result = { fields: string[]; rows: (string | null)[][] } | { error: string };

async function theirs(sql: string): Promise<Result> {
  try {
    const r = await pg.query({ text: sql, rowMode: 'array' } as unknown as string);
    const last = Array.isArray(r) ? r[r.length - 1] : r;
    return { fields: (last.fields ?? []).map((f: { name: string; dataTypeID: number }) => `${f.name}:${f.dataTypeID}`), rows: (last.rows ?? []).map((row: unknown[]) => row.map((v) => (v === null ? null : String(v)))) };
  } catch (e) {
    return { error: `${(e as { code: string }).code}: ${(e as Error).message}` };
  }
}

async function ours(db: Database, sql: string): Promise<Result> {
  try {
    const r = await db.query(sql);
    return {
      fields: r.fields.map((f) => `${f.name}:${f.dataTypeID}`),
      rows: r.rows.map((row) => row.map((v, i) => (v === null ? null : textOut(r.fields[i]!.type as PgType, v)))),
    };
  } catch (e) {
    return { error: `${(e as { code: string }).code}: ${(e as Error).message}` };
  }
}

/** Runs each statement on both sides and expects the same columns, rows and errors. */
async function compare(statements: readonly string[]): Promise<void> {
  const db = await Database.open({ memory: true });
  try {
    for (const sql of statements) {
      const [a, b] = [await ours(db, sql), await theirs(sql)];
      expect({ sql, result: a }).toEqual({ sql, result: b });
    }
  } finally {
    await db.close();
  }
}

describe.skipIf(skip)('system catalogs against a fresh PostgreSQL 15', () => {
  it("answers the tutorial's pg_tables query on public", async () => {
    await compare([
      'CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL)',
      'CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customers(id), total numeric(12,2))',
      "SELECT 'CREATE TABLE ' || tablename || ' (...)' FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      "SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 2",
      "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, ordinal_position",
      "SELECT schemaname, tablename FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2",
      "SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 2",
      "SELECT 'orders'::regclass, 'public.orders'::regclass::text, 'orders_pkey'::regclass",
      'DROP TABLE orders',
      'DROP TABLE customers',
    ]);
  });

  it("runs the tutorial's schema-only export: COPY (SELECT ... FROM pg_tables ...) TO a file", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heliosdb-catalog-'));
    const db = await Database.open({ memory: true });
    try {
      for (const sql of ['CREATE TABLE products (id int PRIMARY KEY, name text)', 'CREATE TABLE orders (id int, created_at timestamptz)']) {
        await db.query(sql);
        await pg.query(sql);
      }
      const query = "SELECT 'CREATE TABLE ' || tablename || ' (...)' FROM pg_tables WHERE schemaname = 'public'";
      const r = await db.query(`COPY (${query}) TO '${join(dir, 'schema.csv')}'`);
      expect(r.command).toBe('COPY');
      const written = readFileSync(join(dir, 'schema.csv'), 'utf8').trim().split('\n').sort();
      const expected = ((await pg.query(query)).rows as Record<string, string>[]).map((row) => Object.values(row)[0]!).sort();
      expect(written).toEqual(expected);
      expect(written).toHaveLength(2);
    } finally {
      await db.close();
      await pg.query('DROP TABLE products, orders');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows search_path for unqualified names, current_schema and regclass output', async () => {
    await compare([
      'CREATE SCHEMA app',
      'CREATE TABLE app.items (id int PRIMARY KEY, label text)',
      'CREATE TABLE items (id int PRIMARY KEY, note text)',
      "SELECT schemaname, tablename FROM pg_tables WHERE tablename = 'items' ORDER BY 1",
      "SELECT 'items'::regclass::text, 'app.items'::regclass::text, pg_table_is_visible('app.items'::regclass)",
      'SELECT current_schema(), current_schemas(false), current_schemas(true)',
      'SET search_path = app, public',
      'SHOW search_path',
      'SELECT current_schema(), current_schemas(false)',
      "SELECT 'items'::regclass::text, 'public.items'::regclass::text, pg_table_is_visible('public.items'::regclass)",
      "INSERT INTO items VALUES (1, 'in app')",
      'SELECT * FROM items',
      'SELECT * FROM public.items',
      'CREATE TABLE extra (x int)',
      "SELECT schemaname FROM pg_tables WHERE tablename = 'extra'",
      'CREATE INDEX extra_x ON extra (x)',
      "SELECT schemaname, indexname FROM pg_indexes WHERE tablename = 'extra'",
      'DROP INDEX extra_x',
      'TRUNCATE extra',
      'DROP TABLE extra',
      "SELECT count(*) FROM pg_tables WHERE tablename = 'extra'",
      "SET search_path TO 'nosuch', public",
      'SELECT current_schema(), current_schemas(true)',
      'SELECT * FROM items',
      'RESET search_path',
      'SHOW search_path',
      "SELECT nspname FROM pg_namespace WHERE nspname IN ('app', 'public') ORDER BY 1",
      "SELECT schema_name, schema_owner FROM information_schema.schemata WHERE schema_name = 'app'",
      'DROP TABLE items',
      'DROP TABLE app.items',
      'DROP SCHEMA app',
      'DROP SCHEMA app',
      'DROP SCHEMA IF EXISTS app',
      'CREATE SCHEMA public',
      'CREATE SCHEMA pg_mine',
    ]);
  });

  it('reports every setting it knows with the value and pg_settings row of PostgreSQL 15', async () => {
    const db = await Database.open({ memory: true });
    try {
      const ours = await db.query('SELECT name, setting, unit, category, short_desc, context, vartype, min_val, max_val, enumvals::text, boot_val FROM pg_settings ORDER BY name');
      const names = ours.rows.map((r) => r[0] as string).filter((n) => !n.startsWith('server_version'));
      expect(names.length).toBeGreaterThan(20);
      const theirs = await pg.query(
        'SELECT name, setting, unit, category, short_desc, context, vartype, min_val, max_val, enumvals::text, boot_val FROM pg_settings WHERE name = ANY($1) ORDER BY name',
        [names],
      );
      const strip = (rows: unknown[][]) => rows.map((r) => r.map((v) => (v === null ? null : String(v))));
      const pgRows = strip((theirs.rows as Record<string, unknown>[]).map((r) => Object.values(r)));
      // Enum settings list only the values Nano accepts (bytea_output: hex; IntervalStyle: postgres); the
      // rest of each row must be PostgreSQL's.
      const ourRows = strip(ours.rows.filter((r) => names.includes(r[0] as string)));
      const withoutEnums = (rows: (string | null)[][]) => rows.map((r) => [...r.slice(0, 9), ...r.slice(10)]);
      expect(withoutEnums(ourRows)).toEqual(withoutEnums(pgRows));
      for (const n of names) {
        const mine = await db.query(`SELECT current_setting('${n}')`);
        const pgs = await pg.query(`SELECT current_setting('${n}')`);
        expect([n, mine.rows[0]![0]]).toEqual([n, Object.values(pgs.rows[0] as object)[0]]);
      }
    } finally {
      await db.close();
    }
  });

  it('warns about SET LOCAL outside a transaction block as PostgreSQL does', async () => {
    const db = await Database.open({ memory: true });
    try {
      const r = await db.query("SET LOCAL application_name = 'x'");
      const psql = await pg.psql(['-c', "SET LOCAL application_name = 'x'"]);
      expect(r.notices?.map((n) => `${n.severity}:  ${n.message}\n`).join('')).toBe(psql.stderr);
    } finally {
      await db.close();
    }
  });

  it('scopes SET LOCAL to the transaction and undoes SET on rollback', async () => {
    await compare([
      "SET application_name = 'outer'",
      'BEGIN',
      "SET LOCAL application_name = 'inner'",
      "SELECT current_setting('application_name'), (SELECT setting FROM pg_settings WHERE name = 'application_name')",
      'SET LOCAL statement_timeout = 1500',
      'SHOW statement_timeout',
      'COMMIT',
      'SHOW application_name',
      'SHOW statement_timeout',
      'BEGIN',
      "SET application_name = 'discarded'",
      "SELECT set_config('search_path', 'pg_catalog', false)",
      'SHOW application_name',
      'ROLLBACK',
      'SHOW application_name',
      'SHOW search_path',
      "SET LOCAL application_name = 'no transaction'",
      'SHOW application_name',
      'SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE',
      'SHOW default_transaction_isolation',
      'RESET ALL',
      'SHOW default_transaction_isolation',
      'SHOW application_name',
      "SET TIME ZONE 'America/New_York'",
      'BEGIN',
      "SET LOCAL TimeZone = 'Asia/Tokyo'",
      "SELECT current_setting('TimeZone'), now()::text LIKE '%+09'",
      'COMMIT',
      'SHOW TimeZone',
      'BEGIN',
      "SET TimeZone = 'Europe/Paris'",
      'ROLLBACK',
      'SHOW TimeZone',
      'RESET TimeZone',
      'SHOW TimeZone',
    ]);
  });
});
