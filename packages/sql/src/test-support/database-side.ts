/** This engine's side of the conformance comparison: a fresh in-memory Database per corpus file. */
import { Database } from '../database/database.js';
import type { SqlSide } from './conformance-runner.js';
import { errorOutcome, outcomeOf } from './engine-side.js';

export async function databaseSide(): Promise<SqlSide> {
  const db = await Database.open({ memory: true });
  return {
    async run(sql) {
      try {
        return outcomeOf(await db.query(sql));
      } catch (e) {
        return errorOutcome(e);
      }
    },
    close: () => db.close(),
  };
}
