/** A location-free rendering of an AST subtree, to match select-list expressions against GROUP BY items. */
import type { Node } from '../parser/ast.js';

export function fingerprint(node: Node): string {
  return JSON.stringify(node, (key, value) => (key === 'location' ? undefined : value));
}
