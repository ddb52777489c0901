/** Checks that a file is a whole, healthy Volya database this version can open, before it replaces the live one. */
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { DomainError } from '../model/errors.js';
import { knownMigrations } from './migrate.js';

const SQLITE_HEADER = 'SQLite format 3\0';
const VOLYA_TABLES = ['kysely_migration', 'prisoners', 'facilities', 'organizers', 'audit_log', 'settings'];

function refuse(reason: string): never {
  throw new DomainError('invalid', `file: ${reason}; the running database was not changed`, 'file');
}

export interface SnapshotInfo {
  migrations: string[];
  prisoners: number;
  organizers: number;
}

export function validateSnapshot(file: string): SnapshotInfo {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(16);
  fs.readSync(fd, head, 0, 16, 0);
  fs.closeSync(fd);
  if (head.toString('latin1') !== SQLITE_HEADER) refuse('this is not a SQLite database file');
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(file, { fileMustExist: true });
    const integrity = sqlite.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    if (integrity[0]?.integrity_check !== 'ok') {
      refuse(`the database is damaged (integrity check: ${integrity.slice(0, 3).map((r) => r.integrity_check).join('; ')})`);
    }
    const tables = new Set(
      (sqlite.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map((r) => r.name),
    );
    const missing = VOLYA_TABLES.filter((t) => !tables.has(t));
    if (missing.length) refuse(`this is a SQLite file but not a Volya database (no ${missing.join(', ')} table)`);
    const migrations = (sqlite.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name);
    const unknown = migrations.filter((m) => !knownMigrations.includes(m));
    if (unknown.length) refuse(`the snapshot comes from a newer version of Volya (schema ${unknown.at(-1)}); update Volya first`);
    const count = (table: string) => (sqlite!.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    const organizers = count('organizers');
    if (organizers === 0) refuse('the snapshot has no organizer account, so nobody could sign in after restoring it');
    return { migrations, prisoners: count('prisoners'), organizers };
  } catch (e) {
    if (e instanceof DomainError) throw e;
    // SQLITE_CORRUPT, SQLITE_NOTADB and friends: a truncated or overwritten file.
    return refuse(`the database cannot be read (${(e as Error).message}); it may be truncated or damaged`);
  } finally {
    sqlite?.close();
  }
}
