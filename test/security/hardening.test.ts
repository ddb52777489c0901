/**
 * The smaller hardening items, through real requests: no-store on every organizer answer and download, a bounded
 * X-Volya-Replaced header, the Host allowlist, disk full as 507, and the per-account limits on password checks.
 */
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ADMIN_USER, concreteUrl, facilityBody, makeTestApp, putPrintSettings, type TestApp } from '../helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('Cache-Control: no-store', () => {
  it('is on the answer of every admin GET route in the route table, signed in or not', async () => {
    const h = await t.login();
    const gets = t.routes.filter((r) => r.url.startsWith('/api/admin') && r.method === 'GET');
    expect(gets.length).toBeGreaterThan(15);
    for (const r of gets) {
      for (const headers of [h, {}]) {
        const res = await t.app.inject({ method: 'GET', url: concreteUrl(r.url), headers });
        expect({ route: r.url, status: res.statusCode, cache: res.headers['cache-control'] }).toEqual({ route: r.url, status: res.statusCode, cache: 'no-store' });
      }
    }
  });

  it('is on the downloads themselves: exports, backup, the kiosk PDF', async () => {
    const h = await t.login();
    for (const url of ['/api/admin/export.csv', '/api/admin/export.json', '/api/admin/backup']) {
      const res = await t.app.inject({ method: 'GET', url, headers: h });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-disposition'], url).toMatch(/^attachment;/);
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
    const person = (await t.app.inject({ method: 'GET', url: '/api/prisoners' })).json().prisoners[0];
    const pdf = await t.app.inject({ method: 'POST', url: '/api/pdf', payload: { kind: 'letter', prisonerId: person.id, text: 'Привет' } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['cache-control']).toBe('no-store');
  });
});

describe('X-Volya-Replaced', () => {
  it('names the first 10 of 20,000 distinct unprintable characters and counts them all, in under 2 KB', async () => {
    const person = (await t.app.inject({ method: 'GET', url: '/api/prisoners' })).json().prisoners[0];
    // 20,000 distinct CJK ideographs, a script no bundled font has.
    const text = Array.from({ length: 20_000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    const res = await t.app.inject({ method: 'POST', url: '/api/pdf', payload: { kind: 'letter', prisonerId: person.id, text } });
    expect(res.statusCode).toBe(200);
    const header = String(res.headers['x-volya-replaced']);
    expect(header.length).toBeLessThan(2048);
    const named: { char: string; codePoint: string }[] = JSON.parse(decodeURIComponent(header));
    expect(named.map((r) => r.codePoint)).toEqual(['U+4E00', 'U+4E01', 'U+4E02', 'U+4E03', 'U+4E04', 'U+4E05', 'U+4E06', 'U+4E07', 'U+4E08', 'U+4E09']);
    expect(res.headers['x-volya-replaced-count']).toBe('20000');
  }, 60_000);
});

describe('Host allowlist', () => {
  const get = (host: string, url = '/api/health') => t.app.inject({ method: 'GET', url, headers: { host } });
  const lan = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

  it('answers localhost, 127.0.0.1 and [::1] on any port', async () => {
    for (const host of ['localhost', 'localhost:3000', 'LocalHost:8080', '127.0.0.1', '127.0.0.1:3000', '[::1]', '[::1]:3000']) {
      expect({ host, status: (await get(host)).statusCode }).toEqual({ host, status: 200 });
    }
  });

  it('answers 421 with a message, and closes the connection, for any other name', async () => {
    for (const host of ['rebound.example', 'rebound.example:3000', 'localhost.rebound.example', '127.0.0.1.nip.io', '[::2]:3000', 'localhost:3000:1']) {
      for (const url of ['/api/health', '/api/prisoners', '/', '/api/admin/login']) {
        const res = await get(host, url);
        expect({ host, url, status: res.statusCode }).toEqual({ host, url, status: 421 });
        expect(res.headers.connection).toBe('close');
        expect(res.json().message).toMatch(/does not answer to the host name/);
      }
    }
  });

  it.skipIf(!lan)('answers this machine\'s LAN address only while phones are allowed', async () => {
    const h = await t.login();
    const phones = (on: boolean) => putPrintSettings(t, h, { phonesAllowed: on });
    expect((await phones(false)).statusCode).toBe(200);
    expect((await get(`${lan}:3000`)).statusCode).toBe(421);
    expect((await phones(true)).statusCode).toBe(200);
    expect((await get(`${lan}:3000`)).statusCode).toBe(200);
    expect((await get('192.0.2.254:3000')).statusCode).toBe(lan === '192.0.2.254' ? 200 : 421);
    expect((await phones(false)).statusCode).toBe(200);
  });
});

describe('disk full', () => {
  it('answers 507 naming the database folder when a write finds no room, and keeps answering reads', async () => {
    const d = await makeTestApp({ seedDemo: false });
    try {
      const h = await d.login();
      // The file may not grow beyond what it has: the next write that needs a page fails with SQLITE_FULL.
      d.database.sqlite.pragma(`max_page_count = ${d.database.sqlite.pragma('page_count', { simple: true })}`);
      let res;
      for (let i = 0; i < 200; i++) {
        res = await d.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: { ...facilityBody, name: `${facilityBody.name} ${i}`, notes: 'н'.repeat(4000) } });
        if (res.statusCode !== 201 && res.statusCode !== 200) break;
      }
      expect(res!.statusCode).toBe(507);
      expect(res!.json().message).toContain('The disk is full');
      expect(res!.json().message).toContain(path.dirname(d.dbPath));
      expect((await d.app.inject({ method: 'GET', url: '/api/prisoners' })).statusCode).toBe(200);
    } finally {
      d.database.sqlite.pragma('max_page_count = 1073741823');
      await d.close();
    }
  });
});

describe('per-account password limits', () => {
  const login = (password: string, remoteAddress = '127.0.0.1', username = ADMIN_USER) =>
    t.app.inject({ method: 'POST', url: '/api/admin/login', remoteAddress, payload: { username, password } });

  it('refuses an account after 5 wrong passwords, from any address, for a growing time; a good sign-in resets it', async () => {
    for (let i = 0; i < 5; i++) expect((await login('wrong', `127.0.0.${i + 2}`)).statusCode).toBe(401);
    const refused = await login(ADMIN_PASSWORD, '127.0.0.9');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers.connection).toBe('close');
    expect(refused.json().message).toMatch(/too many wrong passwords/);
    // Another account is not affected.
    expect((await login('wrong', '127.0.0.1', 'someone-else')).statusCode).toBe(401);

    // After the wait, one more wrong password: the next wait is twice as long.
    let res = await login('wrong');
    while (res.statusCode === 429) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      res = await login('wrong');
    }
    expect(res.statusCode).toBe(401);
    const longer = await login(ADMIN_PASSWORD);
    expect(longer.statusCode).toBe(429);
    expect(longer.headers['retry-after']).toBe('2');

    res = await login(ADMIN_PASSWORD);
    while (res.statusCode === 429) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      res = await login(ADMIN_PASSWORD);
    }
    expect(res.statusCode).toBe(200);
    expect((await login('wrong')).statusCode).toBe(401);
    expect((await login(ADMIN_PASSWORD)).statusCode).toBe(200);
  }, 15_000);

  it('limits the current-password check of a password change the same way', async () => {
    const h = await t.login();
    const change = (currentPassword: string) =>
      t.app.inject({ method: 'POST', url: '/api/admin/organizers/me/password', headers: h, payload: { currentPassword, newPassword: 'another-long-password-1' } });
    for (let i = 0; i < 5; i++) expect((await change('wrong')).statusCode).toBe(403);
    const refused = await change(ADMIN_PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json().field).toBe('currentPassword');
  });
});

describe('refusals close the connection', () => {
  it('closes after a 403 for a phone, a 413 and a 429', async () => {
    const phoneOff = await t.app.inject({ method: 'GET', url: '/api/prisoners', remoteAddress: '192.168.77.30' });
    expect([phoneOff.statusCode, phoneOff.headers.connection]).toEqual([403, 'close']);
    const tooLarge = await t.app.inject({ method: 'POST', url: '/api/admin/login', payload: { username: 'x', password: 'y'.repeat(2 * 1024 * 1024) } });
    expect([tooLarge.statusCode, tooLarge.headers.connection]).toEqual([413, 'close']);
    const limited = await makeTestApp({ seedDemo: false, loginRateLimit: 1 });
    try {
      const attempt = () => limited.app.inject({ method: 'POST', url: '/api/admin/login', payload: { username: 'nobody', password: 'wrong' } });
      expect((await attempt()).statusCode).toBe(401);
      const res = await attempt();
      expect([res.statusCode, res.headers.connection]).toEqual([429, 'close']);
    } finally {
      await limited.close();
    }
  });
});
