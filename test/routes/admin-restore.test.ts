/**
 * Restore accepts only Volya's own schema: each hostile snapshot is built with better-sqlite3 from a real backup,
 * restored through the API, and nothing of it survives in the live database — no trigger, view or foreign table,
 * the schema a fresh migrated database has, and the app keeps answering.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.js';
import { migrateToLatestOrThrow, migrateToOrThrow } from '../../server/db/migrate.js';
import { bootstrap } from '../../server/bootstrap.js';
import { workFolder } from '../../server/services/backup.js';
import { makeTestApp, tempDir, type TestApp } from '../helpers.js';
import { multipartBody } from './multipart.js';

type Schema = { type: string; name: string; tbl_name: string; sql: string | null }[];

const schemaOf = (sqlite: SQLite.Database): Schema =>
  sqlite.prepare(`select type, name, tbl_name, sql from sqlite_schema where name not like 'sqlite_stat%' order by type, name`).all() as Schema;

/** What the migrations alone produce. */
async function migratedSchema(): Promise<Schema> {
  const fresh = new SQLite(':memory:');
  await migrateToLatestOrThrow(fresh);
  const schema = schemaOf(fresh);
  fresh.close();
  return schema;
}

/** A bomb for CHECK constraints and generated columns: deterministic, and seconds per row when evaluated. */
const SLOW = `length(replace(hex(zeroblob(40000000)), '0', 'ab')) > 0`;

describe('restore of hostile snapshots', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let signedInAtBackup: Record<string, string>;
  let snapshot: Buffer;
  let scratch: string;
  let clean: Schema;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: true });
    h = await t.login();
    signedInAtBackup = h;
    scratch = tempDir('volya-hostile-');
    clean = await migratedSchema();
    // A letter waits in the queue, so the backup holds one: as a real one at an event would.
    const people = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners as { id: number }[];
    expect((await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId: people[0]!.id, text: 'Привет из Торонто!' } })).statusCode).toBe(201);
    const res = await t.app.inject({ url: '/api/admin/backup', headers: h });
    expect(res.statusCode).toBe(200);
    snapshot = res.rawPayload;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  const upload = (bytes: Uint8Array) => {
    const body = multipartBody({ name: 'snapshot.db', bytes, type: 'application/octet-stream' });
    return t.app.inject({ method: 'POST', url: '/api/admin/restore', headers: { ...h, 'content-type': body.contentType }, payload: body.payload });
  };
  const restore = async (bytes: Uint8Array) => {
    // A session of the live database: the one before may have gone with the previous restore.
    h = await t.login();
    return upload(bytes);
  };

  /** A copy of the real backup, changed by `craft` with a plain SQLite connection. */
  let n = 0;
  const hostile = async (craft: (db: SQLite.Database) => unknown): Promise<Buffer> => {
    const file = path.join(scratch, `hostile-${++n}.db`);
    fs.writeFileSync(file, snapshot);
    const db = new SQLite(file);
    db.pragma('foreign_keys = OFF');
    await craft(db);
    db.close();
    return fs.readFileSync(file);
  };

  const live = () => t.database.sqlite;

  /** Everything that must hold after any restore, accepted or refused. */
  const expectNothingSurvives = async () => {
    // Signing in works on whichever database is live now.
    h = await t.login();
    expect(schemaOf(live())).toEqual(clean);
    expect(live().prepare(`select count(*) as n from sqlite_schema where type in ('trigger', 'view')`).get()).toEqual({ n: 0 });
    expect(live().pragma('integrity_check', { simple: true })).toBe('ok');
    // A new letter goes into the queue and nowhere else.
    const people = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners as { id: number }[];
    // sqlite_sequence gains a row with a table's first id ever.
    const tables = schemaOf(live()).filter((o) => o.type === 'table' && o.name !== 'sqlite_sequence').map((o) => o.name);
    const rows = () => Object.fromEntries(tables.map((name) => [name, (live().prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n]));
    const before = rows();
    expect((await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId: people[0]!.id, text: 'Проверка очереди' } })).statusCode).toBe(201);
    expect(rows()).toEqual({ ...before, print_queue: before.print_queue! + 1 });
    // Removing an account removes it and re-creates nothing.
    const accounts = live().prepare(`select username from organizers order by id`).all();
    live().prepare(`insert into organizers (username, password_hash) values ('throwaway', 'x')`).run();
    live().prepare(`delete from organizers where username = 'throwaway'`).run();
    expect(live().prepare(`select username from organizers order by id`).all()).toEqual(accounts);
    // The history keeps what is written to it.
    const audit = (live().prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { surname: 'Аудитов', givenName: 'Иван', birthYear: 1990, status: 'unknown' } })).statusCode).toBe(201);
    expect((live().prepare('select count(*) as n from audit_log').get() as { n: number }).n).toBe(audit + 1);
    // The admin routes answer as before.
    for (const url of ['/api/admin/prisoners', '/api/admin/facilities', '/api/admin/audit', '/api/admin/settings', '/api/admin/backup']) {
      expect((await t.app.inject({ url, headers: h })).statusCode, url).toBe(200);
    }
  };

  const expectRefused = async (bytes: Buffer, reason: RegExp) => {
    const res = await restore(bytes);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'file', message: expect.stringMatching(reason) });
    expect(res.json().message).toContain('the running database was not changed');
    await expectNothingSurvives();
  };

  it('the backup holds the letters waiting in the queue, as the backup page says', async () => {
    const file = path.join(scratch, 'as-downloaded.db');
    fs.writeFileSync(file, snapshot);
    const db = new SQLite(file, { readonly: true });
    expect(JSON.stringify(db.prepare('select content from print_queue').all())).toContain('Привет из Торонто!');
    db.close();
    const en = JSON.parse(fs.readFileSync('public/admin/i18n/en.json', 'utf8'));
    const ru = JSON.parse(fs.readFileSync('public/admin/i18n/ru.json', 'utf8'));
    expect(en['backup.where']).toMatch(/^Letters and postcards waiting in the print queue are in it/);
    expect(ru['backup.where']).toMatch(/^Письма и открытки, ждущие печати в очереди, в ней есть/);
  });

  it('refuses a trigger on the queue that copies every letter into a hidden table', async () => {
    await expectRefused(await hostile((db) => db.exec(`
      create table letters_seen (content text);
      create trigger keep_letters after insert on print_queue begin insert into letters_seen values (new.content); end;
    `)), /table "letters_seen" that Volya did not create/);
    // The trigger alone, without its table of its own, is refused too.
    await expectRefused(await hostile((db) => db.exec(`
      create trigger keep_letters after insert on print_queue begin insert into audit_log (action, entity, after) values ('x', 'y', new.content); end;
    `)), /trigger "keep_letters" that Volya did not create/);
  });

  it('refuses a trigger that re-creates an account when one is removed', async () => {
    await expectRefused(await hostile((db) => db.exec(`
      create trigger backdoor after delete on organizers begin insert into organizers (username, password_hash) values ('backdoor', 'known'); end;
    `)), /trigger "backdoor"/);
  });

  it('refuses a trigger that erases the history', async () => {
    await expectRefused(await hostile((db) => db.exec(`
      create trigger forget after insert on audit_log begin delete from audit_log; end;
    `)), /trigger "forget"/);
  });

  it('refuses the queue turned into a view, a sessions table with other columns, a computed column and an expression index', async () => {
    await expectRefused(await hostile((db) => db.exec(`
      drop table print_queue;
      create view print_queue as select 1 as id;
    `)), /view "print_queue" that Volya did not create/);
    await expectRefused(await hostile((db) => db.exec(`
      drop table sessions;
      create table sessions (token text, who integer);
    `)), /table sessions has other columns than Volya's/);
    await expectRefused(await hostile((db) => db.exec(`alter table settings add column slow integer generated always as (${SLOW}) virtual`)), /computed/);
    await expectRefused(await hostile((db) => db.exec(`
      drop index prisoners_facility;
      create index prisoners_facility on prisoners (lower(surname));
    `)), /index "prisoners_facility" is not one Volya creates/);
  });

  it('restores a sessions table of the same column names but no constraints into Volya\u2019s own sessions table', async () => {
    const res = await restore(await hostile((db) => db.exec(`
      create table loose (token_hash, organizer_id, csrf_token, created_at, expires_at);
      insert into loose select * from sessions;
      drop table sessions;
      alter table loose rename to sessions;
    `)));
    expect(res.statusCode).toBe(200);
    // The sessions came across into Volya's own table: the one signed in when the backup was taken works.
    expect((await t.app.inject({ url: '/api/admin/prisoners', headers: signedInAtBackup })).statusCode).toBe(200);
    await expectNothingSurvives();
  });

  it('copies a table with a slow CHECK constraint without evaluating it, and the constraint is gone', async () => {
    const res = await restore(await hostile((db) => {
      // The bomb is written without being evaluated, as an attacker would.
      db.pragma('ignore_check_constraints = ON');
      db.exec(`
        create table slow_audit (id integer primary key autoincrement, at text, organizer_id integer, organizer_name text,
          action text not null, entity text not null, entity_id integer, before text, after text, check (${SLOW}));
        insert into slow_audit select * from audit_log;
        drop table audit_log;
        alter table slow_audit rename to audit_log;
        create index audit_log_entity on audit_log (entity, entity_id);
      `);
      expect((db.prepare('select count(*) as n from audit_log').get() as { n: number }).n).toBeGreaterThan(5);
    }));
    expect(res.statusCode).toBe(200);
    expect(live().prepare(`select sql from sqlite_schema where name = 'audit_log'`).get()).toEqual({ sql: clean.find((o) => o.name === 'audit_log')!.sql });
    expect(JSON.stringify(schemaOf(live()))).not.toContain('zeroblob');
    await expectNothingSurvives();
  });

  it('refuses rows that break Volya\u2019s own constraints and references', async () => {
    await expectRefused(await hostile((db) => db.exec(`
      create table loose as select * from print_runs;
      drop table print_runs;
      alter table loose rename to print_runs;
      update print_runs set status = 'evil';
      insert into print_runs (id, created_at, status, paper, addressing, envelope_size, pages, parts, manifest) values (999, 'x', 'evil', 'a4', 'none', 'dl', 0, '[]', '[]');
    `)), /a row of table print_runs does not fit Volya's schema \(CHECK constraint failed/);
    await expectRefused(await hostile((db) => db.exec(`update print_queue set prisoner_id = 987654`)), /a row of table print_queue refers to a prisoners row that is not in the snapshot/);
  });

  it('restores a snapshot of an older schema: built at its level, copied, then migrated forward', async () => {
    const older = await hostile(async (db) => {
      db.exec('delete from print_queue');
      await migrateToOrThrow(db, '0001_initial');
      expect(db.prepare('select name from kysely_migration').all()).toEqual([{ name: '0001_initial' }]);
      db.exec(`insert into prisoners (surname, given_name, latin_name, gender, status, search_text) values ('Староверов', 'Иван', 'Staroverov Ivan', 'male', 'unknown', 'староверов иван')`);
    });
    const res = await restore(older);
    expect(res.statusCode).toBe(200);
    expect(live().prepare(`select count(*) as n from prisoners where surname = 'Староверов'`).get()).toEqual({ n: 1 });
    await expectNothingSurvives();
  });

  it('runs one restore at a time; two within one second keep two different files aside', async () => {
    const before = live().prepare('select count(*) as n from prisoners').get();
    h = await t.login();
    const both = await Promise.all([upload(snapshot), upload(snapshot)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const refused = both.find((r) => r.statusCode === 409)!;
    expect(refused.json()).toMatchObject({ field: 'file', message: expect.stringMatching(/another restore is running/) });
    expect(live().prepare('select count(*) as n from prisoners').get()).not.toEqual(before);
    await expectNothingSurvives();

    const first = await restore(snapshot);
    const second = await restore(snapshot);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(first.json().keptAs).not.toBe(second.json().keptAs);
    for (const r of [first, second]) expect(fs.existsSync(path.join(t.dir, r.json().keptAs))).toBe(true);
    // The first kept-aside file is the database as it was before the first restore: with the check letter in it.
    const kept = new SQLite(path.join(t.dir, first.json().keptAs), { readonly: true });
    expect((kept.prepare(`select count(*) as n from prisoners where surname = 'Аудитов'`).get() as { n: number }).n).toBe(1);
    kept.close();
    // Nothing is left of the uploads or the copies in the making.
    expect(fs.readdirSync(workFolder(t.dbPath))).toEqual([]);
  });
});

describe('the swap and the private folder', () => {
  it('a failed swap leaves the previous database live and its file in place', async () => {
    const dir = tempDir('volya-swap-');
    try {
      const file = path.join(dir, 'volya.db');
      const database = openDatabase(file);
      await migrateToLatestOrThrow(database.sqlite);
      database.sqlite.prepare(`insert into settings (key, value) values ('marker', 'before')`).run();
      const next = path.join(dir, 'next.db');
      const other = new SQLite(next);
      other.exec(`create table settings (key text primary key, value text not null); insert into settings values ('marker', 'after')`);
      other.close();
      await expect(database.replaceWith(next, path.join(dir, 'no-such-folder', 'kept.db'))).rejects.toThrow();
      expect(database.sqlite.prepare(`select value from settings where key = 'marker'`).get()).toEqual({ value: 'before' });
      expect(fs.existsSync(next)).toBe(true);
      await database.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('backup copies are made in a private folder beside the database, emptied at start', async () => {
    const t = await makeTestApp({ seedDemo: false });
    try {
      const h = await t.login();
      expect((await t.app.inject({ url: '/api/admin/backup', headers: h })).statusCode).toBe(200);
      const folder = workFolder(t.dbPath);
      expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
      expect(fs.readdirSync(folder)).toEqual([]);
      // What a crash in the middle of a backup leaves behind goes at the next start.
      fs.mkdirSync(path.join(folder, 'backup-crashed'));
      fs.writeFileSync(path.join(folder, 'backup-crashed', 'snapshot.db'), 'queued letters');
      await bootstrap(t.database, { adminUser: 'admin', adminPassword: 'x', seedDemo: false, announce: () => {} });
      expect(fs.existsSync(folder)).toBe(false);
    } finally {
      await t.close();
    }
  });
});
