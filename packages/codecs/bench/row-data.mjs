// Row-like data: PostgreSQL COPY text rows (tab-separated) of a plausible orders table, from a
// seeded generator so every run measures the same bytes.

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Ken', 'Dennis', 'Margaret', 'Linus', 'Guido', 'Bjarne'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Thompson', 'Ritchie', 'Hamilton', 'Torvalds'];
const STATUS = ['pending', 'paid', 'shipped', 'delivered', 'refunded', 'cancelled'];
const WORDS = 'fast fragile gift wrap leave at door call before delivery second floor no signature express'.split(' ');

function prng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

/** `size` bytes of rows, starting at row `firstId`. */
export function rowBlock(size, firstId = 1, seed = 42) {
  const rand = prng(seed + firstId);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const lines = [];
  let length = 0;
  for (let id = firstId; length < size; id++) {
    const first = pick(FIRST), last = pick(LAST);
    const day = 1 + Math.floor(rand() * 28), sec = Math.floor(rand() * 86400);
    const ts = `2024-${String(1 + (id % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')} ` +
      `${String(Math.floor(sec / 3600)).padStart(2, '0')}:${String(Math.floor(sec / 60) % 60).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')}.${String(Math.floor(rand() * 1e6)).padStart(6, '0')}+00`;
    const notes = rand() < 0.6 ? '\\N' : Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(WORDS)).join(' ');
    const line = [id, `${first} ${last}`, `${first.toLowerCase()}.${last.toLowerCase()}${Math.floor(rand() * 1000)}@example.com`,
      ts, (rand() * 1000).toFixed(2), pick(STATUS), rand() < 0.5 ? 't' : 'f', notes,
      uuid(rand)].join('\t') + '\n';
    lines.push(line);
    length += Buffer.byteLength(line);
  }
  return new Uint8Array(Buffer.from(lines.join('')).subarray(0, size));
}

function uuid(rand) {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
