/** Organizer sign-in: the only /api/admin route outside the guard. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signIn } from '../services/accounts.js';
import { SESSION_COOKIE } from '../plugins/organizer-guard.js';
import { ErrorReply } from './schemas.js';

export const SessionReply = Type.Object({
  username: Type.String(),
  role: Type.String(),
  csrfToken: Type.String(),
  expiresAt: Type.String(),
});

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
        response: { 200: SessionReply, 401: ErrorReply, 429: ErrorReply },
      },
    },
    async (request, reply) => {
      const session = await signIn(app.db, request.body.username, request.body.password);
      reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: request.protocol === 'https',
        expires: new Date(session.expiresAt),
      });
      return { username: session.organizer.username, role: session.organizer.role, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  );
};
