/**
 * The organizer guard: every route registered inside the guarded admin scope needs a live session cookie,
 * a matching CSRF header on state-changing methods, and a role the route allows (organizers by default).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../db/audit.js';
import type { SessionInfo } from '../db/organizers.js';
import type { OrganizerRole } from '../model/vocabulary.js';
import { sessionFor } from '../services/accounts.js';
import { HttpError } from './errors.js';

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
  const session = token ? await sessionFor(request.server.db, token) : undefined;
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

/** Who made a request, for the audit log. */
export function actorOf(request: FastifyRequest): Actor {
  const o = request.session?.organizer;
  return { id: o?.id ?? null, username: o?.username ?? null };
}

/** The signed-in organizer (routes inside the guard), for use cases that need a known account. */
export function signedIn(request: FastifyRequest): Actor & { id: number } {
  const o = request.session!.organizer;
  return { id: o.id, username: o.username };
}
