/** Who has a birthday in the next N weeks, as JSON for the console and as a printable list (PDF). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PaperSchema } from '../model/schemas.js';
import { birthdaysOverview, birthdaysPdf } from '../services/birthdays.js';

const Query = Type.Object(
  { weeks: Type.Integer({ minimum: 1, maximum: 52, default: 4 }), paper: Type.Optional(PaperSchema) },
  { additionalProperties: false },
);

export const adminBirthdayRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/birthdays', { schema: { querystring: Query } }, async (request) => birthdaysOverview(app.db, request.query.weeks));

  app.get('/birthdays.pdf', { schema: { querystring: Query } }, async (request, reply) => {
    const result = await birthdaysPdf(app.db, app.batch, request.query.weeks, request.query.paper);
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${result.fileName}"`)
      .header('x-volya-pages', String(result.pages))
      .send(Buffer.from(result.bytes));
  });
};
