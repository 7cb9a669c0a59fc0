import { StringDecoder } from 'node:string_decoder';
import { byteChunks, type Source } from './byte-source.js';

/**
 * The UTF-8 text of a source in chunks, with a leading byte-order mark removed.
 * `byteOffset` is where the chunk's first character starts in the file.
 */
export async function* textChunks(source: Source, onBytes?: (bytesRead: number) => void): AsyncGenerator<{ text: string; byteOffset: number }> {
  const decoder = new StringDecoder('utf8');
  let offset = 0;
  let first = true;
  for await (const bytes of byteChunks(source, onBytes)) {
    let text = decoder.write(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
        offset += 3;
      }
    }
    if (text.length === 0) continue;
    yield { text, byteOffset: offset };
    offset += Buffer.byteLength(text, 'utf8');
  }
  const rest = decoder.end();
  if (rest.length > 0) yield { text: rest, byteOffset: offset };
}

/** The byte offset of character `index` of `text`, which starts at `base`. */
export function byteOffsetAt(text: string, index: number, base: number): number {
  return base + Buffer.byteLength(text.slice(0, index), 'utf8');
}
