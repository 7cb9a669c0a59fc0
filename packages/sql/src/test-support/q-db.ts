import { Database } from '../database/database.js';
import { textRenderer } from '../output/text-value.js';
const db = await Database.open({ memory: true });
for (const q of process.argv.slice(2)) {
  try { const r = await db.query(q); console.log(r.command, r.rowCount, r.fields.map(f=>f.name).join('|')); for (const row of r.rows) console.log('  ' + row.map((v,i)=>textRenderer(r.fields[i]!.type)(v)).join('|')); } catch (err) { console.log('ERR', (err as any).code, (err as Error).message, (err as Error).stack?.split('\n').slice(1,3).join(' ')); }
}
await db.close();
