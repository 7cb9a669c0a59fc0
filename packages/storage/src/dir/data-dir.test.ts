import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { T } from '@heliosdb/types';
import { Storage } from '../storage.js';
import { tempDir } from '../test-support/backends.js';

describe('data directory', () => {
  it('is created with an identity file carrying a database id, and reopens with the same id and data', async () => {
    const dir = join(tempDir(), 'db');
    const s = Storage.open({ dir, create: true });
    await s.write((tx) => tx.insert(tx.createTable({ name: 't', columns: [{ name: 'x', type: T.text }] }), ['kept']));
    const id = s.databaseId;
    s.close();
    const file = JSON.parse(readFileSync(join(dir, 'heliosdb.json'), 'utf8'));
    expect(file).toMatchObject({ product: 'heliosdb-nano', formatVersion: 1, rowFormat: 1, databaseId: id });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const again = Storage.open({ dir });
    expect(again.databaseId).toBe(id);
    const snap = again.snapshot();
    expect([...snap.scan(snap.table('t'))].map((r) => r.values)).toEqual([['kept']]);
    snap.close();
    again.close();
    expect(Storage.memory().databaseId).not.toBe(Storage.memory().databaseId);
  });

  it('refuses a directory that is not a data directory', () => {
    const dir = tempDir();
    expect(() => Storage.open({ dir })).toThrow(`not a HeliosDB Nano data directory: ${dir} (no heliosdb.json)`);
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    expect(() => Storage.open({ dir, create: true })).toThrow(`cannot create a HeliosDB Nano data directory in ${dir}: it is not empty and has no heliosdb.json`);
    writeFileSync(join(dir, 'heliosdb.json'), JSON.stringify({ product: 'something-else', formatVersion: 1 }));
    expect(() => Storage.open({ dir })).toThrow('(heliosdb.json names product "something-else")');
  });

  it('refuses a directory from a newer format', () => {
    const dir = join(tempDir(), 'db');
    Storage.open({ dir, create: true }).close();
    const file = join(dir, 'heliosdb.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), formatVersion: 3 }));
    expect(() => Storage.open({ dir })).toThrow(`data directory ${dir}: format version 3 is newer than this build supports (1); upgrade heliosdb-nano`);
  });

  it('admits one writer, any number of readers, and takes over a stale lock', async () => {
    const dir = join(tempDir(), 'db');
    const w = Storage.open({ dir, create: true });
    expect(() => Storage.open({ dir })).toThrow(`data directory ${dir} is locked by another writer (pid ${process.pid})`);
    const r1 = Storage.open({ dir, readOnly: true });
    const r2 = Storage.open({ dir, readOnly: true });
    await expect(r1.beginWrite()).rejects.toThrow('cannot execute a write (the storage is open read-only) in a read-only transaction');
    r1.close();
    r2.close();
    w.close();
    // A lock left by a process that no longer exists.
    const child = spawn(process.execPath, ['-e', '']);
    const deadPid = child.pid!;
    await new Promise((r) => child.on('exit', r));
    writeFileSync(join(dir, 'writer.lock'), `${deadPid}\n`);
    const taken = Storage.open({ dir });
    expect(readFileSync(join(dir, 'writer.lock'), 'utf8').trim()).toBe(String(process.pid));
    taken.close();
  });

  it('is not created half-way: without the identity file it is refused, and create starts it over', () => {
    const dir = join(tempDir(), 'db');
    mkdirSync(join(dir, 'lmdb'), { recursive: true });
    writeFileSync(join(dir, 'lmdb', 'data.mdb'), 'left by an interrupted creation');
    expect(() => Storage.open({ dir })).toThrow('no heliosdb.json');
    expect(() => Storage.open({ dir, readOnly: true })).toThrow('no heliosdb.json');
    const s = Storage.open({ dir, create: true });
    expect(s.lsn).toBe(0n);
    s.close();
    expect(existsSync(join(dir, 'writer.lock'))).toBe(false);
  });
});
