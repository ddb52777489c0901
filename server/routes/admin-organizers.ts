/** Organizer accounts: list, add, remove, and change one's own password (the current one required; other sessions end). */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { deleteOtherSessions, findOrganizer, findOrganizerByName, insertOrganizer, listOrganizers } from '../db/organizers.js';
import { SESSION_COOKIE } from '../plugins/organizer-guard.js';
import { recordAudit } from '../db/audit.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { HttpError } from '../http-error.js';
import { IdParams } from './schemas.js';
import { actorOf } from './admin-prisoners.js';

const Password = Type.String({ minLength: 10, maxLength: 200 });
const Role = Type.Union([Type.Literal('organizer'), Type.Literal('translator')]);

/** What the audit log keeps of an account: never the hash. */
const publicAccount = (o: { id: number; username: string; role: string }) => ({ id: o.id, username: o.username, role: o.role });

export const adminOrganizerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/organizers', async (request) => ({ organizers: await listOrganizers(app.db), me: request.session!.organizer.id }));

  app.post(
    '/organizers',
    {
      schema: {
        body: Type.Object(
          { username: Type.String({ minLength: 2, maxLength: 60, pattern: '^[A-Za-z0-9._-]+$' }), password: Password, role: Role },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const { username, password, role } = request.body;
      const passwordHash = await hashPassword(password);
      const created = await app.db.transaction().execute(async (trx) => {
        if (await findOrganizerByName(trx, username)) throw new HttpError(409, `username: "${username}" is taken`, 'username');
        const row = await insertOrganizer(trx, { username, passwordHash, role });
        await recordAudit(trx, actorOf(request), { action: 'create', entity: 'organizer', entityId: row.id, after: publicAccount(row) });
        return row;
      });
      return reply.status(201).send({ id: created.id, username: created.username, role: created.role, createdAt: created.createdAt });
    },
  );

  app.delete('/organizers/:id', { schema: { params: IdParams } }, async (request) => {
    const id = request.params.id;
    if (id === request.session!.organizer.id) throw new HttpError(409, 'id: you cannot remove your own account', 'id');
    await app.db.transaction().execute(async (trx) => {
      const before = await findOrganizer(trx, id);
      if (!before) throw new HttpError(404, `No organizer with id ${id}`, 'id');
      // Sessions go with the account (foreign key cascade): a removed organizer is signed out at once.
      await trx.deleteFrom('organizers').where('id', '=', id).execute();
      await recordAudit(trx, actorOf(request), { action: 'delete', entity: 'organizer', entityId: id, before: publicAccount(before) });
    });
    return { ok: true };
  });

  app.post(
    '/organizers/me/password',
    {
      config: { roles: ['organizer', 'translator'] },
      schema: {
        body: Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password }, { additionalProperties: false }),
      },
    },
    async (request) => {
      const me = request.session!.organizer;
      const account = await findOrganizer(app.db, me.id);
      if (!account || !(await verifyPassword(request.body.currentPassword, account.passwordHash))) {
        throw new HttpError(403, 'currentPassword: the current password is wrong', 'currentPassword');
      }
      if (request.body.newPassword === request.body.currentPassword) {
        throw new HttpError(400, 'newPassword: must differ from the current password', 'newPassword');
      }
      const passwordHash = await hashPassword(request.body.newPassword);
      await app.db.transaction().execute(async (trx) => {
        await trx.updateTable('organizers').set({ passwordHash }).where('id', '=', me.id).execute();
        // Whoever signed in with the old password elsewhere is signed out; this browser stays signed in.
        await deleteOtherSessions(trx, me.id, request.cookies[SESSION_COOKIE]!);
        await recordAudit(trx, actorOf(request), { action: 'change-password', entity: 'organizer', entityId: me.id, after: publicAccount(account) });
      });
      return { ok: true };
    },
  );
};
