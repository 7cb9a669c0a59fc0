/**
 * ParameterStatus after statements that change a reported setting (SET, set_config() in a SELECT, ROLLBACK of a
 * block's SET) and none after those that do not, over both protocols: the message transcript equals PostgreSQL 15's.
 */
import { type PgCluster, startPostgres } from '@heliosdb/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from './start.js';
import { RawClient } from './test-support/raw-client.js';
import * as w from './test-support/wire-builder.js';
import type { RawMessage } from './test-support/wire-builder.js';

let s: RunningServer;
let pgc: PgCluster;
beforeAll(async () => {
  pgc = await startPostgres();
  s = await startServer({ memory: true, port: 0 });
});
afterAll(async () => {
  await s?.stop();
  await pgc?.stop();
});

/** Message codes, with ParameterStatus spelled out (name=value) and DataRow values shown. */
function show(ms: RawMessage[]): string[] {
  return ms.map((m) => {
    if (m.code === 'S') return `S ${m.body.toString('utf8').split('\0').slice(0, 2).join('=')}`;
    if (m.code === 'D') return `D ${w.dataRowValues(m.body).map((v) => (v === null ? 'NULL' : v.toString('utf8'))).join(',')}`;
    if (m.code === 'C') return `C ${m.body.subarray(0, m.body.length - 1).toString('utf8')}`;
    return m.code;
  });
}

async function transcript(port: number, user: string, database: string): Promise<string[][]> {
  const c = await RawClient.connect(port);
  c.send(w.startup({ user, database }));
  await c.readUntil('Z');
  const out: string[][] = [];
  const simple = async (sql: string): Promise<void> => {
    c.send(w.query(sql));
    out.push(show(await c.readUntil('Z')));
  };
  const extended = async (sql: string, params: string[]): Promise<void> => {
    c.send(w.parse('', sql, []), w.bind('', '', [], params.map((p) => Buffer.from(p)), []), w.execute(''), w.sync());
    out.push(show(await c.readUntil('Z')));
  };
  await simple("select set_config('application_name', 'one', false)");
  await simple('select 1');
  await simple("select 2 where current_setting('application_name') = 'one'");
  await extended("select set_config('application_name', $1, false)", ['two']);
  await extended('select $1::int + 1', ['41']);
  await simple("SELECT pg_catalog.SET_CONFIG('application_name', 'three', false), 1 as x");
  await simple('begin');
  await simple("set application_name = 'four'");
  await simple('select 3');
  await simple('rollback');
  await simple('begin');
  await simple("set local application_name = 'five'");
  await simple('commit');
  await simple("set application_name = 'six'");
  await simple("set application_name = 'seven'; select 4; set application_name = 'eight'; select 5");
  c.send(w.terminate());
  c.socket.end();
  return out;
}

it('reports changed settings with ParameterStatus as PostgreSQL 15 does', async () => {
  const ours = await transcript(s.pg.address.port, 'postgres', 'postgres');
  const theirs = await transcript(pgc.port, pgc.user, pgc.database);
  expect(ours).toEqual(theirs);
});
