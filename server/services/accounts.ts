/** Organizer accounts and sign-in: sessions, adding and removing accounts, changing one's own password. */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { recordAudit, type Actor } from '../db/audit.js';
import {
  createSession, deleteOrganizer, deleteOtherSessions, deleteSession, findOrganizer, findOrganizerByName, findSession, insertOrganizer,
  listOrganizers, setPasswordHash,
} from '../db/organizers.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { DomainError, invalid, TooManyAttempts } from '../model/errors.js';
import type { OrganizerRole } from '../model/vocabulary.js';
import { getSettings } from './settings.js';

// A hash to verify against when the user does not exist, so timing does not reveal which names are taken.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** What the audit log keeps of an account: never the hash. */
const publicAccount = (o: { id: number; username: string; role: string }) => ({ id: o.id, username: o.username, role: o.role });

/** Wrong passwords allowed for one account before it refuses for a while; then 1 s, doubling, up to 15 minutes. */
export const FREE_PASSWORD_ATTEMPTS = 5;
const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 15 * 60_000;
/** Accounts (and unknown names) remembered; the oldest is forgotten first. */
const REMEMBERED = 10_000;

/**
 * Password checks per account, whatever the client's address: the per-address limit alone lets many addresses
 * guess one account's password. In memory, per database (a restart forgets, which costs an attacker a restart).
 */
class PasswordAttempts {
  private readonly entries = new Map<string, { failures: number; lockedUntil: number }>();

  /** Counted before the password is checked, so guesses sent at once count too; refuses while the account waits. */
  begin(key: string, field?: string, now = Date.now()): void {
    const e = this.entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    if (e.lockedUntil > now) {
      const seconds = Math.ceil((e.lockedUntil - now) / 1000);
      throw new TooManyAttempts(`${field ? `${field}: ` : ''}too many wrong passwords for this account; try again in ${seconds} s`, seconds, field);
    }
    e.failures++;
    if (e.failures >= FREE_PASSWORD_ATTEMPTS) e.lockedUntil = now + Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (e.failures - FREE_PASSWORD_ATTEMPTS));
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > REMEMBERED) this.entries.delete(this.entries.keys().next().value!);
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }
}

const attemptsByDatabase = new WeakMap<Kysely<DB>, PasswordAttempts>();
function attemptsOf(db: Kysely<DB>): PasswordAttempts {
  let a = attemptsByDatabase.get(db);
  if (!a) attemptsByDatabase.set(db, (a = new PasswordAttempts()));
  return a;
}

/** Checks the password and opens a session; the cookie token is returned once, only its hash is stored. */
export async function signIn(db: Kysely<DB>, username: string, password: string) {
  // Unknown names are counted too, so the answers do not tell which names exist.
  const key = `sign-in:${username.toLowerCase()}`;
  attemptsOf(db).begin(key);
  const organizer = await findOrganizerByName(db, username);
  const ok = await verifyPassword(password, organizer?.passwordHash ?? DUMMY_HASH);
  if (!organizer || !ok) throw new DomainError('unauthorized', 'Wrong user name or password');
  attemptsOf(db).succeeded(key);
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
  // A stolen session must not become a way to guess the password, so this check has the same limit as sign-in.
  const key = `current-password:${actor.id}`;
  attemptsOf(db).begin(key, 'currentPassword');
  const account = await findOrganizer(db, actor.id);
  if (!account || !(await verifyPassword(body.currentPassword, account.passwordHash))) {
    throw new DomainError('forbidden', 'currentPassword: the current password is wrong', 'currentPassword');
  }
  attemptsOf(db).succeeded(key);
  if (body.newPassword === body.currentPassword) throw invalid('newPassword', 'must differ from the current password');
  const passwordHash = await hashPassword(body.newPassword);
  await db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, actor.id, passwordHash);
    await deleteOtherSessions(trx, actor.id, keepSessionToken);
    await recordAudit(trx, actor, { action: 'change-password', entity: 'organizer', entityId: actor.id, after: publicAccount(account) });
  });
}
