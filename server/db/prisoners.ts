/** Prisoner repository: admin reads everything, the public reads a narrowed projection. */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Facility, NewPrisoner, Prisoner, PrisonerUpdate } from './schema.js';
import { searchKey } from '../domain/names.js';

type Db = Kysely<DB> | Transaction<DB>;

export type PrisonerWithFacility = Prisoner & { facility: Facility | null };

export function findPrisoner(db: Db, id: number): Promise<Prisoner | undefined> {
  return db.selectFrom('prisoners').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPrisonerWithFacility(db: Db, id: number): Promise<PrisonerWithFacility | undefined> {
  const prisoner = await findPrisoner(db, id);
  if (!prisoner) return undefined;
  const facility = prisoner.facilityId
    ? ((await db.selectFrom('facilities').selectAll().where('id', '=', prisoner.facilityId).executeTakeFirst()) ?? null)
    : null;
  return { ...prisoner, facility };
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface AdminPrisonerFilter {
  q?: string;
  status?: Prisoner['status'];
  facilityId?: number;
  demo?: boolean;
  /** Address as-of date before this day (or missing): stale. */
  staleBefore?: string;
}

export function listPrisonersForAdmin(db: Db, filter: AdminPrisonerFilter = {}): Promise<Prisoner[]> {
  let q = db.selectFrom('prisoners').selectAll();
  if (filter.q) q = q.where(sql<boolean>`search_text like ${likePattern(searchKey(filter.q))} escape '\\'`);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.facilityId !== undefined) q = q.where('facilityId', '=', filter.facilityId);
  if (filter.demo !== undefined) q = q.where('isDemo', '=', filter.demo ? 1 : 0);
  if (filter.staleBefore) {
    const before = filter.staleBefore;
    q = q.where((eb) => eb.or([eb('addressAsOf', 'is', null), eb('addressAsOf', '<', before)]));
  }
  return q.orderBy('surname').orderBy('givenName').execute();
}

export interface PublicListRow {
  id: number;
  surname: string;
  givenName: string;
  patronymic: string | null;
  latinName: string;
  gender: Prisoner['gender'];
  birthYear: number | null;
  birthDate: string | null;
  status: Prisoner['status'];
  caseName: string | null;
  bioEn: string | null;
  bioRu: string | null;
  languages: string;
  addressAsOf: string | null;
  facilityId: number | null;
  facilityName: string | null;
  city: string | null;
  printedCount: number;
}

/**
 * People a writer may be offered — never released or support-withdrawn — with public columns only,
 * fewest printed items first so attention spreads to those who get the least mail.
 */
export function listOfferablePrisoners(db: Db, q?: string): Promise<PublicListRow[]> {
  let query = db
    .selectFrom('prisoners as p')
    .leftJoin('facilities as f', 'f.id', 'p.facilityId')
    .select([
      'p.id',
      'p.surname',
      'p.givenName',
      'p.patronymic',
      'p.latinName',
      'p.gender',
      'p.birthYear',
      'p.birthDate',
      'p.status',
      'p.caseName',
      'p.bioEn',
      'p.bioRu',
      'p.languages',
      'p.addressAsOf',
      'p.facilityId',
      'f.name as facilityName',
      'f.city as city',
    ])
    .select(
      sql<number>`(select count(*) from printed_items pi where pi.prisoner_id = p.id)`.as('printedCount'),
    )
    .where('p.status', '!=', 'released')
    .where('p.supportWithdrawn', '=', 0);
  if (q && q.trim()) query = query.where(sql<boolean>`p.search_text like ${likePattern(searchKey(q.trim()))} escape '\\'`);
  return query.orderBy('printedCount').orderBy('p.surname').orderBy('p.givenName').execute();
}

export async function insertPrisoner(db: Db, values: NewPrisoner): Promise<Prisoner> {
  return db.insertInto('prisoners').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updatePrisoner(db: Db, id: number, values: PrisonerUpdate): Promise<Prisoner> {
  return db
    .updateTable('prisoners')
    .set({ ...values, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deletePrisoner(db: Db, id: number): Promise<void> {
  await db.deleteFrom('prisoners').where('id', '=', id).execute();
}
