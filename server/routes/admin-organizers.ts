/** Organizer accounts: list, add, remove, and change one's own password (the current one required; other sessions end). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { oneOf } from '../model/schemas.js';
import { ORGANIZER_ROLES } from '../model/vocabulary.js';
import { actorOf, SESSION_COOKIE, signedIn } from '../plugins/organizer-guard.js';
import { addAccount, changeOwnPassword, listAccounts, removeAccount } from '../services/accounts.js';
import { IdParams } from './schemas.js';

const Password = Type.String({ minLength: 10, maxLength: 200 });

export const adminOrganizerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/organizers', async (request) => ({ organizers: await listAccounts(app.db), me: signedIn(request).id }));

  app.post(
    '/organizers',
    {
      schema: {
        body: Type.Object(
          { username: Type.String({ minLength: 2, maxLength: 60, pattern: '^[A-Za-z0-9._-]+$' }), password: Password, role: oneOf(ORGANIZER_ROLES) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => reply.status(201).send(await addAccount(app.db, actorOf(request), request.body)),
  );

  app.delete('/organizers/:id', { schema: { params: IdParams } }, async (request) => {
    await removeAccount(app.db, signedIn(request), request.params.id);
    return { ok: true };
  });

  app.post(
    '/organizers/me/password',
    {
      config: { roles: ['organizer', 'translator'] },
      schema: {
        body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password }, { additionalProperties: false }),
      },
    },
    async (request) => {
      await changeOwnPassword(app.db, signedIn(request), request.cookies[SESSION_COOKIE]!, request.body);
      return { ok: true };
    },
  );
};
