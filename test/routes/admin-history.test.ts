import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';
import { multipartBody } from './multipart.js';

describe('a readable history', () => {
  let t: TestApp;
  let h: Record<string, string>;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
    h = await t.login();
  });
  afterAll(() => t.close());

  const upload = (csv: string) => {
    const body = multipartBody({ name: 'list.csv', bytes: csv });
    return t.app.inject({ method: 'POST', url: '/api/admin/import/apply', headers: { ...h, 'content-type': body.contentType }, payload: body.payload });
  };
  const audit = async (query: string) => {
    const res = await t.app.inject({ url: `/api/admin/audit?${query}`, headers: h });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().entries as { action: string; entity: string; entityId: number; subject: string | null; changes: { field: string; before?: unknown; after?: unknown }[]; batch: { id: number; rows: number } | null }[];
  };

  const HEAD = 'surname;givenName;birthYear;supportWithdrawn;facilityName;street;city;postalCode';
  const rows = (n: number, withdrawn: string, facility: string) =>
    Array.from({ length: n }, (_, i) => `Гусев${'абвгдежзик'[i % 10]}${'абвгдежзик'[Math.floor(i / 10)]};Пётр;1990;${withdrawn};${facility};ул. Лесная, 1;г. Тестов;123001`);

  it('groups an import into one entry with its row count, and lists its rows with names and yes/no', async () => {
    const first = await upload([HEAD, ...rows(30, 'no', 'ФКУ ИК-3 УФСИН России по Тестовой области')].join('\n'));
    expect(first.statusCode).toBe(200);
    const second = await upload([HEAD, ...rows(1, 'yes', 'ФКУ ИК-7 УФСИН России по Тестовой области')].join('\n'));
    expect(second.statusCode).toBe(200);

    const grouped = await audit('');
    // Two imports, two entries: 32 rows (30 people + 1 facility, then 1 person + 1 facility) do not flood the page.
    expect(grouped.map((e) => [e.entity, e.action, e.batch?.rows])).toEqual([['import', 'import', 2], ['import', 'import', 31]]);
    expect(grouped[1]!.subject).toBe('list.csv');

    const batch = await audit(`importBatchId=${grouped[1]!.batch!.id}&limit=500`);
    expect(batch).toHaveLength(31);
    const created = batch.find((e) => e.entity === 'prisoner')!;
    expect(created.subject).toMatch(/^Гусев.. Пётр$/u);
    // The values of a created row, not only "created"; the facility by name, the flag as a word.
    expect(created.changes).toEqual(expect.arrayContaining([
      { field: 'surname', after: created.subject!.split(' ')[0] },
      { field: 'facilityId', after: 'ФКУ ИК-3 УФСИН России по Тестовой области' },
      { field: 'supportWithdrawn', after: 'no' },
    ]));
    expect(created.changes.some((c) => c.field === 'searchText' || 'before' in c)).toBe(false);

    const moved = (await audit(`importBatchId=${grouped[0]!.batch!.id}`)).find((e) => e.entity === 'prisoner')!;
    expect(moved.changes).toEqual(expect.arrayContaining([
      { field: 'facilityId', before: 'ФКУ ИК-3 УФСИН России по Тестовой области', after: 'ФКУ ИК-7 УФСИН России по Тестовой области' },
      { field: 'supportWithdrawn', before: 'no', after: 'yes' },
    ]));
    // Filtered to one person, the import's row is shown on its own.
    const person = await audit(`entity=prisoner&entityId=${moved.entityId}`);
    expect(person.map((e) => e.action)).toEqual(['import', 'import']);
  });

  it('shows every value of a deleted row, and filters by date and organizer', async () => {
    const [victim] = await t.database.db.selectFrom('prisoners').select(['id', 'surname']).orderBy('id').limit(1).execute();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/prisoners/${victim!.id}`, headers: h })).statusCode).toBeLessThan(300);
    const [deleted] = await audit('entity=prisoner');
    expect(deleted).toMatchObject({ action: 'delete', subject: `${victim!.surname} Пётр` });
    expect(deleted!.changes).toEqual(expect.arrayContaining([{ field: 'surname', before: victim!.surname }, { field: 'facilityId', before: 'ФКУ ИК-7 УФСИН России по Тестовой области' }, { field: 'supportWithdrawn', before: 'yes' }]));

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await audit(`from=${today}&to=${today}`)).length).toBeGreaterThanOrEqual(3);
    expect(await audit(`from=${tomorrow}`)).toEqual([]);
    expect(await audit('to=2020-01-01')).toEqual([]);
    const [admin] = await t.database.db.selectFrom('organizers').select('id').where('username', '=', 'admin').execute();
    expect((await audit(`organizerId=${admin!.id}`)).length).toBeGreaterThanOrEqual(3);
    expect(await audit('organizerId=999')).toEqual([]);
    const bad = await t.app.inject({ url: '/api/admin/audit?from=yesterday', headers: h });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('from');
  });
});
