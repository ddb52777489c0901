/**
 * Delivery routes and the postal-status table as organizers keep them: create, change, delete (moving waiting
 * items in the same transaction), one default always, each change audited in its own transaction. Also which
 * route an item takes (the person's preferred one while it is enabled, else the default) and the console's
 * warning when the default posts from a country where mail to Russia is suspended.
 */
import type { Kysely, Transaction } from 'kysely';
import { findAuditedVersion, recordAudit, type Actor } from '../db/audit.js';
import {
  clearDefaultExcept, countWaitingOnRoute, deleteRoute, findDefaultRoute, findPostalStatus, findRoute, insertRoute, listPostalStatus,
  listRouteRows, movePreferredRoute, moveQueueRoute, updateRoute, upsertPostalStatus,
} from '../db/routes.js';
import { findPrisoner, updatePrisoner } from '../db/prisoners.js';
import type { DB, PostalStatusRow, Route } from '../db/schema.js';
import { clean, isoDay, todayIso } from '../domain/records.js';
import { defaultRouteWarnings, normalizeRoute, requireCountryCode, type DeliveryWarning } from '../domain/routes.js';
import { changedFields } from '../domain/versions.js';
import { DomainError, invalid, VersionConflict } from '../model/errors.js';
import type { PostalStatusInput, RouteEdit, RouteInput } from '../model/schemas.js';
import { getSettings } from './settings.js';

type Db = Kysely<DB> | Transaction<DB>;

const ROUTE_FIELDS = [
  'kind', 'name', 'notes', 'enabled', 'isDefault', 'partnerName', 'partnerAddress', 'partnerCountry', 'returnAddressOf', 'contact', 'accepts',
  'charLimit', 'pageLimit', 'currency', 'pricePerLetter', 'pricePerPage', 'pricePerImage', 'priceReplyForm', 'canReply',
] as const;

/** A route as the console shows it: flags as booleans. */
export function routeView(r: Route) {
  return { ...r, enabled: r.enabled === 1, isDefault: r.isDefault === 1, canReply: r.canReply === 1, isDemo: r.isDemo === 1 };
}
export type RouteView = ReturnType<typeof routeView>;

/** What the kiosk may know of a route: its kind, name and the partner's country. Never notes, contacts or prices. */
export function publicRoute(r: Pick<Route, 'id' | 'kind' | 'name' | 'partnerCountry'>) {
  return { id: r.id, kind: r.kind, name: r.name, ...(r.kind === 'forward' && r.partnerCountry ? { partnerCountry: r.partnerCountry } : {}) };
}
export type PublicRoute = ReturnType<typeof publicRoute>;

export async function listRoutes(db: Db) {
  return (await listRouteRows(db)).map(routeView);
}

async function routeOr404(db: Db, id: number): Promise<Route> {
  const r = await findRoute(db, id);
  if (!r) throw new DomainError('not-found', `id: no route with id ${id}`, 'id');
  return r;
}

export async function getRoute(db: Db, id: number) {
  const r = await routeOr404(db, id);
  return { ...routeView(r), waiting: await countWaitingOnRoute(db, id) };
}

async function requireRouteVersion(trx: Transaction<DB>, current: Route, seen: number): Promise<void> {
  if (current.version === seen) return;
  const base = await findAuditedVersion(trx, 'route', current.id, seen);
  throw new VersionConflict('this route', routeView(current), base ? changedFields(ROUTE_FIELDS, base, routeView(current)) : []);
}

/** Makes `route` the default (the previous default loses the flag, audited too). */
async function makeDefault(trx: Transaction<DB>, actor: Actor, route: Route): Promise<Route> {
  if (route.enabled !== 1) throw invalid('isDefault', 'a disabled route cannot be the default: enable it first');
  for (const before of await findDefaultRoute(trx).then((d) => (d && d.id !== route.id ? [d] : []))) {
    const [after] = await clearDefaultExcept(trx, route.id);
    await recordAudit(trx, actor, { action: 'update', entity: 'route', entityId: before.id, before, after });
  }
  return route.isDefault === 1 ? route : updateRoute(trx, route.id, { isDefault: 1 });
}

export function createRoute(db: Kysely<DB>, actor: Actor, input: RouteInput, extra: { isDemo?: boolean } = {}): Promise<Route> {
  return db.transaction().execute(async (trx) => {
    let row = await insertRoute(trx, { ...normalizeRoute(input), isDefault: 0, isDemo: extra.isDemo ? 1 : 0 });
    if (input.isDefault) row = await makeDefault(trx, actor, row);
    await recordAudit(trx, actor, { action: 'create', entity: 'route', entityId: row.id, after: row });
    return row;
  });
}

/**
 * An organizer's edit of a route. The default stays enabled and stays the default until another route is made
 * the default (setting isDefault on that one): one route is always the default.
 */
export function updateRouteAudited(db: Kysely<DB>, actor: Actor, id: number, edit: RouteEdit): Promise<Route> {
  return db.transaction().execute(async (trx) => {
    const before = await routeOr404(trx, id);
    await requireRouteVersion(trx, before, edit.version);
    const { version: _v, isDefault, ...input } = edit;
    const values = normalizeRoute(input);
    if (before.isDefault === 1) {
      if (values.enabled === 0) throw new DomainError('conflict', 'enabled: this is the default route; make another route the default before disabling it', 'enabled');
      if (isDefault === false) throw new DomainError('conflict', 'isDefault: one route is always the default; make another route the default instead', 'isDefault');
    }
    let after = await updateRoute(trx, id, values);
    if (isDefault === true && before.isDefault !== 1) after = await makeDefault(trx, actor, after);
    await recordAudit(trx, actor, { action: 'update', entity: 'route', entityId: id, before, after });
    return after;
  });
}

/**
 * Deletes a route. Refused while queue items wait for it, unless `moveTo` names the route they move to (in the same
 * transaction). People who preferred it then prefer `moveTo`, or the default. The default is never deleted.
 */
export function deleteRouteAudited(db: Kysely<DB>, actor: Actor, id: number, moveTo?: number): Promise<{ moved: number }> {
  return db.transaction().execute(async (trx) => {
    const before = await routeOr404(trx, id);
    if (before.isDefault === 1) throw new DomainError('conflict', 'id: this is the default route; make another route the default before deleting it', 'id');
    const waiting = await countWaitingOnRoute(trx, id);
    let moved = 0;
    if (moveTo !== undefined) {
      if (moveTo === id) throw invalid('moveTo', 'choose another route to move the items to');
      const target = await findRoute(trx, moveTo);
      if (!target) throw invalid('moveTo', `no route with id ${moveTo}`);
      if (target.enabled !== 1) throw invalid('moveTo', `route "${target.name}" is disabled: choose an enabled route`);
      moved = await moveQueueRoute(trx, id, moveTo);
      await movePreferredRoute(trx, id, moveTo);
    } else if (waiting > 0) {
      throw new DomainError('conflict', `id: ${waiting} queue item${waiting === 1 ? '' : 's'} wait${waiting === 1 ? 's' : ''} for this route: move them to another route first (moveTo)`, 'id');
    } else {
      const fallback = (await findDefaultRoute(trx))!;
      // Printed items keep a route that exists; people who preferred it fall back to the default.
      await moveQueueRoute(trx, id, fallback.id);
      await movePreferredRoute(trx, id, null);
    }
    await deleteRoute(trx, id);
    await recordAudit(trx, actor, { action: 'delete', entity: 'route', entityId: id, before, after: moveTo !== undefined ? { movedTo: moveTo, moved } : undefined });
    return { moved };
  });
}

/** The route an item for this person takes now: their preferred route while it is enabled, else the default. */
export async function routeForPerson(db: Db, person: { preferredRouteId: number | null }): Promise<Route> {
  if (person.preferredRouteId !== null) {
    const preferred = await findRoute(db, person.preferredRouteId);
    if (preferred && preferred.enabled === 1) return preferred;
  }
  const fallback = await findDefaultRoute(db);
  if (!fallback) throw new DomainError('unavailable', 'No default delivery route is set: an organizer must make one route the default');
  return fallback;
}

/** The public routes of many people at once (kiosk lists). */
export async function publicRoutesFor(db: Db, people: { id: number; preferredRouteId: number | null }[]): Promise<Map<number, PublicRoute>> {
  const routes = new Map((await listRouteRows(db)).map((r) => [r.id, r]));
  const fallback = [...routes.values()].find((r) => r.isDefault === 1);
  const out = new Map<number, PublicRoute>();
  for (const p of people) {
    const preferred = p.preferredRouteId === null ? undefined : routes.get(p.preferredRouteId);
    const route = preferred && preferred.enabled === 1 ? preferred : fallback;
    if (route) out.set(p.id, publicRoute(route));
  }
  return out;
}

export async function postalStatusTable(db: Db) {
  return listPostalStatus(db);
}

/** Records the state of mail to Russia from one country, audited; a stale version is refused. */
export function setPostalStatus(db: Kysely<DB>, actor: Actor, countryParam: string, input: PostalStatusInput): Promise<PostalStatusRow> {
  return db.transaction().execute(async (trx) => {
    const country = requireCountryCode(countryParam);
    const source = clean(input.source);
    if (!source) throw invalid('source', 'say where this comes from (the post\'s service page, a report, and when)');
    const asOf = input.asOf === null ? null : isoDay('asOf', input.asOf);
    if (asOf && asOf > todayIso()) throw invalid('asOf', 'is in the future');
    const before = await findPostalStatus(trx, country);
    if (before && input.version !== undefined && input.version !== before.version) {
      throw new VersionConflict(`the postal status of ${country}`, before, changedFields(['status', 'asOf', 'source'], {}, before));
    }
    if (before && input.version === undefined) throw invalid('version', `${country} is in the table already: send the version you saw`);
    const after = await upsertPostalStatus(trx, { country, status: input.status, asOf, source });
    await recordAudit(trx, actor, { action: before ? 'update' : 'create', entity: 'postal_status', entityId: null, before, after });
    return after;
  });
}

/** Warnings for the console: the default route posts from a country where mail to Russia is suspended or unknown. */
export async function deliveryWarnings(db: Db): Promise<DeliveryWarning[]> {
  const settings = await getSettings(db);
  const country = settings.collectiveCountry.toUpperCase();
  return defaultRouteWarnings(await findDefaultRoute(db), country, await findPostalStatus(db, country));
}

/** Sets (or clears, null) the route a person's items take while it is enabled; audited, versioned like any person edit. */
export function setPreferredRoute(db: Kysely<DB>, actor: Actor, personId: number, routeId: number | null, version: number) {
  return db.transaction().execute(async (trx) => {
    const before = await findPrisoner(trx, personId);
    if (!before) throw new DomainError('not-found', `id: no person with id ${personId}`, 'id');
    if (before.version !== version) throw new VersionConflict('this person', { ...before }, []);
    if (routeId !== null) {
      const route = await findRoute(trx, routeId);
      if (!route) throw invalid('routeId', `no route with id ${routeId}`);
    }
    const after = await updatePrisoner(trx, personId, { preferredRouteId: routeId });
    await recordAudit(trx, actor, { action: 'preferred-route', entity: 'prisoner', entityId: personId, before, after });
    return after;
  });
}

/**
 * Removes the demo routes (inside the demo removal's transaction). If a demo route was the default, the first
 * non-demo route (the "Post from here" route a fresh database has, re-enabled) becomes the default; items and people
 * on demo routes move to it.
 */
export async function removeDemoRoutes(trx: Transaction<DB>, actor: Actor): Promise<number> {
  const all = await listRouteRows(trx);
  const demo = all.filter((r) => r.isDemo === 1);
  if (!demo.length) return 0;
  let keep = all.find((r) => r.isDemo !== 1 && r.isDefault === 1) ?? all.find((r) => r.isDemo !== 1 && r.kind === 'post') ?? all.find((r) => r.isDemo !== 1);
  if (!keep) {
    keep = await insertRoute(trx, { kind: 'post', name: 'Post from here', enabled: 1, isDefault: 0 });
    await recordAudit(trx, actor, { action: 'create', entity: 'route', entityId: keep.id, after: keep });
  }
  if (keep.isDefault !== 1 || keep.enabled !== 1) {
    const before = keep;
    await clearDefaultExcept(trx, keep.id);
    keep = await updateRoute(trx, keep.id, { enabled: 1, isDefault: 1 });
    await recordAudit(trx, actor, { action: 'update', entity: 'route', entityId: keep.id, before, after: keep });
  }
  for (const r of demo) {
    await moveQueueRoute(trx, r.id, keep.id);
    await movePreferredRoute(trx, r.id, null);
    await deleteRoute(trx, r.id);
    await recordAudit(trx, actor, { action: 'delete', entity: 'route', entityId: r.id, before: r });
  }
  return demo.length;
}
