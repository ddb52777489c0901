import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityBody, makeTestApp, type TestApp } from '../helpers.js';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), disableFontFace: true, verbosity: 0 }).promise;
  let text = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str : '')).join(' ') + '\n';
  }
  return text;
}

const isoIn = (days: number, yearsAgo: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() - yearsAgo);
  return d.toISOString().slice(0, 10);
};

describe('birthdays and statistics', () => {
  let t: TestApp;
  let h: Record<string, string>;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
    h = await t.login();
    const facilityId = (await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: facilityBody })).json().id;
    const add = async (surname: string, givenName: string, birthDate: string, extra: object = {}) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { surname, givenName, patronymic: 'Сергеевич', birthDate, status: 'pretrial', facilityId, ...extra } });
      expect(res.statusCode).toBe(201);
      ids[surname] = res.json().id;
    };
    await add('Скоров', 'Павел', isoIn(3, 30));
    await add('Позжев', 'Лев', isoIn(20, 41));
    await add('Далёков', 'Олег', isoIn(60, 25));
    await add('Свободов', 'Иван', isoIn(2, 35), { status: 'released' });
  });
  afterAll(() => t.close());

  it('lists birthdays in the next N weeks, soonest first, with age and the Russian address; released people left out', async () => {
    const res = await t.app.inject({ url: '/api/admin/birthdays?weeks=4', headers: h });
    expect(res.statusCode).toBe(200);
    const people = res.json().people;
    expect(people.map((p: { latinName: string }) => p.latinName)).toEqual(['Pavel Skorov', 'Lev Pozzhev']);
    expect(people[0]).toMatchObject({ cyrillicName: 'Скоров Павел Сергеевич', age: 30, daysUntil: 3 });
    expect(people[0].addressLines[0]).toBe('Скорову Павлу Сергеевичу, 1996 г.р.'.replace('1996', isoIn(3, 30).slice(0, 4)));
    expect(people[0].addressLines).toContain('123456');
    expect(people[0].addressLines.at(-1)).toBe('RUSSIA');
    expect((await t.app.inject({ url: '/api/admin/birthdays?weeks=10', headers: h })).json().people).toHaveLength(3);
    expect((await t.app.inject({ url: '/api/admin/birthdays?weeks=0', headers: h })).json().field).toBe('weeks');
    expect((await t.app.inject({ url: '/api/admin/birthdays?weeks=4&x=1', headers: h })).statusCode).toBe(400);
  });

  it('prints the birthday list as a PDF with Latin and Cyrillic names, dates, ages and addresses', async () => {
    const res = await t.app.inject({ url: '/api/admin/birthdays.pdf?weeks=4&paper=a4', headers: h });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('Pavel Skorov');
    expect(text).toContain('Скоров Павел Сергеевич');
    expect(text).toContain('Скорову Павлу Сергеевичу');
    expect(text).toContain('turns 30');
    expect(text).toContain('ФКУ СИЗО-2 УФСИН России по Тестовой');
    expect(text).not.toContain('Далёков');
    expect(text).not.toContain('Свободов');
    expect((await t.app.inject({ url: '/api/admin/birthdays.pdf?paper=a5', headers: h })).json().field).toBe('paper');
  });

  it('counts printed items per person (fewest first), per kind and language, per day, and exports CSV', async () => {
    const day = (d: string) => `${d}T12:00:00.000Z`;
    await t.database.db.insertInto('printedItems').values([
      { prisonerId: ids['Скоров']!, kind: 'letter', language: 'ru', printedAt: day('2026-03-01') },
      { prisonerId: ids['Скоров']!, kind: 'postcard', language: 'ru', printedAt: day('2026-03-01') },
      { prisonerId: ids['Позжев']!, kind: 'letter', language: 'en', printedAt: day('2026-03-02') },
      { prisonerId: null, kind: 'label', language: 'ru', printedAt: day('2026-03-02') },
    ]).execute();
    const s = (await t.app.inject({ url: '/api/admin/stats', headers: h })).json();
    expect(s.total).toBe(4);
    expect(s.perPerson.map((p: { latinName: string; count: number }) => `${p.latinName}:${p.count}`)).toEqual([
      'Ivan Svobodov:0', 'Oleg Dalyokov:0', 'Lev Pozzhev:1', 'Pavel Skorov:2',
    ]);
    expect(s.perKindLanguage).toEqual([
      { kind: 'label', language: 'ru', count: 1 }, { kind: 'letter', language: 'en', count: 1 },
      { kind: 'letter', language: 'ru', count: 1 }, { kind: 'postcard', language: 'ru', count: 1 },
    ]);
    expect(s.perDay).toEqual([{ day: '2026-03-01', count: 2 }, { day: '2026-03-02', count: 2 }]);
    const ranged = (await t.app.inject({ url: '/api/admin/stats?from=2026-03-02&to=2026-03-02', headers: h })).json();
    expect(ranged.total).toBe(2);
    const csv = await t.app.inject({ url: '/api/admin/stats.csv?table=people', headers: h });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.replace('\uFEFF', '').split('\n')[0]).toBe('id,latinName,name,printed,offered');
    expect(csv.body).toContain('Pavel Skorov,Скоров Павел,2,yes');
    expect((await t.app.inject({ url: '/api/admin/stats.csv?table=days', headers: h })).body).toContain('2026-03-01,2');
    expect((await t.app.inject({ url: '/api/admin/stats.csv?table=letters', headers: h })).json().field).toBe('table');
    expect((await t.app.inject({ url: '/api/admin/stats?from=March', headers: h })).json().field).toBe('from');
    // The right shape is not enough: the day must exist.
    for (const [query, field] of [['from=2026-13-45', 'from'], ['to=2026-02-30', 'to'], ['from=2026-03-01&to=2026-00-10', 'to']]) {
      const res = await t.app.inject({ url: `/api/admin/stats?${query}`, headers: h });
      expect({ query, status: res.statusCode, field: res.json().field }).toEqual({ query, status: 400, field });
    }
    expect((await t.app.inject({ url: '/api/admin/stats.csv?table=days&from=2026-13-45', headers: h })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/admin/stats?from=2024-02-29', headers: h })).statusCode).toBe(200);
  });
});
