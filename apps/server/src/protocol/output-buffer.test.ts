import { describe, expect, it } from 'vitest';
import { OutputBuffer } from './output-buffer.js';
import { cstr, int16, int32, message } from '../test-support/wire-builder.js';

describe('OutputBuffer', () => {
  it('builds messages in place, back to back, with byte lengths of non-ASCII text', () => {
    const out = new OutputBuffer(8);
    out.append(message('1'));
    out.begin(0x44).int16(3).text('日本語').int32(-1).text('').end();
    out.begin(0x43).cstring('SELECT 1').end();
    out.begin(0x5a).byte(0x49).end();
    expect(out.take()).toEqual(
      Buffer.concat([message('1'), message('D', int16(3), int32(9), Buffer.from('日本語'), int32(-1), int32(0)), message('C', cstr('SELECT 1')), message('Z', Buffer.from('I'))]),
    );
    expect(out.length).toBe(0);
  });

  it('grows past its initial size, keeps what it has, and starts over after take()', () => {
    const out = new OutputBuffer(16);
    const long = 'x'.repeat(100) + 'é'.repeat(50) + 'y'.repeat(30);
    out.begin(0x44).int16(1).text(long).end();
    const first = out.take();
    expect(first).toEqual(message('D', int16(1), int32(Buffer.byteLength(long)), Buffer.from(long)));
    out.begin(0x43).cstring('a').end();
    expect(out.take()).toEqual(message('C', cstr('a')));
  });
});
