/** Organizer accounts and sign-in: sessions, adding and removing accounts, changing one's own password. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { recordAudit, type Actor } from '../db/audit.js';
import {
  createSession, deleteOrganizer, deleteOtherSessions, deleteSession, findOrganizer, findOrganizerByName, findSession, insertOrganizer,
  listOrganizers, setPasswordHash,
} from '../db/organizers.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { DomainError, invalid } from '../model/errors.js';
import type { OrganizerRole } from '../model/vocabulary.js';
import { getSettings } from './settings.js';

// A hash to verify against when the user does not exist, so timing does not reveal which names are taken.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** What the audit log keeps of an account: never the hash. */
const publicAccount = (o: { id: number; username: string; role: string }) => ({ id: o.id, username: o.username, role: o.role });

/** Checks the password and opens a session; the cookie token is returned once, only its hash is stored. */
export async function signIn(db: Kysely<DB>, username: string, password: string) {
  const organizer = await findOrganizerByName(db, username);
  const ok = await verifyPassword(password, organizer?.passwordHash ?? DUMMY_HASH);
  if (!organizer || !ok) throw new DomainError('unauthorized', 'Wrong user name or password');
  const session = await createSession(db, organizer.id, (await getSettings(db)).sessionHours);
  return { organizer, ...session };
}

export const sessionFor = findSession;
export const signOut = deleteSession;

export async function listAccounts(db: Kysely<DB>) {
  return listOrganizers(db);
}

export async function addAccount(db: Kysely<DB>, actor: Actor, body: { username: string; password: string; role: OrganizerRole }) {
  const passwordHash = await hashPassword(body.password);
  const created = await db.transaction().execute(async (trx) => {
    if (await findOrganizerByName(trx, body.username)) throw new DomainError('conflict', `username: "${body.username}" is taken`, 'username');
    const row = await insertOrganizer(trx, { username: body.username, passwordHash, role: body.role });
    await recordAudit(trx, actor, { action: 'create', entity: 'organizer', entityId: row.id, after: publicAccount(row) });
    return row;
  });
  return { id: created.id, username: created.username, role: created.role, createdAt: created.createdAt };
}

export async function removeAccount(db: Kysely<DB>, actor: Actor & { id: number }, id: number): Promise<void> {
  if (id === actor.id) throw new DomainError('conflict', 'id: you cannot remove your own account', 'id');
  await db.transaction().execute(async (trx) => {
    const before = await findOrganizer(trx, id);
    if (!before) throw new DomainError('not-found', `id: no organizer with id ${id}`, 'id');
    // Sessions go with the account (foreign key cascade): a removed organizer is signed out at once.
    await deleteOrganizer(trx, id);
    await recordAudit(trx, actor, { action: 'delete', entity: 'organizer', entityId: id, before: publicAccount(before) });
  });
}

/** Changes one's own password (the current one required); whoever signed in with the old one elsewhere is signed out. */
export async function changeOwnPassword(
  db: Kysely<DB>, actor: Actor & { id: number }, keepSessionToken: string, body: { currentPassword: string; newPassword: string },
): Promise<void> {
  const account = await findOrganizer(db, actor.id);
  if (!account || !(await verifyPassword(body.currentPassword, account.passwordHash))) {
    throw new DomainError('forbidden', 'currentPassword: the current password is wrong', 'currentPassword');
  }
  if (body.newPassword === body.currentPassword) throw invalid('newPassword', 'must differ from the current password');
  const passwordHash = await hashPassword(body.newPassword);
  await db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, actor.id, passwordHash);
    await deleteOtherSessions(trx, actor.id, keepSessionToken);
    await recordAudit(trx, actor, { action: 'change-password', entity: 'organizer', entityId: actor.id, after: publicAccount(account) });
  });
}
