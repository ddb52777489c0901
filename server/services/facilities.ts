/** Facilities as organizers keep them: create, change, delete and move everyone, each audited in one transaction. */
import type { Kysely, Transaction } from 'kysely';
import type { DB, Facility, Prisoner } from '../db/schema.js';
import { findAuditedVersion, recordAudit, type Actor } from '../db/audit.js';
import {
  countPrisonersAt, deleteFacility, facilitySortKeys, findFacility, insertFacility, listFacilitiesWithCounts, updateFacility,
  type FacilityFilter, type FacilitySort,
} from '../db/facilities.js';
import { listPrisonersAt, updatePrisoner } from '../db/prisoners.js';
import { clean, isoDay, normalizeFacility, requireBirthYears, todayIso } from '../domain/records.js';
import { changedFields, FACILITY_FIELDS } from '../domain/versions.js';
import { DomainError, invalid, VersionConflict } from '../model/errors.js';
import { DEFAULT_PAGE_LIMIT } from '../model/limits.js';
import type { FacilityEdit, FacilityInput, MoveEveryoneRequest } from '../model/schemas.js';

type Db = Kysely<DB> | Transaction<DB>;

/** What the console shows of a facility: its fields and the demo flag as a boolean (and how many people are there). */
export function facilityView(f: Facility): Omit<Facility, 'isDemo'> & { isDemo: boolean };
export function facilityView(f: Facility, people: number): Omit<Facility, 'isDemo'> & { isDemo: boolean; people: number };
export function facilityView(f: Facility, people?: number) {
  return people === undefined ? { ...f, isDemo: f.isDemo === 1 } : { ...f, isDemo: f.isDemo === 1, people };
}

/** One page of facilities (filtered by kind or region, sorted by name, region or kind), the next cursor and the total. */
export async function listFacilities(db: Db, query: FacilityFilter & { sort?: FacilitySort; cursor?: string; limit?: number } = {}) {
  const { sort, cursor, limit, ...filter } = query;
  const page = await listFacilitiesWithCounts(db, filter, { keys: facilitySortKeys(sort ?? 'name'), cursor, limit: limit ?? DEFAULT_PAGE_LIMIT });
  return { facilities: page.rows.map(({ people, ...f }) => facilityView(f, people)), next: page.next, total: page.total };
}

export async function getFacility(db: Db, id: number) {
  const f = await findFacility(db, id);
  if (!f) throw new DomainError('not-found', `id: no facility with id ${id}`, 'id');
  return facilityView(f, await countPrisonersAt(db, id));
}

/** Refuses an edit made from another version than the stored one (see requirePersonVersion). */
async function requireFacilityVersion(trx: Transaction<DB>, current: Facility, seen: number): Promise<void> {
  if (current.version === seen) return;
  const base = await findAuditedVersion(trx, 'facility', current.id, seen);
  const view = facilityView(current, await countPrisonersAt(trx, current.id));
  throw new VersionConflict('this facility', view, base ? changedFields(FACILITY_FIELDS, base, current) : []);
}

export function createFacility(db: Kysely<DB>, actor: Actor, input: FacilityInput, extra: { isDemo?: boolean } = {}): Promise<Facility> {
  return db.transaction().execute(async (trx) => {
    const row = await insertFacility(trx, { ...normalizeFacility(input), isDemo: extra.isDemo ? 1 : 0 });
    await recordAudit(trx, actor, { action: 'create', entity: 'facility', entityId: row.id, after: row });
    return row;
  });
}

export function updateFacilityAudited(db: Kysely<DB>, actor: Actor, id: number, edit: FacilityEdit): Promise<Facility> {
  return db.transaction().execute(async (trx) => {
    const before = await findFacility(trx, id);
    if (!before) throw new DomainError('not-found', `id: no facility with id ${id}`, 'id');
    const { version, ...input } = edit;
    await requireFacilityVersion(trx, before, version);
    const values = normalizeFacility(input);
    if (before.country !== values.country) {
      // Corrected to Russia: everyone held there now needs a year of birth.
      requireBirthYears(values.country, await listPrisonersAt(trx, id));
    }
    const after = await updateFacility(trx, id, values);
    await recordAudit(trx, actor, { action: 'update', entity: 'facility', entityId: id, before, after });
    return after;
  });
}

export function deleteFacilityAudited(db: Kysely<DB>, actor: Actor, id: number): Promise<void> {
  return db.transaction().execute(async (trx) => {
    const before = await findFacility(trx, id);
    if (!before) throw new DomainError('not-found', `id: no facility with id ${id}`, 'id');
    const people = await countPrisonersAt(trx, id);
    if (people > 0) {
      throw new DomainError('conflict', `id: this facility still has ${people} ${people === 1 ? 'person' : 'people'}: move them first`, 'id');
    }
    await deleteFacility(trx, id);
    await recordAudit(trx, actor, { action: 'delete', entity: 'facility', entityId: id, before });
  });
}

export interface NewAddress {
  /** An existing facility, or the details of a new one. Exactly one. */
  facilityId?: number;
  newFacility?: FacilityInput;
  addressAsOf: string;
  addressSource: string;
}

/** Checks the date and source, and returns the target facility's id (creating and auditing a new one). */
export async function resolveAddress(
  trx: Transaction<DB>, actor: Actor, to: NewAddress,
): Promise<{ address: { facilityId: number; addressAsOf: string; addressSource: string }; country: string }> {
  const addressAsOf = isoDay('addressAsOf', to.addressAsOf);
  if (addressAsOf > todayIso()) throw invalid('addressAsOf', 'is in the future');
  const addressSource = clean(to.addressSource);
  if (!addressSource) throw invalid('addressSource', 'say where the new address comes from');
  if ((to.facilityId === undefined) === (to.newFacility === undefined)) {
    throw invalid('facilityId', 'choose an existing facility or describe a new one (not both)');
  }
  if (to.facilityId !== undefined) {
    const existing = await findFacility(trx, to.facilityId);
    if (!existing) throw invalid('facilityId', `no facility with id ${to.facilityId}`);
    return { address: { facilityId: to.facilityId, addressAsOf, addressSource }, country: existing.country };
  }
  const created = await insertFacility(trx, normalizeFacility(to.newFacility!));
  await recordAudit(trx, actor, { action: 'create', entity: 'facility', entityId: created.id, after: created });
  return { address: { facilityId: created.id, addressAsOf, addressSource }, country: created.country };
}

/**
 * Moves everyone at `fromId` to the new address in one transaction, one audit row per person. With `removeOld`
 * the emptied facility is deleted too, so a renamed or relocated institution does not linger under its old address.
 */
export function moveEveryoneAt(
  db: Kysely<DB>, actor: Actor, fromId: number, to: MoveEveryoneRequest,
): Promise<{ moved: number; facilityId: number; removedOld: boolean }> {
  return db.transaction().execute(async (trx) => {
    const old = await findFacility(trx, fromId);
    if (!old) throw new DomainError('not-found', `id: no facility with id ${fromId}`, 'id');
    await requireFacilityVersion(trx, old, to.version);
    const { address, country } = await resolveAddress(trx, actor, to);
    if (address.facilityId === fromId) throw invalid('facilityId', 'choose a different facility to move people to');
    const people: Prisoner[] = await listPrisonersAt(trx, fromId);
    requireBirthYears(country, people);
    for (const before of people) {
      const after = await updatePrisoner(trx, before.id, address);
      await recordAudit(trx, actor, { action: 'move', entity: 'prisoner', entityId: before.id, before, after });
    }
    if (to.removeOld) {
      await deleteFacility(trx, fromId);
      await recordAudit(trx, actor, { action: 'delete', entity: 'facility', entityId: fromId, before: old });
    }
    return { moved: people.length, facilityId: address.facilityId, removedOld: to.removeOld === true };
  });
}
