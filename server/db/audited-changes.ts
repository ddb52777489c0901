/**
 * Changes to people and facilities, each in one transaction together with its audit row:
 * the change and its history land together or not at all.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, Facility, Prisoner } from './schema.js';
import { recordAudit, type Actor } from './audit.js';
import { countPrisonersAt, deleteFacility, findFacility, insertFacility, updateFacility } from './facilities.js';
import { deletePrisoner, findPrisoner, insertPrisoner, updatePrisoner } from './prisoners.js';
import { normalizeFacility, normalizePrisoner, requireBirthYears, type FacilityInput, type PrisonerInput } from '../domain/records.js';
import { HttpError } from '../http-error.js';

type Db = Kysely<DB> | Transaction<DB>;

async function facilityCountry(db: Db, facilityId: number | null | undefined): Promise<string | null> {
  if (facilityId === null || facilityId === undefined) return null;
  const f = await findFacility(db, facilityId);
  if (!f) throw new HttpError(400, `facilityId: no facility with id ${facilityId}`, 'facilityId');
  return f.country;
}

export function createPrisoner(db: Kysely<DB>, actor: Actor, input: PrisonerInput, extra: { isDemo?: boolean } = {}): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const values = normalizePrisoner(input, await facilityCountry(trx, input.facilityId));
    const row = await insertPrisoner(trx, { ...values, isDemo: extra.isDemo ? 1 : 0 });
    await recordAudit(trx, actor, { action: 'create', entity: 'prisoner', entityId: row.id, after: row });
    return row;
  });
}

export function updatePrisonerAudited(db: Kysely<DB>, actor: Actor, id: number, input: PrisonerInput, action = 'update'): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const before = await findPrisoner(trx, id);
    if (!before) throw new HttpError(404, `No person with id ${id}`, 'id');
    const values = normalizePrisoner(input, await facilityCountry(trx, input.facilityId));
    const after = await updatePrisoner(trx, id, values);
    await recordAudit(trx, actor, { action, entity: 'prisoner', entityId: id, before, after });
    return after;
  });
}

export function deletePrisonerAudited(db: Kysely<DB>, actor: Actor, id: number): Promise<void> {
  return db.transaction().execute(async (trx) => {
    const before = await findPrisoner(trx, id);
    if (!before) throw new HttpError(404, `No person with id ${id}`, 'id');
    await deletePrisoner(trx, id);
    await recordAudit(trx, actor, { action: 'delete', entity: 'prisoner', entityId: id, before });
  });
}

export function createFacility(db: Kysely<DB>, actor: Actor, input: FacilityInput, extra: { isDemo?: boolean } = {}): Promise<Facility> {
  return db.transaction().execute(async (trx) => {
    const row = await insertFacility(trx, { ...normalizeFacility(input), isDemo: extra.isDemo ? 1 : 0 });
    await recordAudit(trx, actor, { action: 'create', entity: 'facility', entityId: row.id, after: row });
    return row;
  });
}

export function updateFacilityAudited(db: Kysely<DB>, actor: Actor, id: number, input: FacilityInput): Promise<Facility> {
  return db.transaction().execute(async (trx) => {
    const before = await findFacility(trx, id);
    if (!before) throw new HttpError(404, `No facility with id ${id}`, 'id');
    const values = normalizeFacility(input);
    if (before.country !== values.country) {
      // Corrected to Russia: everyone held there now needs a year of birth.
      requireBirthYears(values.country, await trx.selectFrom('prisoners').select(['surname', 'givenName', 'birthYear']).where('facilityId', '=', id).execute());
    }
    const after = await updateFacility(trx, id, values);
    await recordAudit(trx, actor, { action: 'update', entity: 'facility', entityId: id, before, after });
    return after;
  });
}

export function deleteFacilityAudited(db: Kysely<DB>, actor: Actor, id: number): Promise<void> {
  return db.transaction().execute(async (trx) => {
    const before = await findFacility(trx, id);
    if (!before) throw new HttpError(404, `No facility with id ${id}`, 'id');
    const people = await countPrisonersAt(trx, id);
    if (people > 0) {
      throw new HttpError(409, `This facility still has ${people} ${people === 1 ? 'person' : 'people'}: move them first`, 'id');
    }
    await deleteFacility(trx, id);
    await recordAudit(trx, actor, { action: 'delete', entity: 'facility', entityId: id, before });
  });
}

/** Removes every demo person and facility in one step, with one audit row per removed record. */
export function removeDemoData(db: Kysely<DB>, actor: Actor): Promise<{ prisoners: number; facilities: number }> {
  return db.transaction().execute(async (trx) => {
    const people = await trx.selectFrom('prisoners').selectAll().where('isDemo', '=', 1).execute();
    for (const p of people) {
      await deletePrisoner(trx, p.id);
      await recordAudit(trx, actor, { action: 'delete', entity: 'prisoner', entityId: p.id, before: p });
    }
    const facilities = await trx.selectFrom('facilities').selectAll().where('isDemo', '=', 1).execute();
    let removed = 0;
    for (const f of facilities) {
      // A demo facility that a real person was moved to stays.
      if ((await countPrisonersAt(trx, f.id)) > 0) continue;
      await deleteFacility(trx, f.id);
      await recordAudit(trx, actor, { action: 'delete', entity: 'facility', entityId: f.id, before: f });
      removed++;
    }
    return { prisoners: people.length, facilities: removed };
  });
}
