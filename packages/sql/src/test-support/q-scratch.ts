import { Engine } from '../engine/engine.js';
import { textRenderer } from '../output/text-value.js';
const e = await Engine.create();
for (const q of process.argv.slice(2)) {
  try { const [r] = e.query(q); console.log(r!.fields.map(f=>f.name).join('|')); for (const row of r!.rows) console.log(row.map((v,i)=>textRenderer(r!.fields[i]!.type)(v)).join('|')); } catch (err) { console.log('ERR', (err as any).code, (err as Error).message); }
}
