/**
 * Print queue repository. A row's `content` is the only place letter content is stored: it is set to null
 * the moment the item is printed (a printed_items count row is written instead), and rows past their
 * retention are deleted outright by the sweeper.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { QueueContent } from '../model/records.js';
import { afterCursor, orderBy, toPage, type Page, type SortKeys } from './paging.js';
import { recordPrinted } from './printed-items.js';
import type { DB, QueueKind, QueueRow, QueueStatus } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export type { QueueContent };

export interface QueueItem extends Omit<QueueRow, 'content'> {
  content: QueueContent | null;
}

function parse(row: QueueRow): QueueItem {
  return { ...row, content: row.content === null ? null : (JSON.parse(row.content) as QueueContent) };
}

export async function addToQueue(
  db: Db,
  item: { kind: QueueKind; prisonerId: number; routeId: number; content: QueueContent; needsTranslation: boolean; now: Date; retentionHours: number },
): Promise<QueueItem> {
  const row = await db
    .insertInto('printQueue')
    .values({
      kind: item.kind,
      prisonerId: item.prisonerId,
      routeId: item.routeId,
      content: JSON.stringify(item.content),
      needsTranslation: item.needsTranslation ? 1 : 0,
      status: item.needsTranslation ? 'waiting-translation' : 'queued',
      createdAt: item.now.toISOString(),
      expiresAt: new Date(item.now.getTime() + item.retentionHours * 3600_000).toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return parse(row);
}

export async function findQueueItem(db: Db, id: number): Promise<QueueItem | undefined> {
  const row = await db.selectFrom('printQueue').selectAll().where('id', '=', id).executeTakeFirst();
  return row && parse(row);
}

export interface QueueListRow {
  id: number;
  kind: QueueKind;
  status: QueueStatus;
  needsTranslation: number;
  heldReason: string | null;
  createdAt: string;
  expiresAt: string;
  printRunId: number | null;
  prisonerId: number;
  surname: string;
  givenName: string;
  latinName: string;
}

const QUEUE_ORDER: SortKeys<QueueListRow> = { name: 'queue', exprs: [sql`q.id`], values: (r) => [r.id] };

/** One page of queue rows with the person's names, without content (oldest first): what organizers see in the list. */
export async function listQueue(db: Db, statuses: QueueStatus[], page: { cursor?: string; limit: number }): Promise<Page<QueueListRow>> {
  let query = db
    .selectFrom('printQueue as q')
    .innerJoin('prisoners as p', 'p.id', 'q.prisonerId')
    .select([
      'q.id', 'q.kind', 'q.status', 'q.needsTranslation', 'q.heldReason', 'q.createdAt', 'q.expiresAt',
      'q.printRunId', 'q.prisonerId', 'p.surname', 'p.givenName', 'p.latinName',
    ])
    .where('q.status', 'in', statuses);
  const after = afterCursor(QUEUE_ORDER, page.cursor);
  if (after) query = query.where(after);
  return toPage(QUEUE_ORDER, await query.orderBy(orderBy(QUEUE_ORDER)).limit(page.limit + 1).execute(), page.limit);
}

/** Letters waiting for a translator, with their content (the translator needs the English). */
export async function listWaitingTranslation(db: Db): Promise<(QueueItem & { surname: string; givenName: string; latinName: string; gender: string })[]> {
  const rows = await db
    .selectFrom('printQueue as q')
    .innerJoin('prisoners as p', 'p.id', 'q.prisonerId')
    .selectAll('q')
    .select(['p.surname', 'p.givenName', 'p.latinName', 'p.gender'])
    .where('q.status', '=', 'waiting-translation')
    .orderBy('q.id')
    .execute();
  return rows.map((r) => ({ ...r, content: r.content === null ? null : (JSON.parse(r.content) as QueueContent) }));
}

export async function saveContent(db: Db, id: number, content: QueueContent, status?: QueueStatus): Promise<void> {
  await db
    .updateTable('printQueue')
    .set({ content: JSON.stringify(content), ...(status ? { status } : {}) })
    .where('id', '=', id)
    .execute();
}

/**
 * Holds queued items whose person was released, whose support was withdrawn or whose address was removed
 * since the item was written: they are kept with a message for the organizers, never printed.
 */
export async function holdUndeliverable(db: Db): Promise<number> {
  const rows = await db
    .selectFrom('printQueue as q')
    .innerJoin('prisoners as p', 'p.id', 'q.prisonerId')
    .select(['q.id', 'p.status', 'p.supportWithdrawn', 'p.facilityId'])
    .where('q.status', 'in', ['queued', 'waiting-translation'])
    .where((eb) => eb.or([
      eb('p.status', '=', 'released'), eb('p.supportWithdrawn', '=', 1), eb('p.facilityId', 'is', null),
      eb.and([eb('p.addressSuspect', '=', 1), eb('p.allowWhileSuspect', '!=', 1)]),
    ]))
    .execute();
  for (const r of rows) {
    const reason =
      r.status === 'released'
        ? 'The person was released after this was written: not printed. Discard it, or queue it again if the address is still right.'
        : r.supportWithdrawn === 1
          ? 'Support for this person was withdrawn after this was written: not printed. Discard it, or queue it again.'
          : r.facilityId === null
            ? 'The person has no current address: not printed. Add the address, then queue it again.'
            : 'A letter to this address came back: not printed. Confirm or change the address (or allow letters anyway), then queue it again.';
    await db.updateTable('printQueue').set({ status: 'held', heldReason: reason, printRunId: null }).where('id', '=', r.id).execute();
  }
  return rows.length;
}

/** Holds items a run could not draw, each with its reason for the organizers; they leave their run. */
export async function holdItems(db: Db, items: { itemId: number; reason: string }[]): Promise<void> {
  for (const i of items) {
    await db.updateTable('printQueue').set({ status: 'held', heldReason: i.reason, printRunId: null }).where('id', '=', i.itemId).execute();
  }
}

/** Puts a held item back in the queue (an organizer checked the person is reachable again). */
export async function requeueHeld(db: Db, item: QueueItem): Promise<void> {
  const untranslated = item.needsTranslation === 1 && !item.content?.text.trim();
  await db
    .updateTable('printQueue')
    .set({ status: untranslated ? 'waiting-translation' : 'queued', heldReason: null })
    .where('id', '=', item.id)
    .execute();
}

export async function deleteQueueItem(db: Db, id: number): Promise<void> {
  await db.deleteFrom('printQueue').where('id', '=', id).execute();
}

/** Items free for a run (queued, in no unprinted run), in queue order, with the length of their picture's data URL. */
export async function freeForRun(db: Db, onlyIds?: number[]): Promise<{ id: number; imageChars: number }[]> {
  let q = db
    .selectFrom('printQueue as q')
    .leftJoin('printRuns as r', 'r.id', 'q.printRunId')
    .select(['q.id', sql<number>`coalesce(length(json_extract(q.content, '$.image')), 0)`.as('imageChars')])
    .where('q.status', '=', 'queued')
    .where((eb) => eb.or([eb('q.printRunId', 'is', null), eb('r.status', '=', 'printed')]));
  if (onlyIds) q = q.where('q.id', 'in', onlyIds.length ? onlyIds : [-1]);
  return q.orderBy('q.id').execute();
}

/** Puts items in a run; the items left out keep waiting, with the reason noted on them. */
export async function assignToRun(db: Db, runId: number, ids: number[], left: { ids: number[]; reason: string }): Promise<void> {
  if (ids.length) await db.updateTable('printQueue').set({ printRunId: runId, heldReason: null }).where('id', 'in', ids).execute();
  if (left.ids.length) await db.updateTable('printQueue').set({ heldReason: left.reason }).where('id', 'in', left.ids).execute();
}

/** Ids of the items runItems returns, without their content. */
export async function runItemIds(db: Db, runId: number): Promise<number[]> {
  const rows = await db.selectFrom('printQueue').select('id').where('printRunId', '=', runId).where('status', '=', 'queued').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Items of a run that still hold content (not printed, not expired). */
export async function runItems(db: Db, runId: number): Promise<QueueItem[]> {
  const rows = await db
    .selectFrom('printQueue')
    .selectAll()
    .where('printRunId', '=', runId)
    .where('status', '=', 'queued')
    .orderBy('id')
    .execute();
  return rows.map(parse);
}

/** Marks items printed: their content is deleted and a printed_items count row is written for each. */
export async function markPrinted(db: Db, ids: number[], now: Date): Promise<void> {
  if (!ids.length) return;
  const rows = await db
    .selectFrom('printQueue')
    .select(['id', 'kind', 'prisonerId', 'content'])
    .where('id', 'in', ids)
    // Held since the run was built (person released meanwhile): not counted, not deleted.
    .where('status', '=', 'queued')
    .execute();
  for (const r of rows) {
    const content = r.content ? (JSON.parse(r.content) as QueueContent) : null;
    await recordPrinted(db, { prisonerId: r.prisonerId, kind: r.kind, language: content?.language ?? 'ru', templateId: content?.templateId ?? null, printedAt: now.toISOString() });
  }
  await db.updateTable('printQueue').set({ content: null, status: 'printed' }).where('id', 'in', rows.map((r) => r.id).concat(-1)).execute();
}

/**
 * Deletes every queue row past its retention: its own expiry, or older than the current retention setting
 * (a shortened setting applies at once). Printed rows carry no content and go when their run is done.
 */
export async function sweepQueue(db: Db, now: Date, retentionHours: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionHours * 3600_000).toISOString();
  const result = await db
    .deleteFrom('printQueue')
    .where((eb) =>
      eb.or([
        eb('expiresAt', '<=', now.toISOString()),
        eb('createdAt', '<=', cutoff),
        eb.and([eb('status', '=', 'printed'), eb.exists(eb.selectFrom('printRuns as r').select('r.id').whereRef('r.id', '=', 'printQueue.printRunId').where('r.status', '=', 'printed'))]),
      ]),
    )
    .executeTakeFirst();
  const deleted = Number(result.numDeletedRows);
  if (deleted && !db.isTransaction) await forgetDeletedContent(db as Kysely<DB>);
  return deleted;
}

/**
 * Copies the WAL into the database file and empties it. With secure_delete the file's copy of deleted content
 * is zeroed, but the WAL still holds the frames written before the delete: after this no copy stays.
 * Call it outside a transaction, after the delete committed.
 */
export async function forgetDeletedContent(db: Kysely<DB>): Promise<void> {
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
}

export async function queueCounts(db: Db): Promise<Record<QueueStatus, number>> {
  const rows = await db.selectFrom('printQueue').select(['status', sql<number>`count(*)`.as('n')]).groupBy('status').execute();
  const counts: Record<QueueStatus, number> = { 'waiting-translation': 0, queued: 0, held: 0, printed: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Takes the items of a run that could not be built back out of it, so the next run gets them. */
export async function unassignRun(db: Db, runId: number): Promise<void> {
  await db.updateTable('printQueue').set({ printRunId: null }).where('printRunId', '=', runId).execute();
}

/** The people the letters of a run are for, in queue order (an interrupted run's envelopes are rebuilt from them). */
export async function letterRecipientsOfRun(db: Db, runId: number): Promise<number[]> {
  const rows = await db.selectFrom('printQueue').select('prisonerId').where('printRunId', '=', runId).where('kind', '=', 'letter').orderBy('id').execute();
  return rows.map((r) => r.prisonerId);
}

/** The items of a run with their person, kind and route, and the number they were given if any. */
export async function runItemsToNumber(db: Db, ids: number[]) {
  if (!ids.length) return [];
  return db.selectFrom('printQueue').select(['id', 'prisonerId', 'kind', 'routeId', 'itemNumber', 'ledgerId']).where('id', 'in', ids).orderBy('id').execute();
}

/** Keeps the number an item was given (it is printed in the footer of every build of its run). */
export async function setItemNumber(db: Db, id: number, itemNumber: number, ledgerId: number): Promise<void> {
  await db.updateTable('printQueue').set({ itemNumber, ledgerId }).where('id', '=', id).execute();
}

/** The ledger rows of these items (those numbered). */
export async function ledgerIdsOf(db: Db, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('printQueue').select('ledgerId').where('id', 'in', ids).where('ledgerId', 'is not', null).execute();
  return rows.map((r) => r.ledgerId!);
}
