/** Test harness: a real SQLite file in a temp folder, the real app through inject. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../server/app.js';
import { openDatabase, type Database } from '../server/db/connect.js';
import { bootstrap } from '../server/bootstrap.js';

export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'correct-horse-battery';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  dir: string;
  dbPath: string;
  /** Every route registered, one row per method (HEAD rows left out). */
  routes: { method: string; url: string }[];
  /** Signs in and returns headers (cookie + CSRF) for admin requests. */
  login(username?: string, password?: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export function tempDir(prefix = 'volya-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function makeTestApp(
  opts: { seedDemo?: boolean; loginRateLimit?: number; app?: Pick<AppDeps, 'cups' | 'phoneRequestsPerMinute' | 'phoneQueueLimit' | 'listen' | 'connections' | 'logger' | 'pictureBudgets'> } = {},
): Promise<TestApp> {
  const dir = tempDir();
  const dbPath = path.join(dir, 'volya.db');
  const database = openDatabase(dbPath);
  await bootstrap(database, { adminUser: ADMIN_USER, adminPassword: ADMIN_PASSWORD, seedDemo: opts.seedDemo ?? true, announce: () => {} });
  const routes: { method: string; url: string }[] = [];
  const app = await buildApp({
    database,
    loginRateLimit: opts.loginRateLimit ?? 1000,
    ...opts.app,
    onRoute: (r) => {
      for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
    },
  });
  await app.ready();
  return {
    app,
    database,
    dir,
    dbPath,
    routes,
    async login(username = ADMIN_USER, password = ADMIN_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/admin/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'volya_session')!;
      return { cookie: `volya_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken };
    },
    async close() {
      await app.close();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A valid facility body for admin requests. */
export const facilityBody = {
  name: 'ФКУ СИЗО-2 УФСИН России по Тестовой области',
  kind: 'sizo',
  street: 'ул. Тестовая, 1',
  city: 'г. Тестов',
  region: 'Тестовая обл.',
  postalCode: '123456',
  country: 'RU',
};

/** A concrete URL for a route pattern: every `:param` becomes 1. */
export function concreteUrl(pattern: string): string {
  return pattern.replace(/:(\w+)/g, '1');
}

/** PUT /api/admin/print/settings with the settings version read just before, as the console sends it. */
export async function putPrintSettings(t: TestApp, headers: Record<string, string>, changes: Record<string, unknown>) {
  const { version } = (await t.app.inject({ url: '/api/admin/settings', headers })).json() as { version: number };
  return t.app.inject({ method: 'PUT', url: '/api/admin/print/settings', headers, payload: { ...changes, version } });
}

/**
 * Makes the "post from here" route the enabled default and nobody's preferred route another one, as for a collective
 * in a country whose post still carries mail to Russia (the Canadian demo forwards by default, and one demo person is
 * reachable through its relay only): for tests of printing that are not about routes.
 */
export async function postByDefault(t: TestApp): Promise<number> {
  const { updateRouteAudited } = await import('../server/services/routes.js');
  const post = await t.app.db.selectFrom('routes').selectAll().where('kind', '=', 'post').orderBy('id').executeTakeFirstOrThrow();
  await updateRouteAudited(t.app.db, { id: null, username: 'test' }, post.id, { kind: 'post', name: post.name, enabled: true, isDefault: true, version: post.version });
  await t.app.db.updateTable('prisoners').set({ preferredRouteId: null }).execute();
  return post.id;
}
