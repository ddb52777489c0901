import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/connect.js';
import { knownMigrations, migrateToLatestOrThrow, migrateToOrThrow } from '../../server/db/migrate.js';
import { tempDir } from '../helpers.js';

function tables(db: Database): string[] {
  return db.sqlite
    .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`)
    .all()
    .map((r) => (r as { name: string }).name);
}

describe('migrations', () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  it('go up, all the way down and up again on a real file', async () => {
    database = openDatabase(path.join(tempDir(), 'm.db'));
    expect(await migrateToLatestOrThrow(database.sqlite)).toEqual(knownMigrations);
    expect(tables(database)).toEqual(
      expect.arrayContaining(['audit_log', 'facilities', 'organizers', 'printed_items', 'prisoners', 'sessions', 'settings']),
    );
    await migrateToOrThrow(database.sqlite, 'none');
    expect(tables(database)).toEqual([]);
    await migrateToLatestOrThrow(database.sqlite);
    expect(tables(database)).toContain('prisoners');
    // A second run has nothing to do.
    expect(await migrateToLatestOrThrow(database.sqlite)).toEqual([]);
  });

  it('0004_search rebuilds the search text of existing people, counts their printed items and keeps both up to date', async () => {
    database = openDatabase(path.join(tempDir(), 's.db'));
    await migrateToOrThrow(database.sqlite, '0002_print_queue');
    const s = database.sqlite;
    // A person as the earlier search text had them: Cyrillic, Wikipedia and ICAO only.
    s.prepare(`insert into prisoners (surname, given_name, latin_name, gender, status, search_text)
      values ('Щукин', 'Артём', 'Artyom Shchukin', 'male', 'colony', 'щукин артем | artyom shchukin | artem shchukin')`).run();
    s.prepare(`insert into printed_items (prisoner_id, kind, language, printed_at) values (1, 'letter', 'ru', '2026-01-02T00:00:00.000Z'), (1, 'postcard', 'ru', '2026-03-04T00:00:00.000Z')`).run();
    await migrateToLatestOrThrow(s);
    const row = s.prepare('select search_text, printed_count, last_printed_at from prisoners where id = 1').get() as { search_text: string; printed_count: number; last_printed_at: string };
    expect(row.search_text.split(' ')).toEqual(expect.arrayContaining(['щукин', 'артем', 'shchukin', 'schukin', 'ščukin', 'artyom', 'artem']));
    expect([row.printed_count, row.last_printed_at]).toEqual([2, '2026-03-04T00:00:00.000Z']);
    const match = (q: string) => s.prepare('select rowid from prisoners_fts where prisoners_fts match ?').all(q).length;
    expect(match('"scukin"* "art"*')).toBe(1);
    // Kept by triggers from here on: a deleted item, a changed name.
    s.prepare(`delete from printed_items where kind = 'postcard'`).run();
    s.prepare(`update prisoners set search_text = 'иванов' where id = 1`).run();
    expect(s.prepare('select printed_count, last_printed_at from prisoners where id = 1').get()).toEqual({ printed_count: 1, last_printed_at: '2026-01-02T00:00:00.000Z' });
    expect([match('"scukin"*'), match('"иван"*')]).toEqual([0, 1]);
  });

  it('connects with WAL, foreign keys, a busy timeout and full sync', async () => {
    database = openDatabase(path.join(tempDir(), 'p.db'));
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(database.sqlite.pragma('synchronous', { simple: true })).toBe(2);
  });
});
