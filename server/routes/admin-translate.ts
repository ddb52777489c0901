/** The translation hand-off for translators and organizers (services/translations.ts). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_LETTER_CHARS } from '../model/limits.js';
import { actorOf } from '../plugins/organizer-guard.js';
import { listTranslations, saveTranslation } from '../services/translations.js';
import { IdParams } from './schemas.js';

const TRANSLATORS = { roles: ['organizer', 'translator'] as ('organizer' | 'translator')[] };

export const adminTranslateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/translations', { config: TRANSLATORS }, async () => ({ items: await listTranslations(app.db) }));

  app.put(
    '/translations/:id',
    {
      config: TRANSLATORS,
      schema: {
        params: IdParams,
        body: Type.Object({ text: Type.String({ maxLength: MAX_LETTER_CHARS }), release: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    },
    async (request) => saveTranslation(app.db, app.renderer, actorOf(request), request.params.id, request.body),
  );
};
