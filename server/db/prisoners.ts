/** Prisoner repository: admin reads everything, the public reads a narrowed projection. */
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { PersonWithFacility } from '../model/records.js';
import type { DB, Facility, NewPrisoner, Prisoner, PrisonerUpdate } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export type PrisonerWithFacility = PersonWithFacility & Prisoner & { facility: Facility | null };

/**
 * The SQL form of domain/eligibility.ts's isOpenForLetters (not released, support not withdrawn), for queries that
 * list the people writers may be offered; a test checks the two agree on every combination.
 */
export function openForLetters(eb: ExpressionBuilder<DB, 'prisoners'>) {
  return eb.and([eb('prisoners.status', '!=', 'released'), eb('prisoners.supportWithdrawn', '=', 0)]);
}

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
  /** A search key (domain/names.ts searchKey) matched anywhere in the stored search text. */
  searchKey?: string;
  status?: Prisoner['status'];
  facilityId?: number;
  demo?: boolean;
  /** Address as-of date before this day (or missing): stale. */
  staleBefore?: string;
}

export function listPrisonersForAdmin(db: Db, filter: AdminPrisonerFilter = {}): Promise<Prisoner[]> {
  let q = db.selectFrom('prisoners').selectAll();
  if (filter.searchKey) q = q.where(sql<boolean>`search_text like ${likePattern(filter.searchKey)} escape '\\'`);
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
export function listOfferablePrisoners(db: Db, searchKey?: string): Promise<PublicListRow[]> {
  let query = db
    .selectFrom('prisoners')
    .leftJoin('facilities as f', 'f.id', 'prisoners.facilityId')
    .select([
      'prisoners.id',
      'prisoners.surname',
      'prisoners.givenName',
      'prisoners.patronymic',
      'prisoners.latinName',
      'prisoners.gender',
      'prisoners.birthYear',
      'prisoners.birthDate',
      'prisoners.status',
      'prisoners.caseName',
      'prisoners.bioEn',
      'prisoners.bioRu',
      'prisoners.languages',
      'prisoners.addressAsOf',
      'prisoners.facilityId',
      'f.name as facilityName',
      'f.city as city',
    ])
    .select(
      sql<number>`(select count(*) from printed_items pi where pi.prisoner_id = prisoners.id)`.as('printedCount'),
    )
    .where(openForLetters);
  if (searchKey) query = query.where(sql<boolean>`prisoners.search_text like ${likePattern(searchKey)} escape '\\'`);
  return query.orderBy('printedCount').orderBy('prisoners.surname').orderBy('prisoners.givenName').execute();
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

export function listPrisonersAt(db: Db, facilityId: number): Promise<Prisoner[]> {
  return db.selectFrom('prisoners').selectAll().where('facilityId', '=', facilityId).execute();
}

export function listDemoPrisoners(db: Db): Promise<Prisoner[]> {
  return db.selectFrom('prisoners').selectAll().where('isDemo', '=', 1).execute();
}

/** Every person, surname order: the export. */
export function listAllPrisoners(db: Db): Promise<Prisoner[]> {
  return db.selectFrom('prisoners').selectAll().orderBy('surname').orderBy('givenName').orderBy('id').execute();
}

/** People writers may be offered who have a birth date, with their facility's address fields. */
export function listOpenWithBirthDates(db: Db) {
  return db
    .selectFrom('prisoners')
    .leftJoin('facilities as f', 'f.id', 'prisoners.facilityId')
    .selectAll('prisoners')
    .select(['f.name as fName', 'f.street as fStreet', 'f.city as fCity', 'f.district as fDistrict', 'f.region as fRegion', 'f.postalCode as fPostalCode', 'f.country as fCountry'])
    .where('prisoners.birthDate', 'is not', null)
    .where(openForLetters)
    .execute();
}

export function insertPrisoners(db: Db, values: NewPrisoner[]): Promise<Prisoner[]> {
  return db.insertInto('prisoners').values(values).returningAll().execute();
}

export async function anyPrisoner(db: Db): Promise<boolean> {
  return (await db.selectFrom('prisoners').select('id').limit(1).executeTakeFirst()) !== undefined;
}
