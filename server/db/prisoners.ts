/** Prisoner repository: admin reads everything, the public reads a narrowed projection. */
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import { invalid } from '../model/errors.js';
import type { PersonWithFacility } from '../model/records.js';
import { afterCursor, ftsQuery, orderBy, toPage, type Page, type SortKeys } from './paging.js';
import type { DB, Facility, NewPrisoner, Prisoner, PrisonerUpdate } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export type PrisonerWithFacility = PersonWithFacility & Prisoner & { facility: Facility | null };

/**
 * The SQL form of domain/eligibility.ts's isOpenForLetters (not released, support not withdrawn, the address not
 * suspect unless allowed), for queries that list the people writers may be offered; a test checks the two agree on
 * every combination.
 */
export function openForLetters(eb: ExpressionBuilder<DB, 'prisoners'>) {
  return eb.and([
    eb('prisoners.status', '!=', 'released'),
    eb('prisoners.supportWithdrawn', '=', 0),
    eb.or([eb('prisoners.addressSuspect', '!=', 1), eb('prisoners.allowWhileSuspect', '=', 1)]),
  ]);
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

/** People whose search text holds every word as the start of one of its words (prisoners_fts, migration 0004). */
function matchesSearch(words: string[]) {
  // A search of punctuation alone has no word to match: it finds no one rather than everyone.
  if (words.length === 0) return sql<boolean>`0`;
  return sql<boolean>`prisoners.id in (select rowid from prisoners_fts where prisoners_fts match ${ftsQuery(words)})`;
}

export interface AdminPrisonerFilter {
  /** Search words (domain/names.ts searchWords), each matched as the start of a word of the search text. */
  words?: string[];
  status?: Prisoner['status'];
  facilityId?: number;
  /** The facility's region, as written. */
  region?: string;
  demo?: boolean;
  /** Address as-of date before this day (or missing): stale. */
  staleBefore?: string;
  /** Open for letters but the address cannot be trusted: no facility, no as-of date or no source. */
  suspect?: boolean;
  /** Nothing printed since this instant (or ever). */
  lastLetterBefore?: string;
  /** Something printed since this instant. */
  lastLetterSince?: string;
}

export type AdminSort = 'name' | 'lastLetter' | 'addressAsOf' | 'printed';

/** The admin list's orders; `desc` turns every key, so "newest letter first" is lastLetter descending. */
export function adminSortKeys(sort: AdminSort, desc: boolean): SortKeys<Prisoner> {
  const id = sql`prisoners.id`;
  switch (sort) {
    case 'lastLetter':
      return { name: `lastLetter${desc ? '-desc' : ''}`, desc, exprs: [sql`coalesce(prisoners.last_printed_at, '')`, id], values: (p) => [p.lastPrintedAt ?? '', p.id] };
    case 'addressAsOf':
      return { name: `addressAsOf${desc ? '-desc' : ''}`, desc, exprs: [sql`coalesce(prisoners.address_as_of, '')`, id], values: (p) => [p.addressAsOf ?? '', p.id] };
    case 'printed':
      return { name: `printed${desc ? '-desc' : ''}`, desc, exprs: [sql`prisoners.printed_count`, sql`prisoners.surname`, sql`prisoners.given_name`, id], values: (p) => [p.printedCount, p.surname, p.givenName, p.id] };
    default:
      return { name: `name${desc ? '-desc' : ''}`, desc, exprs: [sql`prisoners.surname`, sql`prisoners.given_name`, id], values: (p) => [p.surname, p.givenName, p.id] };
  }
}

function adminFiltered(db: Db, filter: AdminPrisonerFilter) {
  let q = db.selectFrom('prisoners');
  if (filter.words) q = q.where(matchesSearch(filter.words));
  if (filter.status) q = q.where('prisoners.status', '=', filter.status);
  if (filter.facilityId !== undefined) q = q.where('prisoners.facilityId', '=', filter.facilityId);
  if (filter.region !== undefined) {
    const region = filter.region;
    q = q.where('prisoners.facilityId', 'in', (eb) => eb.selectFrom('facilities').select('id').where('region', '=', region));
  }
  if (filter.demo !== undefined) q = q.where('prisoners.isDemo', '=', filter.demo ? 1 : 0);
  if (filter.staleBefore) {
    const before = filter.staleBefore;
    q = q.where((eb) => eb.or([eb('prisoners.addressAsOf', 'is', null), eb('prisoners.addressAsOf', '<', before)]));
  }
  if (filter.suspect) {
    q = q.where(openForLetters).where((eb) =>
      eb.or([eb('prisoners.facilityId', 'is', null), eb('prisoners.addressAsOf', 'is', null), eb('prisoners.addressSource', 'is', null)]));
  }
  if (filter.lastLetterBefore) {
    const before = filter.lastLetterBefore;
    q = q.where((eb) => eb.or([eb('prisoners.lastPrintedAt', 'is', null), eb('prisoners.lastPrintedAt', '<', before)]));
  }
  if (filter.lastLetterSince) q = q.where('prisoners.lastPrintedAt', '>=', filter.lastLetterSince);
  return q;
}

/** One page of people for the console, and (on the first page) how many match the filter in all. */
export async function listPrisonersForAdmin(
  db: Db, filter: AdminPrisonerFilter, page: { keys: SortKeys<Prisoner>; cursor?: string; limit: number },
): Promise<Page<Prisoner> & { total?: number }> {
  let q = adminFiltered(db, filter).selectAll('prisoners');
  const after = afterCursor(page.keys, page.cursor);
  if (after) q = q.where(after);
  const rows = await q.orderBy(orderBy(page.keys)).limit(page.limit + 1).execute();
  // Counted on the first page only: a count over 50,000 rows on every page would cost more than the page.
  if (page.cursor !== undefined) return toPage(page.keys, rows, page.limit);
  const { n } = await adminFiltered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { ...toPage(page.keys, rows, page.limit), total: Number(n) };
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
  facilityKind: string | null;
  city: string | null;
  printedCount: number;
  addressSuspect: number;
  preferredRouteId: number | null;
  /** 1 when the address is suspect or stale: such people come after the others. */
  later: number;
}

/** 1 for a suspect address (a letter came back) or a stale one (older than `staleBefore`, or undated). */
function laterExpr(staleBefore: string) {
  return sql<number>`(case when prisoners.address_suspect = 1 or prisoners.address_as_of is null or prisoners.address_as_of < ${staleBefore} then 1 else 0 end)`;
}

/**
 * The kiosk order: people whose address is neither suspect nor stale first; within each group, fewest printed items
 * first (the kept count), then by name. Each group is read in the order of the prisoners_by_printed index, the
 * first until it runs out, then the second: the page costs what a page of one index walk costs.
 */
function offeredOrder(staleBefore: string): SortKeys<PublicListRow> {
  return {
    name: 'offered',
    exprs: [laterExpr(staleBefore), sql`prisoners.printed_count`, sql`prisoners.surname`, sql`prisoners.given_name`, sql`prisoners.id`],
    values: (r) => [r.later, r.printedCount, r.surname, r.givenName, r.id],
  };
}

/** The group (0: sound address, 1: suspect or stale) and the keys within it that a kiosk cursor names. */
function offeredCursor(cursor: string | undefined): { later: number; keys: (string | number)[] } | undefined {
  if (cursor === undefined) return undefined;
  let d: { s?: unknown; k?: unknown } | undefined;
  try {
    d = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; k?: unknown };
  } catch {
    throw invalid('cursor', 'is not a cursor from this list');
  }
  const k = d?.k;
  if (!d || d.s !== 'offered' || !Array.isArray(k) || k.length !== 5 || (k[0] !== 0 && k[0] !== 1)
    || !k.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) {
    throw invalid('cursor', 'is not a cursor of the kiosk list');
  }
  return { later: k[0] as number, keys: (k as (string | number)[]).slice(1) };
}

/**
 * One page of the people a writer may be offered — never released or support-withdrawn, no suspect address unless
 * allowed — with public columns only, in the kiosk order (above) so attention spreads to those who get the least
 * mail and sound addresses come first.
 */
export async function listOfferablePrisoners(
  db: Db, page: { words?: string[]; cursor?: string; limit: number; staleBefore?: string },
): Promise<Page<PublicListRow>> {
  const staleBefore = page.staleBefore ?? '0000-00-00';
  const start = offeredCursor(page.cursor);
  const rows: PublicListRow[] = [];
  for (const later of [0, 1]) {
    const need = page.limit + 1 - rows.length;
    if (need <= 0 || (start && later < start.later)) continue;
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
        'f.kind as facilityKind',
        'f.city as city',
        'prisoners.printedCount',
        'prisoners.addressSuspect',
        'prisoners.preferredRouteId',
        sql<number>`${later}`.as('later'),
      ])
      .where(openForLetters)
      .where((eb) => later
        ? eb.or([eb('prisoners.addressSuspect', '=', 1), eb('prisoners.addressAsOf', 'is', null), eb('prisoners.addressAsOf', '<', staleBefore)])
        : eb.and([eb('prisoners.addressSuspect', '!=', 1), eb('prisoners.addressAsOf', '>=', staleBefore)]));
    if (page.words) query = query.where(matchesSearch(page.words));
    if (start && later === start.later) {
      query = query.where(sql<boolean>`(prisoners.printed_count, prisoners.surname, prisoners.given_name, prisoners.id) > (${sql.join(start.keys)})`);
    }
    rows.push(...(await query.orderBy(sql`prisoners.printed_count, prisoners.surname, prisoners.given_name, prisoners.id`).limit(need).execute()));
  }
  return toPage(offeredOrder(staleBefore), rows, page.limit);
}

/**
 * The printed count at the top of the lowest quarter of the people open for letters (sorted by printed count), and
 * the highest count: with them the kiosk marks only the quarter that has had the fewest letters. Read from the
 * printed-count index, not by loading the list.
 */
export async function printedCountQuartile(db: Db): Promise<{ quartile: number; max: number } | undefined> {
  const all = await db
    .selectFrom('prisoners')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('printedCount').as('max')])
    .where(openForLetters)
    .executeTakeFirstOrThrow();
  const n = Number(all.n);
  if (n === 0) return undefined;
  const row = await db.selectFrom('prisoners').select('printedCount').where(openForLetters).orderBy('printedCount').limit(1).offset(Math.ceil(n / 4) - 1).executeTakeFirstOrThrow();
  return { quartile: Number(row.printedCount), max: Number(all.max) };
}

export async function insertPrisoner(db: Db, values: NewPrisoner): Promise<Prisoner> {
  return db.insertInto('prisoners').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function updatePrisoner(db: Db, id: number, values: PrisonerUpdate): Promise<Prisoner> {
  // Any change of facility clears a suspect address (docs/delivery.md): the organizer has just given a new one.
  const moved = values.facilityId !== undefined
    ? (() => {
        const same = sql<boolean>`facility_id is ${values.facilityId}`;
        return {
          addressSuspect: sql<number>`case when ${same} then address_suspect else 0 end`,
          addressSuspectSince: sql<string | null>`case when ${same} then address_suspect_since else null end`,
          addressSuspectReason: sql<string | null>`case when ${same} then address_suspect_reason else null end`,
          allowWhileSuspect: sql<number>`case when ${same} then allow_while_suspect else 0 end`,
        };
      })()
    : {};
  return db
    .updateTable('prisoners')
    .set({ ...moved, ...values, updatedAt: new Date().toISOString(), version: sql<number>`version + 1` })
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
