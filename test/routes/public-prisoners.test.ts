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
        // Сидорова's address has no date: stale. Everyone else's was confirmed today.
        payload: { surname, givenName, gender, birthYear: 1990, status: 'pretrial', facilityId, ...(surname === 'Сидорова' ? {} : { addressAsOf: new Date().toISOString().slice(0, 10) }) },
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
    // Among the people whose address is current (Сидорова's is stale and comes after them all).
    const current = (await list()).filter((p) => !p.addressStale);
    expect(current.at(-1)!.id).toBe(ids['Ковалёва']);
    expect(current.at(-1)!.printedCount).toBe(2);
  });

  it('marks only the lowest quarter by letters received, flags a stale address, and names the facility kind and town', async () => {
    // Printed so far (Ковалёва's two from the test above): Кузнецов 0, Лесницкий 1, Ковалёва 2, Петров 3, Сидорова 4.
    const more: { prisonerId: number; kind: 'letter'; language: 'ru' }[] = [];
    for (const [surname, n] of [['Лесницкий', 1], ['Петров', 3], ['Сидорова', 4]] as const) {
      for (let i = 0; i < n; i++) more.push({ prisonerId: ids[surname]!, kind: 'letter', language: 'ru' });
    }
    await t.database.db.insertInto('printedItems').values(more).execute();
    const people = await list();
    const few = people.filter((p) => p.fewLetters).map((p) => p.surname).sort();
    // Five people: the lowest quarter is the lowest two (rounded up), ties included.
    expect(few).toEqual(['Кузнецов', 'Лесницкий']);
    const byName = new Map(people.map((p) => [p.surname, p]));
    expect(byName.get('Сидорова')).toMatchObject({ addressStale: true });
    expect(byName.get('Петров')).toMatchObject({ addressStale: false, facilityKind: 'sizo', city: 'г. Тестов', cityLatin: 'Testov' });
    // The stale one comes after everyone else, although the others have had fewer letters or more.
    expect(people.at(-1)!.surname).toBe('Сидорова');
  });

  it('marks nobody as having few letters when everyone has had as many', async () => {
    const fresh = await makeTestApp({ seedDemo: false });
    try {
      const hh = await fresh.login();
      const facilityId = (await fresh.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: hh, payload: facilityBody })).json().id;
      for (const surname of ['Первов', 'Второв']) {
        await fresh.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: hh, payload: { surname, givenName: 'Иван', birthYear: 1990, status: 'pretrial', facilityId } });
      }
      const people = (await fresh.app.inject({ url: '/api/prisoners' })).json().prisoners as { fewLetters: boolean }[];
      expect(people).toHaveLength(2);
      expect(people.some((p) => p.fewLetters)).toBe(false);
    } finally {
      await fresh.close();
    }
  });

  it('serves the kiosk page with no external URL', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Volya');
    expect(res.body).not.toMatch(/https?:\/\//);
  });
});
