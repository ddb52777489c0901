/**
 * The ledger: one row per numbered item (letter or postcard) per person — number, kind, route, dates, run and
 * outcome. Never the text, never the writer. Numbers are per person and never repeat (a unique index); they are
 * handed out inside the caller's transaction, which begins IMMEDIATE, so two runs numbering at once are serialized.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { LedgerOutcome, QueueKind, ReturnReason, RouteKind } from '../model/vocabulary.js';
import { afterCursor, orderBy, toPage, type Page, type SortKeys } from './paging.js';
import type { DB, LedgerRow } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/** The highest number each of these people was given so far (0 for none). */
export async function lastItemNumbers(db: Db, prisonerIds: number[]): Promise<Map<number, number>> {
  if (!prisonerIds.length) return new Map();
  const rows = await db
    .selectFrom('ledger')
    .select(['prisonerId', sql<number>`max(item_number)`.as('n')])
    .where('prisonerId', 'in', [...new Set(prisonerIds)])
    .groupBy('prisonerId')
    .execute();
  return new Map(rows.map((r) => [r.prisonerId, Number(r.n)]));
}

export interface NewLedgerEntry {
  prisonerId: number;
  itemNumber: number;
  kind: QueueKind;
  routeId: number | null;
  routeName: string;
  routeKind: RouteKind;
  runId: number | null;
  printedAt: string | null;
  date: string;
}

export async function insertLedgerEntry(db: Db, entry: NewLedgerEntry): Promise<LedgerRow> {
  return db.insertInto('ledger').values(entry).returningAll().executeTakeFirstOrThrow();
}

export function findLedgerEntry(db: Db, id: number): Promise<LedgerRow | undefined> {
  return db.selectFrom('ledger').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks entries printed (their run went out). */
export async function markLedgerPrinted(db: Db, ids: number[], at: string): Promise<void> {
  if (ids.length) await db.updateTable('ledger').set({ printedAt: at }).where('id', 'in', ids).where('printedAt', 'is', null).execute();
}

/** Moves entries to another run (an item held from one run and put in the next keeps its number). */
export async function setLedgerRun(db: Db, ids: number[], runId: number | null): Promise<void> {
  if (ids.length) await db.updateTable('ledger').set({ runId }).where('id', 'in', ids).execute();
}

export async function setOutcome(
  db: Db, id: number, outcome: { outcome: LedgerOutcome; outcomeReason: ReturnReason | null; outcomeDate: string; replyFileId?: number | null },
): Promise<LedgerRow> {
  return db.updateTable('ledger').set({ ...outcome, version: sql<number>`version + 1` }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export interface LedgerFilter {
  prisonerId?: number;
  routeId?: number;
  /** Days YYYY-MM-DD, inclusive, on the date the number was given. */
  from?: string;
  to?: string;
}

export interface LedgerListRow extends LedgerRow {
  surname: string;
  givenName: string;
  latinName: string;
}

const LEDGER_ORDER: SortKeys<LedgerListRow> = { name: 'ledger', exprs: [sql`l.id`], values: (r) => [r.id], desc: true };

/** One page of ledger rows, newest first, with the person's names. */
export async function listLedger(db: Db, filter: LedgerFilter, page: { cursor?: string; limit: number }): Promise<Page<LedgerListRow> & { total: number }> {
  let q = db.selectFrom('ledger as l').innerJoin('prisoners as p', 'p.id', 'l.prisonerId');
  if (filter.prisonerId !== undefined) q = q.where('l.prisonerId', '=', filter.prisonerId);
  if (filter.routeId !== undefined) q = q.where('l.routeId', '=', filter.routeId);
  if (filter.from) q = q.where('l.date', '>=', `${filter.from}T00:00:00.000Z`);
  if (filter.to) q = q.where('l.date', '<', sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', ${filter.to}, '+1 day')`);
  const total = Number((await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
  let rows = q.selectAll('l').select(['p.surname', 'p.givenName', 'p.latinName']);
  const after = afterCursor(LEDGER_ORDER, page.cursor);
  if (after) rows = rows.where(after);
  const found = await rows.orderBy(orderBy(LEDGER_ORDER)).limit(page.limit + 1).execute();
  return { ...toPage(LEDGER_ORDER, found, page.limit), total };
}

export async function insertReplyFile(db: Db, file: { ledgerId: number; mime: 'image/png' | 'image/jpeg' | 'application/pdf'; bytes: Uint8Array }): Promise<number> {
  const row = await db.insertInto('replyFiles').values({ ...file, size: file.bytes.length }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findReplyFile(db: Db, id: number) {
  return db.selectFrom('replyFiles').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface OutcomeStats {
  key: number | null;
  name: string | null;
  sent: number;
  returned: number;
  delivered: number;
  replied: number;
  /** Days from printing to the reply, one per replied item: the service takes the median. */
  replyDays: number[];
}

/** Sent, returned, delivered and replied per route, or per facility (by the person's current facility). */
export async function outcomeStats(db: Db, by: 'route' | 'facility'): Promise<OutcomeStats[]> {
  const rows = by === 'route'
    ? await db
      .selectFrom('ledger as l')
      .select([sql<number | null>`l.route_id`.as('key'), sql<string>`max(l.route_name)`.as('name'), 'l.outcome', 'l.printedAt', 'l.outcomeDate'])
      .where('l.printedAt', 'is not', null)
      .groupBy(['l.id'])
      .execute()
    : await db
      .selectFrom('ledger as l')
      .innerJoin('prisoners as p', 'p.id', 'l.prisonerId')
      .leftJoin('facilities as f', 'f.id', 'p.facilityId')
      .select([sql<number | null>`f.id`.as('key'), sql<string | null>`f.name`.as('name'), 'l.outcome', 'l.printedAt', 'l.outcomeDate'])
      .where('l.printedAt', 'is not', null)
      .execute();
  const groups = new Map<string, OutcomeStats>();
  for (const r of rows) {
    const k = String(r.key);
    const g = groups.get(k) ?? { key: r.key, name: r.name, sent: 0, returned: 0, delivered: 0, replied: 0, replyDays: [] };
    g.sent++;
    if (r.outcome === 'returned') g.returned++;
    if (r.outcome === 'delivered') g.delivered++;
    if (r.outcome === 'reply') {
      g.replied++;
      if (r.outcomeDate && r.printedAt) {
        g.replyDays.push(Math.max(0, Math.round((Date.parse(`${r.outcomeDate}T00:00:00Z`) - Date.parse(r.printedAt.slice(0, 10) + 'T00:00:00Z')) / 86_400_000)));
      }
    }
    groups.set(k, g);
  }
  return [...groups.values()];
}
