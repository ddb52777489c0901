import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';
import { multipartBody } from './multipart.js';

const HEADER = 'Фамилия;Имя;Отчество;Год рождения;Учреждение;Улица;Город;Регион;Индекс;Биография';

describe('CSV import and export', () => {
  let t: TestApp;
  let h: Record<string, string>;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: true });
    h = await t.login();
  });
  afterAll(() => t.close());

  const upload = (path: 'dry-run' | 'apply', bytes: Uint8Array | string, fields: Record<string, string> = {}, name = 'list.csv') => {
    const body = multipartBody({ name, bytes }, fields);
    return t.app.inject({ method: 'POST', url: `/api/admin/import/${path}`, headers: { ...h, 'content-type': body.contentType }, payload: body.payload });
  };
  const count = async (table: 'prisoners' | 'facilities' | 'auditLog') => (await t.database.db.selectFrom(table).select('id').execute()).length;
  const snapshot = async () => ({ prisoners: await count('prisoners'), facilities: await count('facilities'), audit: await count('auditLog') });

  it('reads UTF-8 with a BOM, ";" separators, a quoted multi-line field and missing optional columns; dry run writes nothing', async () => {
    const csv = `\uFEFF${HEADER}\r\nГусев;Пётр;Андреевич;1990;ФКУ ИК-3 УФСИН России по Тестовой области;ул. Новая, 5;г. Тестов;Тестовая обл.;123457;"Учитель.\r\nЛюбит шахматы."\r\nОрлова;Анна;;1985;ФКУ ИК-3 УФСИН России по Тестовой области;ул. Новая, 5;г. Тестов;Тестовая обл.;123457;\r\n`;
    const before = await snapshot();
    const res = await upload('dry-run', csv);
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.delimiter).toBe(';');
    expect(r.mapping).toMatchObject({ surname: 'Фамилия', givenName: 'Имя', birthYear: 'Год рождения', postalCode: 'Индекс', bioRu: 'Биография' });
    expect(r.rows.map((x: { line: number; action: string }) => [x.line, x.action])).toEqual([[2, 'create'], [4, 'create']]);
    expect(r.rows[0].facility).toBe('create');
    expect(r.facilities).toEqual({ create: 1, update: 0 });
    expect(r.canApply).toBe(true);
    expect(await snapshot()).toEqual(before);

    const applied = await upload('apply', csv);
    expect(applied.statusCode).toBe(200);
    const after = await snapshot();
    expect(after.prisoners).toBe(before.prisoners + 2);
    expect(after.facilities).toBe(before.facilities + 1);
    // One audit row per person, one per facility, one for the import itself.
    expect(after.audit).toBe(before.audit + 4);
    const gusev = await t.database.db.selectFrom('prisoners').selectAll().where('surname', '=', 'Гусев').executeTakeFirstOrThrow();
    expect(gusev.bioRu).toBe('Учитель.\nЛюбит шахматы.');
    expect(gusev.latinName).toBe('Pyotr Gusev');
    const settings = (await t.app.inject({ url: '/api/admin/settings', headers: h })).json();
    expect(settings.importMapping.surname).toBe('Фамилия');

    // The same file again: everything unchanged, nothing written.
    const again = (await upload('dry-run', csv)).json();
    expect(again.summary).toMatchObject({ create: 0, update: 0, unchanged: 2, error: 0 });
  });

  it('keeps the known-as spellings of a person an import updates, and they still find the person', async () => {
    const made = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { surname: 'Шестаков', givenName: 'Глеб', birthYear: 1979, status: 'colony', knownAs: 'Gleb Chestakov' } });
    expect(made.statusCode).toBe(201);
    const csv = 'Фамилия;Имя;Год рождения;Биография\nШестаков;Глеб;1979;Новая биография\n';
    expect((await upload('apply', csv)).statusCode).toBe(200);
    const stored = await t.database.db.selectFrom('prisoners').select(['knownAs', 'bioRu']).where('id', '=', made.json().id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ knownAs: 'Gleb Chestakov', bioRu: 'Новая биография' });
    const found = (await t.app.inject({ url: '/api/admin/prisoners', headers: h, query: { q: 'chestakov' } })).json().prisoners;
    expect(found.map((p: { id: number }) => p.id)).toEqual([made.json().id]);
  });

  it('reads Windows-1251 with "," separators, and reports an update with before and after', async () => {
    const csv = 'Фамилия,Имя,Год рождения,Биография\nГусев,Пётр,1990,"Учитель, шахматист."\n';
    const res = await upload('dry-run', iconv.encode(csv, 'win1251'));
    const r = res.json();
    expect(r.encoding).toBe('windows-1251');
    expect(r.delimiter).toBe(',');
    expect(r.rows[0].action).toBe('update');
    expect(r.rows[0].changes).toEqual([{ field: 'bioRu', before: 'Учитель.\nЛюбит шахматы.', after: 'Учитель, шахматист.' }]);
  });

  it('refuses a Windows-1251 file declared UTF-8, and flags text that was already garbled', async () => {
    const cp1251 = iconv.encode('Фамилия;Имя;Год рождения\nИванов;Иван;1990\n', 'win1251');
    const forced = await upload('dry-run', cp1251, { encoding: 'utf-8' });
    expect(forced.statusCode).toBe(400);
    expect(forced.json()).toMatchObject({ field: 'file', message: expect.stringContaining('not valid UTF-8') });
    // UTF-8 bytes read as Windows-1251 and saved again: «Иванов» has become «РРІР°РЅРѕРІ».
    const garbled = iconv.decode(Buffer.from('surname;givenName;birthYear\nИванов;Иван;1990\n'), 'win1251');
    const r = (await upload('dry-run', garbled)).json();
    expect(r.warnings[0]).toMatch(/wrong encoding/);
    expect(r.rows[0]).toMatchObject({ line: 2, action: 'error', errors: [{ field: 'surname', rule: 'must be written in Cyrillic letters' }] });
    expect(r.canApply).toBe(false);
  });

  it('reports a missing required column and refuses to apply it', async () => {
    const csv = 'Имя;Год рождения\nИван;1990\n';
    const r = (await upload('dry-run', csv)).json();
    expect(r.missingRequired).toEqual(['surname']);
    expect(r.canApply).toBe(false);
    const before = await snapshot();
    const applied = await upload('apply', csv);
    expect(applied.statusCode).toBe(400);
    expect(applied.json().field).toBe('mapping');
    expect(await snapshot()).toEqual(before);
  });

  it('reports an 8-digit postal code with line, field and rule, and then imports nothing at all', async () => {
    const csv = `${HEADER}\nСоколов;Олег;;1991;ФКУ СИЗО-9 УФСИН России по Тестовой области;ул. Речная, 2;г. Тестов;;12345678;\nБелова;Ирина;;1993;;;;;;\n`;
    const r = (await upload('dry-run', csv)).json();
    expect(r.rows[0]).toMatchObject({ line: 2, action: 'error', errors: [{ field: 'postalCode', rule: 'a Russian postal code has exactly 6 digits' }] });
    expect(r.rows[1]).toMatchObject({ line: 3, action: 'create' });
    const before = await snapshot();
    const applied = await upload('apply', csv);
    expect(applied.statusCode).toBe(400);
    expect(applied.json().message).toContain('1 row(s) have errors');
    expect(await snapshot()).toEqual(before);
  });

  it('reports two rows for the same person instead of doubling them', async () => {
    const same = 'surname;givenName;birthYear;caseName\nКротов;Антон;1988;Дело А\nКротов;Антон;1988;Дело А\n';
    const r = (await upload('dry-run', same)).json();
    expect(r.rows.map((x: { action: string; duplicateOf: number | null }) => [x.action, x.duplicateOf])).toEqual([['create', null], ['duplicate', 2]]);
    const before = await count('prisoners');
    expect((await upload('apply', same)).statusCode).toBe(200);
    expect(await count('prisoners')).toBe(before + 1);
    const conflicting = 'surname;givenName;birthYear;caseName\nЛисин;Роман;1980;Дело Б\nЛисин;Роман;1980;Дело В\n';
    const c = (await upload('dry-run', conflicting)).json();
    expect(c.rows[1]).toMatchObject({ action: 'error', duplicateOf: 2, errors: [{ field: 'caseName' }] });
  });

  it('refuses 70,000 rows, an empty file, a header without rows, a binary file and a file over the size limit — never a 5xx', async () => {
    const big = `surname;givenName;birthYear\n${'Иванов;Иван;1990\n'.repeat(70_000)}`;
    const before = await snapshot();
    const tooMany = await upload('apply', big);
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().message).toContain('more than 60,000 rows');
    const empty = await upload('dry-run', '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toBe('file: the file is empty');
    expect((await upload('dry-run', 'surname;givenName\n')).json().message).toContain('no rows');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
    const binary = await upload('dry-run', png, {}, 'photo.csv');
    expect(binary.statusCode).toBe(400);
    expect(binary.json().message).toContain('binary data');
    const huge = await upload('dry-run', `surname;givenName\n${'x'.repeat(49 * 1024 * 1024)}`);
    expect(huge.statusCode).toBe(413);
    expect(huge.json().message).toContain('larger than 48 MB');
    const unclosed = await upload('dry-run', 'surname;givenName\n"Иванов;Иван\n');
    expect(unclosed.statusCode).toBe(400);
    expect(unclosed.json().message).toContain('never closed');
    expect(await snapshot()).toEqual(before);
  });

  it('validates the request: multipart only, known encodings, a mapping naming real columns', async () => {
    const limits = (await t.app.inject({ url: '/api/admin/import/limits', headers: h })).json();
    expect(limits).toMatchObject({ maxBytes: 48 * 1024 * 1024, maxRows: 60_000, required: ['surname', 'givenName'] });
    const json = await t.app.inject({ method: 'POST', url: '/api/admin/import/dry-run', headers: h, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const csv = 'surname;givenName;birthYear\nИванов;Иван;1990\n';
    expect((await upload('dry-run', csv, { encoding: 'koi8-r' })).json()).toMatchObject({ field: 'encoding' });
    expect((await upload('dry-run', csv, { mapping: '{"surname":"Фамилия"}' })).json()).toMatchObject({ field: 'mapping', message: expect.stringContaining('no column "Фамилия"') });
    expect((await upload('dry-run', csv, { mapping: '{"shoeSize":"surname"}' })).json()).toMatchObject({ field: 'mapping' });
    const mapped = (await upload('dry-run', 'a;b;c\nИванов;Иван;1990\n', { mapping: JSON.stringify({ surname: 'a', givenName: 'b', birthYear: 'c' }) })).json();
    expect(mapped.rows[0].action).toBe('create');
  });

  it('exports CSV and JSON; importing the exported CSV reports every row unchanged', async () => {
    const csv = await t.app.inject({ url: '/api/admin/export.csv', headers: h });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="volya-people-\d{4}-\d{2}-\d{2}\.csv"/);
    const total = await count('prisoners');
    const r = (await upload('dry-run', csv.rawPayload)).json();
    expect(r.summary).toEqual({ create: 0, update: 0, unchanged: total, duplicate: 0, error: 0 });
    expect(r.facilities).toEqual({ create: 0, update: 0 });
    const json = await t.app.inject({ url: '/api/admin/export.json', headers: h });
    expect(json.json().people).toHaveLength(total);
    expect(json.json().people[0]).toHaveProperty('privateNotes');
  });

  it('exports formula-like cells behind a leading \' (no formula runs in a spreadsheet) and imports them back unchanged', async () => {
    const [first] = await t.database.db.selectFrom('prisoners').select('id').orderBy('id').limit(1).execute();
    const risky = { caseName: '=HYPERLINK("http://evil.example","click")', bioEn: '+1 555 0100 call', withdrawnNote: "'=already marked", privateNotes: '@SUM(A1)' };
    await t.database.db.updateTable('prisoners').set({ ...risky, bioRu: '-2 дня' }).where('id', '=', first!.id).execute();
    const csv = await t.app.inject({ url: '/api/admin/export.csv', headers: h });
    const { parse } = await import('csv-parse/sync');
    const rows = parse(csv.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    const row = rows.find((r) => r.caseName!.includes('HYPERLINK'))!;
    expect(row).toMatchObject({ caseName: `'${risky.caseName}`, bioEn: `'${risky.bioEn}`, withdrawnNote: `'${risky.withdrawnNote}`, privateNotes: `'${risky.privateNotes}`, bioRu: "'-2 дня" });
    const r = (await upload('dry-run', csv.rawPayload)).json();
    expect(r.summary).toEqual({ create: 0, update: 0, unchanged: await count('prisoners'), duplicate: 0, error: 0 });
  });
});
