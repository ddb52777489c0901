/**
 * Counts of printed items: per person (fewest first), per kind and language, per day; CSV export. Counts only. And
 * from the ledger, per delivery route and per facility: sent, returned, delivered, replied, median days to a reply.
 */
import type { Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { DB } from '../db/schema.js';
import { outcomeStats } from '../db/ledger.js';
import { printedCounts, printedPerPerson } from '../db/stats.js';
import { spreadsheetSafeRow } from '../domain/csv-safe.js';
import { isOpenForLetters } from '../domain/eligibility.js';
import { isoDay } from '../domain/records.js';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../model/limits.js';

export interface DayRange {
  from?: string;
  to?: string;
}

/** [from 00:00, the day after `to` 00:00) as ISO instants, so printedAt (full ISO) compares as text. */
function bounds(range: DayRange) {
  for (const field of ['from', 'to'] as const) if (range[field] !== undefined) isoDay(field, range[field]!);
  const before = range.to ? new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  return { from: range.from ? `${range.from}T00:00:00.000Z` : undefined, before };
}

/** Totals per kind, language and day over the whole range; the per-person table one page at a time (fewest first). */
export async function printStats(db: Kysely<DB>, query: DayRange & { cursor?: string; limit?: number }) {
  const range = { from: query.from, to: query.to };
  const b = bounds(range);
  const { perKind, perDay } = await printedCounts(db, b);
  const people = await printedPerPerson(db, b, { cursor: query.cursor, limit: query.limit ?? DEFAULT_PAGE_LIMIT });
  return {
    from: range.from ?? null,
    to: range.to ?? null,
    total: perKind.reduce((n, r) => n + Number(r.count), 0),
    perPerson: people.rows.map((p) => ({ id: p.id, latinName: p.latinName, name: `${p.surname} ${p.givenName}`, count: Number(p.count), offered: isOpenForLetters(p) })),
    next: people.next,
    people: people.total,
    perKindLanguage: perKind.map((r) => ({ kind: r.kind, language: r.language, count: Number(r.count) })),
    perDay: perDay.map((r) => ({ day: r.day, count: Number(r.count) })),
    delivery: await deliveryStats(db),
  };
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Sent, returned, delivered, replied and the median days to a reply, per route and per facility. */
export async function deliveryStats(db: Kysely<DB>) {
  const shape = (rows: Awaited<ReturnType<typeof outcomeStats>>) =>
    rows.map(({ replyDays, key, ...r }) => ({ id: key, ...r, medianDaysToReply: median(replyDays) })).sort((a, b) => b.sent - a.sent);
  return { byRoute: shape(await outcomeStats(db, 'route')), byFacility: shape(await outcomeStats(db, 'facility')) };
}


/** Every row of the per-person table, page by page, for the CSV download. */
async function everyPerson(db: Kysely<DB>, range: DayRange) {
  const rows = [];
  let cursor: string | undefined;
  do {
    const page = await printStats(db, { ...range, cursor, limit: MAX_PAGE_LIMIT });
    rows.push(...page.perPerson);
    cursor = page.next ?? undefined;
  } while (cursor);
  return rows;
}

export async function printStatsCsv(db: Kysely<DB>, range: DayRange, table: 'people' | 'kinds' | 'days'): Promise<string> {
  if (table === 'people') {
    return stringify((await everyPerson(db, range)).map((p) => spreadsheetSafeRow({ id: p.id, latinName: p.latinName, name: p.name, printed: p.count, offered: p.offered ? 'yes' : 'no' })), { header: true, bom: true });
  }
  const stats = await printStats(db, { ...range, limit: 1 });
  if (table === 'kinds') return stringify(stats.perKindLanguage, { header: true, columns: ['kind', 'language', 'count'], bom: true });
  return stringify(stats.perDay, { header: true, columns: ['day', 'count'], bom: true });
}
