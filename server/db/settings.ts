/** Settings rows: JSON values under keys. Defaults and meaning live in domain/settings.ts. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Every stored setting, its JSON decoded; keys not stored are absent. */
export async function readSettingRows(db: Db): Promise<Record<string, unknown>> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const stored: Record<string, unknown> = {};
  for (const row of rows) stored[row.key] = JSON.parse(row.value);
  return stored;
}

/** The settings version at which each stored key last changed. */
export async function readSettingVersions(db: Db): Promise<Record<string, number>> {
  const rows = await db.selectFrom('settings').select(['key', 'version']).execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.version]));
}

/** The settings' version: the highest of the keys' (1 before any key changed). */
export async function readSettingsVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('settings').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
  return Number(row?.v ?? 1) || 1;
}

/**
 * Writes the given keys, each stamped in its own statement with the next settings version; undefined values are
 * skipped. Validation is the caller's.
 */
export async function writeSettingRows(db: Db, changes: Record<string, unknown>): Promise<void> {
  const next = sql<number>`(select coalesce(max(version), 1) + 1 from settings)`;
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    await db
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value), version: next })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), version: eb.ref('excluded.version') })))
      .execute();
  }
}
