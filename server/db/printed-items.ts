/** Counts of printed items: one row per letter or postcard printed, never its content or its writer. */
import type { Kysely, Transaction } from 'kysely';
import type { DB, PrintedKind } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function recordPrinted(
  db: Db, item: { prisonerId: number; kind: PrintedKind; language: string; templateId: string | null; printedAt?: string },
): Promise<void> {
  await db.insertInto('printedItems').values(item).execute();
}
