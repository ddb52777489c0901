/** Counts of printed items: per person (fewest first), per kind and language, per day; CSV export. Counts only. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { DB } from '../db/schema.js';
import { todayIso } from '../domain/records.js';
import { spreadsheetSafeRow } from '../domain/csv-safe.js';
import { HttpError } from '../http-error.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 });
const Range = { from: Type.Optional(Day), to: Type.Optional(Day) };

/** [from 00:00, the day after `to` 00:00) as ISO instants, so printedAt (full ISO) compares as text. */
function bounds(range: { from?: string; to?: string }) {
  const after = range.to ? new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
  return { from: range.from ? `${range.from}T00:00:00.000Z` : undefined, before: after };
}

export async function printStats(db: Kysely<DB>, range: { from?: string; to?: string }) {
  const { from, before } = bounds(range);
  const items = () => {
    let q = db.selectFrom('printedItems');
    if (from) q = q.where('printedAt', '>=', from);
    if (before) q = q.where('printedAt', '<', before);
    return q;
  };
  const [perKind, perDay, counts, people] = await Promise.all([
    items().select(['kind', 'language', (eb) => eb.fn.countAll<number>().as('count')]).groupBy(['kind', 'language']).orderBy('kind').orderBy('language').execute(),
    items().select([sql<string>`substr(printed_at, 1, 10)`.as('day'), (eb) => eb.fn.countAll<number>().as('count')]).groupBy('day').orderBy('day').execute(),
    items().select(['prisonerId', (eb) => eb.fn.countAll<number>().as('count')]).where('prisonerId', 'is not', null).groupBy('prisonerId').execute(),
    db.selectFrom('prisoners').select(['id', 'surname', 'givenName', 'latinName', 'status', 'supportWithdrawn']).execute(),
  ]);
  const byPerson = new Map(counts.map((c) => [c.prisonerId!, Number(c.count)]));
  const perPerson = people
    .map((p) => ({
      id: p.id, latinName: p.latinName, name: `${p.surname} ${p.givenName}`, count: byPerson.get(p.id) ?? 0,
      offered: p.status !== 'released' && p.supportWithdrawn === 0,
    }))
    .sort((a, b) => a.count - b.count || a.latinName.localeCompare(b.latinName));
  const total = perKind.reduce((n, r) => n + Number(r.count), 0);
  return {
    from: range.from ?? null,
    to: range.to ?? null,
    total,
    perPerson,
    perKindLanguage: perKind.map((r) => ({ kind: r.kind, language: r.language, count: Number(r.count) })),
    perDay: perDay.map((r) => ({ day: r.day, count: Number(r.count) })),
  };
}

/** The pattern lets 2026-13-45 through: a day must also be on the calendar. */
function checkRange(range: { from?: string; to?: string }): void {
  for (const field of ['from', 'to'] as const) {
    const day = range[field];
    if (day === undefined) continue;
    const t = Date.parse(`${day}T00:00:00Z`);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day) throw new HttpError(400, `${field}: ${day} is not a date`, field);
  }
}

export const adminStatsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/stats', { schema: { querystring: Type.Object(Range, { additionalProperties: false }) } }, async (request) => {
    checkRange(request.query);
    return printStats(app.db, request.query);
  });

  app.get(
    '/stats.csv',
    {
      schema: {
        querystring: Type.Object(
          { ...Range, table: Type.Union([Type.Literal('people'), Type.Literal('kinds'), Type.Literal('days')]) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      checkRange(request.query);
      const stats = await printStats(app.db, request.query);
      const { table } = request.query;
      const csv =
        table === 'people'
          ? stringify(stats.perPerson.map((p) => spreadsheetSafeRow({ id: p.id, latinName: p.latinName, name: p.name, printed: p.count, offered: p.offered ? 'yes' : 'no' })), { header: true, bom: true })
          : table === 'kinds'
            ? stringify(stats.perKindLanguage, { header: true, columns: ['kind', 'language', 'count'], bom: true })
            : stringify(stats.perDay, { header: true, columns: ['day', 'count'], bom: true });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="volya-printed-${table}-${todayIso()}.csv"`)
        .send(csv);
    },
  );
};
