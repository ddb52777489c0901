/** Counts of printed items: per person (fewest first), per kind and language, per day; CSV export. Counts only. */
import type { Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { DB } from '../db/schema.js';
import { printedCounts } from '../db/stats.js';
import { spreadsheetSafeRow } from '../domain/csv-safe.js';
import { isOpenForLetters } from '../domain/eligibility.js';
import { isoDay } from '../domain/records.js';

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

export async function printStats(db: Kysely<DB>, range: DayRange) {
  const { perKind, perDay, perPerson: counts, people } = await printedCounts(db, bounds(range));
  const byPerson = new Map(counts.map((c) => [c.prisonerId!, Number(c.count)]));
  const perPerson = people
    .map((p) => ({ id: p.id, latinName: p.latinName, name: `${p.surname} ${p.givenName}`, count: byPerson.get(p.id) ?? 0, offered: isOpenForLetters(p) }))
    .sort((a, b) => a.count - b.count || a.latinName.localeCompare(b.latinName));
  return {
    from: range.from ?? null,
    to: range.to ?? null,
    total: perKind.reduce((n, r) => n + Number(r.count), 0),
    perPerson,
    perKindLanguage: perKind.map((r) => ({ kind: r.kind, language: r.language, count: Number(r.count) })),
    perDay: perDay.map((r) => ({ day: r.day, count: Number(r.count) })),
  };
}

export async function printStatsCsv(db: Kysely<DB>, range: DayRange, table: 'people' | 'kinds' | 'days'): Promise<string> {
  const stats = await printStats(db, range);
  if (table === 'people') {
    return stringify(stats.perPerson.map((p) => spreadsheetSafeRow({ id: p.id, latinName: p.latinName, name: p.name, printed: p.count, offered: p.offered ? 'yes' : 'no' })), { header: true, bom: true });
  }
  if (table === 'kinds') return stringify(stats.perKindLanguage, { header: true, columns: ['kind', 'language', 'count'], bom: true });
  return stringify(stats.perDay, { header: true, columns: ['day', 'count'], bom: true });
}
