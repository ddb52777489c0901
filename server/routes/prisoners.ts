/** Public person routes for the kiosk: only people a writer may be offered, only public fields. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listOffered, offeredPerson } from '../services/kiosk.js';
import { ErrorReply, IdParams, NextCursor, PageQuery, PublicPerson, PublicPersonListItem } from './schemas.js';

export const prisonerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/prisoners',
    {
      schema: {
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Type.Object({ prisoners: Type.Array(PublicPersonListItem), next: NextCursor }) },
      },
    },
    async (request) => listOffered(app.db, request.query),
  );

  app.get('/prisoners/:id', { schema: { params: IdParams, response: { 200: PublicPerson, 404: ErrorReply } } }, async (request) =>
    offeredPerson(app.db, request.params.id),
  );
};
