import { describe, expect, it } from 'vitest';
import { ScramError, ScramServer, formatScramVerifier, parseScramVerifier, scramVerifier } from './scram.js';
import { checkMd5Response, md5Stored } from './md5.js';
import { createHash } from 'node:crypto';

// RFC 7677 section 3: user "user", password "pencil".
const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
const clientFirst = 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO';
const serverNonce = '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
const clientFinal = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const serverFinal = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

describe('SCRAM-SHA-256 server', () => {
  it('runs the RFC 7677 example exchange exactly', () => {
    const server = new ScramServer(scramVerifier('pencil', salt, 4096), serverNonce);
    expect(server.firstMessage(clientFirst)).toBe(serverFirst);
    expect(server.finalMessage(clientFinal)).toBe(serverFinal);
  });

  it('rejects a wrong password with 28P01', () => {
    const server = new ScramServer(scramVerifier('pencil2', salt, 4096), serverNonce);
    server.firstMessage(clientFirst);
    expect(() => server.finalMessage(clientFinal)).toThrow(expect.objectContaining({ code: '28P01' }));
  });

  it('fails an unknown user only at the end, after a normal-looking first reply', () => {
    const server = new ScramServer(undefined, serverNonce);
    expect(server.firstMessage(clientFirst)).toMatch(/^r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj\)hNlF\$k0,s=[A-Za-z0-9+/=]+,i=4096$/);
    expect(() => server.finalMessage(clientFinal)).toThrow(ScramError);
  });

  it('rejects a tampered nonce, a wrong channel binding and malformed messages with 08P01', () => {
    const mk = (): ScramServer => {
      const s = new ScramServer(scramVerifier('pencil', salt, 4096), serverNonce);
      s.firstMessage(clientFirst);
      return s;
    };
    expect(() => mk().finalMessage(clientFinal.replace('r=rOpr', 'r=XOpr'))).toThrow(expect.objectContaining({ code: '08P01' }));
    expect(() => mk().finalMessage(clientFinal.replace('c=biws', 'c=eSws'))).toThrow(expect.objectContaining({ code: '08P01' }));
    expect(() => mk().finalMessage('garbage')).toThrow(expect.objectContaining({ code: '08P01' }));
    for (const bad of ['', 'x,,n=,r=a', 'n,,', 'n,,n=user', 'p=tls-server-end-point,,n=,r=abc', 'n,a=admin,n=,r=abc']) {
      expect(() => new ScramServer(undefined).firstMessage(bad)).toThrow(ScramError);
    }
  });

  it('round-trips PostgreSQL verifier text', () => {
    const v = scramVerifier('pencil', salt, 4096);
    const text = formatScramVerifier(v);
    expect(text).toBe('SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$' + v.storedKey.toString('base64') + ':' + v.serverKey.toString('base64'));
    expect(parseScramVerifier(text)).toEqual(v);
    expect(parseScramVerifier('md5abc')).toBeUndefined();
  });
});

describe('md5 passwords', () => {
  it('stores md5(password + user) and checks md5(stored + salt)', () => {
    const stored = md5Stored('alice', 'secret');
    expect(stored).toBe('md5' + createHash('md5').update('secretalice').digest('hex'));
    const salt = Buffer.from([9, 8, 7, 6]);
    const response = 'md5' + createHash('md5').update(Buffer.concat([Buffer.from(stored.slice(3)), salt])).digest('hex');
    expect(checkMd5Response(stored, salt, response)).toBe(true);
    expect(checkMd5Response(stored, Buffer.from([9, 8, 7, 5]), response)).toBe(false);
    expect(checkMd5Response(stored, salt, 'md5')).toBe(false);
  });
});
