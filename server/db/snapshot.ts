/**
 * A logical restore: the uploaded snapshot is opened read-only and never trusted. Volya builds a new database file
 * through its own migrations and copies across only the columns its own schema has, read with plain SELECTs, so no
 * trigger, view, foreign table, changed column or constraint of the upload survives or runs.
 */
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { DomainError } from '../model/errors.js';
import { knownMigrations, migrateToLatestOrThrow, migrateToOrThrow } from './migrate.js';

const SQLITE_HEADER = 'SQLite format 3\0';
const MIGRATION_TABLE = 'kysely_migration';
/** Kysely's bookkeeping: the new database has its own rows, written by its migrations. */
const NOT_COPIED = new Set([MIGRATION_TABLE, 'kysely_migration_lock']);
/** Tables SQLite itself keeps; only sqlite_sequence is carried over, by value. */
const SQLITE_TABLES = new Set(['sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4']);
/** Rows copied between two yields to the event loop, so a large snapshot does not stall other requests. */
const COPY_CHUNK = 2000;

function refuse(reason: string): never {
  throw new DomainError('invalid', `file: ${reason}; the running database was not changed`, 'file');
}

/** A name from the upload, cut short for a message. */
function short(name: string): string {
  return name.length > 60 ? `${name.slice(0, 60)}…` : name;
}

function shown(name: string): string {
  return JSON.stringify(short(name));
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export interface SnapshotInfo {
  migrations: string[];
  prisoners: number;
  organizers: number;
}

interface SchemaObject {
  type: string;
  name: string;
  tblName: string;
  sql: string | null;
}

function schemaOf(sqlite: SQLite.Database): SchemaObject[] {
  return sqlite.prepare('select type, name, tbl_name as tblName, sql from sqlite_schema').all() as SchemaObject[];
}

/** Column names of a table, as its own schema declares them. */
function columnsOf(sqlite: SQLite.Database, table: string): string[] {
  return (sqlite.prepare(`select name from pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
}

/**
 * The new database's ordinary tables, in creation order. Virtual tables and their shadow tables are left out: the
 * new database's own triggers fill them as rows arrive, and the upload's are never read.
 */
function ordinaryTables(fresh: SQLite.Database): string[] {
  const ordinary = new Set((fresh.prepare(`select name from pragma_table_list where schema = 'main' and type = 'table'`).all() as { name: string }[]).map((t) => t.name));
  return schemaOf(fresh).filter((o) => o.type === 'table' && ordinary.has(o.name) && !SQLITE_TABLES.has(o.name)).map((o) => o.name);
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Checks the upload's schema without running any of it: only ordinary tables with ordinary columns, only objects
 * the migrations create at the snapshot's level, indexes on plain columns. Anything Volya did not create is refused.
 */
function checkSchema(upload: SQLite.Database, uploaded: SchemaObject[], fresh: SQLite.Database): void {
  const expected = schemaOf(fresh);
  const wanted = new Map(expected.map((o) => [o.name, o]));
  const tables = new Set(expected.filter((o) => o.type === 'table').map((o) => o.name));
  for (const o of uploaded) {
    const internal = (o.type === 'table' && SQLITE_TABLES.has(o.name)) || (o.type === 'index' && o.sql === null && o.name.startsWith('sqlite_autoindex_') && tables.has(o.tblName));
    if (internal) continue;
    const mine = wanted.get(o.name);
    if (!mine || mine.type !== o.type || mine.tblName !== o.tblName) refuse(`the snapshot contains a ${o.type} ${shown(o.name)} that Volya did not create`);
  }
  for (const table of ordinaryTables(fresh)) {
    const names = plainColumns(upload, uploaded, table).join(', ');
    if (names !== columnsOf(fresh, table).sort().join(', ')) refuse(`table ${table} has other columns than Volya's (${short(names)})`);
  }
  for (const index of uploaded.filter((o) => o.type === 'index')) {
    const partial = (upload.prepare(`select partial from pragma_index_list(?) where name = ?`).get(index.tblName, index.name) as { partial: number } | undefined)?.partial;
    const expression = upload.prepare(`select 1 from pragma_index_xinfo(?) where key = 1 and cid = -2`).get(index.name);
    // Volya's own partial or expression indexes are allowed as its migrations write them, to the letter.
    if ((partial || expression) && index.sql !== wanted.get(index.name)?.sql) refuse(`the index ${shown(index.name)} is not one Volya creates`);
  }
}

/**
 * The sorted column names of an upload's table, once it is known to be safe to read: an ordinary table (a virtual
 * one would load a module when touched) without computed columns (reading one would run the upload's expression).
 */
function plainColumns(upload: SQLite.Database, uploaded: SchemaObject[], table: string): string[] {
  const o = uploaded.find((u) => u.name === table && u.type === 'table');
  if (!o) refuse(`this is a SQLite file but not a Volya database (no ${table} table)`);
  if (!/^CREATE TABLE /i.test(o.sql ?? '')) refuse(`table ${shown(table)} is not an ordinary table`);
  const columns = upload.prepare('select name, hidden from pragma_table_xinfo(?)').all(table) as { name: string; hidden: number }[];
  const computed = columns.find((c) => c.hidden !== 0);
  if (computed) refuse(`the column ${shown(computed.name)} of table ${table} is computed, which Volya never does`);
  return columns.map((c) => c.name).sort();
}

/** The snapshot's migrations: a run of Volya's own, from the first, none newer than this version knows. */
function migrationsOf(upload: SQLite.Database, uploaded: SchemaObject[]): string[] {
  if (!plainColumns(upload, uploaded, MIGRATION_TABLE).includes('name')) refuse(`table ${MIGRATION_TABLE} is not one Volya creates`);
  const migrations = (upload.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as { name: unknown }[]).map((r) => String(r.name));
  const unknown = migrations.filter((m) => !knownMigrations.includes(m));
  if (unknown.length) refuse(`the snapshot comes from a newer version of Volya (schema ${short(unknown.at(-1)!)}); update Volya first`);
  if (migrations.length === 0 || migrations.some((m, i) => m !== knownMigrations[i])) {
    refuse('the schema migrations recorded in the snapshot are not a sequence Volya ever wrote');
  }
  return migrations;
}

/** Copies the known columns of every table of `fresh` from the upload, in one transaction. */
async function copyRows(upload: SQLite.Database, fresh: SQLite.Database, uploaded: SchemaObject[]): Promise<void> {
  const tables = ordinaryTables(fresh).filter((name) => !NOT_COPIED.has(name));
  fresh.exec('begin immediate');
  try {
    for (const table of tables) {
      // The new database's own columns: whatever the upload declares beyond them is left behind.
      const columns = columnsOf(fresh, table);
      const list = columns.map(quoted).join(', ');
      const read = upload.prepare(`select ${list} from ${quoted(table)}`).raw(true).safeIntegers(true);
      const write = fresh.prepare(`insert into ${quoted(table)} (${list}) values (${columns.map(() => '?').join(', ')})`);
      // Rows a migration seeded (the default route, the postal status) give way to the snapshot's own.
      fresh.prepare(`delete from ${quoted(table)}`).run();
      let n = 0;
      for (const row of read.iterate() as IterableIterator<unknown[]>) {
        try {
          write.run(row);
        } catch (e) {
          refuse(`a row of table ${table} does not fit Volya's schema (${(e as Error).message})`);
        }
        if (++n % COPY_CHUNK === 0) await tick();
      }
      await tick();
    }
    // Ids handed out before stay used: a removed person's id must not come back as someone else's.
    if (uploaded.some((o) => o.name === 'sqlite_sequence' && o.type === 'table')) {
      if (plainColumns(upload, uploaded, 'sqlite_sequence').join() !== 'name,seq') refuse('table sqlite_sequence is not SQLite\'s own');
      const sequences = upload.prepare('select name, seq from sqlite_sequence').safeIntegers(true).all() as { name: unknown; seq: unknown }[];
      const add = fresh.prepare('insert into sqlite_sequence (name, seq) select ?, 0 where not exists (select 1 from sqlite_sequence where name = ?)');
      const raise = fresh.prepare('update sqlite_sequence set seq = max(seq, ?) where name = ?');
      for (const { name, seq } of sequences) {
        if (typeof name !== 'string' || !tables.includes(name) || typeof seq !== 'bigint') continue;
        add.run(name, name);
        raise.run(seq, name);
      }
    }
    // Columns the new database's triggers keep: the copied rows fired them on top of the copied values, so they are
    // counted again from what was copied.
    if (columnsOf(fresh, 'prisoners').includes('printed_count')) {
      fresh.exec(`update prisoners set
        printed_count = (select count(*) from printed_items pi where pi.prisoner_id = prisoners.id),
        last_printed_at = (select max(printed_at) from printed_items pi where pi.prisoner_id = prisoners.id)`);
    }
    const dangling = fresh.prepare('select "table", parent from pragma_foreign_key_check').get() as { table: string; parent: string } | undefined;
    if (dangling) refuse(`a row of table ${dangling.table} refers to a ${dangling.parent} row that is not in the snapshot`);
    fresh.exec('commit');
  } catch (e) {
    if (fresh.inTransaction) fresh.exec('rollback');
    throw e;
  }
}

/**
 * Builds the new database file `target` (it must not exist) from the snapshot `source`: checks, copies, migrates to
 * the latest schema and validates it. The snapshot is only read. Refusals are DomainErrors naming `file`.
 */
export async function buildFromSnapshot(source: string, target: string): Promise<SnapshotInfo> {
  const fd = fs.openSync(source, 'r');
  const head = Buffer.alloc(16);
  fs.readSync(fd, head, 0, 16, 0);
  fs.closeSync(fd);
  if (head.toString('latin1') !== SQLITE_HEADER) refuse('this is not a SQLite database file');
  let upload: SQLite.Database | undefined;
  let fresh: SQLite.Database | undefined;
  try {
    upload = new SQLite(source, { readonly: true, fileMustExist: true });
    // Functions with side effects may not run from the upload's schema, whatever else slips through.
    upload.pragma('trusted_schema = OFF');
    const uploaded = schemaOf(upload);
    const migrations = migrationsOf(upload, uploaded);

    fresh = new SQLite(target);
    fresh.pragma('journal_mode = DELETE');
    fresh.pragma('synchronous = FULL');
    fresh.pragma('secure_delete = ON');
    await migrateToOrThrow(fresh, migrations.at(-1)!);
    checkSchema(upload, uploaded, fresh);

    // The upload's own CHECK constraints are never evaluated: its rows meet the new database's constraints instead.
    upload.pragma('ignore_check_constraints = ON');
    const integrity = upload.pragma('integrity_check(3)') as { integrity_check: string }[];
    if (integrity[0]?.integrity_check !== 'ok') {
      refuse(`the database is damaged (integrity check: ${integrity.map((r) => r.integrity_check).join('; ')})`);
    }

    // Rows arrive table by table; the references are checked once all are in.
    fresh.pragma('foreign_keys = OFF');
    await copyRows(upload, fresh, uploaded);
    fresh.pragma('foreign_keys = ON');
    await migrateToLatestOrThrow(fresh);

    const count = (table: string) => (fresh!.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    if ((fresh.pragma('integrity_check', { simple: true }) as string) !== 'ok') refuse('the restored copy did not pass its integrity check');
    const organizers = count('organizers');
    if (organizers === 0) refuse('the snapshot has no organizer account, so nobody could sign in after restoring it');
    return { migrations, prisoners: count('prisoners'), organizers };
  } catch (e) {
    if (e instanceof DomainError) throw e;
    // SQLITE_CORRUPT, SQLITE_NOTADB and friends: a truncated or overwritten file.
    return refuse(`the database cannot be read (${(e as Error).message}); it may be truncated or damaged`);
  } finally {
    upload?.close();
    fresh?.close();
  }
}
