import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityBody, makeTestApp, type TestApp } from '../helpers.js';

const person = {
  surname: 'Пчелинцев',
  givenName: 'Дмитрий',
  patronymic: 'Дмитриевич',
  birthYear: 1992,
  status: 'colony',
};

describe('admin API for people and facilities', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let facilityId: number;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
    h = await t.login();
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: facilityBody });
    expect(res.statusCode).toBe(201);
    facilityId = res.json().id;
  });
  afterAll(() => t.close());

  const counts = async () => ({
    prisoners: (await t.database.db.selectFrom('prisoners').select('id').execute()).length,
    facilities: (await t.database.db.selectFrom('facilities').select('id').execute()).length,
    audit: (await t.database.db.selectFrom('auditLog').select('id').execute()).length,
  });

  it('creates a person with derived Latin spelling and detected gender, and audits it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { ...person, facilityId, privateNotes: 'secret' } });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p.latinName).toBe('Dmitry Pchelintsev');
    expect(p.gender).toBe('male');
    expect(p.privateNotes).toBe('secret');
    const audit = await t.database.db.selectFrom('auditLog').selectAll().where('entity', '=', 'prisoner').where('entityId', '=', p.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].action).toBe('create');
    expect(audit[0].organizerName).toBe('admin');
    expect(JSON.parse(audit[0].after!).surname).toBe('Пчелинцев');
  });

  it('updates and deletes with before/after in the audit log', async () => {
    const created = (await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { ...person, givenName: 'Илья', surname: 'Шакурский', facilityId } })).json();
    const upd = await t.app.inject({ method: 'PUT', url: `/api/admin/prisoners/${created.id}`, headers: h, payload: { ...person, givenName: 'Илья', surname: 'Шакурский', facilityId, latinName: 'Ilya Shakursky', status: 'pretrial', version: created.version } });
    expect(upd.statusCode).toBe(200);
    expect(upd.json().status).toBe('pretrial');
    const del = await t.app.inject({ method: 'DELETE', url: `/api/admin/prisoners/${created.id}`, headers: h });
    expect(del.statusCode).toBe(200);
    const audit = await t.app.inject({ url: `/api/admin/audit?entity=prisoner&entityId=${created.id}`, headers: h });
    const entries = audit.json().entries;
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(entries[1].before.status).toBe('colony');
    expect(entries[1].after.status).toBe('pretrial');
    expect(entries[0].after).toBeNull();
  });

  it('refuses deleting a facility that still has people', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: `/api/admin/facilities/${facilityId}`, headers: h });
    expect(res.statusCode).toBe(409);
  });

  const bad: Array<[string, Record<string, unknown> | string, number, string]> = [
    ['empty surname', { ...person, surname: '  ' }, 400, 'surname'],
    ['Latin surname', { ...person, surname: 'Smith' }, 400, 'surname'],
    ['birth year in the future', { ...person, birthYear: new Date().getUTCFullYear() + 1 }, 400, 'birthYear'],
    ['birth year before 1900', { ...person, birthYear: 1899 }, 400, 'birthYear'],
    ['wrong type', { ...person, birthYear: '1992' }, 400, 'birthYear'],
    ['unknown field', { ...person, nickname: 'x' }, 400, 'nickname'],
    ['unknown facility', { ...person, facilityId: 999 }, 400, 'facilityId'],
    ['bad status', { ...person, status: 'free' }, 400, 'status'],
    ['impossible date', { ...person, birthDate: '1992-02-30' }, 400, 'birthDate'],
    ['missing required', { givenName: 'Иван', status: 'colony' }, 400, 'surname'],
    ['Latin dative override', { ...person, nameDative: 'Pchelintsevu Dmitriyu' }, 400, 'nameDative'],
    ['mixed-script dative override', { ...person, nameDative: 'Пчелинцеву Dmitriyu' }, 400, 'nameDative'],
  ];
  for (const [name, payload, status, field] of bad) {
    it(`rejects ${name} with ${status} naming ${field} and changes nothing`, async () => {
      const before = await counts();
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload });
      expect(res.statusCode).toBe(status);
      expect(res.json().field).toBe(field);
      expect(res.json().message).toContain(field);
      expect(await counts()).toEqual(before);
    });
  }

  it('requires the birth year for a person held in Russia', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { ...person, facilityId, birthYear: null } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('birthYear');
  });

  it('keeps a Cyrillic dative override, initials included', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { ...person, surname: 'Дативов', facilityId, nameDative: 'Дативову Д. Д.' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().nameDative).toBe('Дативову Д. Д.');
  });

  it('requires a Russian facility address in Cyrillic, field by field', async () => {
    const latin: Array<[string, string]> = [
      ['name', 'IK-2 Penza region'], ['street', 'Lenina st 1'], ['city', 'Penza'], ['district', 'Zheleznodorozhny'],
      ['region', 'Penzenskaya obl.'], ['name', 'ФКУ IK-2 УФСИН'], ['street', 'ул. Lenina, 1'], ['street', '12'],
    ];
    for (const [field, value] of latin) {
      const before = await counts();
      const res = await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: { ...facilityBody, [field]: value } });
      expect({ value, status: res.statusCode, field: res.json().field }).toEqual({ value, status: 400, field });
      expect(await counts()).toEqual(before);
    }
    // Digits, punctuation and № are part of Russian addresses; outside Russia Latin is fine.
    const ok = await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: { ...facilityBody, name: 'ФКУ ИК-2 (№ 2) «Тестовая»', street: 'ул. 8 Марта, д. 1/2', district: 'Железнодорожный р-н' } });
    expect(ok.statusCode).toBe(201);
    const abroad = await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: { ...facilityBody, name: 'JVA Tegel', street: 'Seidelstr. 39', city: 'Berlin', region: null, postalCode: '13507', country: 'DE' } });
    expect(abroad.statusCode).toBe(201);
    const renamed = await t.app.inject({ method: 'PUT', url: `/api/admin/facilities/${ok.json().id}`, headers: h, payload: { ...facilityBody, city: 'Penza', version: ok.json().version } });
    expect({ status: renamed.statusCode, field: renamed.json().field }).toEqual({ status: 400, field: 'city' });
  });

  it('rejects a 7-digit Russian postal code', async () => {
    const before = await counts();
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: { ...facilityBody, postalCode: '1234567' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().field).toBe('postalCode');
    expect(await counts()).toEqual(before);
  });

  it('answers malformed JSON, a 5 MB body and unknown ids without a 5xx', async () => {
    const malformed = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: { ...h, 'content-type': 'application/json' }, payload: '{"surname": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toMatch(/JSON/);
    const big = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: { ...h, 'content-type': 'application/json' }, payload: JSON.stringify({ ...person, bioEn: 'x'.repeat(5 * 1024 * 1024) }) });
    expect(big.statusCode).toBe(413);
    expect((await t.app.inject({ url: '/api/admin/prisoners/4242', headers: h })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PUT', url: '/api/admin/prisoners/4242', headers: h, payload: { ...person, version: 1 } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/admin/facilities/4242', headers: h })).statusCode).toBe(404);
  });

  it('refuses a state-changing request without the CSRF header', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: { cookie: h.cookie }, payload: person });
    expect(res.statusCode).toBe(403);
    expect(res.json().field).toBe('x-csrf-token');
  });

  it('filters the admin list and shows private notes there only', async () => {
    const res = await t.app.inject({ url: '/api/admin/prisoners?q=pchelintsev', headers: h });
    expect(res.json().prisoners).toHaveLength(1);
    expect(res.json().prisoners[0].privateNotes).toBe('secret');
    expect(res.json().prisoners[0].stale).toBe(true); // no as-of date
    // An address without an as-of date counts as stale in the filter too.
    const staleOnly = (await t.app.inject({ url: '/api/admin/prisoners?stale=true&q=pchelintsev', headers: h })).json().prisoners;
    expect(staleOnly.map((p: { addressAsOf: string | null }) => p.addressAsOf)).toEqual([null]);
  });

  it('saves settings and rejects Cyrillic in the return address', async () => {
    const { version } = (await t.app.inject({ url: '/api/admin/settings', headers: h })).json();
    const ok = await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: h, payload: { paperSize: 'a4', staleMonths: 4, version } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().paperSize).toBe('a4');
    const bad = await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: h, payload: { returnAddress: 'Москва', version: ok.json().version } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('returnAddress');
  });
});
