/**
 * The organizer guard: every route registered inside the guarded admin scope needs a live session cookie,
 * a matching CSRF header on state-changing methods, and a role the route allows (organizers by default).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findSession, type SessionInfo } from '../db/organizers.js';
import type { OrganizerRole } from '../db/schema.js';
import { HttpError } from '../http-error.js';

export const SESSION_COOKIE = 'volya_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    session: SessionInfo | null;
  }
  interface FastifyContextConfig {
    /** Roles allowed on an admin route; organizers only when unset. */
    roles?: OrganizerRole[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export async function requireOrganizer(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  const session = token ? await findSession(request.server.db, token) : undefined;
  if (!session) throw new HttpError(401, 'Sign in as an organizer first');
  if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken) {
    throw new HttpError(403, `The ${CSRF_HEADER} header is missing or does not match this session`, CSRF_HEADER);
  }
  const roles = request.routeOptions.config.roles ?? ['organizer'];
  if (!roles.includes(session.organizer.role)) {
    throw new HttpError(403, `This needs the role ${roles.join(' or ')}`);
  }
  request.session = session;
}
