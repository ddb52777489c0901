import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connect.js';
import { bootstrap } from '../../server/bootstrap.js';
import { seedDemoData } from '../../server/services/demo-data.js';
import { createFacility } from '../../server/services/facilities.js';
import { tempDir, facilityBody } from '../helpers.js';

const opts = { adminUser: 'admin', adminPassword: '', seedDemo: true };

describe('demo data', () => {
  it('seeds an empty database once, with the cases the kiosk must handle', async () => {
    const database = openDatabase(path.join(tempDir(), 'd.db'));
    const lines: string[] = [];
    expect((await bootstrap(database, { ...opts, announce: (l) => lines.push(l) })).seeded).toBe(true);
    // One-time password printed once, only its hash stored.
    const pw = /one-time password: (\S+)/.exec(lines.join('\n'))![1];
    expect(pw.length).toBeGreaterThanOrEqual(20);
    const org = await database.db.selectFrom('organizers').selectAll().executeTakeFirstOrThrow();
    expect(org.passwordHash).not.toContain(pw);

    const people = await database.db.selectFrom('prisoners').selectAll().execute();
    expect(people.length).toBeGreaterThanOrEqual(8);
    expect(people.length).toBeLessThanOrEqual(12);
    expect(people.every((p) => p.isDemo === 1)).toBe(true);
    expect(new Set(people.map((p) => p.gender))).toEqual(new Set(['male', 'female']));
    expect(people.some((p) => p.patronymic === null)).toBe(true);
    expect(people.some((p) => p.patronymic?.endsWith('оглы'))).toBe(true);
    expect(people.some((p) => p.status === 'released')).toBe(true);
    expect(people.some((p) => p.supportWithdrawn === 1)).toBe(true);
    const nineMonths = new Date();
    nineMonths.setUTCMonth(nineMonths.getUTCMonth() - 8);
    expect(people.some((p) => p.addressAsOf! < nineMonths.toISOString().slice(0, 10))).toBe(true);
    const facilities = await database.db.selectFrom('facilities').selectAll().execute();
    expect(facilities.length).toBeGreaterThanOrEqual(3);

    // Idempotent: a second start adds nothing and creates no second organizer.
    const again: string[] = [];
    expect((await bootstrap(database, { ...opts, announce: (l) => again.push(l) })).seeded).toBe(false);
    expect(again).toEqual([]);
    expect((await database.db.selectFrom('prisoners').select('id').execute()).length).toBe(people.length);
    await database.close();
  });

  it('never seeds over real data', async () => {
    const database = openDatabase(path.join(tempDir(), 'r.db'));
    await bootstrap(database, { ...opts, seedDemo: false, announce: () => {} });
    await createFacility(database.db, { id: null, username: 'test' }, { ...facilityBody, kind: 'sizo' });
    expect(await seedDemoData(database.db)).toBe(false);
    expect((await database.db.selectFrom('prisoners').select('id').execute()).length).toBe(0);
    await database.close();
  });
});

describe('demo delivery routes', () => {
  it('the Canadian demo forwards to a partner in Germany by default, beside a text-only relay; the post route is off; removing the demo restores post', async () => {
    const { makeTestApp } = await import('../helpers.js');
    const t = await makeTestApp();
    try {
      const h = await t.login();
      const routes = (await t.app.inject({ url: '/api/admin/routes', headers: h })).json();
      const byKind = Object.fromEntries(routes.routes.map((r: { kind: string }) => [r.kind, r]));
      expect(byKind.forward).toMatchObject({ isDefault: true, enabled: true, isDemo: true, partnerCountry: 'DE' });
      expect(byKind.forward.name).toContain('DEMO');
      expect(byKind.relay).toMatchObject({ isDefault: false, enabled: true, accepts: 'text', charLimit: 3000, currency: 'RUB', pricePerLetter: 55 });
      expect(byKind.post).toMatchObject({ isDefault: false, enabled: false, isDemo: false });
      // With a forward default, no warning about the suspended Canadian post.
      expect(routes.warnings).toEqual([]);
      const people = (await t.app.inject({ url: '/api/prisoners?limit=100' })).json().prisoners as { surname: string; route: { kind: string } }[];
      expect(people.find((p) => p.surname === 'Гусейнов')!.route.kind).toBe('relay');
      expect(people.filter((p) => p.surname !== 'Гусейнов').every((p) => p.route.kind === 'forward')).toBe(true);

      const removed = await t.app.inject({ method: 'POST', url: '/api/admin/demo/remove', headers: h });
      expect(removed.json()).toMatchObject({ routes: 2 });
      const after = (await t.app.inject({ url: '/api/admin/routes', headers: h })).json();
      expect(after.routes.map((r: { kind: string; isDefault: boolean; enabled: boolean }) => [r.kind, r.isDefault, r.enabled])).toEqual([['post', true, true]]);
      expect(after.warnings.map((w: { code: string }) => w.code)).toEqual(['post-suspended']);
    } finally {
      await t.close();
    }
  });
});
