/** The signed-in organizer's own session: who am I (and the CSRF token again after a reload), sign out. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { signOut } from '../services/accounts.js';
import { SESSION_COOKIE } from '../plugins/organizer-guard.js';
import { SessionReply } from './admin-auth.js';

export const adminSessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const anyRole = { roles: ['organizer', 'translator'] as ('organizer' | 'translator')[] };

  app.get('/session', { config: anyRole, schema: { response: { 200: SessionReply } } }, async (request) => {
    const s = request.session!;
    return { username: s.organizer.username, role: s.organizer.role, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
  });

  app.post('/logout', { config: anyRole, schema: { response: { 200: Type.Object({ ok: Type.Boolean() }) } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await signOut(app.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
};
