/** CREATE SCHEMA / DROP SCHEMA (schemas without elements; DROP without CASCADE). */
import type { Transaction } from '@heliosdb/storage';
import { notSupported } from '../errors/analysis-errors.js';
import { SqlError } from '../errors/sql-error.js';
import { SqlState } from '../errors/sqlstate.js';
import { type NodeBody, nodeAs, stringOf } from '../parser/ast.js';

export function createSchema(c: NodeBody<'CreateSchemaStmt'>, tx: Transaction): string {
  if ((c.schemaElts ?? []).length > 0) throw notSupported('CREATE SCHEMA with schema elements');
  const name = c.schemaname;
  if (!name) throw notSupported('CREATE SCHEMA AUTHORIZATION without a schema name');
  if (name.startsWith('pg_')) throw new SqlError('42939', `unacceptable schema name "${name}"`, { detail: 'The prefix "pg_" is reserved for system schemas.' });
  if (tx.catalog.schemas.includes(name) || name === 'information_schema') {
    if (c.if_not_exists) return 'CREATE SCHEMA';
    throw new SqlError(SqlState.duplicateSchema, `schema "${name}" already exists`);
  }
  tx.createSchema(name);
  return 'CREATE SCHEMA';
}

export function dropSchema(d: NodeBody<'DropStmt'>, tx: Transaction): string {
  if (d.behavior === 'DROP_CASCADE') throw notSupported('DROP SCHEMA ... CASCADE');
  for (const o of d.objects ?? []) {
    const name = nodeAs(o, 'String') ? stringOf(o) : undefined;
    if (!name) throw notSupported('this DROP SCHEMA form');
    if (!tx.catalog.schemas.includes(name)) {
      if (d.missing_ok) continue;
      throw new SqlError(SqlState.undefinedSchema, `schema "${name}" does not exist`);
    }
    tx.dropSchema(name);
  }
  return 'DROP SCHEMA';
}
