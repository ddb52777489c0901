/**
 * A print run split across three routes (post, forward, relay) on the real app: the right parts, the forward
 * envelopes with the partner's return address, the cover letter and parcel label, the relay bundle as a ZIP opened
 * with fflate, 404 for a relay the run has nothing for, and nothing of the letters left in the log or on disk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, postByDefault, putPrintSettings, type TestApp } from '../helpers.js';
import { createRoute } from '../../server/services/routes.js';
import { encodeRgbPng } from '../../server/pdf/png-pixels.js';
import { noCups } from '../printing/stand-in-cups.js';
import { readPdf } from '../pdf/pdf-read.js';

const ORGANIZER = { id: null, username: 'test' };
const MARKER = 'Маркер-письма-Жемчуг';
const text = (n: number) => `Дорогой друг!\n\n${MARKER} ${n}. Мы о тебе помним и ждём.`;

function darkDrawing(): string {
  const w = 120;
  const h = 80;
  const rgb = new Uint8Array(w * h * 3).fill(255);
  for (let y = 20; y < 60; y++) for (let x = 10; x < 110; x++) rgb.set([10, 10, 10], (y * w + x) * 3);
  return `data:image/png;base64,${Buffer.from(encodeRgbPng(rgb, w, h)).toString('base64')}`;
}

describe('a print run split by route', () => {
  let t: TestApp;
  let h: Record<string, string>;
  const log: string[] = [];
  let people: { id: number }[];
  let forwardId: number;
  let relayId: number;

  beforeEach(async () => {
    log.length = 0;
    t = await makeTestApp({ app: { cups: noCups, logger: { level: 'trace', stream: { write: (line: string) => void log.push(line) } } } });
    h = await t.login();
    // The third route of the run: post from here, the default (the demo's own routes stay as they are).
    await postByDefault(t);
    people = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners;
    const forward = await createRoute(t.app.db, ORGANIZER, {
      kind: 'forward', name: 'Via Berlin', partnerName: 'Briefe nach Russland e.V.', partnerAddress: 'Postfach 10 20 30\n10115 Berlin\nGERMANY', partnerCountry: 'DE', returnAddressOf: 'partner',
    });
    const relay = await createRoute(t.app.db, ORGANIZER, {
      kind: 'relay', name: 'E-letter service', accepts: 'text-images', charLimit: 5000, pageLimit: 3, currency: 'RUB', pricePerLetter: 60, pricePerPage: 30, pricePerImage: 25, priceReplyForm: 40, canReply: true,
    });
    forwardId = forward.id;
    relayId = relay.id;
    await t.app.db.updateTable('prisoners').set({ preferredRouteId: forwardId }).where('id', '=', people[0]!.id).execute();
    await t.app.db.updateTable('prisoners').set({ preferredRouteId: relayId }).where('id', '=', people[1]!.id).execute();
  });
  afterEach(() => t.close());

  const queue = async (body: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/queue', payload: body });
    expect(res.statusCode, res.body).toBe(201);
  };

  it('packs each part for its way out', async () => {
    await queue({ kind: 'letter', prisonerId: people[0]!.id, text: text(1) }); // forward
    await queue({ kind: 'letter', prisonerId: people[1]!.id, text: text(2), replyForm: true }); // relay
    await queue({ kind: 'postcard', prisonerId: people[1]!.id, text: 'С праздником!', image: darkDrawing() }); // relay, drawing
    await queue({ kind: 'letter', prisonerId: people[1]!.id, text: 'Привет! Слушаю Radiohead.' }); // relay, refused there: Latin
    await queue({ kind: 'letter', prisonerId: people[2]!.id, text: text(3) }); // post (default route)
    const created = await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} });
    expect(created.statusCode, created.body).toBe(201);
    const run = created.json() as { id: number; parts: { section: string; routeId?: number; items: number; pages: number }[] };
    const defaultRoute = (await t.app.db.selectFrom('routes').select('id').where('isDefault', '=', 1).executeTakeFirstOrThrow()).id;

    expect(run.parts.map((p) => [p.section, p.routeId ?? null, p.items])).toEqual([
      ['sheets', null, 2],
      ['envelopes', defaultRoute, 0],
      ['envelopes', forwardId, 0],
      ['forward', forwardId, 0],
      ['relay', relayId, 3],
    ]);

    const pdf = await t.app.inject({ url: `/api/admin/print/runs/${run.id}/pdf`, headers: h });
    expect(pdf.statusCode).toBe(200);
    if (process.env.VOLYA_KEEP_PDF) fs.writeFileSync(process.env.VOLYA_KEEP_PDF, pdf.rawPayload);
    const pages = (await readPdf(pdf.rawPayload)).map((p) => p.texts.map((x) => x.str).join(' '));
    const all = pages.join('\n');
    // The relay's letters are not on paper; the post and forward letters are.
    expect(all).toContain(`${MARKER} 1`);
    expect(all).toContain(`${MARKER} 3`);
    expect(all).not.toContain(`${MARKER} 2`);
    expect(all).toMatch(/Route "E-letter service" \(relay\): 3 items/u);
    // Two envelopes: the post one with the collective's return address, the forward one with the partner's.
    const envelopes = pages.filter((p) => /RUSSIA/u.test(p) && !/Print run/u.test(p) && !/Dear friends/u.test(p) && !/Дорогой/u.test(p));
    expect(envelopes).toHaveLength(2);
    expect(envelopes.filter((p) => p.includes('Briefe nach Russland e.V.') && p.includes('10115 Berlin'))).toHaveLength(1);
    // The cover letter to the partner and the parcel label.
    const cover = pages.find((p) => p.includes('Dear friends at Briefe nach Russland e.V.'))!;
    expect(cover).toMatch(/RUSSIA: 1 envelope/u);
    expect(cover).toContain('Germany');
    expect(pages.some((p) => p.includes('To:') && p.includes('Postfach 10 20 30'))).toBe(true);

    // The relay bundle: two items carried, the Latin one refused and held with its reason.
    const zipRes = await t.app.inject({ url: `/api/admin/print/runs/${run.id}/relay.zip?route=${relayId}`, headers: h });
    expect(zipRes.statusCode, zipRes.body).toBe(200);
    expect(zipRes.headers['content-type']).toBe('application/zip');
    expect(zipRes.headers['x-volya-refused']).toBe('1');
    const zip = unzipSync(new Uint8Array(zipRes.rawPayload));
    const manifest = JSON.parse(strFromU8(zip['manifest.json']!)) as { items: { file: string; drawing: string | null; kind: string; replyForm: boolean; price: number; nameDative: string }[] };
    expect(manifest.items.map((i) => i.kind)).toEqual(['letter', 'postcard']);
    for (const item of manifest.items) {
      const body = strFromU8(zip[item.file]!);
      expect(body).not.toMatch(/\p{Script=Latin}/u);
      expect(body).toMatch(/\p{Script=Cyrillic}/u);
    }
    expect(strFromU8(zip[manifest.items[0]!.file]!)).toContain(`${MARKER} 2`);
    expect(manifest.items[0]).toMatchObject({ replyForm: true, price: 60 + 30 + 40 });
    // Item numbers from the ledger, as given when the run was created.
    const numbers = await t.app.db.selectFrom('printQueue').select(['id', 'itemNumber']).where('prisonerId', '=', people[1]!.id).execute();
    for (const item of manifest.items as unknown as { itemId: number; itemNumber: number }[]) {
      expect(item.itemNumber).toBe(numbers.find((n) => n.id === item.itemId)!.itemNumber);
      expect(item.itemNumber).toBeGreaterThan(0);
    }
    expect(manifest.items[1]!.drawing).toMatch(/^drawings\/.+\.png$/u);
    expect(zip[manifest.items[1]!.drawing!]!.length).toBeGreaterThan(50);
    const held = await t.app.db.selectFrom('printQueue').select(['status', 'heldReason']).where('status', '=', 'held').execute();
    expect(held).toHaveLength(1);
    expect(held[0]!.heldReason).toMatch(/Latin letters \(R a d i o h e\).*not sent by E-letter service/u);

    // Nothing for the forward route or an unknown one: 404 with a message.
    for (const route of [forwardId, 9999]) {
      const none = await t.app.inject({ url: `/api/admin/print/runs/${run.id}/relay.zip?route=${route}`, headers: h });
      expect(none.statusCode).toBe(404);
      expect(none.json().message).toMatch(new RegExp(`print run ${run.id} has nothing for relay route ${route}`, 'u'));
    }

    // Privacy: the text never reached the log; once printed, it is nowhere on disk (no temporary files either).
    const marked = await t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${run.id}/mark-printed`, headers: h, payload: {} });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(log.join('\n')).not.toContain(MARKER);
    await t.app.db.selectFrom('printQueue').select('id').execute(); // a read, so the WAL is current
    const files = fs.readdirSync(t.dir, { recursive: true }) as string[];
    for (const f of files) {
      const full = path.join(t.dir, f);
      if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).includes(Buffer.from(MARKER)), f).toBe(false);
    }
    const gone = await t.app.inject({ url: `/api/admin/print/runs/${run.id}/relay.zip?route=${relayId}`, headers: h });
    expect(gone.statusCode).toBe(410);
  });

  it('with the reply line and reply kit on: letters end with where to answer, in block letters; one kit page per route', async () => {
    expect((await putPrintSettings(t, h, { replyLine: true, replyKit: true })).statusCode).toBe(200);
    await queue({ kind: 'letter', prisonerId: people[0]!.id, text: text(1) }); // forward, partner's return address
    await queue({ kind: 'letter', prisonerId: people[2]!.id, text: text(3) }); // post
    await queue({ kind: 'letter', prisonerId: people[1]!.id, text: text(2) }); // relay that can reply
    const run = (await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} })).json() as { id: number };
    const pdf = await t.app.inject({ url: `/api/admin/print/runs/${run.id}/pdf`, headers: h });
    if (process.env.VOLYA_KEEP_REPLY_PDF) fs.writeFileSync(process.env.VOLYA_KEEP_REPLY_PDF, pdf.rawPayload);
    const pages = (await readPdf(pdf.rawPayload)).map((p) => p.texts.map((x) => x.str).join(' '));
    const forwardLetter = pages.find((p) => p.includes(`${MARKER} 1`))!;
    const postLetter = pages.find((p) => p.includes(`${MARKER} 3`))!;
    for (const letter of [forwardLetter, postLetter]) {
      expect(letter).toContain('Ответ, пожалуйста, пришлите по адресу:');
      expect(letter).toContain('Пожалуйста, пишите ответ печатными буквами.');
    }
    // The forward route's envelopes carry the partner's address, so the answer goes there; the post letter's to the collective.
    expect(forwardLetter).toContain('Postfach 10 20 30');
    expect(postLetter).not.toContain('Postfach 10 20 30');
    const kits = pages.filter((p) => p.startsWith('Reply kit: route'));
    expect(kits).toHaveLength(2);
    expect(kits.some((k) => k.includes('"Via Berlin"') && k.includes('Postfach 10 20 30'))).toBe(true);

    const zip = unzipSync(new Uint8Array((await t.app.inject({ url: `/api/admin/print/runs/${run.id}/relay.zip?route=${relayId}`, headers: h })).rawPayload));
    const letter = strFromU8(zip[Object.keys(zip).find((n) => n.startsWith('letters/'))!]!);
    expect(letter.trimEnd().endsWith('Пожалуйста, пишите ответ печатными буквами.')).toBe(true);
    expect(letter).not.toMatch(/\p{Script=Latin}/u);
  });
});
