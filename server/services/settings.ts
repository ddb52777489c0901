/** Reading and changing the organizers' settings; every change audited. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { readSettingRows, readSettingsVersion, readSettingVersions, writeSettingRows } from '../db/settings.js';
import { recordAudit, type Actor } from '../db/audit.js';
import { defaultSettings, type Settings } from '../domain/settings.js';
import { invalid, VersionConflict } from '../model/errors.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function getSettings(db: Db): Promise<Settings> {
  return { ...defaultSettings, ...(await readSettingRows(db)) } as Settings;
}

/** Writes the given keys without an audit row: for settings Volya keeps itself (the last import's mapping). */
export function saveSettings(db: Db, changes: Partial<Settings>): Promise<void> {
  return writeSettingRows(db, changes);
}

/** The settings with their version, for the console's settings form. */
export async function getVersionedSettings(db: Db): Promise<Settings & { version: number }> {
  return { ...(await getSettings(db)), version: await readSettingsVersion(db) };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies an organizer's change in one transaction with its audit row, and returns the settings after it with
 * their version. `pick` narrows what the audit and the answer show (the print settings page sees only its own keys).
 * Settings are independent keys: the change is refused (409) only when a key it would change was changed by
 * someone else after `version`; only keys whose value differs are written, so an unchanged key never goes stale.
 */
export function updateSettings<T extends object>(
  db: Kysely<DB>, actor: Actor, changes: Partial<Settings>, version: number, pick: (s: Settings) => T,
): Promise<T & { version: number }> {
  if (changes.returnAddress !== undefined && /\p{Script=Cyrillic}/u.test(changes.returnAddress)) {
    // Canada Post and the Russian sorting office both read the sender block in Latin script.
    throw invalid('returnAddress', 'must be written in Latin script');
  }
  return db.transaction().execute(async (trx) => {
    const before = await getSettings(trx);
    const stamps = await readSettingVersions(trx);
    const keys = (Object.keys(changes) as (keyof Settings)[]).filter((k) => changes[k] !== undefined && !same(changes[k], before[k]));
    const changed = keys.filter((k) => (stamps[k] ?? 0) > version);
    if (changed.length) throw new VersionConflict('the settings', { ...pick(before), version: await readSettingsVersion(trx) }, changed);
    await saveSettings(trx, Object.fromEntries(keys.map((k) => [k, changes[k]])));
    const after = await getSettings(trx);
    await recordAudit(trx, actor, { action: 'update', entity: 'settings', entityId: null, before: pick(before), after: pick(after) });
    return { ...pick(after), version: await readSettingsVersion(trx) };
  });
}
