import { describe, expect, it } from 'vitest';
import * as msg from './backend-messages.js';
import { cstr, int16, int32, message } from '../test-support/wire-builder.js';

describe('backend messages, byte for byte', () => {
  it('authentication requests', () => {
    expect(msg.authenticationOk).toEqual(message('R', int32(0)));
    expect(msg.authenticationCleartextPassword).toEqual(message('R', int32(3)));
    expect(msg.authenticationMd5Password(Buffer.from([1, 2, 3, 4]))).toEqual(message('R', int32(5), Buffer.from([1, 2, 3, 4])));
    expect(msg.authenticationSasl(['SCRAM-SHA-256'])).toEqual(message('R', int32(10), cstr('SCRAM-SHA-256'), Buffer.from([0])));
    expect(msg.authenticationSaslContinue('r=abc,s=xyz,i=4096')).toEqual(message('R', int32(11), Buffer.from('r=abc,s=xyz,i=4096')));
    expect(msg.authenticationSaslFinal('v=sig')).toEqual(message('R', int32(12), Buffer.from('v=sig')));
  });

  it('session messages', () => {
    expect(msg.parameterStatus('TimeZone', 'UTC')).toEqual(message('S', cstr('TimeZone'), cstr('UTC')));
    expect(msg.backendKeyData(7, -2)).toEqual(message('K', int32(7), int32(-2)));
    expect(msg.readyForQuery('E')).toEqual(Buffer.from([0x5a, 0, 0, 0, 5, 0x45]));
  });

  it('writes byte lengths of non-ASCII text, not character counts', () => {
    const tag = msg.commandComplete('SELECT 1');
    expect(tag).toEqual(message('C', cstr('SELECT 1')));
    const row = msg.dataRow([Buffer.from('日本語', 'utf8'), null, Buffer.alloc(0)]);
    expect(row).toEqual(message('D', int16(3), int32(9), Buffer.from('日本語'), int32(-1), int32(0)));
    expect(row.readInt32BE(1)).toBe(4 + 2 + 4 + 9 + 4 + 4);
  });

  it('RowDescription', () => {
    const bytes = msg.rowDescription([{ name: 'ñ', tableOid: 0, columnAttr: 0, dataTypeID: 23, dataTypeSize: 4, typmod: -1, format: 1 }]);
    expect(bytes).toEqual(message('T', int16(1), cstr('ñ'), int32(0), int16(0), int32(23), int16(4), int32(-1), int16(1)));
  });

  it('ParameterDescription writes OIDs above 2^31 as unsigned', () => {
    expect(msg.parameterDescription([23, 0xffffffff])).toEqual(message('t', int16(2), int32(23), int32(-1)));
  });

  it('ErrorResponse and NoticeResponse with every field', () => {
    const f = { severity: 'ERROR', code: '22012', message: 'division by zero', detail: 'd', hint: 'h', position: 9 };
    const body = [
      Buffer.from('S'), cstr('ERROR'), Buffer.from('V'), cstr('ERROR'), Buffer.from('C'), cstr('22012'), Buffer.from('M'), cstr('division by zero'),
      Buffer.from('D'), cstr('d'), Buffer.from('H'), cstr('h'), Buffer.from('P'), cstr('9'), Buffer.from([0]),
    ];
    expect(msg.errorResponse(f)).toEqual(message('E', ...body));
    expect(msg.noticeResponse({ severity: 'WARNING', code: '25P01', message: 'm' })).toEqual(
      message('N', Buffer.from('S'), cstr('WARNING'), Buffer.from('V'), cstr('WARNING'), Buffer.from('C'), cstr('25P01'), Buffer.from('M'), cstr('m'), Buffer.from([0])),
    );
  });

  it('CopyInResponse, CopyOutResponse (text, one format per column) and CopyDone', () => {
    expect(msg.copyInResponse(3)).toEqual(message('G', Buffer.from([0]), int16(3), int16(0), int16(0), int16(0)));
    expect(msg.copyOutResponse(0)).toEqual(message('H', Buffer.from([0]), int16(0)));
    expect(msg.copyDone).toEqual(message('c'));
  });

  it('constant messages', () => {
    expect(msg.parseComplete).toEqual(message('1'));
    expect(msg.bindComplete).toEqual(message('2'));
    expect(msg.closeComplete).toEqual(message('3'));
    expect(msg.noData).toEqual(message('n'));
    expect(msg.portalSuspended).toEqual(message('s'));
    expect(msg.emptyQueryResponse).toEqual(message('I'));
  });
});
