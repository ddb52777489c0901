/**
 * People as organizers keep them: create, change, delete, and the named status actions (transfer, release,
 * withdraw or restore support), each in one transaction together with its audit row: the change and its history
 * land together or not at all.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, Prisoner } from '../db/schema.js';
import { findAuditedVersion, recordAudit, type Actor } from '../db/audit.js';
import { countPrisonersAt, deleteFacility, findFacility, listDemoFacilities } from '../db/facilities.js';
import {
  adminSortKeys, deletePrisoner, findPrisoner, findPrisonerWithFacility, insertPrisoner, listDemoPrisoners, listPrisonersForAdmin, updatePrisoner,
  type AdminPrisonerFilter, type AdminSort,
} from '../db/prisoners.js';
import { searchWords } from '../domain/names.js';
import { cleanMultiline, isoDay, normalizePrisoner, requireBirthYears } from '../domain/records.js';
import { changedFields, PERSON_FIELDS } from '../domain/versions.js';
import { DEFAULT_PAGE_LIMIT } from '../model/limits.js';
import { DomainError, invalid, VersionConflict } from '../model/errors.js';
import type { PersonEdit, PersonInput, TransferRequest } from '../model/schemas.js';
import { resolveAddress } from './facilities.js';
import { removeDemoRoutes } from './routes.js';
import { getSettings } from './settings.js';

type Db = Kysely<DB> | Transaction<DB>;

/** Months before today as an ISO day: the stale threshold. */
export function monthsAgo(months: number, now = new Date()): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

/** What the console shows of a person: every field, flags as booleans, and whether the address is stale. */
export function toAdminPerson(p: Prisoner, staleBefore: string) {
  return {
    ...p,
    languages: p.languages.split(','),
    latinNameSet: p.latinNameSet === 1,
    supportWithdrawn: p.supportWithdrawn === 1,
    isDemo: p.isDemo === 1,
    addressSuspect: p.addressSuspect === 1,
    allowWhileSuspect: p.allowWhileSuspect === 1,
    stale: p.status !== 'released' && (p.addressAsOf === null || p.addressAsOf < staleBefore),
  };
}

async function staleBefore(db: Db): Promise<string> {
  return monthsAgo((await getSettings(db)).staleMonths);
}

/** A person as the console shows them after a change. */
export async function adminView(db: Db, p: Prisoner) {
  return toAdminPerson(p, await staleBefore(db));
}

export interface PeopleQuery extends Omit<AdminPrisonerFilter, 'staleBefore' | 'words' | 'lastLetterBefore' | 'lastLetterSince'> {
  q?: string;
  stale?: boolean;
  /** Days (YYYY-MM-DD): nothing printed since `lastLetterBefore`, something printed from `lastLetterSince` on. */
  lastLetterBefore?: string;
  lastLetterSince?: string;
  sort?: AdminSort;
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
}

/** One page of people for the console (search, filters, sort), the cursor of the next and the number matching. */
export async function listPeople(db: Db, query: PeopleQuery) {
  const before = await staleBefore(db);
  const { stale, q, sort, order, cursor, limit, lastLetterBefore, lastLetterSince, ...filter } = query;
  const page = await listPrisonersForAdmin(db, {
    ...filter,
    words: q?.trim() ? searchWords(q) : undefined,
    staleBefore: stale ? before : undefined,
    lastLetterBefore: lastLetterBefore ? `${isoDay('lastLetterBefore', lastLetterBefore)}T00:00:00.000Z` : undefined,
    lastLetterSince: lastLetterSince ? `${isoDay('lastLetterSince', lastLetterSince)}T00:00:00.000Z` : undefined,
  }, { keys: adminSortKeys(sort ?? 'name', order === 'desc'), cursor, limit: limit ?? DEFAULT_PAGE_LIMIT });
  return { prisoners: page.rows.map((p) => toAdminPerson(p, before)), next: page.next, total: page.total };
}

export async function getPerson(db: Db, id: number) {
  const p = await findPrisonerWithFacility(db, id);
  if (!p) throw new DomainError('not-found', `id: no person with id ${id}`, 'id');
  return { ...toAdminPerson(p, await staleBefore(db)), facility: p.facility };
}

async function facilityCountry(db: Db, facilityId: number | null | undefined): Promise<string | null> {
  if (facilityId === null || facilityId === undefined) return null;
  const f = await findFacility(db, facilityId);
  if (!f) throw invalid('facilityId', `no facility with id ${facilityId}`);
  return f.country;
}

async function personOr404(db: Db, id: number): Promise<Prisoner> {
  const p = await findPrisoner(db, id);
  if (!p) throw new DomainError('not-found', `id: no person with id ${id}`, 'id');
  return p;
}

/**
 * Refuses an edit made from another version than the stored one: 409 with the person as they are now and the
 * fields changed since the version the client saw. Call inside the edit's transaction, before the write.
 */
async function requirePersonVersion(trx: Transaction<DB>, current: Prisoner, seen: number): Promise<void> {
  if (current.version === seen) return;
  const base = await findAuditedVersion(trx, 'prisoner', current.id, seen);
  throw new VersionConflict('this person', await adminView(trx, current), base ? changedFields(PERSON_FIELDS, base, current) : []);
}

export function createPrisoner(db: Kysely<DB>, actor: Actor, input: PersonInput, extra: { isDemo?: boolean } = {}): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const values = normalizePrisoner(input, await facilityCountry(trx, input.facilityId));
    const row = await insertPrisoner(trx, { ...values, isDemo: extra.isDemo ? 1 : 0 });
    await recordAudit(trx, actor, { action: 'create', entity: 'prisoner', entityId: row.id, after: row });
    return row;
  });
}

/**
 * An organizer's edit of a person. Support withdrawal is kept as stored (only its own actions change it); status and
 * facility are kept unless the edit names them.
 */
export function updatePrisonerAudited(db: Kysely<DB>, actor: Actor, id: number, edit: PersonEdit, action = 'update'): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const before = await personOr404(trx, id);
    await requirePersonVersion(trx, before, edit.version);
    const { version: _seen, status, facilityId, ...fields } = edit;
    const input: PersonInput = {
      ...fields,
      status: status ?? before.status,
      facilityId: facilityId === undefined ? before.facilityId : facilityId,
      supportWithdrawn: before.supportWithdrawn === 1,
      withdrawnNote: before.withdrawnNote,
    };
    const values = normalizePrisoner(input, await facilityCountry(trx, input.facilityId));
    const after = await updatePrisoner(trx, id, values);
    await recordAudit(trx, actor, { action, entity: 'prisoner', entityId: id, before, after });
    return after;
  });
}

export function deletePrisonerAudited(db: Kysely<DB>, actor: Actor, id: number): Promise<void> {
  return db.transaction().execute(async (trx) => {
    const before = await personOr404(trx, id);
    await deletePrisoner(trx, id);
    await recordAudit(trx, actor, { action: 'delete', entity: 'prisoner', entityId: id, before });
  });
}

export function transferPrisoner(db: Kysely<DB>, actor: Actor, id: number, to: TransferRequest): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const before = await personOr404(trx, id);
    await requirePersonVersion(trx, before, to.version);
    const { address, country } = await resolveAddress(trx, actor, to);
    if (address.facilityId === before.facilityId) throw invalid('facilityId', 'the person is already at this facility');
    requireBirthYears(country, [before]);
    const after = await updatePrisoner(trx, id, { ...address, status: to.status ?? (before.status === 'released' ? 'unknown' : before.status) });
    await recordAudit(trx, actor, { action: 'transfer', entity: 'prisoner', entityId: id, before, after });
    return after;
  });
}

export function releasePrisoner(db: Kysely<DB>, actor: Actor, id: number, version: number): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const before = await personOr404(trx, id);
    await requirePersonVersion(trx, before, version);
    if (before.status === 'released') throw new DomainError('conflict', 'status: this person is already marked released', 'status');
    const after = await updatePrisoner(trx, id, { status: 'released' });
    await recordAudit(trx, actor, { action: 'release', entity: 'prisoner', entityId: id, before, after });
    return after;
  });
}

export function setSupportWithdrawn(
  db: Kysely<DB>, actor: Actor, id: number, version: number, withdrawn: boolean, note: string | null,
): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const before = await personOr404(trx, id);
    await requirePersonVersion(trx, before, version);
    const withdrawnNote = cleanMultiline(note);
    if (withdrawn && !withdrawnNote) throw invalid('note', 'say why support was withdrawn (organizers only see it)');
    const after = await updatePrisoner(trx, id, { supportWithdrawn: withdrawn ? 1 : 0, withdrawnNote: withdrawn ? withdrawnNote : before.withdrawnNote });
    await recordAudit(trx, actor, { action: withdrawn ? 'withdraw-support' : 'restore-support', entity: 'prisoner', entityId: id, before, after });
    return after;
  });
}

/** Removes every demo person and facility in one step, with one audit row per removed record. */
export function removeDemoData(db: Kysely<DB>, actor: Actor): Promise<{ prisoners: number; facilities: number; routes: number }> {
  return db.transaction().execute(async (trx) => {
    const routes = await removeDemoRoutes(trx, actor);
    const people = await listDemoPrisoners(trx);
    for (const p of people) {
      await deletePrisoner(trx, p.id);
      await recordAudit(trx, actor, { action: 'delete', entity: 'prisoner', entityId: p.id, before: p });
    }
    let removed = 0;
    for (const f of await listDemoFacilities(trx)) {
      // A demo facility that a real person was moved to stays.
      if ((await countPrisonersAt(trx, f.id)) > 0) continue;
      await deleteFacility(trx, f.id);
      await recordAudit(trx, actor, { action: 'delete', entity: 'facility', entityId: f.id, before: f });
      removed++;
    }
    return { prisoners: people.length, facilities: removed, routes };
  });
}
