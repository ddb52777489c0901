import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';

describe('public person list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  const list = async (q?: string) => {
    const res = await t.app.inject({ url: '/api/prisoners', query: q === undefined ? {} : { q } });
    expect(res.statusCode).toBe(200);
    return res.json().prisoners as Array<Record<string, unknown>>;
  };

  it('offers neither released nor support-withdrawn people', async () => {
    const people = await list();
    expect(people.length).toBe(8);
    expect(people.map((p) => p.surname)).not.toContain('Орлов'); // released
    expect(people.map((p) => p.surname)).not.toContain('Зимина'); // support withdrawn
  });

  it('never returns organizer-only fields', async () => {
    const body = (await t.app.inject({ url: '/api/prisoners' })).body;
    for (const field of ['privateNotes', 'withdrawnNote', 'searchText', 'isDemo', 'supportWithdrawn', 'notes']) {
      expect(body).not.toContain(`"${field}"`);
    }
    const detail = await t.app.inject({ url: '/api/prisoners/1' });
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
    for (const id of [9999, 9, 10]) {
      const res = await t.app.inject({ url: `/api/prisoners/${id}` });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe('Not Found');
    }
    expect((await t.app.inject({ url: '/api/prisoners/abc' })).statusCode).toBe(400);
  });

  it('puts people with the fewest printed items first', async () => {
    await t.database.db.insertInto('printedItems').values([
      { prisonerId: 1, kind: 'letter', language: 'ru' },
      { prisonerId: 1, kind: 'postcard', language: 'ru' },
    ]).execute();
    const people = await list();
    // Demo person 6's address was confirmed nine months ago (stale): stale and suspect addresses come after everyone.
    expect(people.at(-1)!.id).toBe(6);
    const current = people.filter((p) => p.id !== 6);
    expect(current.at(-1)!.id).toBe(1);
    expect(current.at(-1)!.printedCount).toBe(2);
  });

  it('serves the kiosk page with no external URL', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Volya');
    expect(res.body).not.toMatch(/https?:\/\//);
  });
});
