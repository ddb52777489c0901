/** A facility's mail rules in both languages: the form's API, the kiosk, both CSV files, export → import. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { facilityBody, makeTestApp, type TestApp } from '../helpers.js';
import { multipartBody } from './multipart.js';

const EN = 'Letters only in Russian. Postcards in envelopes.';
const RU = 'Письма только на русском языке. Открытки — в конвертах.';

describe('facility mail rules in English and Russian', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let facilityId: number;
  let personId: number;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
    h = await t.login();
    const created = await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: { ...facilityBody, mailRules: EN, mailRulesRu: RU, notes: 'Только для организаторов' } });
    expect(created.statusCode, created.body).toBe(201);
    facilityId = created.json().id;
    const p = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { surname: 'Тестова', givenName: 'Мария', gender: 'female', birthYear: 1990, status: 'pretrial', facilityId } });
    expect(p.statusCode, p.body).toBe(201);
    personId = p.json().id;
  });
  afterAll(() => t.close());

  const upload = (csv: string | Buffer, path: 'dry-run' | 'apply', fields: Record<string, string> = {}) => {
    const body = multipartBody({ name: 'list.csv', bytes: csv }, fields);
    return t.app.inject({ method: 'POST', url: `/api/admin/import/${path}`, headers: { ...h, 'content-type': body.contentType }, payload: body.payload });
  };

  it('stores both; the kiosk gets both and never the organizers\' notes', async () => {
    expect((await t.app.inject({ url: `/api/admin/facilities/${facilityId}`, headers: h })).json()).toMatchObject({ mailRules: EN, mailRulesRu: RU });
    const kiosk = await t.app.inject({ url: `/api/prisoners/${personId}` });
    expect(kiosk.statusCode).toBe(200);
    expect(kiosk.json().facility).toMatchObject({ mailRules: EN, mailRulesRu: RU });
    expect(kiosk.body).not.toContain('Только для организаторов');
  });

  it('refuses Russian rules over 4,000 characters, naming the field, and changes nothing', async () => {
    const { version } = (await t.app.inject({ url: `/api/admin/facilities/${facilityId}`, headers: h })).json();
    const res = await t.app.inject({ method: 'PUT', url: `/api/admin/facilities/${facilityId}`, headers: h, payload: { ...facilityBody, mailRules: EN, mailRulesRu: 'я'.repeat(4001), version } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('mailRulesRu');
    expect((await t.app.inject({ url: `/api/admin/facilities/${facilityId}`, headers: h })).json()).toMatchObject({ mailRulesRu: RU, version });
  });

  it('writes both to the people and facilities files; an export imports back unchanged, and a changed cell updates the facility', async () => {
    const people = parse((await t.app.inject({ url: '/api/admin/export.csv', headers: h })).rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    expect(people[0]).toMatchObject({ mailRules: EN, mailRulesRu: RU });
    const exported = (await t.app.inject({ url: '/api/admin/export-facilities.csv', headers: h })).rawPayload;
    const rows = parse(exported, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.mailRules, r.mailRulesRu])).toEqual([[EN, RU]]);
    expect((await upload(exported, 'dry-run', { target: 'facilities' })).json().summary).toMatchObject({ unchanged: 1, update: 0, error: 0 });

    const changed = `id;name;mailRulesRu\n${facilityId};${facilityBody.name};Только открытки.\n`;
    const dry = (await upload(changed, 'dry-run', { target: 'facilities' })).json();
    expect(dry.summary).toMatchObject({ update: 1, error: 0 });
    // The facility has a person on it: the import says so and asks to confirm.
    expect((await upload(changed, 'apply', { target: 'facilities' })).json().field).toBe('confirmSharedFacilityChanges');
    const applied = await upload(changed, 'apply', { target: 'facilities', confirmSharedFacilityChanges: 'true' });
    expect(applied.statusCode, applied.body).toBe(200);
    const after = (await t.app.inject({ url: `/api/admin/facilities/${facilityId}`, headers: h })).json();
    // The English the file did not carry stays.
    expect(after).toMatchObject({ mailRules: EN, mailRulesRu: 'Только открытки.' });
  });
});
