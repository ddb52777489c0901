/** Read and change settings. Each change is audited. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PaperSchema, VersionSchema } from '../model/schemas.js';
import { actorOf } from '../plugins/organizer-guard.js';
import { getVersionedSettings, updateSettings } from '../services/settings.js';

const Offset = Type.Object(
  { xMm: Type.Number({ minimum: -30, maximum: 30 }), yMm: Type.Number({ minimum: -30, maximum: 30 }) },
  { additionalProperties: false },
);

export const SettingsBody = Type.Object(
  {
    collectiveName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    returnAddress: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
    collectiveCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    paperSize: Type.Optional(PaperSchema),
    envelopeOffsets: Type.Optional(Type.Object({ DL: Offset, C5: Offset, C6: Offset, US10: Offset }, { additionalProperties: false })),
    kioskIdleSeconds: Type.Optional(Type.Integer({ minimum: 30, maximum: 3600 })),
    staleMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    uiLanguage: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru')])),
    sessionHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 168 })),
    version: VersionSchema,
  },
  { additionalProperties: false },
);

export const adminSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/settings', async () => getVersionedSettings(app.db));

  app.put('/settings', { schema: { body: SettingsBody } }, async (request) => {
    const { version, ...changes } = request.body;
    return updateSettings(app.db, actorOf(request), changes, version, (s) => s);
  });
};
