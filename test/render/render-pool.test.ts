import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderPool, inlineRenderer, type RenderPool } from '../../server/render/render-pool.js';
import type { PdfRequest } from '../../server/model/schemas.js';
import { DomainError } from '../../server/model/errors.js';
import { templateLibrary } from '../../server/domain/compose.js';
import { renderSpecFor } from '../../server/domain/letter-spec.js';
import { loadLetterInputs } from '../../server/services/letters.js';
import { buildApp } from '../../server/app.js';
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

  const specOf = async (req: PdfRequest) => renderSpecFor(req, await loadLetterInputs(t.database.db, req, { scope: 'kiosk', today }), templateLibrary());

  it('produces the same bytes as rendering on the main thread', async () => {
    const spec = await specOf(letter);
    const inWorker = await pool.render(spec);
    const inline = await inlineRenderer.render(spec);
    expect(inWorker.pages).toBe(1);
    expect(Buffer.from(inWorker.bytes).equals(Buffer.from(inline.bytes))).toBe(true);
  });

  it('brings a refusal back across the thread with its kind and field', async () => {
    const card = await specOf({ kind: 'postcard', prisonerId: 1, text: 'Привет!', paper: 'a4' });
    if (card.kind !== 'postcards') throw new Error('expected a postcard spec');
    const tooLong = { ...card, cards: card.cards.map((c) => ({ ...c, message: 'Очень длинное сообщение. '.repeat(60) })) };
    const err = await pool.render(tooLong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).kind).toBe('unprocessable');
    expect((err as DomainError).field).toBe('text');
  });

  it('checks a picture in the thread and refuses a damaged one', async () => {
    await expect(pool.check({ kind: 'postcard', text: 'Привет!', image: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAE=' })).rejects.toMatchObject({ kind: 'unprocessable', field: 'image' });
    await expect(pool.check({ kind: 'postcard', text: 'Привет!' })).resolves.toBeUndefined();
  });

  it('skips a render whose client left while it waited for a thread', async () => {
    const first = pool.render(await specOf({ ...letter, text: 'Привет! '.repeat(2000) }));
    const spec = await specOf(letter);
    const left = new AbortController();
    const second = pool.render(spec, left.signal).catch((e: unknown) => e);
    left.abort();
    expect((await first).pages).toBeGreaterThan(1);
    const err = await second;
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).kind).toBe('client-gone');
    // A client that stays gets its PDF.
    expect((await pool.render(spec, new AbortController().signal)).pages).toBe(1);
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
