import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityBody, makeTestApp, type TestApp } from '../helpers.js';

/**
 * The kiosk's person list, on people this test creates itself (no demo data): five open for letters, one released,
 * one with support withdrawn.
 */
describe('public person list', () => {
  let t: TestApp;
  let h: Record<string, string>;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
    h = await t.login();
    const facilityId = (await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: facilityBody })).json().id;
    const people: [string, string, string][] = [
      ['Ковалёва', 'Юлия', 'female'], ['Лесницкий', 'Артём', 'male'], ['Петров', 'Иван', 'male'],
      ['Сидорова', 'Мария', 'female'], ['Кузнецов', 'Олег', 'male'], ['Орлов', 'Пётр', 'male'], ['Зимина', 'Ольга', 'female'],
    ];
    for (const [surname, givenName, gender] of people) {
      const res = await t.app.inject({
        method: 'POST', url: '/api/admin/prisoners', headers: h,
        payload: { surname, givenName, gender, birthYear: 1990, status: 'pretrial', facilityId },
      });
      expect(res.statusCode).toBe(201);
      ids[surname] = res.json().id;
    }
    const version = async (id: number) => (await t.app.inject({ url: `/api/admin/prisoners/${id}`, headers: h })).json().version;
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/prisoners/${ids['Орлов']}/release`, headers: h, payload: { version: await version(ids['Орлов']!) } })).statusCode).toBe(200);
    expect((await t.app.inject({
      method: 'POST', url: `/api/admin/prisoners/${ids['Зимина']}/withdraw-support`, headers: h,
      payload: { note: 'Asked us to stop', version: await version(ids['Зимина']!) },
    })).statusCode).toBe(200);
  });
  afterAll(() => t.close());

  const list = async (q?: string) => {
    const res = await t.app.inject({ url: '/api/prisoners', query: q === undefined ? {} : { q } });
    expect(res.statusCode).toBe(200);
    return res.json().prisoners as Array<Record<string, unknown>>;
  };

  it('offers neither released nor support-withdrawn people', async () => {
    const people = await list();
    expect(people.map((p) => p.surname).sort()).toEqual(['Ковалёва', 'Кузнецов', 'Лесницкий', 'Петров', 'Сидорова']);
  });

  it('never returns organizer-only fields', async () => {
    const body = (await t.app.inject({ url: '/api/prisoners' })).body;
    for (const field of ['privateNotes', 'withdrawnNote', 'searchText', 'isDemo', 'supportWithdrawn', 'notes']) {
      expect(body).not.toContain(`"${field}"`);
    }
    const detail = await t.app.inject({ url: `/api/prisoners/${ids['Ковалёва']}` });
    expect(detail.statusCode).toBe(200);
    expect(detail.json().facility.postalCode).toMatch(/^\d{6}$/);
    expect(detail.body).not.toContain('"notes"');
    expect(detail.body).not.toContain('"privateNotes"');
  });

  it('searches Cyrillic with ё or е, any case, and the Latin spellings', async () => {
    expect((await list('Ковалёва')).map((p) => p.surname)).toEqual(['Ковалёва']);
    expect((await list('КОВАЛЕВА')).map((p) => p.surname)).toEqual(['Ковалёва']);
    expect((await list('kovalyova')).map((p) => p.surname)).toEqual(['Ковалёва']);
    expect((await list('Artyom')).map((p) => p.surname)).toEqual(['Лесницкий']);
    expect((await list('артем')).map((p) => p.surname)).toEqual(['Лесницкий']);
    // Passport-style spelling finds the person too.
    expect((await list('Iuliia')).map((p) => p.surname)).toEqual(['Ковалёва']);
    expect(await list('%')).toEqual([]);
  });

  it('answers 404 for unknown, released and withdrawn people', async () => {
    const released = (await t.app.inject({ url: '/api/prisoners?q=x' })).statusCode;
    expect(released).toBe(200);
    for (const id of [9999, ids['Орлов'], ids['Зимина']]) {
      const res = await t.app.inject({ url: `/api/prisoners/${id}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe('Not Found');
    }
    expect((await t.app.inject({ url: '/api/prisoners/abc' })).statusCode).toBe(400);
  });

  it('puts people with the fewest printed items first', async () => {
    await t.database.db.insertInto('printedItems').values([
      { prisonerId: ids['Ковалёва']!, kind: 'letter', language: 'ru' },
      { prisonerId: ids['Ковалёва']!, kind: 'postcard', language: 'ru' },
    ]).execute();
    const people = await list();
    expect(people.at(-1)!.id).toBe(ids['Ковалёва']);
    expect(people.at(-1)!.printedCount).toBe(2);
  });

  it('serves the kiosk page with no external URL', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Volya');
    expect(res.body).not.toMatch(/https?:\/\//);
  });
});
