/** Public person routes for the kiosk: only people a writer may be offered, only public fields. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findPrisonerWithFacility, listOfferablePrisoners } from '../db/prisoners.js';
import { daysUntilBirthday } from '../domain/birthdays.js';
import { todayIso } from '../domain/records.js';
import { HttpError } from '../http-error.js';
import { ErrorReply, IdParams, PublicPerson, PublicPersonListItem } from './schemas.js';

/** "Few letters yet": fewer printed items than this. */
export const FEW_LETTERS = 3;
/** "Birthday soon": within this many days. */
export const BIRTHDAY_SOON_DAYS = 30;

export const prisonerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/prisoners',
    {
      schema: {
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ prisoners: Type.Array(PublicPersonListItem) }) },
      },
    },
    async (request) => {
      const today = todayIso();
      const rows = await listOfferablePrisoners(app.db, request.query.q);
      return {
        prisoners: rows.map((r) => {
          const days = daysUntilBirthday(r.birthDate, today);
          return {
            ...r,
            languages: r.languages.split(','),
            printedCount: Number(r.printedCount),
            birthdaySoon: days !== null && days <= BIRTHDAY_SOON_DAYS,
            fewLetters: Number(r.printedCount) < FEW_LETTERS,
          };
        }),
      };
    },
  );

  app.get(
    '/prisoners/:id',
    { schema: { params: IdParams, response: { 200: PublicPerson, 404: ErrorReply } } },
    async (request) => {
      const p = await findPrisonerWithFacility(app.db, request.params.id);
      if (!p || p.status === 'released' || p.supportWithdrawn) {
        throw new HttpError(404, `No person with id ${request.params.id} is open for letters`, 'id');
      }
      return { ...p, languages: p.languages.split(',') };
    },
  );
};
