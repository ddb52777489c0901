/** Who has a birthday in the next N weeks, as JSON for the console and as a printable list (PDF). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { ageOnNextBirthday, daysUntilBirthday } from '../domain/birthdays.js';
import { recipientBlock } from '../domain/address.js';
import { nominativeFullName } from '../domain/names.js';
import { todayIso } from '../domain/records.js';
import { getSettings } from '../db/settings.js';

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** People writers may be offered (not released, support not withdrawn) whose birthday falls within `weeks`. */
export async function upcomingBirthdays(db: Kysely<DB>, weeks: number, today = todayIso()) {
  const settings = await getSettings(db);
  const rows = await db
    .selectFrom('prisoners as p')
    .leftJoin('facilities as f', 'f.id', 'p.facilityId')
    .selectAll('p')
    .select(['f.name as fName', 'f.street as fStreet', 'f.city as fCity', 'f.district as fDistrict', 'f.region as fRegion', 'f.postalCode as fPostalCode', 'f.country as fCountry'])
    .where('p.birthDate', 'is not', null)
    .where('p.status', '!=', 'released')
    .where('p.supportWithdrawn', '=', 0)
    .execute();
  const horizon = weeks * 7;
  return rows
    .map((p) => ({ p, days: daysUntilBirthday(p.birthDate, today)! }))
    .filter(({ days }) => days < horizon)
    .sort((a, b) => a.days - b.days || a.p.surname.localeCompare(b.p.surname, 'ru'))
    .map(({ p, days }) => ({
      id: p.id,
      latinName: p.latinName,
      cyrillicName: nominativeFullName(p),
      birthDate: p.birthDate!,
      nextBirthday: addDays(today, days),
      daysUntil: days,
      age: ageOnNextBirthday(p.birthDate!, today),
      facilityName: p.fName,
      addressLines: p.fName
        ? recipientBlock(p, {
            name: p.fName, street: p.fStreet!, city: p.fCity!, district: p.fDistrict, region: p.fRegion, postalCode: p.fPostalCode!, country: p.fCountry!,
          }, { fromCountry: settings.collectiveCountry })
        : [],
    }));
}

const Query = Type.Object(
  {
    weeks: Type.Integer({ minimum: 1, maximum: 52, default: 4 }),
    paper: Type.Optional(Type.Union([Type.Literal('a4'), Type.Literal('letter')])),
  },
  { additionalProperties: false },
);

export const adminBirthdayRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/birthdays', { schema: { querystring: Query } }, async (request) => {
    const today = todayIso();
    return { from: today, to: addDays(today, request.query.weeks * 7 - 1), people: await upcomingBirthdays(app.db, request.query.weeks, today) };
  });

  app.get('/birthdays.pdf', { schema: { querystring: Query } }, async (request, reply) => {
    const today = todayIso();
    const settings = await getSettings(app.db);
    const people = await upcomingBirthdays(app.db, request.query.weeks, today);
    // The PDF engine loads on first use, not at start.
    const { renderBirthdayList } = await import('../pdf/birthday-list.js');
    const result = await renderBirthdayList({
      paper: request.query.paper ?? settings.paperSize,
      entries: people,
      from: today,
      to: addDays(today, request.query.weeks * 7 - 1),
      collectiveName: settings.collectiveName,
      date: new Date(),
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="birthdays-${today}.pdf"`)
      .header('x-volya-pages', String(result.pages))
      .send(Buffer.from(result.bytes));
  });
};
