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
