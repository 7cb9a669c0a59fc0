import { type JsonNode, normalizeJsonb, parseJsonTree } from './json.js';
import { compareCodePoints } from './character.js';
import { compareDecimal, parseDecimal } from '../numeric/decimal.js';

/**
 * jsonb's btree order (compareJsonbContainers): by kind Null < String < Number < Boolean <
 * Array < Object, a top-level scalar ranked as a one-element array (after []); arrays by element count, objects by
 * pair count, then element by element (object keys and values in jsonb storage order).
 */
export function compareJsonb(a: string, b: string): number {
  if (a === b) return 0;
  const x = normalizeJsonb(parseJsonTree(a));
  const y = normalizeJsonb(parseJsonTree(b));
  const xs = x.kind !== 'array' && x.kind !== 'object';
  const ys = y.kind !== 'array' && y.kind !== 'object';
  // A top-level scalar is stored as a one-element "raw scalar" array: against an array, the
  // element count decides first (so [] sorts before every scalar), then the scalar goes first.
  if ((xs || x.kind === 'array') && (ys || y.kind === 'array')) {
    const nx = xs ? 1 : (x as { items: readonly JsonNode[] }).items.length;
    const ny = ys ? 1 : (y as { items: readonly JsonNode[] }).items.length;
    if (nx !== ny) return nx < ny ? -1 : 1;
    if (xs !== ys) return xs ? -1 : 1;
  }
  return compareNodes(x, y);
}

function rank(n: JsonNode): number {
  switch (n.kind) {
    case 'literal':
      return n.text === 'null' ? 0 : 3;
    case 'string':
      return 1;
    case 'number':
      return 2;
    case 'array':
      return 4;
    case 'object':
      return 5;
  }
}

function compareNodes(x: JsonNode, y: JsonNode): number {
  const rx = rank(x);
  const ry = rank(y);
  if (rx !== ry) return rx < ry ? -1 : 1;
  switch (x.kind) {
    case 'literal': {
      const yt = (y as typeof x).text;
      return x.text === yt ? 0 : x.text === 'false' ? -1 : 1;
    }
    case 'string':
      return compareCodePoints(x.value, (y as typeof x).value);
    case 'number':
      return compareDecimal(parseDecimal(x.text), parseDecimal((y as typeof x).text));
    case 'array': {
      const yi = (y as typeof x).items;
      if (x.items.length !== yi.length) return x.items.length < yi.length ? -1 : 1;
      for (let i = 0; i < yi.length; i++) {
        const c = compareNodes(x.items[i]!, yi[i]!);
        if (c !== 0) return c;
      }
      return 0;
    }
    case 'object': {
      const ye = (y as typeof x).entries;
      if (x.entries.length !== ye.length) return x.entries.length < ye.length ? -1 : 1;
      for (let i = 0; i < ye.length; i++) {
        const [kx, vx] = x.entries[i]!;
        const [ky, vy] = ye[i]!;
        const ck = compareCodePoints(kx, ky);
        if (ck !== 0) return ck;
        const cv = compareNodes(vx, vy);
        if (cv !== 0) return cv;
      }
      return 0;
    }
  }
}
