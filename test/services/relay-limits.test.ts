/** A relay's page and character limits refuse a letter at the kiosk (preview and queue), 422 naming the limit. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';
import { createRoute } from '../../server/services/routes.js';
import { RELAY_PAGE_CHARS } from '../../server/domain/relay.js';
import { noCups } from '../printing/stand-in-cups.js';

const ORGANIZER = { id: null, username: 'test' };

describe('relay limits at the kiosk', () => {
  let t: TestApp;
  let people: { id: number }[];
  beforeEach(async () => {
    t = await makeTestApp({ app: { cups: noCups } });
    people = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners;
    const relay = await createRoute(t.app.db, ORGANIZER, { kind: 'relay', name: 'E-letter service', accepts: 'text', charLimit: 2500, pageLimit: 1, currency: 'RUB', pricePerLetter: 60 });
    // The first person is reachable only through the relay; the second keeps the default route.
    await t.app.db.updateTable('prisoners').set({ preferredRouteId: relay.id }).where('id', '=', people[0]!.id).execute();
  });
  afterEach(() => t.close());

  const pdf = (prisonerId: number, text: string) => t.app.inject({ method: 'POST', url: '/api/pdf', payload: { kind: 'letter', prisonerId, text } });
  const queue = (prisonerId: number, text: string) => t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId, text } });

  it('refuses an over-limit letter at preview and at queue time, naming the limit; the same text by post is fine', async () => {
    const twoPages = 'Дорогой друг! '.repeat(Math.ceil((RELAY_PAGE_CHARS + 100) / 14)).trim();
    expect(twoPages.length).toBeLessThan(2500);
    for (const res of [await pdf(people[0]!.id, twoPages), await queue(people[0]!.id, twoPages)]) {
      expect(res.statusCode).toBe(422);
      expect(res.json().message).toMatch(/E-letter service takes at most 1 page a letter \(pageLimit\)/u);
      expect(res.json().message).toContain('text:');
    }
    const tooManyChars = 'я'.repeat(2600);
    const chars = await queue(people[0]!.id, tooManyChars);
    expect(chars.statusCode).toBe(422);
    expect(chars.json().message).toMatch(/at most 2500 characters a letter \(charLimit\)/u);

    expect((await pdf(people[1]!.id, twoPages)).statusCode).toBe(200);
    expect((await queue(people[1]!.id, twoPages)).statusCode).toBe(201);
    // Within the relay's limits it goes through.
    expect((await queue(people[0]!.id, 'Дорогой друг! Держись.')).statusCode).toBe(201);
  });

  it('checks the translation of a letter queued for the relay when it is released', async () => {
    const h = await t.login();
    const queued = await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId: people[0]!.id, needsTranslation: true, englishText: 'Dear friend, we think of you.' } });
    expect(queued.statusCode, queued.body).toBe(201);
    const id = queued.json().id as number;
    const long = 'Дорогой друг, мы думаем о тебе. '.repeat(70);
    const res = await t.app.inject({ method: 'PUT', url: `/api/admin/translations/${id}`, headers: h, payload: { text: long, release: true } });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toMatch(/E-letter service takes at most (2500 characters|1 page) a letter/u);
    const ok = await t.app.inject({ method: 'PUT', url: `/api/admin/translations/${id}`, headers: h, payload: { text: 'Дорогой друг, мы думаем о тебе.', release: true } });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
