/** Counts of printed items for the statistics page: per kind and language, per day, per person. */
import { sql, type Kysely, type Transaction } from 'kysely';
import { afterCursor, orderBy, toPage, type Page, type SortKeys } from './paging.js';
import type { DB, Prisoner } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

type Range = { from?: string; before?: string };

/** Printed items with printedAt in [from, before) (full ISO instants; either end open). */
export async function printedCounts(db: Db, range: Range) {
  const items = () => {
    let q = db.selectFrom('printedItems');
    if (range.from) q = q.where('printedAt', '>=', range.from);
    if (range.before) q = q.where('printedAt', '<', range.before);
    return q;
  };
  const [perKind, perDay] = await Promise.all([
    items().select(['kind', 'language', (eb) => eb.fn.countAll<number>().as('count')]).groupBy(['kind', 'language']).orderBy('kind').orderBy('language').execute(),
    items().select([sql<string>`substr(printed_at, 1, 10)`.as('day'), (eb) => eb.fn.countAll<number>().as('count')]).groupBy('day').orderBy('day').execute(),
  ]);
  return { perKind, perDay };
}

export type PersonCountRow = Pick<Prisoner, 'id' | 'surname' | 'givenName' | 'latinName' | 'status' | 'supportWithdrawn' | 'addressSuspect' | 'allowWhileSuspect'> & { count: number };

/**
 * One page of everyone with their printed items in the range, fewest first, then by Latin name. Without a range the
 * count kept on the person is used (indexed); with one, the items of the range are counted per person.
 */
export async function printedPerPerson(db: Db, range: Range, page: { cursor?: string; limit: number }): Promise<Page<PersonCountRow> & { total: number }> {
  const ranged = range.from !== undefined || range.before !== undefined;
  const count = ranged ? sql`coalesce(c.n, 0)` : sql`p.printed_count`;
  const keys: SortKeys<PersonCountRow> = {
    name: ranged ? `count:${range.from ?? ''}:${range.before ?? ''}` : 'count',
    exprs: [count, sql`p.latin_name`, sql`p.id`],
    values: (r) => [r.count, r.latinName, r.id],
  };
  let inRange = db.selectFrom('printedItems').select(['prisonerId', (eb) => eb.fn.countAll<number>().as('n')]).where('prisonerId', 'is not', null);
  if (range.from) inRange = inRange.where('printedAt', '>=', range.from);
  if (range.before) inRange = inRange.where('printedAt', '<', range.before);
  let q = db
    .with('c', () => inRange.groupBy('prisonerId'))
    .selectFrom('prisoners as p')
    .$if(ranged, (qb) => qb.leftJoin('c', 'c.prisonerId', 'p.id'))
    .select(['p.id', 'p.surname', 'p.givenName', 'p.latinName', 'p.status', 'p.supportWithdrawn', 'p.addressSuspect', 'p.allowWhileSuspect', sql<number>`${count}`.as('count')]);
  const after = afterCursor(keys, page.cursor);
  if (after) q = q.where(after);
  const rows = (await q.orderBy(orderBy(keys)).limit(page.limit + 1).execute()) as PersonCountRow[];
  const { n } = await db.selectFrom('prisoners').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { ...toPage(keys, rows, page.limit), total: Number(n) };
}
