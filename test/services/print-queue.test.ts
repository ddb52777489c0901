import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp, putPrintSettings } from '../helpers.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { insertOrganizer } from '../../server/db/organizers.js';
import { sweepOnce } from '../../server/printing/queue-sweeper.js';
import { noCups } from '../printing/stand-in-cups.js';

const LETTER = 'Дорогой друг!\n\nМы пишем тебе из Канады. Мы о тебе помним.';
/** 359 characters, but 40 lines: more than a postcard holds. */
const TOO_MANY_LINES = Array(40).fill('Держись!').join('\n');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Signature and a 1 × 1 IHDR chunk, then junk instead of image data. */
const PNG_HEADER_THEN_JUNK = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAABAgMEdGhpcyBpcyBub3QgYSBwaWN0dXJlIGF0IGFsbCwganVzdCBqdW5rIGJ5dGVzIGhlcmU=';

async function offerable(t: TestApp): Promise<{ id: number; latinName: string }[]> {
  return (await t.app.inject({ url: '/api/prisoners' })).json().prisoners;
}

async function queue(t: TestApp, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/queue', payload: body });
}

/** Every column of every queue row, as stored: where letter content could linger. */
async function storedQueue(t: TestApp) {
  return t.app.db.selectFrom('printQueue').selectAll().execute();
}

describe('print queue', () => {
  let t: TestApp;
  let h: Record<string, string>;
  beforeEach(async () => {
    t = await makeTestApp({ app: { cups: noCups } });
    h = await t.login();
  });
  afterEach(() => t.close());

  it('lists the queue a page at a time, oldest first, while the counts cover everything', async () => {
    const [p] = await offerable(t);
    for (let i = 0; i < 5; i++) {
      expect((await queue(t, { kind: 'letter', prisonerId: p!.id, text: LETTER, sender: { kind: 'single', name: 'Sam Writer' } })).statusCode).toBe(201);
    }
    const ids: number[][] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { limit: '2', ...(cursor ? { cursor } : {}) };
      const page = (await t.app.inject({ url: '/api/admin/print/queue', headers: h, query })).json() as { counts: { queued: number }; items: { id: number }[]; next: string | null };
      expect(page.counts.queued).toBe(5);
      ids.push(page.items.map((i) => i.id));
      cursor = page.next;
    } while (cursor);
    const stored = (await storedQueue(t)).map((r) => r.id).sort((a, b) => a - b);
    expect(ids).toEqual([stored.slice(0, 2), stored.slice(2, 4), stored.slice(4)]);
  });

  it('adds, prints as a run, then deletes the content and keeps the count', async () => {
    const [p] = await offerable(t);
    const before = Number((await t.app.db.selectFrom('printedItems').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const added = await queue(t, { kind: 'letter', prisonerId: p!.id, text: LETTER, sender: { kind: 'single', name: 'Sam Writer' } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ status: 'queued' });
    expect(added.body).not.toContain('Канады'); // the reply does not echo content

    const listed = (await t.app.inject({ url: '/api/admin/print/queue', headers: h })).json();
    expect(listed.counts.queued).toBe(1);
    expect(JSON.stringify(listed)).not.toContain('Канады'); // the list carries no letter text

    const run = await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} });
    expect(run.statusCode).toBe(201);
    const pdf = await t.app.inject({ url: `/api/admin/print/runs/${run.json().id}/pdf`, headers: h });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((await storedQueue(t))[0]!.content).toContain('Sam Writer');

    const marked = await t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${run.json().id}/mark-printed`, headers: h, payload: {} });
    expect(marked.statusCode).toBe(200);
    expect(marked.json().status).toBe('printed');
    // The run's rows are gone with their content; only the count row is new.
    expect(await storedQueue(t)).toEqual([]);
    const counts = await t.app.db.selectFrom('printedItems').selectAll().where('prisonerId', '=', p!.id).execute();
    expect(counts.map((c) => c.kind)).toEqual(['letter']);
    const after = Number((await t.app.db.selectFrom('printedItems').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before + 1);
    const dbText = JSON.stringify(await t.app.db.selectFrom('printRuns').selectAll().execute());
    expect(dbText).not.toMatch(/Канады|Sam Writer/);
    // The manifest stays, without content.
    const csv = await t.app.inject({ url: `/api/admin/print/runs/${run.json().id}/manifest.csv`, headers: h });
    expect(csv.body.split('\n')[0]).toBe('run,prisoner_id,name_ru,name_latin,letters,postcards,envelopes');
    expect(csv.body).toContain(`,${p!.id},`);
  });

  it('refuses a second print of the same run unless asked again explicitly', async () => {
    const [p] = await offerable(t);
    await queue(t, { kind: 'letter', prisonerId: p!.id, text: LETTER });
    const run = (await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} })).json();
    await t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${run.id}/mark-printed`, headers: h, payload: {} });
    const second = await t.app.inject({ url: `/api/admin/print/runs/${run.id}/pdf`, headers: h });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toMatch(/again/);
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${run.id}/mark-printed`, headers: h, payload: {} })).statusCode).toBe(409);
    const again = await t.app.inject({ url: `/api/admin/print/runs/${run.id}/pdf?again=true`, headers: h });
    expect(again.statusCode).toBe(200);
    expect(again.headers['x-volya-pages']).toBe(run.pages.toString());
  });

  it('deletes content past its retention (controllable clock) and runs the sweep at start', async () => {
    const [p] = await offerable(t);
    await queue(t, { kind: 'letter', prisonerId: p!.id, text: LETTER });
    expect(await sweepOnce(t.app, new Date(Date.now() + 11 * 3600_000))).toBe(0);
    expect(await storedQueue(t)).toHaveLength(1);
    expect(await sweepOnce(t.app, new Date(Date.now() + 12 * 3600_000 + 1000))).toBe(1);
    expect(await storedQueue(t)).toEqual([]);

    // A shorter retention setting applies to items already queued.
    await queue(t, { kind: 'letter', prisonerId: p!.id, text: LETTER });
    const put = await putPrintSettings(t, h, { printRetentionHours: 1 });
    expect(put.statusCode).toBe(200);
    expect(await sweepOnce(t.app, new Date(Date.now() + 3600_000 + 1000))).toBe(1);
  });

  it('sweeps expired content when the app starts', async () => {
    const [p] = await offerable(t);
    await queue(t, { kind: 'letter', prisonerId: p!.id, text: LETTER });
    await t.app.db.updateTable('printQueue').set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).execute();
    const { buildApp } = await import('../../server/app.js');
    const second = await buildApp({ database: t.database, cups: noCups });
    await second.ready();
    expect(await storedQueue(t)).toEqual([]);
    await second.close();
  });

  it('validates the spec strictly and names the field', async () => {
    const [p] = await offerable(t);
    const cases: [Record<string, unknown>, number, string | undefined][] = [
      [{ kind: 'letter', prisonerId: p!.id, text: '   ' }, 400, 'text'],
      [{ kind: 'envelope', prisonerId: p!.id, text: LETTER }, 400, 'kind'],
      [{ kind: 'letter', prisonerId: p!.id, text: LETTER, extra: 1 }, 400, 'extra'],
      [{ kind: 'letter', prisonerId: '1', text: LETTER }, 400, 'prisonerId'],
      [{ kind: 'letter', prisonerId: 99999, text: LETTER }, 404, 'prisonerId'],
      [{ kind: 'letter', prisonerId: p!.id, needsTranslation: true, englishText: '' }, 400, 'englishText'],
      [{ kind: 'postcard', prisonerId: p!.id, text: 'я'.repeat(601) }, 422, 'text'],
      // Short enough in characters, too many lines for the card: POST /api/pdf refuses it, so does the queue.
      [{ kind: 'postcard', prisonerId: p!.id, text: TOO_MANY_LINES }, 422, 'text'],
      // A PNG signature (and a header) with junk behind it: only decoding tells, and a run would fail on it.
      [{ kind: 'postcard', prisonerId: p!.id, text: 'Привет', image: `data:image/png;base64,${Buffer.from([...PNG_SIGNATURE, ...Buffer.from('junk junk junk junk junk junk')]).toString('base64')}` }, 422, 'image'],
      [{ kind: 'postcard', prisonerId: p!.id, text: 'Привет', image: PNG_HEADER_THEN_JUNK }, 422, 'image'],
      [{ kind: 'postcard', prisonerId: p!.id, text: 'Привет', image: `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, ...Buffer.from('junk junk junk')]).toString('base64')}` }, 422, 'image'],
      [{ kind: 'postcard', prisonerId: p!.id, text: 'Привет', image: 'data:text/html;base64,AAAA' }, 422, 'image'],
      // Labelled PNG, but not a PNG: refused at the door, so a run never fails on it later.
      [{ kind: 'postcard', prisonerId: p!.id, text: 'Привет', image: 'data:image/png;base64,AAAAAAAA' }, 422, 'image'],
      [{ kind: 'letter', prisonerId: p!.id, text: 'я'.repeat(20_001) }, 422, 'text'],
      [{ kind: 'letter', prisonerId: p!.id, text: LETTER, image: 'data:image/png;base64,AAAA' }, 400, 'image'],
    ];
    for (const [body, status, field] of cases) {
      const res = await queue(t, body);
      expect({ body, status: res.statusCode, field: res.json().field }).toEqual({ body, status, field });
    }
    const released = await t.app.db.selectFrom('prisoners').select('id').where('status', '=', 'released').executeTakeFirstOrThrow();
    expect((await queue(t, { kind: 'letter', prisonerId: released.id, text: LETTER })).statusCode).toBe(404);
    expect(await storedQueue(t)).toEqual([]);
  });

  it('holds items for a person released or withdrawn meanwhile, with a message, and leaves them out of runs', async () => {
    const [a, b] = await offerable(t);
    await queue(t, { kind: 'letter', prisonerId: a!.id, text: LETTER });
    await queue(t, { kind: 'postcard', prisonerId: b!.id, text: 'Привет из Канады!' });
    await t.app.db.updateTable('prisoners').set({ status: 'released' }).where('id', '=', a!.id).execute();
    await t.app.db.updateTable('prisoners').set({ supportWithdrawn: 1 }).where('id', '=', b!.id).execute();
    const listed = (await t.app.inject({ url: '/api/admin/print/queue', headers: h })).json();
    expect(listed.counts).toMatchObject({ held: 2, queued: 0 });
    expect(listed.items.map((i: { heldReason: string }) => i.heldReason)).toEqual([expect.stringMatching(/released/), expect.stringMatching(/withdrawn/)]);
    const run = await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} });
    expect(run.statusCode).toBe(409);

    // Back on the list: an organizer queues it again; still released: refused.
    const held = listed.items[0];
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/print/queue/${held.id}/requeue`, headers: h })).statusCode).toBe(409);
    await t.app.db.updateTable('prisoners').set({ status: 'colony' }).where('id', '=', a!.id).execute();
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/print/queue/${held.id}/requeue`, headers: h })).statusCode).toBe(200);
    const discard = await t.app.inject({ method: 'DELETE', url: `/api/admin/print/queue/${listed.items[1].id}`, headers: h });
    expect(discard.statusCode).toBe(200);
    const now = (await t.app.inject({ url: '/api/admin/print/queue', headers: h })).json();
    expect(now.counts).toMatchObject({ held: 0, queued: 1 });

    // An address removed meanwhile holds the item too.
    await t.app.db.updateTable('prisoners').set({ facilityId: null }).where('id', '=', a!.id).execute();
    const noAddress = (await t.app.inject({ url: '/api/admin/print/queue', headers: h })).json();
    expect(noAddress.items.map((i: { status: string; heldReason: string }) => [i.status, i.heldReason])).toEqual([['held', expect.stringMatching(/no current address/)]]);
  });

  it('holds an item whose person is released after the run was made: the run is rebuilt without it', async () => {
    const [a, b] = await offerable(t);
    await queue(t, { kind: 'letter', prisonerId: a!.id, text: LETTER });
    await queue(t, { kind: 'letter', prisonerId: b!.id, text: LETTER });
    const run = (await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} })).json();
    expect(run.manifest).toHaveLength(2);
    await t.app.db.updateTable('prisoners').set({ status: 'released' }).where('id', '=', a!.id).execute();
    await t.app.inject({ url: '/api/admin/print/queue', headers: h });
    const pdf = await t.app.inject({ url: `/api/admin/print/runs/${run.id}/pdf`, headers: h });
    expect(Number(pdf.headers['x-volya-pages'])).toBeLessThan(run.pages);
    await t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${run.id}/mark-printed`, headers: h, payload: {} });
    const printed = await t.app.db.selectFrom('printedItems').select('prisonerId').where('prisonerId', 'in', [a!.id, b!.id]).execute();
    expect(printed.map((r) => r.prisonerId)).toEqual([b!.id]);
    const left = await storedQueue(t);
    expect(left.map((r) => [r.prisonerId, r.status])).toEqual([[a!.id, 'held']]);
  });

  it('does not count or delete an item held after its run was built, when the run is marked printed', async () => {
    const [a, b] = await offerable(t);
    await queue(t, { kind: 'letter', prisonerId: a!.id, text: LETTER });
    await queue(t, { kind: 'letter', prisonerId: b!.id, text: LETTER });
    const run = (await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} })).json();
    await t.app.db.updateTable('prisoners').set({ supportWithdrawn: 1 }).where('id', '=', a!.id).execute();
    await t.app.inject({ url: '/api/admin/print/queue', headers: h });
    await t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${run.id}/mark-printed`, headers: h, payload: {} });
    const printed = await t.app.db.selectFrom('printedItems').select('prisonerId').where('prisonerId', 'in', [a!.id, b!.id]).execute();
    expect(printed.map((r) => r.prisonerId)).toEqual([b!.id]);
    const left = await storedQueue(t);
    expect(left.map((r) => [r.prisonerId, r.status, r.content !== null])).toEqual([[a!.id, 'held', true]]);
  });

  it('hands letters in English to a translator and prints only the Russian', async () => {
    const [p] = await offerable(t);
    const english = 'Hello from Toronto. We think of you often and hope you are well.';
    const added = await queue(t, { kind: 'letter', prisonerId: p!.id, needsTranslation: true, englishText: english, sender: { kind: 'group' } });
    expect(added.json().status).toBe('waiting-translation');
    // Not in a run while it waits.
    expect((await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} })).statusCode).toBe(409);

    await insertOrganizer(t.app.db, { username: 'tanya', passwordHash: await hashPassword('translator-password'), role: 'translator' });
    const tr = await t.login('tanya', 'translator-password');
    // A translator sees the list but not the print queue.
    expect((await t.app.inject({ url: '/api/admin/print/queue', headers: tr })).statusCode).toBe(403);
    const list = (await t.app.inject({ url: '/api/admin/translations', headers: tr })).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ englishText: english, text: '' });
    const id = list.items[0].id;

    const save = (body: Record<string, unknown>) => t.app.inject({ method: 'PUT', url: `/api/admin/translations/${id}`, headers: tr, payload: body });
    // The English pasted in, or a mostly-Latin text, is refused.
    expect((await save({ text: `Привет! ${english}`, release: true })).json()).toMatchObject({ field: 'text', message: expect.stringMatching(/English/) });
    expect((await save({ text: 'Privet, kak dela? My pishem iz Kanady.', release: true })).statusCode).toBe(400);
    expect((await save({ text: '', release: true })).statusCode).toBe(400);
    // A draft saves without releasing.
    expect((await save({ text: 'Привет из Торонто!' })).json().status).toBe('waiting-translation');
    const russian = 'Привет из Торонто! Мы часто думаем о тебе и надеемся, что у тебя всё хорошо.';
    expect((await save({ text: russian, release: true })).json().status).toBe('queued');
    expect((await save({ text: russian, release: true })).statusCode).toBe(404);

    const run = await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} });
    expect(run.statusCode).toBe(201);
    const pdf = await t.app.inject({ url: `/api/admin/print/runs/${run.json().id}/pdf`, headers: h });
    const { pdfText } = await import('../pdf/pdf-read.js');
    const pages = await pdfText(pdf.rawPayload);
    const all = pages.join('\n');
    expect(all).toContain('Торонто');
    expect(all).not.toContain('Toronto. We');
  });

  it('refuses a translation of a postcard that the card cannot hold, naming text', async () => {
    const [p] = await offerable(t);
    const added = await queue(t, { kind: 'postcard', prisonerId: p!.id, needsTranslation: true, englishText: 'Hold on!' });
    expect(added.statusCode).toBe(201);
    const res = await t.app.inject({ method: 'PUT', url: `/api/admin/translations/${added.json().id}`, headers: h, payload: { text: TOO_MANY_LINES, release: true } });
    expect({ status: res.statusCode, field: res.json().field }).toEqual({ status: 422, field: 'text' });
    expect((await storedQueue(t))[0]!.status).toBe('waiting-translation');
  });

  it('leaves an item that cannot be drawn out of the run, held with its reason; the run goes on without it', async () => {
    const [a, b, c] = await offerable(t);
    expect((await queue(t, { kind: 'letter', prisonerId: a!.id, text: LETTER })).statusCode).toBe(201);
    expect((await queue(t, { kind: 'postcard', prisonerId: b!.id, text: 'Привет!' })).statusCode).toBe(201);
    // Stored before the door checked these (or by any other way round it): too many lines, an unreadable picture.
    const stored = (content: object, prisonerId: number) => ({
      kind: 'postcard' as const, prisonerId, content: JSON.stringify({ language: 'ru', ...content }), needsTranslation: 0, status: 'queued' as const,
      createdAt: new Date().toISOString(), expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    await t.app.db.insertInto('printQueue').values([
      stored({ text: TOO_MANY_LINES }, c!.id),
      stored({ text: 'Привет!', image: PNG_HEADER_THEN_JUNK }, c!.id),
    ]).execute();
    const run = await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} });
    expect(run.statusCode).toBe(201);
    expect(run.json().manifest.map((r: { prisonerId: number; letters: number; postcards: number }) => [r.prisonerId, r.letters, r.postcards])).toEqual([[a!.id, 1, 0], [b!.id, 0, 1]]);
    const view = (await t.app.inject({ url: '/api/admin/print/queue', headers: h })).json();
    const held = view.items.filter((i: { status: string }) => i.status === 'held');
    expect(held.map((i: { heldReason: string }) => i.heldReason)).toEqual([
      expect.stringMatching(/too long for the card.*not printed/),
      expect.stringMatching(/picture that cannot be read.*not printed/),
    ]);
    expect(held.every((i: { printRunId: number | null }) => i.printRunId === null)).toBe(true);
    const pdf = await t.app.inject({ url: `/api/admin/print/runs/${run.json().id}/pdf`, headers: h });
    expect(pdf.statusCode).toBe(200);

    // A queue of nothing but such items makes no run, and no 500.
    await t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${run.json().id}/mark-printed`, headers: h, payload: {} });
    await t.app.db.insertInto('printQueue').values([stored({ text: TOO_MANY_LINES }, c!.id)]).execute();
    const none = await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} });
    expect(none.statusCode).toBe(409);
    expect(none.json().message).toMatch(/could be drawn.*held/);
  });

  it('writes an audit row in the same transaction as each change: requeue, translation save and release, mark printed', async () => {
    const [a, b] = await offerable(t);
    const audit = (entity: string) => t.app.db.selectFrom('auditLog').select(['action', 'entityId', 'after']).where('entity', '=', entity).orderBy('id').execute();
    // Requeue: an item held for a withdrawn person, the person reachable again.
    const held = (await queue(t, { kind: 'letter', prisonerId: a!.id, text: LETTER })).json().id;
    await t.app.db.updateTable('prisoners').set({ supportWithdrawn: 1 }).where('id', '=', a!.id).execute();
    await t.app.inject({ url: '/api/admin/print/queue', headers: h });
    await t.app.db.updateTable('prisoners').set({ supportWithdrawn: 0 }).where('id', '=', a!.id).execute();
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/print/queue/${held}/requeue`, headers: h, payload: {} })).statusCode).toBe(200);
    // A translation saved, then released.
    const waiting = (await queue(t, { kind: 'letter', prisonerId: b!.id, needsTranslation: true, englishText: 'Hello from Toronto.' })).json().id;
    const put = (body: Record<string, unknown>) => t.app.inject({ method: 'PUT', url: `/api/admin/translations/${waiting}`, headers: h, payload: body });
    expect((await put({ text: 'Привет' })).statusCode).toBe(200);
    expect((await put({ text: 'Привет из Торонто!', release: true })).statusCode).toBe(200);
    expect((await audit('print_queue')).map((r) => [r.action, r.entityId])).toEqual([
      ['requeue', held], ['save-translation', waiting], ['release-translation', waiting],
    ]);
    // The audit row never carries the letter's words.
    expect(JSON.stringify(await audit('print_queue'))).not.toContain('Торонто');
    const run = (await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} })).json();
    expect((await t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${run.id}/mark-printed`, headers: h, payload: {} })).statusCode).toBe(200);
    expect((await audit('print_run')).map((r) => [r.action, r.entityId])).toEqual([['create', run.id], ['mark-printed', run.id]]);
  });

  it('leaves no copy of expired content in the database file or its WAL after the retention sweep', async () => {
    const [p] = await offerable(t);
    const marker = 'Срок-маркер ИСТЁК-5307';
    await queue(t, { kind: 'letter', prisonerId: p!.id, text: `${LETTER} ${marker}`, sender: { kind: 'group', name: 'Expired-Sender-Marker-8812' } });
    const onDisk = () => ['', '-wal'].filter((x) => fs.existsSync(t.dbPath + x)).map((x) => fs.readFileSync(t.dbPath + x));
    expect(onDisk().some((b) => b.includes(Buffer.from(marker)))).toBe(true);
    expect(await sweepOnce(t.app, new Date(Date.now() + 13 * 3600_000))).toBe(1);
    for (const s of [marker, 'Expired-Sender-Marker-8812']) expect(onDisk().some((b) => b.includes(Buffer.from(s)))).toBe(false);
  });
});
