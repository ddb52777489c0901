/** Organizer accounts and their sessions. */
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB, Organizer, OrganizerRole } from './schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export function findOrganizerByName(db: Db, username: string): Promise<Organizer | undefined> {
  return db.selectFrom('organizers').selectAll().where('username', '=', username).executeTakeFirst();
}

export function findOrganizer(db: Db, id: number): Promise<Organizer | undefined> {
  return db.selectFrom('organizers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countOrganizers(db: Db): Promise<number> {
  const row = await db.selectFrom('organizers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listOrganizers(db: Db) {
  return db.selectFrom('organizers').select(['id', 'username', 'role', 'createdAt', 'version']).orderBy('username').execute();
}

export function insertOrganizer(db: Db, values: { username: string; passwordHash: string; role?: OrganizerRole }) {
  return db.insertInto('organizers').values(values).returningAll().executeTakeFirstOrThrow();
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface SessionInfo {
  organizer: Pick<Organizer, 'id' | 'username' | 'role'>;
  csrfToken: string;
  expiresAt: string;
}

/** Creates a session and returns the cookie token (only its hash is stored) and the CSRF token. */
export async function createSession(db: Db, organizerId: number, hours: number, now = new Date()) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + hours * 3600_000).toISOString();
  await db.insertInto('sessions').values({ tokenHash: hashToken(token), organizerId, csrfToken, expiresAt }).execute();
  return { token, csrfToken, expiresAt };
}

export async function findSession(db: Db, token: string, now = new Date()): Promise<SessionInfo | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('organizers as o', 'o.id', 's.organizerId')
    .select(['o.id', 'o.username', 'o.role', 's.csrfToken', 's.expiresAt'])
    .where('s.tokenHash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expiresAt <= now.toISOString()) return undefined;
  return { organizer: { id: row.id, username: row.username, role: row.role }, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('tokenHash', '=', hashToken(token)).execute();
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<void> {
  await db.deleteFrom('sessions').where('expiresAt', '<=', now.toISOString()).execute();
}

/** Ends every session of an organizer except the one with `keepToken` (a password change signs out other browsers). */
export async function deleteOtherSessions(db: Db, organizerId: number, keepToken: string): Promise<void> {
  await db.deleteFrom('sessions').where('organizerId', '=', organizerId).where('tokenHash', '!=', hashToken(keepToken)).execute();
}

export async function deleteOrganizer(db: Db, id: number): Promise<void> {
  await db.deleteFrom('organizers').where('id', '=', id).execute();
}

export async function setPasswordHash(db: Db, id: number, passwordHash: string): Promise<void> {
  await db.updateTable('organizers').set({ passwordHash, version: sql<number>`version + 1` }).where('id', '=', id).execute();
}
