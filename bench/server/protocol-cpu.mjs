// The server's CPU per pgbench -S transaction without sockets or pgbench: one Connection (apps/server) over an
// in-memory socket stand-in and the Database backend, fed the exact messages pgbench sends, timed with
// process.cpuUsage. The kernel's part (the socket system calls, waking the client) and the machine's other load
// are left out, so per-message changes to the protocol layer or the engine show up as a few microseconds that
// `run.mjs`'s tps (±30 % on a shared machine) cannot resolve.
//
//   node bench/server/protocol-cpu.mjs [--transactions 50000] [--rounds 5] [--modes prepared,simple]
//
// Needs the built packages (apps/server/dist). Prints each round and the best (lowest) per mode.
import { EventEmitter } from 'node:events';
import { Storage } from '@heliosdb/storage';
import { Session, loadParser } from '@heliosdb/sql';
import { Connection, DatabaseBackendFactory, UserStore } from '../../apps/server/dist/index.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const N = Number(arg('transactions', '50000'));
const ROUNDS = Number(arg('rounds', '5'));
const MODES = arg('modes', 'prepared,simple').split(',');
const ACCOUNTS = 100000;

// Frontend messages, built here (independent of the server's parser).
const i16 = (n) => Buffer.from([(n >> 8) & 255, n & 255]);
const i32 = (n) => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b; };
const cstr = (s) => Buffer.concat([Buffer.from(s), Buffer.of(0)]);
const message = (code, ...body) => { const b = Buffer.concat(body); return Buffer.concat([Buffer.from(code), i32(b.length + 4), b]); };
const startup = (params) => { const body = Buffer.concat([i32(196608), ...Object.entries(params).flatMap(([k, v]) => [cstr(k), cstr(v)]), Buffer.of(0)]); return Buffer.concat([i32(body.length + 4), body]); };
const SELECT = 'SELECT abalance FROM pgbench_accounts WHERE aid = $1;';
const parse = message('P', cstr('P0_1'), cstr(SELECT), i16(1), i32(23));
const sync = message('S');
// pgbench -M prepared: Bind, Describe portal, Execute, Sync per transaction; -M simple: one Query.
const transaction = {
  prepared: (aid) => { const v = Buffer.from(String(aid)); return Buffer.concat([message('B', cstr(''), cstr('P0_1'), i16(0), i16(1), i32(v.length), v, i16(0)), message('D', Buffer.from('P'), cstr('')), message('E', cstr(''), i32(0)), sync]); },
  simple: (aid) => message('Q', cstr(`SELECT abalance FROM pgbench_accounts WHERE aid = ${aid};`)),
};

await loadParser();
const storage = Storage.memory();
const setup = new Session(storage, { user: 'postgres', database: 'postgres', timeZone: 'UTC' });
// As pgbench -i -s 1 leaves it: rows first, then the primary key added by ALTER TABLE.
await setup.execute('create table pgbench_accounts (aid int not null, bid int, abalance int, filler char(84))');
await setup.execute(`insert into pgbench_accounts select g, 1, 0, '' from generate_series(1, ${ACCOUNTS}) g`);
await setup.execute('alter table pgbench_accounts add primary key (aid)');
setup.close();

/** What the Connection uses of a net.Socket. */
class MemorySocket extends EventEmitter {
  remoteAddress = '127.0.0.1';
  destroyed = false;
  paused = false;
  onWrite = undefined;
  setNoDelay() {}
  pause() { this.paused = true; }
  resume() { this.paused = false; }
  isPaused() { return this.paused; }
  write(b) { this.onWrite?.(b); return true; }
  end() {}
  destroy() { this.destroyed = true; }
}

const host = {
  config: { auth: 'trust', users: new UserStore(), trustRemote: false, backends: new DatabaseBackendFactory(storage), maxMessage: 1 << 30 },
  register() {},
  unregister() {},
  cancel() {},
};

/** Sends bytes, resolves with the reply once it ends with ReadyForQuery. */
function exchange(socket, bytes) {
  return new Promise((resolve) => {
    const parts = [];
    socket.onWrite = (b) => {
      parts.push(b);
      if (b.length >= 6 && b[b.length - 6] === 0x5a) resolve(Buffer.concat(parts));
    };
    socket.emit('data', bytes);
  });
}

for (const mode of MODES) {
  const socket = new MemorySocket();
  new Connection(socket, host);
  await exchange(socket, startup({ user: 'postgres', database: 'postgres' }));
  if (mode === 'prepared') await exchange(socket, Buffer.concat([parse, sync]));
  const make = transaction[mode];
  // The reply must carry one row with abalance 0 (DataRow: 1 column, length 1, "0") and end idle.
  const reply = await exchange(socket, make(1));
  if (!reply.includes(Buffer.concat([Buffer.from('D'), i32(11), i16(1), i32(1), Buffer.from('0')])) || reply[reply.length - 1] !== 0x49) {
    throw new Error(`unexpected reply in ${mode} mode: ${reply.toString('hex')}`);
  }
  const requests = Array.from({ length: 1000 }, (_, i) => make(1 + ((i * 7919) % ACCOUNTS)));
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) await exchange(socket, requests[i % requests.length]);
    const c = process.cpuUsage(c0);
    const us = (c.user + c.system) / N;
    best = Math.min(best, us);
    process.stderr.write(`${mode} round ${round + 1}: ${us.toFixed(2)} us CPU per transaction\n`);
  }
  console.log(`-S -M ${mode}: best ${best.toFixed(2)} us CPU per transaction (${ROUNDS} rounds of ${N}, in-process, no sockets)`);
  socket.emit('close');
}
