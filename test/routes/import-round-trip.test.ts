import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';
import { multipartBody } from './multipart.js';

const PEOPLE = 50_000;
const LETTERS = 'абвгдежзиклмнопрстуфхцчшэюя';
/** A distinct Cyrillic surname per number. */
const surname = (n: number) => {
  let s = '';
  for (let v = n; v > 0 || !s; v = Math.floor(v / LETTERS.length)) s += LETTERS[v % LETTERS.length];
  return `Тест${s}ов`;
};

/** A Latin spelling of the organizer's own (not the derived one), distinct per number. */
const latin = (n: number) => `Test${surname(n).slice(4, -2).replace(/./gu, (c) => String.fromCharCode(97 + LETTERS.indexOf(c) % 26))}ov`;

describe('export → import round trip of 50,000 people', () => {
  let t: TestApp;
  let h: Record<string, string>;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
    h = await t.login();
    const db = t.database.db;
    // Two facilities of one name, told apart only by their ids; each with an organizer's note.
    const facility = { name: 'ФКУ ИК-1 УФСИН России по Тестовой области', kind: 'ik' as const, street: 'ул. Лесная, 1', postalCode: '123001', country: 'RU', district: null, region: 'Тестовая обл.', mailRules: null };
    const a = await db.insertInto('facilities').values({ ...facility, city: 'г. Тестов', notes: 'Посылки по вторникам' }).returning('id').executeTakeFirstOrThrow();
    const b = await db.insertInto('facilities').values({ ...facility, city: 'пос. Другой', postalCode: '123002', notes: 'Только письма' }).returning('id').executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < PEOPLE; i += 500) {
        const rows = Array.from({ length: Math.min(500, PEOPLE - i) }, (_, k) => {
          const n = i + k;
          return {
            surname: surname(n), givenName: 'Иван', latinName: `Vanya ${latin(n)}`, latinNameSet: 1, gender: 'male' as const, birthYear: 1950 + (n % 50),
            facilityId: n % 2 ? a.id : b.id, status: 'colony' as const, languages: 'ru', bioRu: n % 3 ? null : 'Любит шахматы; пишет стихи.',
            privateNotes: n % 7 ? null : 'Заметка, с запятой', searchText: `тест ${n}`,
          };
        });
        await trx.insertInto('prisoners').values(rows).execute();
      }
    });
  }, 120_000);
  afterAll(() => t.close());

  const upload = (path: 'dry-run' | 'apply', csv: Buffer) => {
    const body = multipartBody({ name: 'volya-people.csv', bytes: csv });
    return t.app.inject({ method: 'POST', url: `/api/admin/import/${path}`, headers: { ...h, 'content-type': body.contentType }, payload: body.payload });
  };

  it('imports its own export back: every row unchanged, both facilities of one name kept apart, notes kept', async () => {
    const exported = await t.app.inject({ url: '/api/admin/export.csv', headers: h });
    expect(exported.statusCode).toBe(200);
    // Bigger than the old 8 MB limit.
    expect(exported.rawPayload.length).toBeGreaterThan(8 * 1024 * 1024);
    const dry = await upload('dry-run', exported.rawPayload);
    expect(dry.statusCode, dry.body.slice(0, 300)).toBe(200);
    const r = dry.json();
    expect(r.summary, JSON.stringify(r.rows.find((x: { action: string }) => x.action !== 'unchanged'))).toEqual({ create: 0, update: 0, unchanged: PEOPLE, duplicate: 0, error: 0 });
    expect(r.facilities).toEqual({ create: 0, update: 0 });
    expect(r.unmappedColumns).toEqual([]);
    const applied = await upload('apply', exported.rawPayload);
    expect(applied.statusCode).toBe(200);
    expect(applied.json().summary.unchanged).toBe(PEOPLE);
    const facilities = await t.database.db.selectFrom('facilities').select(['city', 'notes']).orderBy('id').execute();
    expect(facilities).toEqual([{ city: 'г. Тестов', notes: 'Посылки по вторникам' }, { city: 'пос. Другой', notes: 'Только письма' }]);
  }, 180_000);
});
