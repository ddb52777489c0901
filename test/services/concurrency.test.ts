import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityBody, makeTestApp, type TestApp } from '../helpers.js';

/** What the person form sends: its fields, without status, facility or withdrawal unless it changed them. */
const form = { surname: 'Конкурентов', givenName: 'Иван', birthYear: 1990, bioEn: 'Arrested in 2O22.', languages: ['ru'] };

describe('two organizers editing at once', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let facilityId: number;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
    h = await t.login();
    facilityId = (await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: facilityBody })).json().id;
  });
  afterAll(() => t.close());

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, headers: h, payload });
  const create = async (surname: string) =>
    (await inject('POST', '/api/admin/prisoners', { ...form, surname, status: 'pretrial', facilityId })).json();
  const kioskNames = async () => JSON.stringify((await t.app.inject({ url: '/api/prisoners' })).json());

  it('starts every record at version 1 and adds one on every write', async () => {
    const p = await create('Версионов');
    expect(p.version).toBe(1);
    const saved = await inject('PUT', `/api/admin/prisoners/${p.id}`, { ...form, surname: 'Версионов', bioEn: 'Two', version: 1 });
    expect(saved.json().version).toBe(2);
    expect((await inject('GET', `/api/admin/prisoners/${p.id}`)).json().version).toBe(2);
    const f = (await inject('GET', `/api/admin/facilities/${facilityId}`)).json();
    expect(f.version).toBe(1);
    expect((await inject('GET', '/api/admin/facilities')).json().facilities[0].version).toBe(1);
    expect((await inject('GET', '/api/admin/organizers')).json().organizers[0].version).toBe(1);
  });

  it('refuses an edit without the version, naming it', async () => {
    const p = await create('Безверсионов');
    for (const [url, body] of [
      [`/api/admin/prisoners/${p.id}`, { ...form, surname: 'Безверсионов' }],
      [`/api/admin/facilities/${facilityId}`, facilityBody],
      ['/api/admin/settings', { staleMonths: 3 }],
      ['/api/admin/print/settings', { printRetentionHours: 2 }],
    ] as const) {
      const res = await inject('PUT', url, body);
      expect({ url, status: res.statusCode, field: res.json().field }).toEqual({ url, status: 400, field: 'version' });
    }
    for (const action of ['release', 'restore-support']) {
      expect((await inject('POST', `/api/admin/prisoners/${p.id}/${action}`, {})).json().field).toBe('version');
    }
    expect((await inject('GET', `/api/admin/prisoners/${p.id}`)).json().version).toBe(1);
  });

  it('no longer takes support withdrawal through the person form', async () => {
    const p = await create('Формов');
    const res = await inject('PUT', `/api/admin/prisoners/${p.id}`, { ...form, surname: 'Формов', supportWithdrawn: false, version: 1 });
    expect({ status: res.statusCode, field: res.json().field }).toEqual({ status: 400, field: 'supportWithdrawn' });
  });

  it('gives the second of two stale writers 409 with what changed, and loses nothing', async () => {
    const p = await create('Двоеписцев');
    const a = await inject('PUT', `/api/admin/prisoners/${p.id}`, { ...form, surname: 'Двоеписцев', caseName: 'Case A', version: 1 });
    expect(a.statusCode).toBe(200);
    const b = await inject('PUT', `/api/admin/prisoners/${p.id}`, { ...form, surname: 'Двоеписцев', bioRu: 'Био Б', version: 1 });
    expect(b.statusCode).toBe(409);
    expect(b.json()).toMatchObject({ error: 'Conflict', field: 'version', changed: ['caseName'], current: { id: p.id, version: 2, caseName: 'Case A', bioRu: null } });
    expect(b.json().message).toMatch(/^version: /);
    // Nothing of the refused write landed, and A's change is there.
    const now = (await inject('GET', `/api/admin/prisoners/${p.id}`)).json();
    expect(now).toMatchObject({ version: 2, caseName: 'Case A', bioRu: null });
    // B saves again from the version the 409 showed, keeping A's field.
    const again = await inject('PUT', `/api/admin/prisoners/${p.id}`, { ...form, surname: 'Двоеписцев', caseName: 'Case A', bioRu: 'Био Б', version: 2 });
    expect(again.json()).toMatchObject({ version: 3, caseName: 'Case A', bioRu: 'Био Б' });
  });

  it('keeps a withdrawal made in another tab when an older form fixes a typo', async () => {
    const p = await create('Отозванцев');
    // Tab A opens the person at version 1. Tab B withdraws support with a safety note.
    const tabA = (await inject('GET', `/api/admin/prisoners/${p.id}`)).json();
    const b = await inject('POST', `/api/admin/prisoners/${p.id}/withdraw-support`, { note: 'Asked us to stop: safety', version: tabA.version });
    expect(b.json()).toMatchObject({ supportWithdrawn: true, version: 2 });
    expect(await kioskNames()).not.toContain('Отозванцев');
    // Tab A fixes the typo in the bio and saves from version 1.
    const fix = { ...form, surname: 'Отозванцев', bioEn: 'Arrested in 2022.' };
    const stale = await inject('PUT', `/api/admin/prisoners/${p.id}`, { ...fix, version: tabA.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().changed).toEqual(['supportWithdrawn', 'withdrawnNote']);
    expect(stale.json().current).toMatchObject({ supportWithdrawn: true, withdrawnNote: 'Asked us to stop: safety', version: 2 });
    // Resolved: tab A saves its fix from the current version.
    const resolved = await inject('PUT', `/api/admin/prisoners/${p.id}`, { ...fix, version: stale.json().current.version });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ bioEn: 'Arrested in 2022.', supportWithdrawn: true, withdrawnNote: 'Asked us to stop: safety', version: 3 });
    expect(await kioskNames()).not.toContain('Отозванцев');
    expect((await t.app.inject({ url: `/api/prisoners/${p.id}` })).statusCode).toBe(404);
  });

  it('keeps status and facility unless the form sends them', async () => {
    const p = await create('Статусов');
    const saved = (await inject('PUT', `/api/admin/prisoners/${p.id}`, { ...form, surname: 'Статусов', version: 1 })).json();
    expect(saved).toMatchObject({ status: 'pretrial', facilityId });
    const changed = (await inject('PUT', `/api/admin/prisoners/${p.id}`, { ...form, surname: 'Статусов', status: 'colony', facilityId: null, version: 2 })).json();
    expect(changed).toMatchObject({ status: 'colony', facilityId: null, version: 3 });
  });

  it('refuses stale status actions', async () => {
    const p = await create('Действиев');
    await inject('PUT', `/api/admin/prisoners/${p.id}`, { ...form, surname: 'Действиев', caseName: 'Newer', version: 1 });
    for (const [action, body] of [['release', {}], ['withdraw-support', { note: 'x' }], ['restore-support', {}], ['transfer', { facilityId, addressAsOf: '2026-01-01', addressSource: 'x' }]] as const) {
      const res = await inject('POST', `/api/admin/prisoners/${p.id}/${action}`, { ...body, version: 1 });
      expect({ action, status: res.statusCode, changed: res.json().changed }).toEqual({ action, status: 409, changed: ['caseName'] });
    }
    expect((await inject('GET', `/api/admin/prisoners/${p.id}`)).json()).toMatchObject({ status: 'pretrial', supportWithdrawn: false, version: 2 });
  });

  it('versions facilities: a stale edit or move is refused and the other edit stays', async () => {
    const f = (await inject('POST', '/api/admin/facilities', { ...facilityBody, name: 'ФКУ ИК-3 УФСИН России по Тестовой области' })).json();
    const a = await inject('PUT', `/api/admin/facilities/${f.id}`, { ...facilityBody, name: f.name, mailRules: 'Только конверты', version: 1 });
    expect(a.json().version).toBe(2);
    const b = await inject('PUT', `/api/admin/facilities/${f.id}`, { ...facilityBody, name: f.name, notes: 'B', version: 1 });
    expect(b.statusCode).toBe(409);
    expect(b.json()).toMatchObject({ changed: ['mailRules'], current: { mailRules: 'Только конверты', notes: null, version: 2, people: 0 } });
    const move = await inject('POST', `/api/admin/facilities/${f.id}/move-everyone`, { facilityId, addressAsOf: '2026-01-01', addressSource: 'x', version: 1 });
    expect(move.statusCode).toBe(409);
    expect((await inject('GET', `/api/admin/facilities/${f.id}`)).json()).toMatchObject({ mailRules: 'Только конверты', notes: null, version: 2 });
  });

  it('moving everyone adds one to each moved person', async () => {
    const from = (await inject('POST', '/api/admin/facilities', { ...facilityBody, name: 'ФКУ ИК-4 УФСИН России по Тестовой области' })).json();
    const p = (await inject('POST', '/api/admin/prisoners', { ...form, surname: 'Переездов', status: 'colony', facilityId: from.id })).json();
    const res = await inject('POST', `/api/admin/facilities/${from.id}/move-everyone`, { facilityId, addressAsOf: '2026-01-01', addressSource: 'x', version: from.version });
    expect(res.statusCode).toBe(200);
    expect((await inject('GET', `/api/admin/prisoners/${p.id}`)).json()).toMatchObject({ facilityId, version: 2 });
  });

  it('settings: a stale version is refused only for a key changed since', async () => {
    const start = (await inject('GET', '/api/admin/settings')).json();
    const a = await inject('PUT', '/api/admin/settings', { collectiveName: 'Collective A', version: start.version });
    expect(a.json()).toMatchObject({ collectiveName: 'Collective A', version: start.version + 1 });
    // A stale form that would put the old name back is refused, with the current value.
    const b = await inject('PUT', '/api/admin/settings', { collectiveName: start.collectiveName, staleMonths: 9, version: start.version });
    expect(b.statusCode).toBe(409);
    expect(b.json()).toMatchObject({ field: 'version', changed: ['collectiveName'], current: { collectiveName: 'Collective A', staleMonths: start.staleMonths } });
    expect((await inject('GET', '/api/admin/settings')).json()).toMatchObject({ collectiveName: 'Collective A', staleMonths: start.staleMonths });
    // Another key from the same stale version changes nothing of A's: it lands.
    const c = await t.app.inject({ method: 'PUT', url: '/api/admin/print/settings', headers: h, payload: { printRetentionHours: 6, version: start.version } });
    expect(c.json()).toMatchObject({ printRetentionHours: 6, version: start.version + 2 });
    expect((await inject('GET', '/api/admin/settings')).json()).toMatchObject({ collectiveName: 'Collective A', printRetentionHours: 6 });
  });

  it('an import that updates a person adds one to the version', async () => {
    const p = await create('Импортов');
    const csv = `surname,given_name,birth_year,case_name\nИмпортов,Иван,1990,Imported case\n`;
    const boundary = 'x-volya-boundary';
    const payload = [`--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="people.csv"', 'Content-Type: text/csv', '', csv, `--${boundary}--`, ''].join('\r\n');
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/import/apply', headers: { ...h, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(res.statusCode, res.body).toBe(200);
    expect((await inject('GET', `/api/admin/prisoners/${p.id}`)).json()).toMatchObject({ caseName: 'Imported case', version: 2 });
  });
});
