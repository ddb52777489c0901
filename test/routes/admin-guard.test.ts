import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concreteUrl, makeTestApp, type TestApp } from '../helpers.js';

// Every route under /api/admin except login must refuse a request without a session, and every state-changing
// one must refuse a signed-in request that lacks the CSRF header. A route added later without protection fails here.
describe('route table: admin routes are guarded', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
  });
  afterAll(() => t.close());

  const adminRoutes = () => t.routes.filter((r) => r.url.startsWith('/api/admin') && r.url !== '/api/admin/login');

  it('finds the admin routes', () => {
    expect(adminRoutes().length).toBeGreaterThan(10);
  });

  it('answers 401 on each one without a session', async () => {
    for (const r of adminRoutes()) {
      const res = await t.app.inject({ method: r.method as 'GET', url: concreteUrl(r.url), payload: ['GET', 'DELETE'].includes(r.method) ? undefined : {} });
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode }).toEqual({ route: `${r.method} ${r.url}`, status: 401 });
    }
  });

  it('answers 403 on each state-changing one with a session but no CSRF token', async () => {
    const { cookie } = await t.login();
    const changing = adminRoutes().filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
    expect(changing.length).toBeGreaterThan(5);
    for (const r of changing) {
      const res = await t.app.inject({ method: r.method as 'POST', url: concreteUrl(r.url), headers: { cookie }, payload: r.method === 'DELETE' ? undefined : {} });
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode }).toEqual({ route: `${r.method} ${r.url}`, status: 403 });
    }
    // The right token gets through the guard (the route itself then answers).
    const h = await t.login();
    const ok = await t.app.inject({ method: 'POST', url: '/api/admin/logout', headers: h });
    expect(ok.statusCode).toBe(200);
  });
});

// Validators and serializers compile on a route's first request (a faster start); this compiles all the rest so a
// schema that cannot compile fails here, not in the middle of a workshop.
describe('route table: every request and response schema compiles', () => {
  it('compiles the validators and serializers no request has used yet', async () => {
    const t = await makeTestApp({ seedDemo: false });
    try {
      const { checkRequestSchemas, compilePendingSchemas } = await import('../../server/validation.js');
      expect(compilePendingSchemas()).toBeGreaterThan(50);
      expect(compilePendingSchemas()).toBe(0);
      expect(checkRequestSchemas()).toBeGreaterThan(30);
    } finally {
      await t.close();
    }
  });
});
