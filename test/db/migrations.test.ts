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

  it('connects with WAL, foreign keys, a busy timeout and full sync', async () => {
    database = openDatabase(path.join(tempDir(), 'p.db'));
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(database.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(database.sqlite.pragma('synchronous', { simple: true })).toBe(2);
  });
});
