import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { makeTestApp, type TestApp } from '../helpers.js';
import { multipartBody } from './multipart.js';

describe('honest imports: facilities files, mapping, shared facilities, undo', () => {
  let t: TestApp;
  let h: Record<string, string>;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
    h = await t.login();
  });
  afterAll(() => t.close());

  const upload = (path: 'dry-run' | 'apply', csv: string | Buffer, fields: Record<string, string> = {}, name = 'list.csv') => {
    const body = multipartBody({ name, bytes: csv }, fields);
    return t.app.inject({ method: 'POST', url: `/api/admin/import/${path}`, headers: { ...h, 'content-type': body.contentType }, payload: body.payload });
  };
  const undo = (id: number) => t.app.inject({ method: 'POST', url: `/api/admin/import/${id}/undo`, headers: h });
  const people = () => t.database.db.selectFrom('prisoners').selectAll().orderBy('id').execute();
  const facilities = () => t.database.db.selectFrom('facilities').selectAll().orderBy('id').execute();

  const FACILITIES = [
    'facilityKey;name;street;city;region;postalCode;notes',
    'ik3;ФКУ ИК-3 УФСИН России по Тестовой области;ул. Лесная, 1;г. Тестов;Тестовая обл.;123001;Посылки по вторникам',
    'ik7;ФКУ ИК-7 УФСИН России по Тестовой области;ул. Полевая, 7;г. Тестов;Тестовая обл.;123007;',
  ].join('\n');

  it('imports facilities from their own file; people rows refer to them by facilityKey; the facilities export round-trips', async () => {
    const dry = (await upload('dry-run', FACILITIES, { target: 'facilities' })).json();
    expect(dry).toMatchObject({ target: 'facilities', summary: { create: 2, error: 0 }, unmappedColumns: [], canApply: true });
    expect(dry.mapping).toMatchObject({ facilityKey: 'facilityKey', name: 'name', notes: 'notes' });
    const applied = await upload('apply', FACILITIES, { target: 'facilities' });
    expect(applied.statusCode).toBe(200);
    expect((await facilities()).map((f) => [f.name.slice(0, 11), f.notes])).toEqual([['ФКУ ИК-3 УФ', 'Посылки по вторникам'], ['ФКУ ИК-7 УФ', null]]);

    const list = 'surname;givenName;birthYear;facilityKey\nГусев;Пётр;1990;ik3\nОрлова;Анна;1985;ik7\nРябов;Илья;1979;ik3\n';
    const r = (await upload('dry-run', list)).json();
    expect(r.summary).toMatchObject({ create: 3, error: 0 });
    expect(r.facilities).toEqual({ create: 0, update: 0 });
    expect((await upload('apply', list)).statusCode).toBe(200);
    const [ik3, ik7] = await facilities();
    expect((await people()).map((p) => [p.surname, p.facilityId])).toEqual([['Гусев', ik3!.id], ['Орлова', ik7!.id], ['Рябов', ik3!.id]]);

    const unknownKey = (await upload('dry-run', 'surname;givenName;birthYear;facilityKey\nЛисин;Роман;1980;ik99\n')).json();
    expect(unknownKey.rows[0]).toMatchObject({ action: 'error', errors: [{ field: 'facilityName', rule: expect.stringContaining('"ik99"') }] });

    const exported = await t.app.inject({ url: '/api/admin/export-facilities.csv', headers: h });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/volya-facilities-\d{4}-\d{2}-\d{2}\.csv/);
    const rows = parse(exported.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.facilityKey, x.notes])).toEqual([['ik3', 'Посылки по вторникам'], ['ik7', '']]);
    expect((await upload('dry-run', exported.rawPayload, { target: 'facilities' })).json().summary).toMatchObject({ unchanged: 2, create: 0, update: 0, error: 0 });
    const peopleCsv = (await t.app.inject({ url: '/api/admin/export.csv', headers: h })).body;
    const first = (parse(peopleCsv, { bom: true, columns: true }) as Record<string, string>[])[0]!;
    expect(first).toMatchObject({ surname: 'Гусев', facilityKey: 'ik3', facilityNotes: 'Посылки по вторникам' });
    expect(first.id).toMatch(/^\d+$/);
  });

  it('an exact field name beats an alias, and the columns no field reads are listed', async () => {
    const csv = 'facility;surname;givenName;birthYear;facility_name;street;city;postalCode;shoe size\nik3;Гусев;Пётр;1990;ФКУ ИК-3 УФСИН России по Тестовой области;ул. Лесная, 1;г. Тестов;123001;43\n';
    const r = (await upload('dry-run', csv)).json();
    expect(r.mapping.facilityName).toBe('facility_name');
    expect(r.unmappedColumns).toEqual(['facility', 'shoe size']);
    expect(r.rows[0]).toMatchObject({ action: 'unchanged' });
  });

  it('a change to a facility other people share shows before, after and who is affected, and needs a confirmation', async () => {
    // Only Гусев is in the file; Рябов lives at the same facility.
    const csv = 'surname;givenName;birthYear;facilityName;street;city;postalCode\nГусев;Пётр;1990;ФКУ ИК-3 УФСИН России по Тестовой области;ул. Лесная, 15;г. Тестов;123001\n';
    const r = (await upload('dry-run', csv)).json();
    expect(r.needsConfirmation).toBe(true);
    const ryabov = (await people()).find((p) => p.surname === 'Рябов')!;
    expect(r.sharedFacilityChanges).toEqual([expect.objectContaining({
      name: 'ФКУ ИК-3 УФСИН России по Тестовой области',
      changes: [{ field: 'street', before: 'ул. Лесная, 1', after: 'ул. Лесная, 15' }],
      affectedCount: 1,
      affected: [{ id: ryabov.id, name: 'Рябов Илья' }],
    })]);
    const refused = await upload('apply', csv);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ field: 'confirmSharedFacilityChanges', message: expect.stringContaining('confirmSharedFacilityChanges=true') });
    expect((await facilities())[0]!.street).toBe('ул. Лесная, 1');
    const confirmed = await upload('apply', csv, { confirmSharedFacilityChanges: 'true' });
    expect(confirmed.statusCode).toBe(200);
    expect((await facilities())[0]!.street).toBe('ул. Лесная, 15');
    // Put it back for the tests after this one.
    expect((await upload('apply', csv.replace('Лесная, 15', 'Лесная, 1'), { confirmSharedFacilityChanges: 'true' })).statusCode).toBe(200);
  });

  it('undoes an applied import in one go while nothing it touched changed, and refuses once something did', async () => {
    const before = { people: await people(), facilities: await facilities() };
    const csv = [
      'surname;givenName;birthYear;bioRu;facilityKey;facilityName;street;city;postalCode',
      'Гусев;Пётр;1990;Учитель;;;;;',
      'Кротов;Антон;1988;;ik9;ФКУ ИК-9 УФСИН России по Тестовой области;ул. Новая, 9;г. Тестов;123009',
      'Лисин;Роман;1980;;ik9;;;;',
    ].join('\n');
    const applied = await upload('apply', csv);
    expect(applied.statusCode, applied.body).toBe(200);
    const batchId = applied.json().batchId as number;
    expect(applied.json().summary).toMatchObject({ create: 2, update: 1 });
    expect(await people()).toHaveLength(before.people.length + 2);

    const res = await undo(batchId);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ people: { deleted: 2, restored: 1 }, facilities: { deleted: 1, restored: 0 } });
    const after = await people();
    expect(after.map((p) => [p.id, p.surname, p.bioRu])).toEqual(before.people.map((p) => [p.id, p.surname, p.bioRu]));
    expect((await facilities()).map((f) => f.id)).toEqual(before.facilities.map((f) => f.id));
    expect((await undo(batchId)).json()).toMatchObject({ field: 'id', message: expect.stringContaining('already undone') });
    // The key of the deleted facility is free again.
    expect((await upload('dry-run', 'surname;givenName;birthYear;facilityKey\nЛисин;Роман;1980;ik9\n')).json().rows[0].action).toBe('error');

    const again = await upload('apply', csv);
    const second = again.json().batchId as number;
    const krotov = (await people()).find((p) => p.surname === 'Кротов')!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/admin/prisoners/${krotov.id}`, headers: h })).statusCode).toBeLessThan(300);
    const refused = await undo(second);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain(`person ${krotov.id} (Кротов Антон) was deleted`);
    expect((await people()).find((p) => p.surname === 'Лисин')).toBeDefined();
    expect(await undo(99_999)).toMatchObject({ statusCode: 404 });
  });

  it('a facilities file that changes a shared facility asks first; its undo puts the address and the key back', async () => {
    const [ik3] = await facilities();
    const csv = `id;facilityKey;name;street;city;postalCode\n${ik3!.id};ik3-new;${ik3!.name};ул. Лесная, 2;г. Тестов;123001\n`;
    const dry = (await upload('dry-run', csv, { target: 'facilities' })).json();
    expect(dry.rows[0]).toMatchObject({ action: 'update', changes: [{ field: 'street', before: 'ул. Лесная, 1', after: 'ул. Лесная, 2' }, { field: 'facilityKey', before: 'ik3', after: 'ik3-new' }] });
    expect(dry.sharedFacilityChanges[0]).toMatchObject({ facilityId: ik3!.id, affectedCount: 1, affected: [{ name: 'Рябов Илья' }] });
    expect((await upload('apply', csv, { target: 'facilities' })).statusCode).toBe(409);
    const applied = await upload('apply', csv, { target: 'facilities', confirmSharedFacilityChanges: 'true' });
    expect(applied.statusCode).toBe(200);
    expect((await upload('dry-run', 'surname;givenName;birthYear;facilityKey\nРябов;Илья;1979;ik3-new\n')).json().rows[0].action).toBe('unchanged');
    expect((await undo(applied.json().batchId)).statusCode).toBe(200);
    expect((await facilities())[0]!.street).toBe('ул. Лесная, 1');
    expect((await upload('dry-run', 'surname;givenName;birthYear;facilityKey\nРябов;Илья;1979;ik3\n')).json().rows[0].action).toBe('unchanged');
    expect((await upload('dry-run', csv, { target: 'facilities', confirmSharedFacilityChanges: 'maybe' })).json()).toMatchObject({ field: 'confirmSharedFacilityChanges' });
  });

  it('leaves no copy of the upload behind, and removes one a crash left', async () => {
    const left = `${t.dir}/.volya-import-left-by-a-crash.csv`;
    fs.writeFileSync(left, FACILITIES);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(left, twoHoursAgo, twoHoursAgo);
    await upload('dry-run', FACILITIES, { target: 'facilities' });
    expect(fs.readdirSync(t.dir).filter((f) => f.includes('import'))).toEqual([]);
  });
});
