/** The audit log, newest first, filterable by date, entity and organizer; one entry per import (services/history.ts). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { history } from '../services/history.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a day, YYYY-MM-DD' });

export const adminAuditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      schema: {
        querystring: Type.Object(
          {
            entity: Type.Optional(Type.String({ maxLength: 40 })),
            entityId: Type.Optional(Type.Integer({ minimum: 1 })),
            organizerId: Type.Optional(Type.Integer({ minimum: 1 })),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
            importBatchId: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
            offset: Type.Integer({ minimum: 0, default: 0 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => history(app.db, request.query),
  );
};
