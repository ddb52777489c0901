/** Settings rows: JSON values under keys. Defaults and meaning live in domain/settings.ts. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Every stored setting, its JSON decoded; keys not stored are absent. */
export async function readSettingRows(db: Db): Promise<Record<string, unknown>> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const stored: Record<string, unknown> = {};
  for (const row of rows) stored[row.key] = JSON.parse(row.value);
  return stored;
}

/** Writes the given keys; undefined values are skipped. Validation is the caller's. */
export async function writeSettingRows(db: Db, changes: Record<string, unknown>): Promise<void> {
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    await db
      .insertInto('settings')
      .values({ key, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
      .execute();
  }
}
