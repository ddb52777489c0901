/**
 * Budgets of picture bytes, through real requests: a phone may queue only so many picture bytes per 10 minutes,
 * and a print run draws only so many; what is beyond waits in the queue for the next run, with the reason shown.
 * The budgets are small here so that a few real pictures reach them.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, putPrintSettings, type TestApp } from '../helpers.js';
import { noCups } from '../printing/stand-in-cups.js';

/** A real RGB PNG of random pixels (so it does not compress): about width × height × 3 bytes. */
function randomPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) crypto.randomFillSync(rows, y * (width * 3 + 1) + 1, width * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows, { level: 0 })), chunk('IEND', Buffer.alloc(0))]);
}

const picture = `data:image/png;base64,${randomPng(300, 300).toString('base64')}`; // about 270 KB
const KB = 1024;
const PHONE = '192.168.77.20';

describe('picture budgets', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let people: { id: number }[];

  beforeEach(async () => {
    t = await makeTestApp({
      app: { cups: noCups, phoneQueueLimit: 100, phoneRequestsPerMinute: 1000, pictureBudgets: { phoneBytesPer10Min: 600 * KB, runBytes: 600 * KB } },
    });
    h = await t.login();
    people = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners;
  });
  afterEach(() => t.close());

  const queue = (payload: object, remoteAddress?: string) => t.app.inject({ method: 'POST', url: '/api/queue', payload, ...(remoteAddress ? { remoteAddress } : {}) });
  const postcard = (i: number, image?: string) => ({ kind: 'postcard', prisonerId: people[i % people.length]!.id, text: 'Привет!', ...(image ? { image } : {}) });

  it('lets a phone queue only so many picture bytes per 10 minutes; other phones, cards without pictures and the kiosk go on', async () => {
    expect((await putPrintSettings(t, h, { phonesAllowed: true })).statusCode).toBe(200);
    expect((await queue(postcard(0, picture), PHONE)).statusCode).toBe(201);
    expect((await queue(postcard(1, picture), PHONE)).statusCode).toBe(201);
    const refused = await queue(postcard(2, picture), PHONE);
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ field: 'image', message: expect.stringMatching(/MB of pictures in 10 minutes/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers.connection).toBe('close');

    expect((await queue(postcard(3), PHONE)).statusCode).toBe(201);
    expect((await queue(postcard(4, picture), '192.168.77.21')).statusCode).toBe(201);
    for (let i = 0; i < 3; i++) expect((await queue(postcard(i, picture))).statusCode).toBe(201);
  }, 30_000);

  it('a refused picture does not count against the phone', async () => {
    expect((await putPrintSettings(t, h, { phonesAllowed: true })).statusCode).toBe(200);
    // Not a picture at all: refused by the check, and its bytes are given back.
    const broken = `data:image/png;base64,${Buffer.alloc(250 * KB, 7).toString('base64')}`;
    expect((await queue(postcard(0, broken), PHONE)).statusCode).toBeGreaterThanOrEqual(400);
    expect((await queue(postcard(0, broken), PHONE)).statusCode).not.toBe(429);
    expect((await queue(postcard(1, picture), PHONE)).statusCode).toBe(201);
    expect((await queue(postcard(2, picture), PHONE)).statusCode).toBe(201);
  }, 30_000);

  it('draws only so many picture bytes in one run; the rest wait for the next run, with the reason shown', async () => {
    const ids: number[] = [];
    for (const payload of [postcard(0, picture), postcard(1, picture), postcard(2, picture), { kind: 'letter', prisonerId: people[3]!.id, text: 'Дорогой друг!' }]) {
      const res = await queue(payload);
      expect(res.statusCode).toBe(201);
      ids.push(res.json().id);
    }
    const run = await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} });
    expect(run.statusCode).toBe(201);
    const overview = async () => (await t.app.inject({ url: '/api/admin/print/queue', headers: h })).json().items as { id: number; status: string; printRunId: number | null; heldReason: string | null }[];
    const items = await overview();
    // Two pictures fit the 600 KB budget, the third waits; the letter after it carries no picture and goes in.
    expect(items.filter((i) => i.printRunId === run.json().id).map((i) => i.id)).toEqual([ids[0], ids[1], ids[3]]);
    const waiting = items.find((i) => i.id === ids[2])!;
    expect(waiting).toMatchObject({ status: 'queued', printRunId: null, heldReason: expect.stringMatching(/^Waiting for the next run/) });

    expect((await t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${run.json().id}/mark-printed`, headers: h, payload: {} })).statusCode).toBe(200);
    const next = await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: {} });
    expect(next.statusCode).toBe(201);
    expect((await overview()).find((i) => i.id === ids[2])).toMatchObject({ printRunId: next.json().id, heldReason: null });
  }, 30_000);
});
