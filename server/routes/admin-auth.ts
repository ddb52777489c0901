/** Organizer sign-in: the only /api/admin route outside the guard. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createSession, findOrganizerByName } from '../db/organizers.js';
import { getSettings } from '../db/settings.js';
import { verifyPassword } from '../auth/passwords.js';
import { HttpError } from '../http-error.js';
import { SESSION_COOKIE } from '../plugins/organizer-guard.js';
import { ErrorReply } from './schemas.js';

export const SessionReply = Type.Object({
  username: Type.String(),
  role: Type.String(),
  csrfToken: Type.String(),
  expiresAt: Type.String(),
});

// A hash to verify against when the user does not exist, so timing does not reveal which names are taken.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export const adminAuthRoutes: FastifyPluginAsyncTypebox<{ loginRateLimit: number }> = async (app, opts) => {
  app.post(
    '/login',
    {
      config: { rateLimit: { max: opts.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: SessionReply, 401: ErrorReply },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const organizer = await findOrganizerByName(app.db, username);
      const ok = await verifyPassword(password, organizer?.passwordHash ?? DUMMY_HASH);
      if (!organizer || !ok) throw new HttpError(401, 'Wrong user name or password');
      const settings = await getSettings(app.db);
      const session = await createSession(app.db, organizer.id, settings.sessionHours);
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: request.protocol === 'https',
        expires: new Date(session.expiresAt),
      });
      return { username: organizer.username, role: organizer.role, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  );
};
