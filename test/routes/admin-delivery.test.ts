/**
 * Delivery routes, postal status, numbered items and their outcomes, through the real app and a real SQLite file:
 * route CRUD with audit and versions, deleting a route items wait for, the post-while-suspended warning, numbers
 * that continue per person across runs and never repeat under concurrency, returns that make an address suspect,
 * and the ledger's privacy.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assignItemNumbers } from '../../server/services/ledger.js';
import { facilityBody, makeTestApp, type TestApp } from '../helpers.js';
import { noCups } from '../printing/stand-in-cups.js';

const run = promisify(execFile);
const LETTER = 'Дорогой друг!\n\nМы пишем тебе из Канады. Помним о тебе, держись.';
const SENDER = 'Marguerite Oddname';

describe('delivery routes, postal status and the ledger', () => {
  let t: TestApp;
  let h: Record<string, string>;
  beforeEach(async () => {
    t = await makeTestApp({ seedDemo: false, app: { cups: noCups } });
    h = await t.login();
  });
  afterEach(() => t.close());

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers: h, payload });
  const person = async (surname = 'Маршрутов') => {
    const f = (await inject('POST', '/api/admin/facilities', facilityBody)).json();
    const today = new Date().toISOString().slice(0, 10);
    const p = await inject('POST', '/api/admin/prisoners', { surname, givenName: 'Иван', birthYear: 1990, status: 'pretrial', facilityId: f.id, addressAsOf: today, addressSource: 'test' });
    expect(p.statusCode).toBe(201);
    return p.json() as { id: number; version: number };
  };
  const queue = (prisonerId: number, kind: 'letter' | 'postcard' = 'letter') =>
    t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind, prisonerId, text: kind === 'letter' ? LETTER : 'Держись!', sender: { kind: 'single', name: SENDER } } });
  const routes = async () => (await inject('GET', '/api/admin/routes')).json() as { routes: { id: number; kind: string; name: string; isDefault: boolean; enabled: boolean; version: number }[]; warnings: { code: string; message: string }[] };
  const audit = (entity: string) => t.app.db.selectFrom('auditLog').selectAll().where('entity', '=', entity).orderBy('id').execute();
  const relay = { kind: 'relay', name: 'E-letter relay', contact: 'relay@example.org', accepts: 'text', charLimit: 2000, currency: 'RUB', pricePerLetter: 55, notes: 'Secret organizer note' };
  const forward = { kind: 'forward', name: 'Partners in Germany', partnerName: 'Briefgruppe', partnerAddress: 'Musterstraße 1\n10115 Berlin', partnerCountry: 'de' };

  it('a fresh database has one default post route; routes are created, edited and deleted with audit rows and versions', async () => {
    const start = await routes();
    expect(start.routes.map((r) => [r.kind, r.isDefault, r.enabled])).toEqual([['post', true, true]]);

    const created = await inject('POST', '/api/admin/routes', forward);
    expect(created.statusCode).toBe(201);
    const f = created.json();
    expect(f).toMatchObject({ kind: 'forward', partnerCountry: 'DE', returnAddressOf: 'collective', isDefault: false, version: 1, contact: null });

    const edited = await inject('PUT', `/api/admin/routes/${f.id}`, { ...forward, name: 'Partners in Berlin', version: 1 });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ name: 'Partners in Berlin', version: 2 });
    const stale = await inject('PUT', `/api/admin/routes/${f.id}`, { ...forward, name: 'Old form', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ field: 'version' });
    expect(stale.json().message).toContain('name');

    // Bad input names its field.
    for (const [body, field] of [
      [{ ...forward, partnerCountry: 'Germany' }, 'partnerCountry'],
      [{ ...forward, partnerCountry: 'RU' }, 'partnerCountry'],
      [{ ...forward, partnerAddress: ' ' }, 'partnerAddress'],
      [{ ...relay, currency: null }, 'currency'],
      [{ kind: 'post', name: '' }, 'name'],
      [{ kind: 'boat', name: 'x' }, 'kind'],
    ] as const) {
      const res = await inject('POST', '/api/admin/routes', body);
      expect({ status: res.statusCode < 500 && res.statusCode >= 400, field: res.json().field ?? res.json().message }).toMatchObject({ status: true, field: expect.stringContaining(field) });
    }

    const deleted = await inject('DELETE', `/api/admin/routes/${f.id}`);
    expect(deleted.statusCode).toBe(200);
    expect((await inject('GET', `/api/admin/routes/${f.id}`)).statusCode).toBe(404);
    expect((await audit('route')).filter((a) => a.entityId === f.id).map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('keeps exactly one default: switching moves the flag, the default cannot be disabled or deleted', async () => {
    const post = (await routes()).routes[0]!;
    const f = (await inject('POST', '/api/admin/routes', { ...forward, isDefault: true })).json();
    const now = (await routes()).routes;
    expect(now.filter((r) => r.isDefault).map((r) => r.id)).toEqual([f.id]);
    // The old default lost the flag in an audited change.
    expect((await audit('route')).filter((a) => a.entityId === post.id).map((a) => a.action)).toEqual(['update']);

    const current = now.find((r) => r.id === f.id)!;
    const disable = await inject('PUT', `/api/admin/routes/${f.id}`, { ...forward, enabled: false, version: current.version });
    expect(disable.statusCode).toBe(409);
    expect(disable.json().message).toMatch(/default/);
    const unset = await inject('PUT', `/api/admin/routes/${f.id}`, { ...forward, isDefault: false, version: current.version });
    expect(unset.statusCode).toBe(409);
    const del = await inject('DELETE', `/api/admin/routes/${f.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().message).toMatch(/default/);
    // A disabled route cannot become the default.
    const postNow = (await routes()).routes.find((r) => r.id === post.id)!;
    const off = (await inject('PUT', `/api/admin/routes/${post.id}`, { kind: 'post', name: post.name, enabled: false, version: postNow.version })).json();
    expect(off.enabled).toBe(false);
    const bad = await inject('PUT', `/api/admin/routes/${post.id}`, { kind: 'post', name: post.name, enabled: false, isDefault: true, version: off.version });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('isDefault');
  });

  it('refuses to delete a route items wait for, naming the count, and moves them with moveTo in one transaction', async () => {
    const p = await person();
    const r = (await inject('POST', '/api/admin/routes', relay)).json();
    const pref = await inject('POST', `/api/admin/prisoners/${p.id}/preferred-route`, { routeId: r.id, version: p.version });
    expect(pref.statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await queue(p.id)).statusCode).toBe(201);
    const items = await t.app.db.selectFrom('printQueue').select(['id', 'routeId']).execute();
    expect(items.map((i) => i.routeId)).toEqual([r.id, r.id, r.id]);

    const refused = await inject('DELETE', `/api/admin/routes/${r.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toContain('3 queue items');
    const badTarget = await inject('DELETE', `/api/admin/routes/${r.id}?moveTo=9999`);
    expect(badTarget.statusCode).toBe(400);
    expect(badTarget.json().field).toBe('moveTo');
    expect((await inject('GET', `/api/admin/routes/${r.id}`)).json().waiting).toBe(3);

    const post = (await routes()).routes.find((x) => x.kind === 'post')!;
    const moved = await inject('DELETE', `/api/admin/routes/${r.id}?moveTo=${post.id}`);
    expect(moved.json()).toEqual({ ok: true, moved: 3 });
    expect((await t.app.db.selectFrom('printQueue').select('routeId').execute()).map((i) => i.routeId)).toEqual([post.id, post.id, post.id]);
    expect((await t.app.db.selectFrom('prisoners').select('preferredRouteId').where('id', '=', p.id).executeTakeFirstOrThrow()).preferredRouteId).toBe(post.id);
  });

  it('the kiosk sees only the kind, name and partner country of a person\'s route, never notes, contacts or prices', async () => {
    const p = await person();
    const r = (await inject('POST', '/api/admin/routes', { ...forward, notes: 'Secret organizer note', isDefault: true })).json();
    const listed = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners.find((x: { id: number }) => x.id === p.id);
    expect(listed.route).toEqual({ id: r.id, kind: 'forward', name: 'Partners in Germany', partnerCountry: 'DE' });
    expect(listed.addressSuspect).toBe(false);
    const rr = (await inject('POST', '/api/admin/routes', relay)).json();
    const v = (await inject('GET', `/api/admin/prisoners/${p.id}`)).json().version;
    await inject('POST', `/api/admin/prisoners/${p.id}/preferred-route`, { routeId: rr.id, version: v });
    const detail = await t.app.inject({ url: `/api/prisoners/${p.id}` });
    expect(detail.json().route).toEqual({ id: rr.id, kind: 'relay', name: 'E-letter relay' });
    const everything = JSON.stringify((await t.app.inject({ url: '/api/prisoners' })).json()) + detail.body;
    for (const secret of ['Secret organizer note', 'relay@example.org', 'Musterstraße', '55', 'RUB']) expect(everything).not.toContain(secret);
  });

  it('edits the postal status (audited, versioned, dated) and warns while the default route posts from a suspended country', async () => {
    const table = (await inject('GET', '/api/admin/postal-status')).json();
    const ca = table.countries.find((c: { country: string }) => c.country === 'CA');
    expect(ca).toMatchObject({ status: 'suspended', asOf: '2022-03-10' });
    expect(ca.source).toContain('Canada Post');
    expect(table.countries.find((c: { country: string }) => c.country === 'US')).toMatchObject({ status: 'suspended' });
    // The collective is in Canada (the default setting) and its default route posts: warned.
    expect(table.warnings.map((w: { code: string }) => w.code)).toEqual(['post-suspended']);
    expect(table.warnings[0].message).toContain('2022-03-10');
    expect((await inject('GET', '/api/admin/delivery-warnings')).json().warnings.map((w: { code: string }) => w.code)).toEqual(['post-suspended']);

    const future = await inject('PUT', '/api/admin/postal-status/CA', { status: 'running', asOf: '2999-01-01', source: 'x', version: ca.version });
    expect(future.statusCode).toBe(400);
    expect(future.json().field).toBe('asOf');
    const noSource = await inject('PUT', '/api/admin/postal-status/CA', { status: 'running', asOf: null, source: ' ', version: ca.version });
    expect(noSource.json().field).toBe('source');
    const badCountry = await inject('PUT', '/api/admin/postal-status/Canada', { status: 'running', asOf: null, source: 'x' });
    expect(badCountry.json().field).toBe('country');
    const ok = await inject('PUT', '/api/admin/postal-status/CA', { status: 'running', asOf: '2026-01-15', source: 'Canada Post dashboard, checked', version: ca.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'running', version: ca.version + 1 });
    expect((await inject('PUT', '/api/admin/postal-status/CA', { status: 'suspended', asOf: null, source: 'x', version: ca.version })).statusCode).toBe(409);
    expect((await inject('GET', '/api/admin/routes')).json().warnings).toEqual([]);
    expect((await audit('postal_status')).map((a) => [a.action, JSON.parse(a.after!).country])).toEqual([['update', 'CA']]);

    // A forward default: no warning even where the post is suspended.
    await inject('PUT', '/api/admin/postal-status/CA', { status: 'suspended', asOf: '2022-03-10', source: 'Canada Post', version: ca.version + 1 });
    expect((await routes()).warnings).toHaveLength(1);
    await inject('POST', '/api/admin/routes', { ...forward, isDefault: true });
    expect((await routes()).warnings).toEqual([]);
  });

  it('numbers items per person across runs, prints the number, and marks the ledger printed when the run is', async () => {
    const a = await person('Первов');
    const b = await person('Второв');
    await queue(a.id);
    await queue(a.id, 'postcard');
    await queue(b.id);
    const run1 = (await inject('POST', '/api/admin/print/runs', {})).json();
    let ledger = (await inject('GET', `/api/admin/ledger?personId=${a.id}`)).json();
    expect(ledger.items.map((i: { itemNumber: number; kind: string; printedAt: string | null; runId: number }) => [i.itemNumber, i.kind, i.printedAt, i.runId]).reverse())
      .toEqual([[1, 'letter', null, run1.id], [2, 'postcard', null, run1.id]]);
    expect((await inject('POST', `/api/admin/print/runs/${run1.id}/mark-printed`, {})).statusCode).toBe(200);

    await queue(a.id);
    const run2 = (await inject('POST', '/api/admin/print/runs', {})).json();
    const pdf = await inject('GET', `/api/admin/print/runs/${run2.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    const { readPdf } = await import('../pdf/read-pdf.js');
    const footers = (await readPdf(new Uint8Array(pdf.rawPayload))).flatMap((page) => page.lines).filter((l) => l.includes('письмо №'));
    expect(footers).toEqual([expect.stringContaining('письмо № 3 · стр. 1 из 1')]);
    await inject('POST', `/api/admin/print/runs/${run2.id}/mark-printed`, {});

    ledger = (await inject('GET', `/api/admin/ledger?personId=${a.id}`)).json();
    expect(ledger.total).toBe(3);
    expect(ledger.items.map((i: { itemNumber: number }) => i.itemNumber)).toEqual([3, 2, 1]);
    expect(ledger.items.every((i: { printedAt: string | null }) => i.printedAt !== null)).toBe(true);
    expect((await inject('GET', `/api/admin/ledger?personId=${b.id}`)).json().items.map((i: { itemNumber: number }) => i.itemNumber)).toEqual([1]);
    // Filters: by route, and a day range that holds nothing.
    const post = (await routes()).routes[0]!;
    expect((await inject('GET', `/api/admin/ledger?route=${post.id}`)).json().total).toBe(4);
    expect((await inject('GET', '/api/admin/ledger?from=2020-01-01&to=2020-12-31')).json().total).toBe(0);
    expect((await inject('GET', '/api/admin/ledger?from=2020-02-30')).json().field).toBe('from');
    // Paged like the other lists.
    const first = (await inject('GET', '/api/admin/ledger?limit=2')).json();
    const second = (await inject('GET', `/api/admin/ledger?limit=2&cursor=${first.next}`)).json();
    expect([...first.items, ...second.items].map((i: { id: number }) => i.id)).toHaveLength(4);
    expect(second.next).toBeNull();
  });

  it('never repeats a number when two runs or two connections number at once', async () => {
    const p = await person();
    const post = (await routes()).routes[0]!;
    // Two assignments at once on the app's connection.
    const [x, y] = await Promise.all([
      assignItemNumbers(t.app.db, Array.from({ length: 5 }, () => ({ prisonerId: p.id, kind: 'letter' as const, routeId: post.id }))),
      assignItemNumbers(t.app.db, Array.from({ length: 5 }, () => ({ prisonerId: p.id, kind: 'letter' as const, routeId: post.id }))),
    ]);
    expect([...x!, ...y!].map((n) => n.itemNumber).sort((m, n) => m - n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Two other processes, each with its own connection to the file, numbering 20 items one transaction at a time.
    const script = path.join(import.meta.dirname, '../services/fixtures/assign-numbers.ts');
    const tsx = path.join(process.cwd(), 'node_modules/.bin/tsx');
    const outs = await Promise.all([1, 2].map(() => run(tsx, [script, t.dbPath, String(p.id), String(post.id), '20'])));
    const fromProcesses = outs.flatMap((o) => JSON.parse(o.stdout) as number[]);
    expect(fromProcesses).toHaveLength(40);
    const all = (await t.app.db.selectFrom('ledger').select('itemNumber').where('prisonerId', '=', p.id).execute()).map((r) => r.itemNumber).sort((m, n) => m - n);
    expect(all).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('records outcomes, refusing unknown items, future dates and bad reasons with the field named', async () => {
    const p = await person();
    await queue(p.id);
    const r = (await inject('POST', '/api/admin/print/runs', {})).json();
    await inject('POST', `/api/admin/print/runs/${r.id}/mark-printed`, {});
    const item = (await inject('GET', '/api/admin/ledger')).json().items[0];
    const today = new Date().toISOString().slice(0, 10);
    expect((await inject('POST', '/api/admin/ledger/9999/outcome', { outcome: 'delivered', date: today })).statusCode).toBe(404);
    for (const [body, field] of [
      [{ outcome: 'delivered', date: '2999-01-01' }, 'date'],
      [{ outcome: 'delivered', date: '2026-02-30' }, 'date'],
      [{ outcome: 'delivered', date: '2001-01-01' }, 'date'],
      [{ outcome: 'returned', date: today }, 'reason'],
      [{ outcome: 'reply', reason: 'refused', date: today }, 'reason'],
    ] as const) {
      const res = await inject('POST', `/api/admin/ledger/${item.id}/outcome`, body);
      expect({ body, status: res.statusCode, field: res.json().field }).toEqual({ body, status: 400, field });
    }
    expect((await inject('POST', `/api/admin/ledger/${item.id}/outcome`, { outcome: 'lost', date: today })).statusCode).toBe(400);
    const ok = await inject('POST', `/api/admin/ledger/${item.id}/outcome`, { outcome: 'reply', date: today });
    expect(ok.json()).toMatchObject({ outcome: 'reply', outcomeDate: today, outcomeReason: null });
    expect((await audit('ledger')).map((a) => a.action)).toEqual(['outcome']);
    const stats = (await inject('GET', '/api/admin/stats')).json().delivery;
    expect(stats.byRoute).toEqual([{ id: expect.any(Number), name: 'Post from here', sent: 1, returned: 0, delivered: 0, replied: 1, medianDaysToReply: 0 }]);
    expect(stats.byFacility[0]).toMatchObject({ name: facilityBody.name, sent: 1, replied: 1 });
  });

  it('keeps a reply scan for organizers: images and PDFs only, checked by their bytes', async () => {
    const p = await person();
    await queue(p.id);
    const r = (await inject('POST', '/api/admin/print/runs', {})).json();
    await inject('POST', `/api/admin/print/runs/${r.id}/mark-printed`, {});
    const item = (await inject('GET', '/api/admin/ledger')).json().items[0];
    const upload = (bytes: Buffer, name: string) => {
      const boundary = 'volyaboundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`),
        bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({ method: 'POST', url: `/api/admin/ledger/${item.id}/reply-file`, headers: { ...h, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    };
    const pdf = Buffer.from('%PDF-1.4\n% a reply\n');
    expect((await upload(pdf, 'reply.pdf')).statusCode).toBe(409); // no reply recorded yet
    await inject('POST', `/api/admin/ledger/${item.id}/outcome`, { outcome: 'reply', date: new Date().toISOString().slice(0, 10) });
    const notImage = await upload(Buffer.from('GIF89a not allowed'), 'reply.png');
    expect([notImage.statusCode, notImage.json().field]).toEqual([422, 'file']);
    expect((await upload(pdf, 'reply.pdf')).statusCode).toBe(200);
    const back = await inject('GET', `/api/admin/ledger/${item.id}/reply-file`);
    expect([back.statusCode, back.headers['content-type'], back.body]).toEqual([200, 'application/pdf', pdf.toString()]);
    expect((await t.app.inject({ url: `/api/admin/ledger/${item.id}/reply-file` })).statusCode).toBe(401);
  });

  it('a returned letter makes the address suspect: the person leaves the kiosk until allowed (then comes last), and a confirmation or move clears it', async () => {
    const a = await person('Возвратов');
    const b = await person('Обычнов');
    await queue(a.id);
    const r = (await inject('POST', '/api/admin/print/runs', {})).json();
    await inject('POST', `/api/admin/print/runs/${r.id}/mark-printed`, {});
    const kioskIds = async () => ((await t.app.inject({ url: '/api/prisoners' })).json().prisoners as { id: number; addressSuspect: boolean }[]);
    // a has a printed item, so b (none) comes first already: a is last either way — compare with a printed count for b.
    await t.app.db.insertInto('printedItems').values([{ prisonerId: b.id, kind: 'letter', language: 'ru' }, { prisonerId: b.id, kind: 'letter', language: 'ru' }]).execute();
    expect((await kioskIds()).map((p) => p.id)).toEqual([a.id, b.id]);

    const item = (await inject('GET', `/api/admin/ledger?personId=${a.id}`)).json().items[0];
    const today = new Date().toISOString().slice(0, 10);
    expect((await inject('POST', `/api/admin/ledger/${item.id}/outcome`, { outcome: 'returned', reason: 'unknown-addressee', date: today })).statusCode).toBe(200);
    const admin = (await inject('GET', `/api/admin/prisoners/${a.id}`)).json();
    expect(admin).toMatchObject({ addressSuspect: true, addressSuspectSince: today, allowWhileSuspect: false });
    expect(admin.addressSuspectReason).toContain('№ 1');
    // Not offered at the kiosk, not queued for.
    expect((await kioskIds()).map((p) => p.id)).toEqual([b.id]);
    expect((await t.app.inject({ url: `/api/prisoners/${a.id}` })).statusCode).toBe(404);
    expect((await queue(a.id)).statusCode).toBe(404);

    // An organizer allows letters anyway: offered again, flagged, and after everyone with a sound address.
    const allowed = await inject('POST', `/api/admin/prisoners/${a.id}/allow-while-suspect`, { allow: true, version: admin.version });
    expect(allowed.statusCode).toBe(200);
    const listed = await kioskIds();
    expect(listed.map((p) => [p.id, p.addressSuspect])).toEqual([[b.id, false], [a.id, true]]);

    // Confirming the address clears it all.
    const confirmed = await inject('POST', `/api/admin/prisoners/${a.id}/address-confirmed`, { version: allowed.json().version });
    expect(confirmed.json()).toMatchObject({ addressSuspect: false, allowWhileSuspect: false, addressSuspectReason: null });
    expect((await kioskIds()).map((p) => p.id)).toEqual([a.id, b.id]);
    expect((await inject('POST', `/api/admin/prisoners/${a.id}/address-confirmed`, { version: confirmed.json().version })).statusCode).toBe(409);

    // Returned again, then moved to another facility: the move clears it too.
    const item2 = (await inject('GET', `/api/admin/ledger?personId=${a.id}`)).json().items[0];
    await inject('POST', `/api/admin/ledger/${item2.id}/outcome`, { outcome: 'returned', reason: 'transferred', date: today });
    const now = (await inject('GET', `/api/admin/prisoners/${a.id}`)).json();
    expect(now.addressSuspect).toBe(true);
    const f2 = (await inject('POST', '/api/admin/facilities', { ...facilityBody, name: 'ФКУ ИК-3 Другая', postalCode: '654321' })).json();
    const moved = await inject('POST', `/api/admin/prisoners/${a.id}/transfer`, { facilityId: f2.id, addressAsOf: today, addressSource: 'letter from the family', version: now.version });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ addressSuspect: false, addressSuspectSince: null });
    expect((await audit('prisoner')).filter((x) => x.entityId === a.id).map((x) => x.action)).toEqual(
      ['create', 'address-suspect', 'allow-while-suspect', 'address-confirmed', 'address-suspect', 'transfer']);
  });

  it('keeps no text or writer in the ledger, and a printed item\'s text is not in the database file', async () => {
    const columns = (t.database.sqlite.prepare('select name from pragma_table_info(?)').all('ledger') as { name: string }[]).map((c) => c.name);
    expect(columns.sort()).toEqual(['date', 'id', 'item_number', 'kind', 'outcome', 'outcome_date', 'outcome_reason', 'printed_at', 'prisoner_id',
      'reply_file_id', 'route_id', 'route_kind', 'route_name', 'run_id', 'version']);
    const p = await person();
    await queue(p.id);
    const r = (await inject('POST', '/api/admin/print/runs', {})).json();
    await inject('POST', `/api/admin/print/runs/${r.id}/mark-printed`, {});
    expect((await inject('GET', '/api/admin/ledger')).json().total).toBe(1);
    const dump = JSON.stringify(await t.app.db.selectFrom('ledger').selectAll().execute());
    expect(dump).not.toContain(SENDER);
    t.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const file = fs.readFileSync(t.dbPath);
    for (const needle of ['Помним о тебе', SENDER]) {
      expect(file.includes(Buffer.from(needle, 'utf8'))).toBe(false);
    }
  });
});

describe('a relay with a character limit', () => {
  it('refuses a longer letter at the kiosk with 422 naming text and the limit', async () => {
    const t = await makeTestApp({ seedDemo: false, app: { cups: noCups } });
    try {
      const h = await t.login();
      const f = (await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: facilityBody })).json();
      const p = (await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h, payload: { surname: 'Лимитов', givenName: 'Иван', birthYear: 1990, status: 'pretrial', facilityId: f.id } })).json();
      await t.app.inject({ method: 'POST', url: '/api/admin/routes', headers: h, payload: { kind: 'relay', name: 'Short relay', charLimit: 20, isDefault: true } });
      const long = await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId: p.id, text: 'Дорогой друг, держись! Мы помним.', sender: { kind: 'single' } } });
      expect([long.statusCode, long.json().field]).toEqual([422, 'text']);
      expect(long.json().message).toContain('20');
      const short = await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId: p.id, text: 'Держись! Мы помним.', sender: { kind: 'single' } } });
      expect(short.statusCode).toBe(201);
    } finally {
      await t.close();
    }
  });
});

describe('the kiosk order across pages', () => {
  it('walks the sound addresses first, then the stale and suspect ones, one person a page, without repeats', async () => {
    const t = await makeTestApp({ seedDemo: false, app: { cups: noCups } });
    try {
      const h = await t.login();
      const f = (await t.app.inject({ method: 'POST', url: '/api/admin/facilities', headers: h, payload: facilityBody })).json();
      const today = new Date().toISOString().slice(0, 10);
      const make = async (surname: string, addressAsOf: string | null) => (await t.app.inject({ method: 'POST', url: '/api/admin/prisoners', headers: h,
        payload: { surname, givenName: 'Иван', birthYear: 1990, status: 'pretrial', facilityId: f.id, addressAsOf, addressSource: 'test' } })).json().id as number;
      const old = await make('Аастаров', '2020-01-01');
      const undated = await make('Бебез', null);
      const sound1 = await make('Вэтов', today);
      const sound2 = await make('Гэтов', today);
      const ids: number[] = [];
      let cursor: string | null = null;
      do {
        const page = (await t.app.inject({ url: '/api/prisoners', query: { limit: '1', ...(cursor ? { cursor } : {}) } })).json() as { prisoners: { id: number }[]; next: string | null };
        ids.push(...page.prisoners.map((p) => p.id));
        cursor = page.next;
      } while (cursor);
      expect(ids).toEqual([sound1, sound2, old, undated]);
      expect((await t.app.inject({ url: '/api/prisoners?cursor=bm9wZQ' })).json().field).toBe('cursor');
    } finally {
      await t.close();
    }
  });
});
