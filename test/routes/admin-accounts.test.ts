import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, makeTestApp, type TestApp } from '../helpers.js';
import { createSession } from '../../server/db/organizers.js';
import { buildApp } from '../../server/app.js';
import { noCups } from '../printing/stand-in-cups.js';

describe('organizer accounts', () => {
  let t: TestApp;
  let h: Record<string, string>;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
    h = await t.login();
  });
  afterAll(() => t.close());

  const audit = async (entity = 'organizer') => (await t.app.inject({ url: `/api/admin/audit?entity=${entity}`, headers: h })).json().entries;

  it('adds an organizer and a translator, lists them, and audits without the password hash', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/organizers', headers: h, payload: { username: 'masha', password: 'long-enough-pass', role: 'organizer' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).not.toHaveProperty('passwordHash');
    const tr = await t.app.inject({ method: 'POST', url: '/api/admin/organizers', headers: h, payload: { username: 'lena', password: 'translate-me-please', role: 'translator' } });
    expect(tr.statusCode).toBe(201);
    const list = (await t.app.inject({ url: '/api/admin/organizers', headers: h })).json();
    expect(list.organizers.map((o: { username: string; role: string }) => `${o.username}:${o.role}`)).toEqual(['admin:organizer', 'lena:translator', 'masha:organizer']);
    expect(JSON.stringify(list)).not.toContain('scrypt');
    const entries = await audit();
    expect(entries[0]).toMatchObject({ action: 'create', organizerName: 'admin', after: { username: 'lena', role: 'translator' } });
    expect(JSON.stringify(entries)).not.toContain('scrypt');
    // The new account signs in; a translator cannot manage accounts.
    const lena = await t.login('lena', 'translate-me-please');
    expect((await t.app.inject({ url: '/api/admin/organizers', headers: lena })).statusCode).toBe(403);
  });

  it('validates: short password, bad name, unknown role, extra field, taken name', async () => {
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/admin/organizers', headers: h, payload });
    expect((await post({ username: 'x1', password: 'short', role: 'organizer' })).json()).toMatchObject({ field: 'password' });
    expect((await post({ username: 'has space', password: 'long-enough-pass', role: 'organizer' })).json()).toMatchObject({ field: 'username' });
    expect((await post({ username: 'x2', password: 'long-enough-pass', role: 'root' })).json()).toMatchObject({ field: 'role' });
    expect((await post({ username: 'x3', password: 'long-enough-pass', role: 'organizer', admin: true })).statusCode).toBe(400);
    const taken = await post({ username: 'masha', password: 'long-enough-pass', role: 'organizer' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().field).toBe('username');
  });

  it('removes an organizer (signing them out), never oneself', async () => {
    const masha = await t.login('masha', 'long-enough-pass');
    const list = (await t.app.inject({ url: '/api/admin/organizers', headers: h })).json();
    const id = list.organizers.find((o: { username: string }) => o.username === 'masha').id;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/organizers/${list.me}`, headers: h })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/organizers/${id}`, headers: h })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/admin/session', headers: masha })).statusCode).toBe(401);
    expect(await t.app.db.selectFrom('sessions').select('tokenHash').where('organizerId', '=', id).execute()).toEqual([]);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/admin/organizers/9999', headers: h })).statusCode).toBe(404);
    expect((await audit())[0]).toMatchObject({ action: 'delete', entityId: id, before: { username: 'masha' } });
  });

  it('changes one\'s own password only with the current one', async () => {
    const url = '/api/admin/organizers/me/password';
    const wrong = await t.app.inject({ method: 'POST', url, headers: h, payload: { currentPassword: 'not-it-at-all', newPassword: 'a-brand-new-password' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().field).toBe('currentPassword');
    expect((await t.app.inject({ method: 'POST', url, headers: h, payload: { currentPassword: ADMIN_PASSWORD, newPassword: 'short' } })).json().field).toBe('newPassword');
    const otherBrowser = await t.login();
    const ok = await t.app.inject({ method: 'POST', url, headers: h, payload: { currentPassword: ADMIN_PASSWORD, newPassword: 'a-brand-new-password' } });
    expect(ok.statusCode).toBe(200);
    // Other sessions of the account end (someone who knew the old password is out); this one stays.
    expect((await t.app.inject({ url: '/api/admin/session', headers: otherBrowser })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/admin/session', headers: h })).statusCode).toBe(200);
    await expect(t.login('admin', ADMIN_PASSWORD)).rejects.toThrow(/401/);
    expect(await t.login('admin', 'a-brand-new-password')).toHaveProperty('cookie');
    expect((await audit())[0]).toMatchObject({ action: 'change-password', organizerName: 'admin' });
    // Translators may change their own password.
    const lena = await t.login('lena', 'translate-me-please');
    expect((await t.app.inject({ method: 'POST', url, headers: lena, payload: { currentPassword: 'translate-me-please', newPassword: 'another-long-one' } })).statusCode).toBe(200);
  });

  it('deletes expired sessions when the app starts (the sweeper\'s first run), and keeps live ones', async () => {
    const admin = (await t.app.inject({ url: '/api/admin/session', headers: h })).json();
    const me = (await t.app.inject({ url: '/api/admin/organizers', headers: h })).json().me as number;
    expect(admin.username).toBe('admin');
    await createSession(t.app.db, me, 1, new Date(Date.now() - 2 * 3600_000));
    const rows = () => t.app.db.selectFrom('sessions').select('expiresAt').where('organizerId', '=', me).execute();
    expect((await rows()).some((r) => r.expiresAt <= new Date().toISOString())).toBe(true);
    const restarted = await buildApp({ database: t.database, cups: noCups });
    await restarted.ready();
    await restarted.close();
    const left = await rows();
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((r) => r.expiresAt > new Date().toISOString())).toBe(true);
    expect((await t.app.inject({ url: '/api/admin/session', headers: h })).statusCode).toBe(200);
  });
});
