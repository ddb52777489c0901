/**
 * Status changes as named, audited actions: transferred (to an existing or a new facility), released, support
 * withdrawn or restored, and moving everyone at one facility. Each runs in one transaction with its audit rows.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB, Prisoner, PrisonerStatus } from './schema.js';
import { recordAudit, type Actor } from './audit.js';
import { findFacility, insertFacility } from './facilities.js';
import { findPrisoner, updatePrisoner } from './prisoners.js';
import { cleanMultiline, clean, isoDay, normalizeFacility, requireBirthYears, todayIso, type FacilityInput } from '../domain/records.js';
import { HttpError } from '../http-error.js';

export interface NewAddress {
  /** An existing facility, or the details of a new one. Exactly one. */
  facilityId?: number;
  newFacility?: FacilityInput;
  addressAsOf: string;
  addressSource: string;
}

async function personOr404(trx: Transaction<DB>, id: number): Promise<Prisoner> {
  const p = await findPrisoner(trx, id);
  if (!p) throw new HttpError(404, `No person with id ${id}`, 'id');
  return p;
}

/** Checks the date and source, and returns the target facility's id (creating and auditing a new one). */
async function resolveAddress(
  trx: Transaction<DB>, actor: Actor, to: NewAddress,
): Promise<{ address: { facilityId: number; addressAsOf: string; addressSource: string }; country: string }> {
  const addressAsOf = isoDay('addressAsOf', to.addressAsOf);
  if (addressAsOf > todayIso()) throw new HttpError(400, 'addressAsOf: is in the future', 'addressAsOf');
  const addressSource = clean(to.addressSource);
  if (!addressSource) throw new HttpError(400, 'addressSource: say where the new address comes from', 'addressSource');
  if ((to.facilityId === undefined) === (to.newFacility === undefined)) {
    throw new HttpError(400, 'facilityId: choose an existing facility or describe a new one (not both)', 'facilityId');
  }
  if (to.facilityId !== undefined) {
    const existing = await findFacility(trx, to.facilityId);
    if (!existing) throw new HttpError(400, `facilityId: no facility with id ${to.facilityId}`, 'facilityId');
    return { address: { facilityId: to.facilityId, addressAsOf, addressSource }, country: existing.country };
  }
  const created = await insertFacility(trx, normalizeFacility(to.newFacility!));
  await recordAudit(trx, actor, { action: 'create', entity: 'facility', entityId: created.id, after: created });
  return { address: { facilityId: created.id, addressAsOf, addressSource }, country: created.country };
}

export function transferPrisoner(db: Kysely<DB>, actor: Actor, id: number, to: NewAddress & { status?: PrisonerStatus }): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const before = await personOr404(trx, id);
    const { address, country } = await resolveAddress(trx, actor, to);
    if (address.facilityId === before.facilityId) throw new HttpError(400, 'facilityId: the person is already at this facility', 'facilityId');
    requireBirthYears(country, [before]);
    const after = await updatePrisoner(trx, id, { ...address, status: to.status ?? (before.status === 'released' ? 'unknown' : before.status) });
    await recordAudit(trx, actor, { action: 'transfer', entity: 'prisoner', entityId: id, before, after });
    return after;
  });
}

export function releasePrisoner(db: Kysely<DB>, actor: Actor, id: number): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const before = await personOr404(trx, id);
    if (before.status === 'released') throw new HttpError(409, 'status: this person is already marked released', 'status');
    const after = await updatePrisoner(trx, id, { status: 'released' });
    await recordAudit(trx, actor, { action: 'release', entity: 'prisoner', entityId: id, before, after });
    return after;
  });
}

export function setSupportWithdrawn(db: Kysely<DB>, actor: Actor, id: number, withdrawn: boolean, note: string | null): Promise<Prisoner> {
  return db.transaction().execute(async (trx) => {
    const before = await personOr404(trx, id);
    const withdrawnNote = cleanMultiline(note);
    if (withdrawn && !withdrawnNote) throw new HttpError(400, 'note: say why support was withdrawn (organizers only see it)', 'note');
    const after = await updatePrisoner(trx, id, { supportWithdrawn: withdrawn ? 1 : 0, withdrawnNote: withdrawn ? withdrawnNote : before.withdrawnNote });
    await recordAudit(trx, actor, { action: withdrawn ? 'withdraw-support' : 'restore-support', entity: 'prisoner', entityId: id, before, after });
    return after;
  });
}

/**
 * Moves everyone at `fromId` to the new address in one transaction, one audit row per person. With `removeOld`
 * the emptied facility is deleted too, so a renamed or relocated institution does not linger under its old address.
 */
export function moveEveryoneAt(
  db: Kysely<DB>, actor: Actor, fromId: number, to: NewAddress & { removeOld?: boolean },
): Promise<{ moved: number; facilityId: number; removedOld: boolean }> {
  return db.transaction().execute(async (trx) => {
    const old = await findFacility(trx, fromId);
    if (!old) throw new HttpError(404, `No facility with id ${fromId}`, 'id');
    const { address, country } = await resolveAddress(trx, actor, to);
    if (address.facilityId === fromId) throw new HttpError(400, 'facilityId: choose a different facility to move people to', 'facilityId');
    const people = await trx.selectFrom('prisoners').selectAll().where('facilityId', '=', fromId).execute();
    requireBirthYears(country, people);
    for (const before of people) {
      const after = await updatePrisoner(trx, before.id, address);
      await recordAudit(trx, actor, { action: 'move', entity: 'prisoner', entityId: before.id, before, after });
    }
    if (to.removeOld) {
      await trx.deleteFrom('facilities').where('id', '=', fromId).execute();
      await recordAudit(trx, actor, { action: 'delete', entity: 'facility', entityId: fromId, before: old });
    }
    return { moved: people.length, facilityId: address.facilityId, removedOld: to.removeOld === true };
  });
}
