import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';
import { multipartBody } from './multipart.js';

describe('backup and restore', () => {
  let t: TestApp;
  let h: Record<string, string>;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: true });
    h = await t.login();
  });
  afterAll(() => t.close());

  const backup = async () => {
    const res = await t.app.inject({ url: '/api/admin/backup', headers: h });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="volya-backup-.*\.db"/);
    return res.rawPayload;
  };
  const restore = (bytes: Uint8Array, name = 'snapshot.db') => {
    const body = multipartBody({ name, bytes, type: 'application/octet-stream' });
    return t.app.inject({ method: 'POST', url: '/api/admin/restore', headers: { ...h, 'content-type': body.contentType }, payload: body.payload });
  };
  const surnames = async () => (await t.app.inject({ url: '/api/admin/prisoners', headers: h })).json().prisoners.map((p: { surname: string }) => p.surname);
  const addPerson = (surname: string) =>
    t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { surname, givenName: 'Иван', birthYear: 1990, status: 'unknown' } });

  it('round trip: backup, a write, restore — the write is gone, the old database is kept aside, the app keeps working', async () => {
    const snapshot = await backup();
    expect(snapshot.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    const downloads = (await t.app.inject({ url: '/api/admin/audit?entity=database', headers: h })).json().entries;
    expect(downloads[0]).toMatchObject({ action: 'backup', organizerName: 'admin' });
    const before = await surnames();
    expect((await addPerson('Послебэкапов')).statusCode).toBe(201);
    expect(await surnames()).toContain('Послебэкапов');

    const res = await restore(snapshot);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.stillSignedIn).toBe(true);
    expect(await surnames()).toEqual(before);
    // The replaced database sits beside the live one, with the write in it.
    const kept = path.join(t.dir, body.keptAs);
    expect(body.keptAs).toMatch(/^volya-before-restore-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-[0-9a-f]{8}\.db$/);
    const old = new SQLite(kept, { readonly: true });
    expect(old.prepare(`select count(*) as n from prisoners where surname = 'Послебэкапов'`).get()).toEqual({ n: 1 });
    old.close();
    // Writes go to the restored database, through the same app.db, with its pragmas.
    expect((await addPerson('Послерестору')).statusCode).toBe(201);
    expect(t.database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(t.database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const audit = (await t.app.inject({ url: '/api/admin/audit?entity=database', headers: h })).json().entries;
    expect(audit[0]).toMatchObject({ action: 'restore', organizerName: 'admin', after: { keptAs: body.keptAs } });
  });

  it('forgets the runs built in memory from the replaced database', async () => {
    const snapshot = await backup();
    const people = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners as { id: number }[];
    expect((await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId: people[0]!.id, text: 'Привет из Торонто!' } })).statusCode).toBe(201);
    const run = await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} });
    expect(run.statusCode).toBe(201);
    expect(t.app.runCache.get(run.json().id)).toBeDefined();
    expect((await restore(snapshot)).statusCode).toBe(200);
    expect(t.app.runCache.get(run.json().id)).toBeUndefined();
  });

  it('refuses a non-SQLite file, a truncated snapshot and a snapshot from a newer schema; the running database is untouched', async () => {
    const snapshot = await backup();
    const expectRefused = async (bytes: Uint8Array, reason: RegExp) => {
      const before = await surnames();
      const filesBefore = fs.readdirSync(t.dir).sort();
      const res = await restore(bytes);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ field: 'file', message: expect.stringMatching(reason) });
      expect(res.json().message).toContain('the running database was not changed');
      expect(await surnames()).toEqual(before);
      expect(fs.readdirSync(t.dir).sort()).toEqual(filesBefore);
      expect((await addPerson('Проверкин')).statusCode).toBe(201);
      await t.database.db.deleteFrom('prisoners').where('surname', '=', 'Проверкин').execute();
    };
    await expectRefused(Buffer.from('surname;givenName\nИванов;Иван\n'), /not a SQLite database/);
    await expectRefused(snapshot.subarray(0, Math.floor(snapshot.length / 2)), /damaged|cannot be read/);

    const newer = path.join(t.dir, '..', `newer-${path.basename(t.dir)}.db`);
    fs.writeFileSync(newer, snapshot);
    const db = new SQLite(newer);
    db.prepare(`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`).run();
    db.close();
    const newerBytes = fs.readFileSync(newer);
    fs.rmSync(newer);
    await expectRefused(newerBytes, /newer version of Volya \(schema 9999_from_the_future\)/);

    const other = path.join(t.dir, '..', `other-${path.basename(t.dir)}.db`);
    const o = new SQLite(other);
    o.exec('create table notes (id integer primary key, text text)');
    o.close();
    const otherBytes = fs.readFileSync(other);
    fs.rmSync(other);
    await expectRefused(otherBytes, /not a Volya database/);
  });
});
