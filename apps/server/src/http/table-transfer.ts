/**
 * REST export and import of one table, streamed both ways through COPY TO STDOUT / COPY FROM STDIN (the same
 * code as SQL COPY and the CLI's export/import):
 *   GET  /v1/tables/:name/export?format=csv|json|jsonl|parquet|arrow|arrows|sql[&header=false][&compression=zstd]
 *   POST /v1/tables/:name/import?format=...[&create=true][&header=false][&on_error=ignore]   body: the file
 * `:name` is the table's exact name, or schema.name. An export that fails before its first bytes answers 4xx
 * JSON; one that fails later ends the connection mid-body, so a client never takes a cut file for a whole one.
 * An import is all or nothing (COPY FROM's savepoint).
 */
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type CopyResult, Session, loadParser } from '@heliosdb/sql';
import type { Storage } from '@heliosdb/storage';
import { toBackendError } from '../backend/backend-error.js';

/** REST moves files through the request and response bodies; COPY never touches the server's files here. */
const NO_SERVER_FILES = { allowedDirs: [] };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  arrow: 'application/vnd.apache.arrow.file',
  arrows: 'application/vnd.apache.arrow.stream',
  sql: 'application/sql; charset=utf-8',
};

const EXTENSIONS: Readonly<Record<string, string>> = { csv: 'csv', json: 'json', jsonl: 'jsonl', parquet: 'parquet', arrow: 'arrow', arrows: 'arrows', sql: 'sql' };

interface TransferQuery {
  format?: string;
  header?: string;
  compression?: string;
  create?: string;
  on_error?: string;
}

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    format: { enum: Object.keys(CONTENT_TYPES) },
    header: { enum: ['true', 'false'] },
    compression: { enum: ['snappy', 'zstd', 'gzip', 'uncompressed'] },
    create: { enum: ['true', 'false'] },
    on_error: { enum: ['stop', 'ignore'] },
  },
} as const;

/** `name` or `schema.name` as quoted SQL identifiers (exact, case-sensitive). */
function tableSql(name: string): string {
  const parts = name.split('.');
  if (parts.length > 2 || parts.some((p) => p === '')) throw Object.assign(new Error(`"${name}" is not a table name (name or schema.name)`), { code: '42602' });
  return parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
}

function withList(q: TransferQuery, format: string, direction: 'to' | 'from'): string {
  const opts = [`FORMAT '${format}'`];
  if (format === 'csv') opts.push(`HEADER ${q.header ?? 'true'}`);
  else if (q.header !== undefined) throw Object.assign(new Error(`header is for csv, not ${format}`), { code: '0A000' });
  if (direction === 'to' && q.compression !== undefined) {
    if (format !== 'parquet') throw Object.assign(new Error(`compression is for parquet, not ${format}`), { code: '0A000' });
    opts.push(`COMPRESSION ${q.compression}`);
  }
  if (direction === 'from' && q.on_error !== undefined) opts.push(`ON_ERROR ${q.on_error}`);
  return ` WITH (${opts.join(', ')})`;
}

function fail(reply: FastifyReply, e: unknown): FastifyReply {
  const err = toBackendError(e);
  return reply.code(err.code === '42P01' ? 404 : 400).send({ error: { code: err.code, message: err.message, ...err.fields } });
}

export function registerTableTransfer(storage: Storage) {
  return async (scope: FastifyInstance): Promise<void> => {
    // The import body is the file itself, whatever its content type: handed over unparsed, as a stream.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

    scope.get<{ Params: { name: string }; Querystring: TransferQuery }>('/v1/tables/:name/export', { schema: { querystring: querySchema } }, async (req, reply) => {
      const format = req.query.format ?? 'csv';
      if (req.query.create !== undefined || req.query.on_error !== undefined) return fail(reply, Object.assign(new Error('create and on_error are for import'), { code: '0A000' }));
      let sql: string;
      try {
        sql = `COPY ${tableSql(req.params.name)} TO STDOUT${withList(req.query, format, 'to')}`;
      } catch (e) {
        return fail(reply, e);
      }
      await loadParser();
      const session = new Session(storage, { user: 'rest', database: 'postgres', copyFiles: NO_SERVER_FILES });
      const body = new PassThrough();
      const copying = session.runCopy(sql, { stdout: body });
      copying.catch(() => undefined).finally(() => session.close());
      // Until the first bytes (COPY writes in 1 MiB pieces and at the end) an error can still be a status code.
      const first = await Promise.race([once(body, 'readable').then(() => 'data' as const), copying.then(() => 'done' as const, (e: unknown) => e)]);
      if (first !== 'data' && first !== 'done') return fail(reply, first);
      copying.catch((e: unknown) => body.destroy(e instanceof Error ? e : new Error(String(e))));
      const file = `${req.params.name}.${EXTENSIONS[format]}`.replace(/[^\w.-]/g, '_');
      return reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${file}"`).send(body);
    });

    scope.post<{ Params: { name: string }; Querystring: TransferQuery }>('/v1/tables/:name/import', { schema: { querystring: querySchema } }, async (req, reply) => {
      const format = req.query.format ?? 'csv';
      if (req.query.compression !== undefined) return fail(reply, Object.assign(new Error('compression is for export'), { code: '0A000' }));
      let sql: string;
      try {
        sql = `COPY ${tableSql(req.params.name)} FROM STDIN${withList(req.query, format, 'from')}`;
      } catch (e) {
        return fail(reply, e);
      }
      await loadParser();
      const session = new Session(storage, { user: 'rest', database: 'postgres', copyFiles: NO_SERVER_FILES });
      let r: CopyResult;
      try {
        r = await session.runCopy(sql, { stdin: req.body as Readable, createMissing: req.query.create === 'true' });
      } catch (e) {
        // Drain what the client still sends, so it reads the answer instead of a reset connection.
        req.raw.resume();
        return fail(reply, e);
      } finally {
        session.close();
      }
      return { command: 'COPY', rowCount: r.rowCount, format: r.format, bytes: r.bytes, created: r.created, skipped: r.skipped, notices: r.notices };
    });
  };
}
