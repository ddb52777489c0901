/**
 * Phones as writing stations. A phone is any client that is not this machine (loopback or one of its own
 * addresses: the kiosk laptop's browser is not a phone, whichever URL it opened).
 * Phones may only use the kiosk's public routes; everything else — the console, the admin API, direct
 * printing — answers 403, and with phone access switched off (the default) every request does. Phones are
 * also rate-limited per address, since anyone on the venue's network can reach the server.
 */
import os from 'node:os';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { getSettings } from '../services/settings.js';
import { DomainError } from '../model/errors.js';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** True for a client that is not on this machine (a phone on the local network). */
    isPhone: boolean;
  }
}

export interface ClientKindOptions {
  /** API requests a phone may make per minute. */
  phoneRequestsPerMinute: number;
}

export function isLoopback(address: string): boolean {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\./.test(a);
}

let own: { at: number; addresses: Set<string> } | undefined;

/** This machine's own interface addresses (re-read every 10 s: Wi-Fi may change during the evening). */
function ownAddresses(now = Date.now()): Set<string> {
  if (!own || now - own.at > 10_000) {
    const addresses = new Set<string>();
    for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) addresses.add(a.address);
    own = { at: now, addresses };
  }
  return own.addresses;
}

/** The laptop itself: loopback, or one of its own addresses (its browser opened the LAN URL). */
export function isThisMachine(address: string): boolean {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return isLoopback(a) || ownAddresses().has(a);
}

// API routes the kiosk page uses; anything else under /api is closed to phones.
const PHONE_API = [
  /^\/api\/health$/,
  /^\/api\/prisoners(\/\d+)?$/,
  /^\/api\/templates(\/[^/]+)?$/,
  /^\/api\/compose$/,
  /^\/api\/phrasebook$/,
  /^\/api\/hints$/,
  /^\/api\/pdf(\/report)?$/,
  /^\/api\/queue$/,
  /^\/api\/print\/capabilities$/,
  /^\/api\/kiosk(\/.*)?$/,
];

/**
 * The path a request's URL names, as the router reads it: query removed and percent-encoding undone, so
 * `/%61pi/admin` is judged as `/api/admin`. Null for a malformed encoding, and for empty or dot segments
 * (`//`, `/./`, `/../`), which no kiosk URL has and which the static file server would resolve elsewhere.
 */
export function decodedPath(url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0]!);
  } catch {
    return null;
  }
  return /\/\/|\/\.\.?(\/|$)|\\|\0/.test(path) ? null : path;
}

/** Whether a phone may request this decoded path (see decodedPath). */
export function phoneMayUse(path: string): boolean {
  if (path.startsWith('/api/')) return PHONE_API.some((re) => re.test(path));
  return !(path === '/admin' || path.startsWith('/admin/') || path.startsWith('/admin.'));
}

export const clientKind = fp<ClientKindOptions>(
  async (app, opts) => {
    app.decorateRequest('isPhone', false);
    // Fixed one-minute windows per address: simple, and enough to stop one phone flooding the queue.
    const windows = new Map<string, { start: number; count: number }>();

    app.addHook('onRequest', async (request: FastifyRequest) => {
      // A connection reset before its request was read has no address (and no one to answer): no error to log.
      const ip = request.ip as string | undefined;
      if (ip === undefined) throw new DomainError('client-gone', 'The client closed the connection');
      request.isPhone = !isThisMachine(ip);
      if (!request.isPhone) return;
      // Another chapter's laptop reading the published feed; the route answers 404 unless serving is on.
      if (request.method === 'GET' && /^\/feed\/[a-z0-9-]+\.json$/.test(request.url)) return;
      const settings = await getSettings(app.db);
      if (!settings.phonesAllowed) throw new HttpError(403, 'Phone access is switched off. Ask an organizer to switch it on.');
      const path = decodedPath(request.url);
      // The matched route is checked too, so no spelling of a URL reaches the organizer API.
      const organizerRoute = request.routeOptions.url?.startsWith('/api/admin') ?? false;
      if (path === null || organizerRoute || !phoneMayUse(path)) throw new HttpError(403, 'Phones can compose and add to the print queue only; this needs the kiosk laptop.');
      if (!path.startsWith('/api/')) return;
      const now = Date.now();
      if (windows.size > 10_000) windows.clear(); // bounded: a venue has far fewer phones than this
      let w = windows.get(ip);
      if (!w || now - w.start >= 60_000) windows.set(ip, (w = { start: now, count: 0 }));
      if (++w.count > opts.phoneRequestsPerMinute) throw new HttpError(429, 'Too many requests from this phone: wait a minute.');
    });
  },
  { name: 'client-kind' },
);
