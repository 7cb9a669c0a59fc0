/**
 * REST over the catalog and the whole database: `GET /v1/tables` (every table), `GET /v1/tables/:name` (one
 * table's columns, keys, indexes, checks and foreign keys; `name` or `schema.name`), and
 * `POST /v1/dump?compression=zstd|gzip|brotli|lz4|none` (a .heliodump of the live database, streamed, from
 * one snapshot while writers go on). Read from one storage snapshot each.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { type Storage, type TableDef, dumpDatabase } from '@heliosdb/storage';
import { formatTypeName } from '@heliosdb/types';

const CODECS = ['zstd', 'gzip', 'brotli', 'lz4', 'none'] as const;
type Codec = (typeof CODECS)[number];

function describeTable(storage: Storage, t: TableDef): Record<string, unknown> {
  const snap = storage.snapshot();
  try {
    const cat = snap.catalog;
    const live = t.columns.map((c, i) => ({ c, i })).filter(({ c }) => !c.dropped);
    const name = (i: number): string => t.columns[i]!.name;
    const indexes = cat.indexesOf(t.id);
    const addedKey = indexes.find((ix) => ix.primary);
    const primaryKey = t.primaryKey ? { name: t.primaryKey.name, columns: t.primaryKey.columns.map(name) } : addedKey ? { name: addedKey.name, columns: addedKey.columns.map(name) } : null;
    return {
      schema: t.schema,
      name: t.name,
      columns: live.map(({ c }) => ({
        name: c.name,
        type: formatTypeName(c.type),
        nullable: !c.notNull && !(primaryKey?.columns.includes(c.name) ?? false),
        default: c.default,
        ...(c.identity ? { identity: c.identity } : {}),
      })),
      primaryKey,
      indexes: [
        ...(t.primaryKey ? [{ name: t.primaryKey.name, columns: t.primaryKey.columns.map(name), unique: true, primary: true }] : []),
        ...indexes.map((ix) => ({ name: ix.name, columns: ix.columns.map(name), unique: ix.unique, primary: ix.primary === true })),
      ],
      checks: t.checks.map((c) => ({ name: c.name, expression: c.expression })),
      foreignKeys: t.foreignKeys.map((f) => {
        const parent = cat.tableById(f.refTableId);
        return {
          name: f.name,
          columns: f.columns.map(name),
          references: { schema: parent?.schema ?? null, table: parent?.name ?? null, columns: f.refColumns.map((i) => parent?.columns[i]?.name ?? null) },
          onDelete: f.onDelete,
          onUpdate: f.onUpdate,
        };
      }),
    };
  } finally {
    snap.close();
  }
}

export function registerCatalogRoutes(storage: Storage) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/v1/tables', async () => {
      const snap = storage.snapshot();
      try {
        const tables = [...snap.catalog.tables]
          .sort((a, b) => (a.schema === b.schema ? (a.name < b.name ? -1 : 1) : a.schema < b.schema ? -1 : 1))
          .map((t) => ({ schema: t.schema, name: t.name, columns: t.columns.filter((c) => !c.dropped).length }));
        return { tables };
      } finally {
        snap.close();
      }
    });

    app.get<{ Params: { name: string } }>('/v1/tables/:name', async (req, reply) => {
      const parts = req.params.name.split('.');
      const [schema, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : ['public', req.params.name];
      const snap = storage.snapshot();
      let t: TableDef | undefined;
      try {
        t = snap.catalog.findTable(name, schema) ?? (parts.length === 2 ? snap.catalog.findTable(req.params.name, 'public') : undefined);
      } finally {
        snap.close();
      }
      if (!t) return reply.code(404).send({ error: { code: '42P01', message: `relation "${req.params.name}" does not exist` } });
      return describeTable(storage, t);
    });

    app.post<{ Querystring: { compression?: Codec; level?: number } }>(
      '/v1/dump',
      {
        schema: {
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { compression: { enum: [...CODECS] }, level: { type: 'integer' } },
          },
        },
      },
      async (req, reply) => {
        const body = new PassThrough();
        const dumping = dumpDatabase(storage, body, { codec: req.query.compression ?? 'zstd', ...(req.query.level !== undefined && { level: req.query.level }) });
        // A dump that fails after its first bytes ends the connection mid-body, so a client never keeps a cut file
        // as a whole one (it also fails its own CRC checks and lacks its trailer).
        dumping.catch((e: unknown) => body.destroy(e instanceof Error ? e : new Error(String(e))));
        return reply
          .header('content-type', 'application/octet-stream')
          .header('content-disposition', 'attachment; filename="heliosdb.heliodump"')
          .send(body);
      },
    );
  };
}
