import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concreteUrl, facilityBody, makeTestApp, type TestApp } from '../helpers.js';

describe('security', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let offeredId: number;
  let withdrawnId: number;
  const secrets = {
    privateNotes: 'SECRET-PRIVATE-NOTE-7f3a',
    withdrawnNote: 'SECRET-WITHDRAWN-NOTE-91c2',
    facilityNotes: 'SECRET-FACILITY-NOTE-44d0',
  };

  beforeAll(async () => {
    t = await makeTestApp();
    h = await t.login();
    const f = await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: { ...facilityBody, notes: secrets.facilityNotes } });
    const facilityId = f.json().id;
    const base = { surname: 'Секретов', givenName: 'Олег', birthYear: 1990, status: 'pretrial', facilityId };
    // An offerable person with private notes, and a withdrawn one with a withdrawal note.
    offeredId = (await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { ...base, privateNotes: secrets.privateNotes } })).json().id;
    withdrawnId = (await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { ...base, givenName: 'Пётр', supportWithdrawn: true, withdrawnNote: secrets.withdrawnNote } })).json().id;
  });
  afterAll(() => t.close());

  it('sends a self-only Content-Security-Policy and the usual hardening headers', async () => {
    const res = await t.app.inject({ url: '/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('never lets a public route return organizer-only data', async () => {
    const people = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners as { id: number }[];
    const publicGets = t.routes.filter((r) => r.method === 'GET' && r.url.startsWith('/api/') && !r.url.startsWith('/api/admin'));
    const urls = new Set<string>();
    for (const r of publicGets) {
      if (r.url.includes(':id')) for (const p of people) urls.add(r.url.replace(':id', String(p.id)));
      else urls.add(concreteUrl(r.url));
    }
    urls.add('/api/prisoners?q=Секретов');
    const organizer = await t.database.db.selectFrom('organizers').select(['username', 'passwordHash']).executeTakeFirstOrThrow();
    const forbidden = [...Object.values(secrets), organizer.passwordHash, '"privateNotes"', '"withdrawnNote"', '"passwordHash"', '"before"', '"after"'];
    for (const url of urls) {
      const body = (await t.app.inject({ url })).body;
      for (const f of forbidden) expect({ url, leaked: body.includes(f) ? f : null }).toEqual({ url, leaked: null });
    }
    // The withdrawn person is not offered at all; the one with private notes is.
    expect(people.map((p) => p.id)).toContain(offeredId);
    expect(people.map((p) => p.id)).not.toContain(withdrawnId);
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/..%2fpackage.json',
    '/%2e%2e%2fserver%2fconfig.ts',
    '/....//package.json',
    '/public/../../package.json',
    '/%252e%252e/package.json',
  ])('refuses path traversal %s', async (url) => {
    const res = await t.app.inject({ url });
    expect([400, 403, 404]).toContain(res.statusCode);
    expect(res.body).not.toContain('"dependencies"');
  });

  it.each(['../../package.json', '../letters/first-letter-ru', '/etc/passwd', 'first-letter-ru\u0000', '..%2f..%2fpackage.json', 'constructor', '__proto__'])(
    'refuses the template id %j without reading files',
    async (templateId) => {
      const compose = await t.app.inject({ method: 'POST', url: '/api/compose', payload: { kind: 'letter', templateId, prisonerId: 1, writer: 'group' } });
      expect([400, 404, 422]).toContain(compose.statusCode);
      const pdf = await t.app.inject({ method: 'POST', url: '/api/pdf', payload: { kind: 'letter', prisonerId: 1, templateId } });
      expect([400, 404, 422]).toContain(pdf.statusCode);
      for (const body of [compose.body, pdf.body]) expect(body).not.toMatch(/"dependencies"|root:x:0/);
    },
  );

  it('limits request bodies', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/too large/i);
  });

  it('answers errors without stack traces or SQL', async () => {
    const probes = [
      await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: { ...h, 'content-type': 'application/json' }, payload: '{bad' }),
      await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: { ...h, 'content-type': 'text/xml' }, payload: '<x/>' }),
      await t.app.inject({ url: "/api/prisoners/1' OR 1=1" }),
      await t.app.inject({ url: '/api/nope' }),
    ];
    for (const res of probes) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.body).not.toMatch(/\bat \S+ \(|node_modules|SQLITE|select |\.ts:\d+/i);
      expect(Object.keys(res.json()).sort()).toEqual(expect.arrayContaining(['error', 'message']));
    }
  });
});
