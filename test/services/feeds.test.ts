/** List feeds between two Volya instances (two databases): publish, subscribe, preview, apply, and every refusal. */
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { facilityBody, makeTestApp, type TestApp } from '../helpers.js';
import { multipartBody } from '../routes/multipart.js';

type Headers = Record<string, string>;
interface Side { t: TestApp; h: Headers }

const colony = { ...facilityBody, name: 'ФКУ ИК-7 УФСИН России по Тестовой области', kind: 'ik', street: 'ул. Лагерная, 7', postalCode: '654321' };

async function call(s: Side, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  return s.t.app.inject({ method, url, headers: s.h, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function ok(s: Side, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  const res = await call(s, method, url, payload);
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Feed settings saved from the settings version as it is now. */
async function feedSettings(s: Side, changes: Record<string, unknown>) {
  const { version } = (await s.t.app.inject({ url: '/api/admin/settings', headers: s.h })).json() as { version: number };
  return ok(s, 'PUT', '/api/admin/feed/settings', { ...changes, version });
}

async function side(): Promise<Side> {
  const t = await makeTestApp({ seedDemo: false });
  return { t, h: await t.login() };
}

async function person(s: Side, body: Record<string, unknown>): Promise<number> {
  return (await ok(s, 'POST', '/api/admin/prisoners', { status: 'pretrial', ...body })).id;
}

async function publish(s: Side, gzip = false): Promise<Buffer> {
  const res = await call(s, 'GET', `/api/admin/feed/publish${gzip ? '?gzip=true' : ''}`);
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}

function preview(s: Side, bytes: Buffer) {
  const { payload, contentType } = multipartBody({ name: 'feed.json', bytes, type: 'application/json' });
  return s.t.app.inject({ method: 'POST', url: '/api/admin/feed/preview', headers: { ...s.h, 'content-type': contentType }, payload });
}

async function take(s: Side, bytes: Buffer) {
  const res = await preview(s, bytes);
  expect(res.statusCode, res.body).toBe(200);
  const applied = await ok(s, 'POST', '/api/admin/feed/apply', { previewId: res.json().previewId });
  return { diff: res.json().diff, applied };
}

/** Everyone the kiosk offers, every page of it. */
async function kioskList(s: Side) {
  const all: { surname: string; facilityName: string | null }[] = [];
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page = (await s.t.app.inject({ url: `/api/prisoners?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` })).json() as { prisoners: { surname: string; facilityName: string | null }[]; next: string | null };
    all.push(...page.prisoners);
    cursor = page.next;
  }
  return all;
}

/** What the kiosk offers: names and facility. */
async function kiosk(s: Side) {
  return (await kioskList(s)).map((p) => `${p.surname} @ ${p.facilityName}`).sort();
}

/** The person's version as organizers see it now: every edit names it. */
async function versionOf(s: Side, id: number): Promise<number> {
  return (await ok(s, 'GET', `/api/admin/prisoners/${id}`)).version;
}

/** Every row a feed could change, and the audit log: "nothing changed" compares these. */
async function state(s: Side) {
  const db = s.t.app.db;
  return JSON.stringify([
    await db.selectFrom('prisoners').selectAll().orderBy('id').execute(),
    await db.selectFrom('facilities').selectAll().orderBy('id').execute(),
    await db.selectFrom('feedPublishers').selectAll().orderBy('id').execute(),
    await db.selectFrom('feedPreviews').selectAll().execute(),
    await db.selectFrom('auditLog').select(['id', 'action']).orderBy('id').execute(),
  ]);
}

/** A (publisher, key made, every person in the feed) and B subscribed to it. */
async function pair() {
  const a = await side();
  const b = await side();
  await feedSettings(a, { scope: 'all', name: 'north' });
  const key = await ok(a, 'POST', '/api/admin/feed/keys', {});
  const added = await ok(b, 'POST', '/api/admin/feed/publishers', { name: 'North chapter', publicKey: key.publicKey });
  expect(added.fingerprint).toBe(key.fingerprint);
  expect(key.fingerprint).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
  return { a, b, key };
}

describe('list feeds', () => {
  const open: Side[] = [];
  let a: Side;
  let b: Side;
  let publicKey: string;
  beforeEach(async () => {
    const p = await pair();
    ({ a, b } = p);
    publicKey = p.key.publicKey;
    open.push(a, b);
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.t.close();
  });

  it('publishes from A; B previews, applies, and a transfer, a release and a withdrawal change what B\'s kiosk offers', async () => {
    const sizo = (await ok(a, 'POST', '/api/admin/facilities', facilityBody)).id;
    const ik = (await ok(a, 'POST', '/api/admin/facilities', colony)).id;
    const ivanov = await person(a, { surname: 'Иванов', givenName: 'Иван', patronymic: 'Иванович', birthYear: 1990, facilityId: sizo, addressAsOf: '2026-01-10', addressSource: 'lawyer' });
    const petrova = await person(a, { surname: 'Петрова', givenName: 'Анна', birthYear: 1985, facilityId: sizo });
    const sidorov = await person(a, { surname: 'Сидоров', givenName: 'Пётр', birthYear: 1970, facilityId: sizo });
    const localOnly = await person(b, { surname: 'Местный', givenName: 'Олег', birthYear: 1980 });
    const localBefore = await b.t.app.db.selectFrom('prisoners').selectAll().where('id', '=', localOnly).executeTakeFirstOrThrow();

    const first = await take(b, await publish(a));
    expect(first.diff.newPeople.map((p: { name: string }) => p.name).sort()).toEqual(['Иванов Иван Иванович', 'Петрова Анна', 'Сидоров Пётр']);
    expect(await kiosk(b)).toEqual([`Иванов @ ${facilityBody.name}`, 'Местный @ null', `Петрова @ ${facilityBody.name}`, `Сидоров @ ${facilityBody.name}`]);

    await ok(a, 'POST', `/api/admin/prisoners/${ivanov}/transfer`, { facilityId: ik, addressAsOf: '2026-03-01', addressSource: 'letter from him', version: await versionOf(a, ivanov) });
    await ok(a, 'POST', `/api/admin/prisoners/${petrova}/release`, { version: await versionOf(a, petrova) });
    await ok(a, 'POST', `/api/admin/prisoners/${sidorov}/withdraw-support`, { note: 'family asked', version: await versionOf(a, sidorov) });
    const second = await preview(b, await publish(a));
    expect(second.statusCode).toBe(200);
    const { diff, counts, feed } = second.json();
    expect(feed.sequence).toBe(2);
    expect(diff.withdrawn.map((p: { name: string }) => p.name)).toEqual(['Сидоров Пётр']);
    expect(diff.released.map((p: { name: string }) => p.name)).toEqual(['Петрова Анна']);
    expect(diff.transfers).toEqual([expect.objectContaining({ name: 'Иванов Иван Иванович', from: facilityBody.name, to: colony.name })]);
    expect(counts).toMatchObject({ newPeople: 0, withdrawn: 1, released: 1, transfers: 1, conflicts: 0 });

    const applied = await ok(b, 'POST', '/api/admin/feed/apply', { previewId: second.json().previewId });
    expect(applied.source).toBe('from feed North chapter #2');
    expect(await kiosk(b)).toEqual([`Иванов @ ${colony.name}`, 'Местный @ null']);
    const audit = await b.t.app.db.selectFrom('auditLog').selectAll().where('action', '=', 'apply-feed').orderBy('id').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1]!.after!).source).toBe('from feed North chapter #2');
    const ivanovAtB = await b.t.app.db.selectFrom('prisoners').selectAll().where('surname', '=', 'Иванов').executeTakeFirstOrThrow();
    expect([ivanovAtB.addressAsOf, ivanovAtB.addressSource]).toEqual(['2026-03-01', 'letter from him']);
    const sidorovAtB = await b.t.app.db.selectFrom('prisoners').selectAll().where('surname', '=', 'Сидоров').executeTakeFirstOrThrow();
    expect(sidorovAtB.supportWithdrawn).toBe(1);
    expect(sidorovAtB.withdrawnNote).not.toContain('family asked');
    expect(await b.t.app.db.selectFrom('prisoners').selectAll().where('id', '=', localOnly).executeTakeFirstOrThrow()).toEqual(localBefore);

    const status = await ok(b, 'GET', '/api/admin/feed');
    expect(status.publishers[0]).toMatchObject({ name: 'North chapter', lastSequence: 2, ageDays: 0 });
    expect(status.stale).toBeNull();
  });

  it('refuses a byte flipped anywhere, another key, a replayed or older sequence and a truncated gzip, changing nothing', async () => {
    const sizo = (await ok(a, 'POST', '/api/admin/facilities', facilityBody)).id;
    await person(a, { surname: 'Иванов', givenName: 'Иван', birthYear: 1990, facilityId: sizo, bioEn: 'Writes back.' });
    const one = await publish(a);
    const two = await publish(a);
    await take(b, two);
    const before = await state(b);

    for (let i = 0; i < two.length; i++) {
      const flipped = Buffer.from(two);
      flipped[i] = flipped[i]! ^ 0x01;
      const res = await preview(b, flipped);
      expect([409, 422], `byte ${i}: ${res.body}`).toContain(res.statusCode);
    }
    // The same file again, and an older one.
    expect((await preview(b, two)).json()).toMatchObject({ field: 'sequence' });
    const older = await preview(b, one);
    expect(older.statusCode).toBe(409);
    expect(older.json().message).toContain('#1 is not newer than #2');

    // Another chapter's key: unknown, and its signature on A's content.
    const c = await side();
    open.push(c);
    await ok(c, 'POST', '/api/admin/feed/keys', {});
    await person(c, { surname: 'Чужой', givenName: 'Иван', birthYear: 1990 });
    await feedSettings(c, { scope: 'all' });
    const foreign = await publish(c);
    expect((await preview(b, foreign)).json()).toMatchObject({ field: 'key' });
    const forged = { ...JSON.parse(foreign.toString()), publisher: { name: 'North chapter', publicKey }, sequence: 9 };
    const res = await preview(b, Buffer.from(JSON.stringify(forged)));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ field: 'signature' });

    const gz = await publish(a, true);
    expect(zlib.gunzipSync(gz).toString()).toContain('"sequence":3');
    for (const cut of [gz.length - 1, gz.length - 9, Math.floor(gz.length / 2), 10]) {
      const truncated = await preview(b, gz.subarray(0, cut));
      expect(truncated.statusCode).toBe(422);
      expect(truncated.json().message).toMatch(/gzip|damaged|cut short/);
    }
    // A small gzip that unpacks to more than the limit is refused without unpacking it all.
    const bomb = await preview(b, zlib.gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20)));
    expect([bomb.statusCode, bomb.json().field]).toEqual([413, 'file']);
    expect((await ok(b, 'POST', '/api/admin/feed/apply', { previewId: 'no-such-preview' }).catch((e: Error) => e.message))).toContain('404');
    expect(await state(b)).toBe(before);
    // The intact gzip of the same feed is taken.
    expect((await preview(b, gz)).statusCode).toBe(200);
  });

  it('keeps a local override and shows it as a conflict; a release from the feed wins over it, the override kept for review', async () => {
    const sizo = (await ok(a, 'POST', '/api/admin/facilities', facilityBody)).id;
    const ivanov = await person(a, { surname: 'Иванов', givenName: 'Иван', birthYear: 1990, facilityId: sizo, caseName: 'Дело 1', bioEn: 'Old bio' });
    await take(b, await publish(a));
    const atB = (await ok(b, 'GET', '/api/admin/prisoners')).prisoners[0];
    const input = {
      surname: atB.surname, givenName: atB.givenName, patronymic: atB.patronymic, gender: atB.gender, birthYear: atB.birthYear, facilityId: atB.facilityId,
      status: 'colony', addressAsOf: atB.addressAsOf, addressSource: atB.addressSource, caseName: 'Местное дело', bioEn: atB.bioEn, languages: atB.languages,
      privateNotes: 'B only',
    };
    await ok(b, 'PUT', `/api/admin/prisoners/${atB.id}`, { ...input, version: atB.version });

    const edited = { surname: 'Иванов', givenName: 'Иван', birthYear: 1990, facilityId: sizo, status: 'pretrial', caseName: 'Дело 2', bioEn: 'New bio' };
    await ok(a, 'PUT', `/api/admin/prisoners/${ivanov}`, { ...edited, version: await versionOf(a, ivanov) });
    const { diff } = await take(b, await publish(a));
    expect(diff.conflicts).toEqual([expect.objectContaining({ field: 'caseName', local: 'Местное дело', feed: 'Дело 2', applied: false })]);
    let row = await b.t.app.db.selectFrom('prisoners').selectAll().where('id', '=', atB.id).executeTakeFirstOrThrow();
    expect([row.caseName, row.bioEn, row.status, row.privateNotes]).toEqual(['Местное дело', 'New bio', 'colony', 'B only']);

    await ok(a, 'POST', `/api/admin/prisoners/${ivanov}/release`, { version: await versionOf(a, ivanov) });
    const released = await take(b, await publish(a));
    expect(released.diff.released.map((p: { localId: number }) => p.localId)).toEqual([atB.id]);
    expect(released.diff.conflicts).toEqual([expect.objectContaining({ field: 'status', local: 'colony', feed: 'released', applied: true })]);
    row = await b.t.app.db.selectFrom('prisoners').selectAll().where('id', '=', atB.id).executeTakeFirstOrThrow();
    expect([row.status, row.caseName]).toEqual(['released', 'Местное дело']);
    expect(await kiosk(b)).toEqual([]);
  });

  it('applies a 5,000-person feed in one transaction with one audit entry', async () => {
    const sizo = (await ok(a, 'POST', '/api/admin/facilities', facilityBody)).id;
    const names = ['Иван', 'Пётр', 'Анна', 'Мария', 'Олег'];
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      surname: `Тестов${'а'.repeat(i % 3)}`, givenName: names[i % 5]!, latinName: 'Testov', gender: 'male' as const, birthYear: 1950 + (i % 50),
      facilityId: sizo, status: 'colony' as const, languages: 'ru', searchText: 'тестов',
    }));
    for (let i = 0; i < rows.length; i += 500) await a.t.app.db.insertInto('prisoners').values(rows.slice(i, i + 500)).execute();
    const auditBefore = (await b.t.app.db.selectFrom('auditLog').selectAll().execute()).length;
    const { applied } = await take(b, await publish(a, true));
    expect(applied.counts.newPeople).toBe(5000);
    expect((await b.t.app.db.selectFrom('prisoners').select('id').execute()).length).toBe(5000);
    expect((await b.t.app.db.selectFrom('auditLog').selectAll().execute()).length).toBe(auditBefore + 1);
    expect(await kioskList(b)).toHaveLength(5000);
  });

  it('puts no private note, withdrawal note, facility note, account, queue or ledger content in any published file', async () => {
    const sizo = (await ok(a, 'POST', '/api/admin/facilities', { ...facilityBody, notes: 'FACILITY-SECRET' })).id;
    const open1 = await person(a, { surname: 'Иванов', givenName: 'Иван', birthYear: 1990, facilityId: sizo, privateNotes: 'PRIVATE-SECRET' });
    const gone = await person(a, { surname: 'Петров', givenName: 'Пётр', birthYear: 1980, facilityId: sizo });
    await ok(a, 'POST', `/api/admin/prisoners/${gone}/withdraw-support`, { note: 'WITHDRAWN-SECRET', version: await versionOf(a, gone) });
    await ok(a, 'POST', '/api/admin/organizers', { username: 'account-secret', password: 'long-enough-pass', role: 'organizer' });
    const queued = await a.t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId: open1, text: 'Здравствуйте! Очередь-секрет.', sender: { kind: 'single', name: 'QUEUE-SENDER-SECRET' } } });
    expect(queued.statusCode).toBe(201);
    await feedSettings(a, { serve: true });

    const served = await a.t.app.inject({ url: '/feed/north.json' });
    expect(served.statusCode).toBe(404); // nothing published yet
    const files = [(await publish(a)).toString(), zlib.gunzipSync(await publish(a, true)).toString()];
    files.push((await a.t.app.inject({ url: '/feed/north.json' })).body);
    expect(files[2]).toBe(files[1]);
    for (const file of files) {
      for (const secret of ['FACILITY-SECRET', 'PRIVATE-SECRET', 'WITHDRAWN-SECRET', 'account-secret', 'admin', 'scrypt', 'Очередь-секрет', 'QUEUE-SENDER-SECRET', 'privateNotes', 'withdrawnNote', 'notes']) {
        expect(file).not.toContain(secret);
      }
      const feed = JSON.parse(file);
      expect(Object.keys(feed).sort()).toEqual(['facilities', 'format', 'people', 'publishedAt', 'publisher', 'sequence', 'signature', 'version']);
      expect(feed.people.find((p: { surname: string }) => p.surname === 'Петров').supportWithdrawn).toBe(true);
      expect(Object.keys(feed.people[0]).sort()).toEqual([
        'addressAsOf', 'addressSource', 'bioEn', 'bioRu', 'birthDate', 'birthYear', 'caseName', 'facilityId', 'gender', 'givenName', 'id', 'languages',
        'latinName', 'nameDative', 'patronymic', 'status', 'supportWithdrawn', 'surname',
      ]);
      expect(Object.keys(feed.facilities[0]).sort()).toEqual(['city', 'country', 'district', 'id', 'kind', 'mailRules', 'mailRulesRu', 'name', 'postalCode', 'region', 'street']);
    }
    // Another chapter's laptop on the network reads it, while phone access is off; nothing else opens to it.
    const lan = { remoteAddress: '192.168.1.50' };
    expect((await a.t.app.inject({ url: '/feed/north.json', ...lan })).body).toBe(files[1]);
    expect((await a.t.app.inject({ url: '/api/prisoners', ...lan })).statusCode).toBe(403);
    expect((await a.t.app.inject({ url: '/feed/other.json', ...lan })).statusCode).toBe(404);
    await feedSettings(a, { serve: false });
    expect((await a.t.app.inject({ url: '/feed/north.json' })).statusCode).toBe(404);
  });

  it('takes a feed from a URL on the local network and refuses any other host', async () => {
    await person(a, { surname: 'Иванов', givenName: 'Иван', birthYear: 1990 });
    await feedSettings(a, { serve: true });
    await publish(a);
    await a.t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = a.t.app.server.address() as { port: number };
    const res = await call(b, 'POST', '/api/admin/feed/preview', { url: `http://127.0.0.1:${port}/feed/north.json` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().counts.newPeople).toBe(1);
    // A name that resolves to this machine is taken too.
    expect((await call(b, 'POST', '/api/admin/feed/preview', { url: `http://localhost:${port}/feed/north.json` })).statusCode).toBe(200);
    const missing = await call(b, 'POST', '/api/admin/feed/preview', { url: `http://127.0.0.1:${port}/feed/south.json` });
    expect([missing.statusCode, missing.json().field]).toEqual([422, 'url']);
    for (const url of ['http://8.8.8.8/feed/north.json', 'http://[2001:db8::1]/feed.json', 'file:///etc/passwd']) {
      const refused = await call(b, 'POST', '/api/admin/feed/preview', { url });
      expect(refused.statusCode, url).toBe(400);
      expect(refused.json().field).toBe('url');
    }
  });

  it('does not apply a preview older than a day; removing a publisher keeps its people as local records', async () => {
    await person(a, { surname: 'Иванов', givenName: 'Иван', birthYear: 1990 });
    const res = await preview(b, await publish(a));
    await b.t.app.db.updateTable('feedPreviews').set({ createdAt: '2026-01-01T00:00:00.000Z' }).execute();
    const late = await call(b, 'POST', '/api/admin/feed/apply', { previewId: res.json().previewId });
    expect([late.statusCode, late.json().field]).toEqual([404, 'previewId']);
    expect(await kiosk(b)).toEqual([]);

    await take(b, await publish(a));
    const [publisher] = (await ok(b, 'GET', '/api/admin/feed/publishers')).publishers;
    await ok(b, 'DELETE', `/api/admin/feed/publishers/${publisher.id}`);
    const row = await b.t.app.db.selectFrom('prisoners').selectAll().executeTakeFirstOrThrow();
    expect([row.surname, row.feedPublisherId, row.feedKey]).toEqual(['Иванов', null, null]);
    expect(await kiosk(b)).toEqual(['Иванов @ null']);
  });

  it('warns when the newest feed taken is older than the setting', async () => {
    await person(a, { surname: 'Иванов', givenName: 'Иван', birthYear: 1990 });
    expect((await ok(b, 'GET', '/api/admin/feed/freshness')).stale).toMatchObject({ newestFeedAt: null });
    await take(b, await publish(a));
    expect((await ok(b, 'GET', '/api/admin/feed/freshness')).stale).toBeNull();
    await b.t.app.db.updateTable('feedPublishers').set({ lastFeedAt: '2026-01-01T00:00:00.000Z' }).execute();
    await feedSettings(b, { staleDays: 14 });
    expect((await ok(b, 'GET', '/api/admin/feed/freshness')).stale).toMatchObject({ newestFeedAt: '2026-01-01T00:00:00.000Z', staleDays: 14 });
  });
});
