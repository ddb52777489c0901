/** Runs the static migration registry against an open database. */
import { Kysely, Migrator, NO_MIGRATIONS, SqliteDialect, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type SQLite from 'better-sqlite3';
import { migrations } from '../../migrations/index.js';

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Names of all known migrations, newest last: the schema version a snapshot must not exceed. */
export const knownMigrations = Object.keys(migrations).sort();

function migratorFor(sqlite: SQLite.Database): { migrator: Migrator; db: Kysely<any> } {
  // A plugin-free Kysely: migrations speak snake_case SQL and must not depend on app-level plugins.
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { migrator: new Migrator({ db, provider }), db };
}

function check(result: MigrationResultSet): void {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const detail = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${detail}`);
  }
}

export async function migrateToLatestOrThrow(sqlite: SQLite.Database): Promise<string[]> {
  const { migrator } = migratorFor(sqlite);
  const result = await migrator.migrateToLatest();
  check(result);
  return (result.results ?? []).map((r) => r.migrationName);
}

export async function migrateDownOrThrow(sqlite: SQLite.Database): Promise<string[]> {
  const { migrator } = migratorFor(sqlite);
  const result = await migrator.migrateDown();
  check(result);
  return (result.results ?? []).map((r) => r.migrationName);
}

export async function migrateToOrThrow(sqlite: SQLite.Database, target: string | 'none'): Promise<void> {
  const { migrator } = migratorFor(sqlite);
  check(await migrator.migrateTo(target === 'none' ? NO_MIGRATIONS : target));
}
