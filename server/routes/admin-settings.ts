/** Read and change settings. Each change is audited. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getSettings, saveSettings, type Settings } from '../db/settings.js';
import { recordAudit } from '../db/audit.js';
import { HttpError } from '../http-error.js';
import { actorOf } from './admin-prisoners.js';

const Offset = Type.Object(
  { xMm: Type.Number({ minimum: -30, maximum: 30 }), yMm: Type.Number({ minimum: -30, maximum: 30 }) },
  { additionalProperties: false },
);

export const SettingsBody = Type.Object(
  {
    collectiveName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    returnAddress: Type.Optional(Type.String({ minLength: 1, maxLength: 400 })),
    collectiveCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    paperSize: Type.Optional(Type.Union([Type.Literal('letter'), Type.Literal('a4')])),
    envelopeOffsets: Type.Optional(
      Type.Object({ DL: Offset, C5: Offset, C6: Offset, US10: Offset }, { additionalProperties: false }),
    ),
    kioskIdleSeconds: Type.Optional(Type.Integer({ minimum: 30, maximum: 3600 })),
    staleMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    uiLanguage: Type.Optional(Type.Union([Type.Literal('en'), Type.Literal('ru')])),
    sessionHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 168 })),
  },
  { additionalProperties: false },
);

export const adminSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/settings', async () => getSettings(app.db));

  app.put('/settings', { schema: { body: SettingsBody } }, async (request) => {
    const changes = request.body as Partial<Settings>;
    if (changes.returnAddress !== undefined && /\p{Script=Cyrillic}/u.test(changes.returnAddress)) {
      // Canada Post and the Russian sorting office both read the sender block in Latin script.
      throw new HttpError(400, 'returnAddress: must be written in Latin script', 'returnAddress');
    }
    return app.db.transaction().execute(async (trx) => {
      const before = await getSettings(trx);
      await saveSettings(trx, changes);
      const after = await getSettings(trx);
      await recordAudit(trx, actorOf(request), { action: 'update', entity: 'settings', entityId: null, before, after });
      return after;
    });
  });
};
