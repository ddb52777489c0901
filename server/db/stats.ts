/** Counts of printed items for the statistics page: per kind and language, per day, per person. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Printed items with printedAt in [from, before) (full ISO instants; either end open). */
export async function printedCounts(db: Db, range: { from?: string; before?: string }) {
  const items = () => {
    let q = db.selectFrom('printedItems');
    if (range.from) q = q.where('printedAt', '>=', range.from);
    if (range.before) q = q.where('printedAt', '<', range.before);
    return q;
  };
  const [perKind, perDay, perPerson, people] = await Promise.all([
    items().select(['kind', 'language', (eb) => eb.fn.countAll<number>().as('count')]).groupBy(['kind', 'language']).orderBy('kind').orderBy('language').execute(),
    items().select([sql<string>`substr(printed_at, 1, 10)`.as('day'), (eb) => eb.fn.countAll<number>().as('count')]).groupBy('day').orderBy('day').execute(),
    items().select(['prisonerId', (eb) => eb.fn.countAll<number>().as('count')]).where('prisonerId', 'is not', null).groupBy('prisonerId').execute(),
    db.selectFrom('prisoners').select(['id', 'surname', 'givenName', 'latinName', 'status', 'supportWithdrawn']).execute(),
  ]);
  return { perKind, perDay, perPerson, people };
}
