import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, postByDefault, type TestApp, putPrintSettings } from '../helpers.js';
import { noCups, standInCups, type StandInCups } from '../printing/stand-in-cups.js';
import { readPdf } from '../pdf/pdf-read.js';

const LETTER = 'Дорогой друг!\n\nМы пишем тебе из Канады.';

describe('sending a run to a printer (stand-in lp/lpstat; the real cupsd is test/cups)', () => {
  let t: TestApp;
  let cups: StandInCups;
  let h: Record<string, string>;

  beforeEach(async () => {
    cups = standInCups();
    t = await makeTestApp({ app: { cups: cups.commands } });
    h = await t.login();
    // Posted from here: one sheets job and one envelopes job (a forward route adds its parcel pages).
    await postByDefault(t);
  });
  afterEach(() => t.close());

  async function makeRun(): Promise<{ id: number; pages: number; parts: { section: string; pages: number }[] }> {
    const people = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners as { id: number }[];
    for (const p of people.slice(0, 3)) {
      expect((await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId: p.id, text: LETTER } })).statusCode).toBe(201);
    }
    await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'postcard', prisonerId: people[0]!.id, text: 'Привет!' } });
    const run = await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} });
    expect(run.statusCode).toBe(201);
    return run.json();
  }

  const send = (id: number, body: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${id}/send`, headers: h, payload: body });
  const stored = () => t.app.db.selectFrom('printQueue').select(['id', 'status', 'content']).execute();

  it('sends the sheets duplex and the envelopes on envelope media, then marks everything printed', async () => {
    const run = await makeRun();
    const res = await send(run.id);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'printed', printer: cups.printer, jobId: `${cups.printer}-1 ${cups.printer}-2` });
    const [sheets, envelopes] = cups.jobs();
    expect((await readPdf(sheets!)).length).toBe(run.parts[0]!.pages);
    expect((await readPdf(envelopes!)).length).toBe(3);
    const [a1, a2] = cups.args();
    expect(a1).toEqual(expect.arrayContaining(['-d', cups.printer, '-n', '1', 'sides=two-sided-long-edge', 'media=Letter']));
    expect(a2).toEqual(expect.arrayContaining(['sides=one-sided', 'media=Env10']));
    expect(await stored()).toEqual([]);
    const counted = await t.app.db.selectFrom('printedItems').select('kind').execute();
    expect(counted.map((c) => c.kind).sort()).toEqual(['letter', 'letter', 'letter', 'postcard']);
  });

  it('sends a run once when "Send" is clicked twice at the same moment: one 200, one 409', async () => {
    const run = await makeRun();
    const results = await Promise.all([send(run.id), send(run.id)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().message).toMatch(/being sent|printed already/);
    expect(cups.jobs()).toHaveLength(2);
    expect(await t.app.db.selectFrom('printedItems').select('id').execute()).toHaveLength(4);
    expect((await t.app.db.selectFrom('printRuns').select('status').executeTakeFirstOrThrow()).status).toBe('printed');
    const audit = await t.app.db.selectFrom('auditLog').select(['action', 'entityId']).where('entity', '=', 'print_run').where('action', '=', 'print').execute();
    expect(audit).toEqual([{ action: 'print', entityId: run.id }]);
  });

  it('frees the run again when a send is refused before anything went out', async () => {
    const run = await makeRun();
    const refused = await send(run.id, { printer: 'no-such-printer' });
    expect(refused.statusCode).toBe(409);
    expect((await t.app.db.selectFrom('printRuns').select('status').executeTakeFirstOrThrow()).status).toBe('ready');
    expect((await send(run.id)).statusCode).toBe(200);
  });

  it('refuses to send a printed run again unless again: true, and then sends it without counting twice', async () => {
    const run = await makeRun();
    expect((await send(run.id)).statusCode).toBe(200);
    const second = await send(run.id);
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toMatch(/again: true/);
    expect(cups.jobs()).toHaveLength(2);
    const again = await send(run.id, { again: true, copies: 2 });
    expect(again.statusCode).toBe(200);
    expect(cups.jobs()).toHaveLength(4);
    expect(cups.args()[2]).toEqual(expect.arrayContaining(['-n', '2']));
    expect(await t.app.db.selectFrom('printedItems').select('id').execute()).toHaveLength(4);
  });

  it('leaves a run resumable when the printer disappears mid-run: nothing unsent is marked printed', async () => {
    const run = await makeRun();
    cups.failAfter(1); // the sheets job goes through, the envelope job finds no printer
    const res = await send(run.id);
    expect(res.statusCode).toBe(503);
    expect(res.json().message).toMatch(/not available.*Sent so far: sheets.*send the run again/s);
    const view = (await t.app.inject({ url: '/api/admin/print/queue', headers: h })).json().runs[0];
    expect(view).toMatchObject({ status: 'interrupted', error: expect.stringMatching(/does not exist/) });
    expect(view.parts.map((p: { section: string; sent: boolean }) => [p.section, p.sent])).toEqual([['sheets', true], ['envelopes', false]]);
    // The letters went out: their content is deleted, and their envelopes can still be printed.
    expect((await stored()).every((r) => r.status === 'printed' && r.content === null)).toBe(true);

    cups.failAfter(null);
    const resumed = await send(run.id);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json().status).toBe('printed');
    // Only the missing envelope job was sent on resume.
    expect(cups.jobs()).toHaveLength(2);
    expect((await readPdf(cups.jobs()[1]!)).length).toBe(3);
    expect(await t.app.db.selectFrom('printedItems').select('id').execute()).toHaveLength(4);
  });

  it('resumes after a restart between the jobs: the envelopes are rebuilt from the people alone', async () => {
    const run = await makeRun();
    cups.failAfter(1);
    expect((await send(run.id)).statusCode).toBe(503);
    t.app.runCache.clear(); // what a restart loses: the built run in memory
    cups.failAfter(null);
    const resumed = await send(run.id);
    expect(resumed.statusCode, resumed.body).toBe(200);
    const envelopes = await readPdf(cups.jobs()[1]!);
    expect(envelopes.map((p) => p.texts.map((x) => x.str).join(' '))).toEqual([
      expect.stringContaining('RUSSIA'), expect.stringContaining('RUSSIA'), expect.stringContaining('RUSSIA'),
    ]);
    expect(cups.args()[1]).toEqual(expect.arrayContaining(['media=Env10']));
  });

  it('reopens a run a stopped server left half-sent, so it can be resumed', async () => {
    const run = await makeRun();
    await t.app.db.updateTable('printRuns').set({ status: 'sending' }).where('id', '=', run.id).execute();
    expect((await send(run.id)).statusCode).toBe(409); // while it says "sending", nobody sends it twice
    const { buildApp } = await import('../../server/app.js');
    const restarted = await buildApp({ database: t.database, cups: cups.commands });
    await restarted.ready();
    const row = await t.app.db.selectFrom('printRuns').select(['status', 'error']).where('id', '=', run.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'interrupted', error: expect.stringMatching(/server stopped/) });
    await restarted.close();
    expect((await send(run.id)).json().status).toBe('printed');
  });

  it('marks nothing printed when the first job fails', async () => {
    const run = await makeRun();
    cups.failAfter(0);
    expect((await send(run.id)).statusCode).toBe(503);
    const rows = await stored();
    expect(rows.map((r) => r.status)).toEqual(['queued', 'queued', 'queued', 'queued']);
    expect(rows.every((r) => r.content !== null)).toBe(true);
    expect(await t.app.db.selectFrom('printedItems').select('id').execute()).toHaveLength(0);
    cups.failAfter(null);
    expect((await send(run.id)).json().status).toBe('printed');
  });

  it('refuses an unknown printer by name, and lists the printers with the default', async () => {
    const run = await makeRun();
    const res = await send(run.id, { printer: 'no-such-printer' });
    expect(res.json()).toMatchObject({ field: 'printer' });
    expect(res.statusCode).toBe(409);
    const list = (await t.app.inject({ url: '/api/admin/print/printers', headers: h })).json();
    expect(list).toMatchObject({ cups: true, printers: [{ name: cups.printer, state: 'idle' }], systemDefault: cups.printer });
    expect((await putPrintSettings(t, h, { defaultPrinter: 'nope' })).statusCode).toBe(400);
    expect((await putPrintSettings(t, h, { defaultPrinter: cups.printer })).json()).toMatchObject({ defaultPrinter: cups.printer });
  });

  it('prints one letter straight from the kiosk, with the writer\'s English copy only when asked', async () => {
    const [p] = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners;
    expect((await t.app.inject({ url: '/api/print/capabilities' })).json()).toEqual({ queue: true, printer: cups.printer, phone: false });
    const res = await t.app.inject({ method: 'POST', url: '/api/print', payload: { kind: 'letter', prisonerId: p.id, text: LETTER, englishText: 'Dear friend, we write from Canada.', options: { englishCopy: true } } });
    expect(res.statusCode).toBe(200);
    const pages = await readPdf(cups.jobs()[0]!);
    expect(pages.map((pg) => pg.texts.map((x) => x.str).join(' '))).toEqual([expect.stringContaining('Канады'), '', expect.stringContaining('Dear friend')]);
    expect(res.json()).toMatchObject({ printer: cups.printer, jobId: `${cups.printer}-1`, pages: 3 });
    expect(await t.app.db.selectFrom('printQueue').select('id').execute()).toEqual([]);
  });

  it('refuses to print straight away a letter flagged as needing translation: it goes to the queue', async () => {
    const [p] = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners;
    const res = await t.app.inject({ method: 'POST', url: '/api/print', payload: { kind: 'letter', prisonerId: p.id, text: LETTER, englishText: 'Dear friend', needsTranslation: true } });
    expect({ status: res.statusCode, field: res.json().field }).toEqual({ status: 400, field: 'needsTranslation' });
    expect(cups.jobs()).toEqual([]);
  });
});

describe('without CUPS', () => {
  it('hides printing: capabilities say no printer, direct print and sending refuse with a clear message', async () => {
    const t = await makeTestApp({ app: { cups: noCups } });
    const h = await t.login();
    const [p] = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners;
    expect((await t.app.inject({ url: '/api/print/capabilities' })).json()).toEqual({ queue: true, printer: null, phone: false });
    const direct = await t.app.inject({ method: 'POST', url: '/api/print', payload: { kind: 'letter', prisonerId: p.id, text: LETTER } });
    expect(direct.statusCode).toBe(409);
    expect(direct.json().message).toMatch(/No printer/);
    expect((await t.app.inject({ url: '/api/admin/print/printers', headers: h })).json()).toMatchObject({ cups: false, printers: [] });
    await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId: p.id, text: LETTER } });
    const run = (await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} })).json();
    const send = await t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${run.id}/send`, headers: h, payload: {} });
    expect(send.statusCode).toBe(409);
    expect(send.json().message).toMatch(/CUPS is not installed/);
    await t.close();
  });
});
