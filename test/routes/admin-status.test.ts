import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilityBody, makeTestApp, type TestApp } from '../helpers.js';

describe('status actions', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let sizo: number;
  beforeAll(async () => {
    t = await makeTestApp({ seedDemo: false });
    h = await t.login();
    sizo = (await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: facilityBody })).json().id;
  });
  afterAll(() => t.close());

  const person = async (surname: string) =>
    (await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { surname, givenName: 'Иван', birthYear: 1990, status: 'pretrial', facilityId: sizo, addressAsOf: '2024-01-01', addressSource: 'old list' } })).json();
  const history = async (id: number) => (await t.app.inject({ url: `/api/admin/audit?entity=prisoner&entityId=${id}`, headers: h })).json().entries;
  const post = (url: string, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: h, payload });
  /** The version of a person or facility as the console would have read it just now. */
  const version = async (kind: 'prisoners' | 'facilities', id: number): Promise<number> => (await t.app.inject({ url: `/api/admin/${kind}/${id}`, headers: h })).json().version;

  it('transfers to a new facility created on the way, with as-of date and source, audited as "transfer"', async () => {
    const p = await person('Переводов');
    const res = await post(`/api/admin/prisoners/${p.id}/transfer`, {
      newFacility: { ...facilityBody, name: 'ФКУ ИК-6 УФСИН России по Тестовой области', kind: 'ik', postalCode: '123999' },
      addressAsOf: '2026-01-15', addressSource: 'Support group post', status: 'colony', version: p.version,
    });
    expect(res.statusCode).toBe(200);
    const moved = res.json();
    expect(moved).toMatchObject({ status: 'colony', addressAsOf: '2026-01-15', addressSource: 'Support group post' });
    expect(moved.facilityId).not.toBe(sizo);
    const [entry] = await history(p.id);
    expect(entry).toMatchObject({ action: 'transfer', before: { facilityId: sizo, status: 'pretrial' }, after: { facilityId: moved.facilityId } });
    const facilityAudit = (await t.app.inject({ url: `/api/admin/audit?entity=facility&entityId=${moved.facilityId}`, headers: h })).json().entries;
    expect(facilityAudit[0].action).toBe('create');
    // To an existing facility, keeping the status.
    const back = await post(`/api/admin/prisoners/${p.id}/transfer`, { facilityId: sizo, addressAsOf: '2026-02-01', addressSource: 'Letter from him', version: moved.version });
    expect(back.json()).toMatchObject({ facilityId: sizo, status: 'colony' });
  });

  it('validates transfers and leaves the person alone on error', async () => {
    const p = await person('Ошибкин');
    const bad = [
      [{ addressAsOf: '2026-01-01', addressSource: 'x' }, 'facilityId'],
      [{ facilityId: sizo, newFacility: facilityBody, addressAsOf: '2026-01-01', addressSource: 'x' }, 'facilityId'],
      [{ facilityId: 9999, addressAsOf: '2026-01-01', addressSource: 'x' }, 'facilityId'],
      [{ facilityId: sizo, addressAsOf: '2026-01-01', addressSource: 'x' }, 'facilityId'],
      [{ newFacility: { ...facilityBody, postalCode: '12345678' }, addressAsOf: '2026-01-01', addressSource: 'x' }, 'postalCode'],
      [{ newFacility: facilityBody, addressAsOf: '2999-01-01', addressSource: 'x' }, 'addressAsOf'],
      [{ newFacility: facilityBody, addressAsOf: '2026-01-01' }, 'addressSource'],
    ] as const;
    const facilities = (await t.app.inject({ url: '/api/admin/facilities', headers: h })).json().facilities.length;
    for (const [payload, field] of bad) {
      const res = await post(`/api/admin/prisoners/${p.id}/transfer`, { ...payload, version: p.version });
      expect({ status: res.statusCode, field: res.json().field }).toEqual({ status: 400, field });
    }
    expect((await t.app.inject({ url: '/api/admin/facilities', headers: h })).json().facilities.length).toBe(facilities);
    expect((await post('/api/admin/prisoners/9999/transfer', { facilityId: sizo, addressAsOf: '2026-01-01', addressSource: 'x', version: 1 })).statusCode).toBe(404);
    expect(await history(p.id)).toHaveLength(1);
  });

  it('releases, withdraws support with a note (hidden from the kiosk), restores it', async () => {
    const p = await person('Освобождёнов');
    const released = await post(`/api/admin/prisoners/${p.id}/release`, { version: p.version });
    expect(released.json().status).toBe('released');
    expect((await post(`/api/admin/prisoners/${p.id}/release`, { version: released.json().version })).statusCode).toBe(409);
    const q = await person('Отозванов');
    expect((await post(`/api/admin/prisoners/${q.id}/withdraw-support`, { version: q.version })).json().field).toBe('note');
    const w = await post(`/api/admin/prisoners/${q.id}/withdraw-support`, { note: 'Group statement of 2020', version: q.version });
    expect(w.json()).toMatchObject({ supportWithdrawn: true, withdrawnNote: 'Group statement of 2020' });
    const kiosk = (await t.app.inject({ url: '/api/prisoners' })).json();
    const names = JSON.stringify(kiosk);
    expect(names).not.toContain('Отозванов');
    expect(names).not.toContain('Освобождёнов');
    expect(names).not.toContain('Group statement');
    expect((await history(q.id))[0]).toMatchObject({ action: 'withdraw-support', after: { withdrawnNote: 'Group statement of 2020' } });
    expect((await post(`/api/admin/prisoners/${q.id}/restore-support`, { version: w.json().version })).json().supportWithdrawn).toBe(false);
    expect((await history(q.id))[0].action).toBe('restore-support');
    expect((await history(p.id))[0].action).toBe('release');
  });

  it('moves everyone at a facility in one transaction, one audit row each', async () => {
    const from = (await post('/api/admin/facilities', { ...facilityBody, name: 'ФКУ СИЗО-5 УФСИН России по Тестовой области' })).json().id;
    const ids: number[] = [];
    for (const s of ['Первов', 'Второв', 'Третьев']) {
      const p = (await post('/api/admin/prisoners', { surname: s, givenName: 'Иван', birthYear: 1990, status: 'pretrial', facilityId: from })).json();
      ids.push(p.id);
    }
    const bad = await post(`/api/admin/facilities/${from}/move-everyone`, { newFacility: { ...facilityBody, postalCode: '1' }, addressAsOf: '2026-03-01', addressSource: 'FSIN site', removeOld: true, version: 1 });
    expect(bad.statusCode).toBe(400);
    // Nothing moved, nothing removed.
    expect((await t.app.inject({ url: `/api/admin/facilities/${from}`, headers: h })).json().people).toBe(3);
    const res = await post(`/api/admin/facilities/${from}/move-everyone`, { newFacility: { ...facilityBody, name: 'ФКУ СИЗО-5 УФСИН России по Тестовой области (новое здание)', street: 'ул. Новая, 10' }, addressAsOf: '2026-03-01', addressSource: 'FSIN site', removeOld: true, version: await version('facilities', from) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ moved: 3, removedOld: true });
    expect((await t.app.inject({ url: `/api/admin/facilities/${from}`, headers: h })).statusCode).toBe(404);
    const oldAudit = (await t.app.inject({ url: `/api/admin/audit?entity=facility&entityId=${from}`, headers: h })).json().entries;
    expect(oldAudit[0].action).toBe('delete');
    for (const id of ids) {
      const p = (await t.app.inject({ url: `/api/admin/prisoners/${id}`, headers: h })).json();
      expect(p).toMatchObject({ facilityId: res.json().facilityId, addressAsOf: '2026-03-01', addressSource: 'FSIN site' });
      expect((await history(id))[0].action).toBe('move');
    }
    expect((await post('/api/admin/facilities/9999/move-everyone', { facilityId: sizo, addressAsOf: '2026-03-01', addressSource: 'x', version: 1 })).statusCode).toBe(404);
  });

  it('keeps the year-of-birth rule when people move to Russia, in the same transaction', async () => {
    const almaty = (await post('/api/admin/facilities', { ...facilityBody, name: 'СИЗО-1 Алматы', city: 'г. Алматы', region: null, postalCode: '050000', country: 'KZ' })).json().id;
    const p = (await post('/api/admin/prisoners', { surname: 'Безгодов', givenName: 'Пётр', status: 'pretrial', facilityId: almaty })).json();
    expect(p.birthYear).toBeNull();
    const facilities = async () => (await t.app.inject({ url: '/api/admin/facilities', headers: h })).json().facilities.length;
    const before = await facilities();
    const refusals = [
      await post(`/api/admin/prisoners/${p.id}/transfer`, { facilityId: sizo, addressAsOf: '2026-01-01', addressSource: 'x', version: p.version }),
      await post(`/api/admin/prisoners/${p.id}/transfer`, { newFacility: { ...facilityBody, name: 'ФКУ ИК-9 УФСИН России по Тестовой области' }, addressAsOf: '2026-01-01', addressSource: 'x', version: p.version }),
      await post(`/api/admin/facilities/${almaty}/move-everyone`, { facilityId: sizo, addressAsOf: '2026-01-01', addressSource: 'x', version: 1 }),
      await post(`/api/admin/facilities/${almaty}/move-everyone`, { newFacility: { ...facilityBody, name: 'ФКУ ИК-10 УФСИН России по Тестовой области' }, addressAsOf: '2026-01-01', addressSource: 'x', removeOld: true, version: 1 }),
      await t.app.inject({ method: 'PUT', url: `/api/admin/facilities/${almaty}`, headers: h, payload: { ...facilityBody, name: 'СИЗО-1 Алматы', city: 'г. Алматы', region: null, postalCode: '050000', country: 'RU', version: 1 } }),
    ];
    for (const res of refusals) {
      expect({ status: res.statusCode, field: res.json().field }).toEqual({ status: 422, field: 'birthYear' });
      expect(res.json().message).toContain('Безгодов Пётр');
    }
    // Nothing changed: the person, the facilities (none created, none removed, none made Russian) and the history.
    expect((await t.app.inject({ url: `/api/admin/prisoners/${p.id}`, headers: h })).json()).toMatchObject({ facilityId: almaty, addressAsOf: null });
    expect(await facilities()).toBe(before);
    expect((await t.app.inject({ url: `/api/admin/facilities/${almaty}`, headers: h })).json().country).toBe('KZ');
    expect(await history(p.id)).toHaveLength(1);
    // With the year entered, the transfer goes through.
    const dated = await t.app.inject({ method: 'PUT', url: `/api/admin/prisoners/${p.id}`, headers: h, payload: { surname: 'Безгодов', givenName: 'Пётр', birthYear: 1987, version: p.version } });
    expect(dated.statusCode).toBe(200);
    expect((await post(`/api/admin/prisoners/${p.id}/transfer`, { facilityId: sizo, addressAsOf: '2026-01-01', addressSource: 'x', version: dated.json().version })).statusCode).toBe(200);
  });
});
