import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';

describe('organizer sign-in', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('sets an HttpOnly SameSite=Strict cookie and lets the session read and sign out', async () => {
    t = await makeTestApp({ seedDemo: false });
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/login', payload: { username: 'admin', password: 'correct-horse-battery' } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const h = await t.login();
    expect((await t.app.inject({ url: '/api/admin/session', headers: h })).json().username).toBe('admin');
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/logout', headers: h })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/admin/session', headers: h })).statusCode).toBe(401);
  });

  it('stores only a salted scrypt hash', async () => {
    t = await makeTestApp({ seedDemo: false });
    const row = await t.database.db.selectFrom('organizers').selectAll().executeTakeFirstOrThrow();
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain('correct-horse-battery');
  });

  it('rejects a wrong password with 401 and rate limits repeated attempts', async () => {
    t = await makeTestApp({ seedDemo: false, loginRateLimit: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/login', payload: { username: 'admin', password: `wrong-${i}` } });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });

  it('does not accept an expired session', async () => {
    t = await makeTestApp({ seedDemo: false });
    const h = await t.login();
    await t.database.db.updateTable('sessions').set({ expiresAt: '2000-01-01T00:00:00.000Z' }).execute();
    expect((await t.app.inject({ url: '/api/admin/prisoners', headers: h })).statusCode).toBe(401);
  });
});
