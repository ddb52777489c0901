/** Opens the SQLite file with the pragmas Volya relies on and wraps it in Kysely. */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, CompiledQuery, Kysely, SqliteDialect, type DatabaseConnection, type Driver, type SqliteDatabase } from 'kysely';
import type { DB } from './schema.js';

export interface Database {
  db: Kysely<DB>;
  /** The live better-sqlite3 handle (a new one after replaceWith). */
  readonly sqlite: SQLite.Database;
  /** The database file path. */
  readonly file: string;
  /**
   * Swaps the live database for `source`, a database file already built, migrated and validated on the same disk:
   * waits for running queries, closes the current handle, keeps the current file as `keepCurrentAs` (a second name
   * for it, or a copy), renames `source` into place and opens it with the same pragmas. Until that rename the live
   * file is not touched; if anything fails, the previous database is live again. `db` stays the same object, so
   * every holder of it sees the new data.
   */
  replaceWith(source: string, keepCurrentAs: string): Promise<void>;
  close(): Promise<void>;
}

/** Applies the connection pragmas. Exported so a restored snapshot gets the same treatment. */
export function applyPragmas(sqlite: SQLite.Database): void {
  sqlite.pragma('journal_mode = WAL');
  // FULL syncs the WAL on every commit: an acknowledged write survives a power cut, not just a crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  // Deleted rows (queued letters, writers' names) are overwritten with zeros, not left in free pages of the
  // file, its WAL or a backup.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('busy_timeout = 5000');
}

/**
 * Transactions begin IMMEDIATE: they take the write lock first (waiting up to busy_timeout) instead of reading under a
 * snapshot and failing at their first write. The batch thread writes on a connection of its own (a CSV import), and
 * a deferred transaction that read before the import committed would otherwise fail at once with SQLITE_BUSY.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

function openHandle(file: string): SQLite.Database {
  const sqlite = new SQLite(file);
  applyPragmas(sqlite);
  return sqlite;
}

/** The -wal and -shm files SQLite keeps beside a database; none hold data after a clean close. */
function removeCompanions(file: string): void {
  for (const suffix of ['-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

/** A second name for a closed database file; a copy where the disk has no hard links (FAT, exFAT). */
function keepAside(file: string, as: string): void {
  try {
    fs.linkSync(file, as);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw e;
  }
  try {
    fs.copyFileSync(file, as, fs.constants.COPYFILE_EXCL);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') fs.rmSync(as, { force: true });
    throw e;
  }
}

/** Refuses a zero-length database file: opening it would silently start an empty database with a new account. */
function refuseEmptyFile(file: string): void {
  if (file === ':memory:' || !fs.existsSync(file) || fs.statSync(file).size > 0) return;
  throw new Error(
    `${file} is empty (0 bytes), so it holds no Volya data: restore it from a backup, remove it to start afresh, or set VOLYA_DB to a new path`,
  );
}

/** Prepared statements kept per connection; dropped all at once beyond this (search texts are parameters). */
const STATEMENT_CACHE_SIZE = 500;

export function openDatabase(file: string): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  refuseEmptyFile(file);
  let current = openHandle(file);
  // Kysely prepares every query it runs; preparing costs more than running the small queries a request makes, so
  // statements are kept per SQL text (Kysely's SQL is parameterized, so the set is small and bounded).
  let statements = new Map<string, SQLite.Statement>();
  // Kysely holds this delegate, not the handle: a restore can put a new handle behind the same Kysely instance.
  const delegate: SqliteDatabase = {
    prepare: (sql: string) => {
      let stmt = statements.get(sql);
      // A statement still being iterated (Kysely's streaming) cannot run twice at once: that caller gets a fresh one.
      if (stmt?.busy) return current.prepare(sql);
      if (!stmt) {
        stmt = current.prepare(sql);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statements.set(sql, stmt);
      }
      return stmt;
    },
    close: () => current.close(),
  };
  const db = new Kysely<DB>({
    dialect: new ImmediateSqliteDialect({ database: delegate }),
    plugins: [new CamelCasePlugin()],
  });
  return {
    db,
    file,
    get sqlite() {
      return current;
    },
    async replaceWith(source, keepCurrentAs) {
      if (file === ':memory:') throw new Error('an in-memory database cannot be replaced');
      // Holding Kysely's single connection means no query or transaction runs during the swap.
      await db.connection().execute(async () => {
        current.pragma('wal_checkpoint(TRUNCATE)');
        statements = new Map();
        current.close();
        let kept = false;
        let swapped = false;
        try {
          keepAside(file, keepCurrentAs);
          kept = true;
          fs.renameSync(source, file);
          swapped = true;
          removeCompanions(file);
          current = openHandle(file);
        } catch (e) {
          // The previous database goes live again: its own file, or (after a copy) an identical one.
          if (current.open) current.close();
          if (swapped) fs.renameSync(keepCurrentAs, file);
          else if (kept) fs.rmSync(keepCurrentAs);
          current = openHandle(file);
          throw e;
        }
      });
    },
    // Kysely's destroy closes the better-sqlite3 handle too (through the delegate).
    close: () => db.destroy(),
  };
}
