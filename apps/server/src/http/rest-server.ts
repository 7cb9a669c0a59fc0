/**
 * REST over the same BackendFactory as the wire protocol:
 *   GET  /health            -> {"status":"ok"} (no token needed)
 *   POST /v1/sql {sql, params?, rowMode?} -> {"results":[{command, rowCount, fields, rows}]}
 *   GET  /v1/tables, GET /v1/tables/:name -> the tables; one table's columns, keys, indexes (catalog-routes.ts)
 *   POST /v1/dump?compression=zstd|gzip|brotli|lz4|none -> a .heliodump of the live database, streamed
 *   GET  /v1/tables/:name/export?format=csv|json|jsonl|parquet|arrow|arrows|sql  -> the table's rows, streamed
 *   POST /v1/tables/:name/import?format=...&create=true  (body: the file, streamed) -> {rowCount, bytes, ...}
 * With params, `sql` is one statement with $1..$n; without, any number of statements (like a simple query).
 * Export and import run COPY TO STDOUT / FROM STDIN (packages/sql/src/copy), see table-transfer.ts.
 * Errors: 400 {"error":{code, message, detail?, hint?, position?}} (404 for a missing table); 401 without the
 * bearer token.
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { BackendFactory, SessionBackend, StatementResult } from '../backend/session-backend.js';
import { BackendError, toBackendError } from '../backend/backend-error.js';
import { commandTag } from '../protocol/command-tag.js';
import { type Json, paramText, toJson } from './json-values.js';
import { registerTableTransfer } from './table-transfer.js';
import type { Storage } from '@heliosdb/storage';
import { registerCatalogRoutes } from './catalog-routes.js';

export interface RestOptions {
  readonly backends: BackendFactory;
  readonly host: string;
  readonly port: number;
  /** Required as `Authorization: Bearer <token>` on /v1/* when set. */
  readonly token?: string | undefined;
  /** The storage the backends serve; the table, dump, export and import routes exist only when given. */
  readonly storage?: Storage | undefined;
  /** Operator log: refused requests (method, path, address), never the token. */
  readonly log?: ((line: string) => void) | undefined;
}

interface SqlBody {
  sql: string;
  params?: unknown[];
  rowMode?: 'array' | 'object';
}

const bodySchema = {
  type: 'object',
  required: ['sql'],
  additionalProperties: false,
  properties: {
    sql: { type: 'string' },
    params: { type: 'array' },
    rowMode: { enum: ['array', 'object'] },
  },
} as const;

export async function startRest(o: RestOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const token = o.token === undefined ? undefined : Buffer.from(`Bearer ${o.token}`);

  app.get('/health', async () => ({ status: 'ok' }));

  app.addHook('onRequest', async (req, reply) => {
    if (!token || !req.url.startsWith('/v1/')) return undefined;
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== token.length || !timingSafeEqual(given, token)) {
      const why = req.headers.authorization === undefined ? 'no bearer token' : 'wrong bearer token';
      o.log?.(`REST ${req.method} ${req.url.split('?')[0]} from ${req.ip} refused: ${why}`);
      // An async hook that answers must return the reply, or fastify runs the route as well.
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: { code: '28000', message: 'missing or wrong bearer token' } });
    }
  });

  app.post<{ Body: SqlBody }>('/v1/sql', { schema: { body: bodySchema } }, async (req, reply) => {
    const { sql, params, rowMode = 'array' } = req.body;
    const session = await o.backends.openSession({ user: 'rest', database: 'postgres', applicationName: 'heliosdb-rest' });
    const results: StatementResult[] = [];
    try {
      const signal = new AbortController().signal;
      if (params !== undefined) {
        const described = await session.prepare(sql, []);
        if (params.length !== described.paramTypes.length) {
          throw new BackendError('08P01', `${params.length} parameters given, but the statement has ${described.paramTypes.length}`);
        }
        const r = await session.execute(sql, params.map((p) => ({ type: undefined, value: paramText(p) })), signal);
        if (r !== 'empty') results.push(r);
      } else {
        for await (const r of session.simpleQuery(sql, signal)) if (r !== 'empty') results.push(r);
      }
    } catch (e) {
      const err = toBackendError(e);
      return reply.code(400).send({ error: { code: err.code, message: err.message, ...err.fields } });
    } finally {
      await session.close();
    }
    return { results: results.map((r) => render(r, session, rowMode)) };
  });

  if (o.storage) {
    await app.register(registerCatalogRoutes(o.storage));
    await app.register(registerTableTransfer(o.storage));
  }

  await app.listen({ host: o.host, port: o.port });
  return app;
}

function render(r: StatementResult, session: SessionBackend, rowMode: 'array' | 'object'): Json {
  const fields = r.fields ?? [];
  const rows = r.rows.map((row) => {
    const values = fields.map((f, i) => toJson(f.type, row[i] ?? null, session.timeZone));
    if (rowMode === 'array') return values;
    return Object.fromEntries(fields.map((f, i) => [f.name, values[i]!]));
  });
  return {
    command: r.command,
    tag: commandTag(r.command, r.rowCount),
    rowCount: r.rowCount,
    fields: fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    rows,
  };
}
