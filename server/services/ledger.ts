/**
 * Numbered items and what became of them. Every letter or postcard that is printed or handed to a relay gets the
 * next number of its person («письмо № 4»), so the person can tell which letters went missing; the ledger keeps
 * person, number, kind, route, dates, run and outcome — never the text, never the writer. Organizers record
 * returns, deliveries and replies; a returned letter makes the person's address suspect until an organizer
 * confirms or changes it.
 */
import type { Kysely, Transaction } from 'kysely';
import { recordAudit, type Actor } from '../db/audit.js';
import {
  findLedgerEntry, findReplyFile, insertLedgerEntry, insertReplyFile, lastItemNumbers, listLedger, setOutcome, type LedgerFilter,
} from '../db/ledger.js';
import { findRoute } from '../db/routes.js';
import { findPrisoner, updatePrisoner } from '../db/prisoners.js';
import type { DB, LedgerRow, Prisoner } from '../db/schema.js';
import { isoDay, todayIso } from '../domain/records.js';
import { DomainError, invalid, VersionConflict } from '../model/errors.js';
import { DEFAULT_PAGE_LIMIT } from '../model/limits.js';
import type { OutcomeRequest } from '../model/schemas.js';
import type { QueueKind } from '../model/vocabulary.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface ItemToNumber {
  prisonerId: number;
  kind: QueueKind;
  routeId: number;
  runId?: number | null;
  /** When it was printed or handed over; absent while it is only on a built run's pages. */
  printedAt?: string | null;
}

export interface NumberedItem {
  prisonerId: number;
  itemNumber: number;
  ledgerId: number;
}

/** Runs `fn` in the caller's transaction, or in a new one (BEGIN IMMEDIATE: the write lock is taken first). */
function inTransaction<T>(db: Db, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<DB>) : (db as Kysely<DB>).transaction().execute(fn);
}

/**
 * Gives each item the next number of its person, in order, and writes its ledger row; returns the numbers in the
 * items' order. Read-then-write in one IMMEDIATE transaction: two runs numbering at once are serialized by SQLite's
 * write lock, and the unique (prisoner, number) index refuses a repeat should anything slip past.
 */
export function assignItemNumbers(db: Db, items: ItemToNumber[]): Promise<NumberedItem[]> {
  return inTransaction(db, async (trx) => {
    const last = await lastItemNumbers(trx, items.map((i) => i.prisonerId));
    const routes = new Map<number, { name: string; kind: 'post' | 'forward' | 'relay' }>();
    const now = new Date().toISOString();
    const out: NumberedItem[] = [];
    for (const item of items) {
      let route = routes.get(item.routeId);
      if (!route) {
        const r = await findRoute(trx, item.routeId);
        if (!r) throw invalid('routeId', `no route with id ${item.routeId}`);
        routes.set(item.routeId, (route = { name: r.name, kind: r.kind }));
      }
      const itemNumber = (last.get(item.prisonerId) ?? 0) + 1;
      last.set(item.prisonerId, itemNumber);
      const row = await insertLedgerEntry(trx, {
        prisonerId: item.prisonerId, itemNumber, kind: item.kind, routeId: item.routeId, routeName: route.name, routeKind: route.kind,
        runId: item.runId ?? null, printedAt: item.printedAt ?? null, date: now,
      });
      out.push({ prisonerId: item.prisonerId, itemNumber, ledgerId: row.id });
    }
    return out;
  });
}

/**
 * Takes back a number whose page never reached the printer (a direct print that failed). Only its own row goes; a
 * number given meanwhile to a later item stays, so numbers may have a gap but never repeat.
 */
export async function withdrawItemNumber(db: Kysely<DB>, ledgerId: number): Promise<void> {
  await db.deleteFrom('ledger').where('id', '=', ledgerId).where('printedAt', 'is', null).where('outcome', 'is', null).execute();
}

/** A ledger row as the console shows it. */
function ledgerView(r: LedgerRow & { surname?: string; givenName?: string; latinName?: string }) {
  return { ...r, hasReplyFile: r.replyFileId !== null };
}

export async function listLedgerPage(db: Db, query: LedgerFilter & { cursor?: string; limit?: number }) {
  const { cursor, limit, ...filter } = query;
  if (filter.from) isoDay('from', filter.from);
  if (filter.to) isoDay('to', filter.to);
  const page = await listLedger(db, filter, { cursor, limit: limit ?? DEFAULT_PAGE_LIMIT });
  return { items: page.rows.map(ledgerView), next: page.next, total: page.total };
}

/** Marks the address suspect (a letter came back) or clears it; the caller audits. */
async function markSuspect(trx: Transaction<DB>, actor: Actor, person: Prisoner, since: string, reason: string): Promise<void> {
  const after = await updatePrisoner(trx, person.id, { addressSuspect: 1, addressSuspectSince: since, addressSuspectReason: reason, allowWhileSuspect: 0 });
  await recordAudit(trx, actor, { action: 'address-suspect', entity: 'prisoner', entityId: person.id, before: person, after });
}

const REASON_TEXT = { refused: 'refused', 'unknown-addressee': 'addressee unknown', transferred: 'transferred', other: 'other' } as const;

/**
 * Records what became of a numbered item. `returned` needs a reason and makes the person's address suspect;
 * `reason` belongs to returns only. The date is a real day, not in the future, not before the item was numbered.
 */
export function recordOutcome(db: Kysely<DB>, actor: Actor, id: number, req: OutcomeRequest, replyFileId?: number | null): Promise<LedgerRow> {
  return db.transaction().execute(async (trx) => {
    const before = await findLedgerEntry(trx, id);
    if (!before) throw new DomainError('not-found', `id: no ledger item ${id}`, 'id');
    const date = isoDay('date', req.date);
    if (date > todayIso()) throw invalid('date', 'is in the future');
    if (date < before.date.slice(0, 10)) throw invalid('date', `is before the item was numbered (${before.date.slice(0, 10)})`);
    if (req.outcome === 'returned' && !req.reason) throw invalid('reason', 'say why it came back: refused, unknown-addressee, transferred or other');
    if (req.outcome !== 'returned' && req.reason) throw invalid('reason', 'only a returned item has a reason');
    const after = await setOutcome(trx, id, {
      outcome: req.outcome, outcomeReason: req.outcome === 'returned' ? req.reason! : null, outcomeDate: date,
      ...(replyFileId !== undefined ? { replyFileId } : {}),
    });
    await recordAudit(trx, actor, { action: 'outcome', entity: 'ledger', entityId: id, before, after });
    if (req.outcome === 'returned') {
      const person = await findPrisoner(trx, before.prisonerId);
      if (person) await markSuspect(trx, actor, person, date, `Letter № ${before.itemNumber} came back (${REASON_TEXT[req.reason!]}) on ${date}`);
    }
    return after;
  });
}

/** An organizer confirmed the address is right (or changed it): letters are offered again as usual. */
export function confirmAddress(db: Kysely<DB>, actor: Actor, personId: number, version: number): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const before = await findPrisoner(trx, personId);
    if (!before) throw new DomainError('not-found', `id: no person with id ${personId}`, 'id');
    if (before.version !== version) throw new VersionConflict('this person', { ...before }, []);
    if (before.addressSuspect !== 1) throw new DomainError('conflict', 'id: this person\'s address is not marked suspect', 'id');
    const after = await updatePrisoner(trx, personId, { addressSuspect: 0, addressSuspectSince: null, addressSuspectReason: null, allowWhileSuspect: 0 });
    await recordAudit(trx, actor, { action: 'address-confirmed', entity: 'prisoner', entityId: personId, before, after });
    return after;
  });
}

/** An organizer lets letters go to a suspect address anyway (or stops that). */
export function allowWhileSuspect(db: Kysely<DB>, actor: Actor, personId: number, allow: boolean, version: number): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const before = await findPrisoner(trx, personId);
    if (!before) throw new DomainError('not-found', `id: no person with id ${personId}`, 'id');
    if (before.version !== version) throw new VersionConflict('this person', { ...before }, []);
    if (before.addressSuspect !== 1) throw new DomainError('conflict', 'allow: this person\'s address is not marked suspect', 'allow');
    const after = await updatePrisoner(trx, personId, { allowWhileSuspect: allow ? 1 : 0 });
    await recordAudit(trx, actor, { action: allow ? 'allow-while-suspect' : 'hold-while-suspect', entity: 'prisoner', entityId: personId, before, after });
    return after;
  });
}

/** The largest reply scan or photo kept. */
export const REPLY_FILE_MAX_BYTES = 10 * 1024 * 1024;

/** PNG, JPEG or PDF by its first bytes (the name and the declared type are not trusted). */
export function replyFileType(bytes: Uint8Array): 'image/png' | 'image/jpeg' | 'application/pdf' | undefined {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 8));
  if (b.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return undefined;
}

/**
 * Keeps a scan or photo of a reply with its ledger item (the item must be recorded as replied). Stored in the
 * database for organizers only: no kiosk route serves it, and a backup carries it like the rest of the records.
 */
export function attachReplyFile(db: Kysely<DB>, actor: Actor, id: number, bytes: Uint8Array): Promise<LedgerRow> {
  return db.transaction().execute(async (trx) => {
    const before = await findLedgerEntry(trx, id);
    if (!before) throw new DomainError('not-found', `id: no ledger item ${id}`, 'id');
    if (before.outcome !== 'reply') throw new DomainError('conflict', 'file: record the reply (outcome "reply") before attaching its scan', 'file');
    if (bytes.length > REPLY_FILE_MAX_BYTES) throw new DomainError('too-large', `file: the scan is larger than ${REPLY_FILE_MAX_BYTES / 1024 / 1024} MB, the limit`, 'file');
    const mime = replyFileType(bytes);
    if (!mime) throw new DomainError('unprocessable', 'file: send a PNG or JPEG image or a PDF', 'file');
    if (before.replyFileId !== null) await trx.deleteFrom('replyFiles').where('id', '=', before.replyFileId).execute();
    const fileId = await insertReplyFile(trx, { ledgerId: id, mime, bytes });
    const after = await trx.updateTable('ledger').set({ replyFileId: fileId }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'reply-file', entity: 'ledger', entityId: id, before, after: { ...after, replyFile: { mime, size: bytes.length } } });
    return after;
  });
}

export async function replyFileOf(db: Db, id: number) {
  const entry = await findLedgerEntry(db, id);
  if (!entry) throw new DomainError('not-found', `id: no ledger item ${id}`, 'id');
  const file = entry.replyFileId === null ? undefined : await findReplyFile(db, entry.replyFileId);
  if (!file) throw new DomainError('not-found', 'file: no scan is attached to this item', 'file');
  return { mime: file.mime, bytes: Buffer.from(file.bytes) };
}
