/** Reading and changing the organizers' settings; every change audited. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { readSettingRows, writeSettingRows } from '../db/settings.js';
import { recordAudit, type Actor } from '../db/audit.js';
import { defaultSettings, type Settings } from '../domain/settings.js';
import { invalid } from '../model/errors.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function getSettings(db: Db): Promise<Settings> {
  return { ...defaultSettings, ...(await readSettingRows(db)) } as Settings;
}

/** Writes the given keys without an audit row: for settings Volya keeps itself (the last import's mapping). */
export function saveSettings(db: Db, changes: Partial<Settings>): Promise<void> {
  return writeSettingRows(db, changes);
}

/**
 * Applies an organizer's change in one transaction with its audit row, and returns the settings after it. `pick`
 * narrows what the audit and the answer show (the print settings page sees only its own keys).
 */
export function updateSettings<T>(
  db: Kysely<DB>, actor: Actor, changes: Partial<Settings>, pick: (s: Settings) => T,
): Promise<T> {
  if (changes.returnAddress !== undefined && /\p{Script=Cyrillic}/u.test(changes.returnAddress)) {
    // Canada Post and the Russian sorting office both read the sender block in Latin script.
    throw invalid('returnAddress', 'must be written in Latin script');
  }
  return db.transaction().execute(async (trx) => {
    const before = await getSettings(trx);
    await saveSettings(trx, changes);
    const after = await getSettings(trx);
    await recordAudit(trx, actor, { action: 'update', entity: 'settings', entityId: null, before: pick(before), after: pick(after) });
    return pick(after);
  });
}
