import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { openDatabase } from '../../server/db/connect.js';
import { bootstrap } from '../../server/bootstrap.js';
import path from 'node:path';
import { tempDir } from '../helpers.js';
import type { FastifyInstance } from 'fastify';

// Every route under /api/admin except login must refuse a request without a session.
describe('route table: admin routes are guarded', () => {
  const routes: { method: string; url: string }[] = [];
  let app: FastifyInstance;

  beforeAll(async () => {
    const database = openDatabase(path.join(tempDir(), 'g.db'));
    await bootstrap(database, { adminUser: 'admin', adminPassword: 'long-enough-pass', seedDemo: false, announce: () => {} });
    app = await buildApp({
      database,
      onRoute: (r) => {
        for (const m of [r.method].flat()) routes.push({ method: m, url: r.url });
      },
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it('finds the admin routes', () => {
    const admin = routes.filter((r) => r.url.startsWith('/api/admin'));
    expect(admin.length).toBeGreaterThan(10);
  });

  it('answers 401 on each one without a session', async () => {
    const admin = routes.filter((r) => r.url.startsWith('/api/admin') && r.url !== '/api/admin/login' && r.method !== 'HEAD');
    for (const r of admin) {
      const url = r.url.replace(/:(\w+)/g, '1');
      const res = await app.inject({ method: r.method as 'GET', url, payload: ['GET', 'DELETE'].includes(r.method) ? undefined : {} });
      expect({ route: `${r.method} ${r.url}`, status: res.statusCode }).toEqual({ route: `${r.method} ${r.url}`, status: 401 });
    }
  });
});
