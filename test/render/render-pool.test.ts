import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderPool, inlineRenderer, type RenderPool } from '../../server/render/render-pool.js';
import { loadPdfInputs, type PdfRequest } from '../../server/domain/pdf-request.js';
import { buildApp } from '../../server/app.js';
import { HttpError } from '../../server/http-error.js';
import { makeTestApp, type TestApp } from '../helpers.js';

const today = new Date('2026-11-20T12:00:00Z');

describe('rendering in worker threads', () => {
  let t: TestApp;
  let pool: RenderPool;
  beforeAll(async () => {
    t = await makeTestApp();
    pool = createRenderPool({ threads: 1, maxQueue: 1 });
    pool.start();
    await pool.warm;
  }, 60_000);
  afterAll(async () => {
    await pool.close();
    await t.close();
  });

  const letter: PdfRequest = { kind: 'letter', prisonerId: 1, text: 'Дорогой Артём!\n\nМы пишем тебе из Канады.', paper: 'a4' };

  it('produces the same bytes as rendering on the main thread', async () => {
    const inputs = await loadPdfInputs(t.database.db, letter, { publicOnly: true, today });
    const inWorker = await pool.render(letter, inputs);
    const inline = await inlineRenderer.render(letter, inputs);
    expect(inWorker.pages).toBe(1);
    expect(Buffer.from(inWorker.bytes).equals(Buffer.from(inline.bytes))).toBe(true);
  });

  it('brings a refusal back across the thread with its status and field', async () => {
    const inputs = await loadPdfInputs(t.database.db, letter, { publicOnly: true, today });
    const err = await pool.render({ ...letter, text: 'я'.repeat(25_000) }, inputs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).statusCode).toBe(422);
    expect((err as HttpError).field).toBe('text');
  });

  it('skips a render whose client left while it waited for a thread', async () => {
    const inputs = await loadPdfInputs(t.database.db, letter, { publicOnly: true, today });
    const first = pool.render({ ...letter, text: 'Привет! '.repeat(2000) }, inputs);
    const left = new AbortController();
    const second = pool.render(letter, inputs, left.signal).catch((e: unknown) => e);
    left.abort();
    expect((await first).pages).toBeGreaterThan(1);
    const err = await second;
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).statusCode).toBe(499);
    // A client that stays gets its PDF.
    expect((await pool.render(letter, inputs, new AbortController().signal)).pages).toBe(1);
  });

  it('answers 503 with Retry-After when the queue is full, and renders the rest', async () => {
    const app = await buildApp({ database: t.database, renderer: pool });
    await app.ready();
    const replies = await Promise.all(
      Array.from({ length: 12 }, () => app.inject({ method: 'POST', url: '/api/pdf', payload: { ...letter, text: 'Привет! '.repeat(400) } })),
    );
    await app.close();
    const busy = replies.filter((r) => r.statusCode === 503);
    const ok = replies.filter((r) => r.statusCode === 200);
    expect(busy.length).toBeGreaterThan(0);
    expect(ok.length).toBeGreaterThan(0);
    expect(busy.length + ok.length).toBe(12);
    expect(busy[0]!.headers['retry-after']).toBe('2');
    expect(busy[0]!.json().message).toMatch(/busy/);
    expect(ok[0]!.headers['content-type']).toBe('application/pdf');
  });
});
