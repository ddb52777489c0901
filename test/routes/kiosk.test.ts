import { readdirSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { makeTestApp, type TestApp } from '../helpers.js';

describe('kiosk routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('gives the kiosk the public settings only', async () => {
    const res = await t.app.inject({ url: '/api/kiosk/config' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      idleSeconds: 180,
      paperSize: 'letter',
      collectiveName: 'Letter-writing collective',
      returnAddress: expect.stringContaining('CANADA'),
      uiLanguage: 'en',
      postcardMaxChars: 600,
    });
  });

  it('counts a printed item for an offerable person, and nothing else', async () => {
    const count = async () => (await t.app.db.selectFrom('printedItems').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    const res = await t.app.inject({ method: 'POST', url: '/api/printed', payload: { prisonerId: 1, kind: 'postcard', language: 'ru', templateId: 'support' } });
    expect(res.statusCode).toBe(201);
    expect(await count()).toBe(before + 1);
    const row = await t.app.db.selectFrom('printedItems').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ prisonerId: 1, kind: 'postcard', language: 'ru', templateId: 'support' });
    const list = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners as { id: number; printedCount: number }[];
    expect(list.find((p) => p.id === 1)!.printedCount).toBe(1);
  });

  it('refuses to count for released, withdrawn or unknown people, and bad bodies', async () => {
    const hidden = await t.app.db.selectFrom('prisoners').select('id').where((eb) => eb.or([eb('status', '=', 'released'), eb('supportWithdrawn', '=', 1)])).execute();
    // The demo data holds at least one released and one withdrawn person; the refusal is checked for each.
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    for (const { id } of [...hidden, { id: 9999 }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/printed', payload: { prisonerId: id, kind: 'letter', language: 'ru' } });
      expect(res.statusCode).toBe(404);
      expect(res.json().field).toBe('prisonerId');
    }
    const extra = await t.app.inject({ method: 'POST', url: '/api/printed', payload: { prisonerId: 1, kind: 'letter', language: 'ru', body: 'Дорогая' } });
    expect(extra.statusCode).toBe(400);
    const kind = await t.app.inject({ method: 'POST', url: '/api/printed', payload: { prisonerId: 1, kind: 'poem', language: 'ru' } });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().field).toBe('kind');
  });

  it('answers hints in the UI language and rejects bad input with a 400', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/hints', payload: { text: 'Привет из Toronto! Как приговор?', kind: 'letter', uiLanguage: 'ru' } });
    expect(res.statusCode).toBe(200);
    const { hints } = res.json() as { hints: { type: string; message: string }[] };
    expect(hints.map((h) => h.type)).toEqual(['latin', 'topic']);
    expect(hints[1]!.message).toMatch(/уголовного дела/);
    const bad = await t.app.inject({ method: 'POST', url: '/api/hints', payload: { text: 1, kind: 'letter' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().field).toBe('text');
  });

  it('serves pdf.js and the UI fonts from node_modules, and nothing else from there', async () => {
    const js = await t.app.inject({ url: '/vendor/pdfjs/pdf.min.mjs' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    const font = await t.app.inject({ url: '/vendor/fonts/pt-serif-regular.ttf' });
    expect(font.statusCode).toBe(200);
    expect(font.rawPayload.length).toBeGreaterThan(10_000);
    expect((await t.app.inject({ url: '/vendor/../package.json' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/vendor/pdfjs/pdf.mjs' })).statusCode).toBe(404);
    // Names an object inherits are not files either.
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'pdfjs/constructor']) {
      expect({ name, status: (await t.app.inject({ url: `/vendor/${name}` })).statusCode }).toEqual({ name, status: 404 });
    }
  });
});

describe('kiosk privacy', () => {
  it('never writes the hint text to the log', async () => {
    const t = await makeTestApp();
    let log = '';
    const stream = new Writable({ write(chunk, _enc, done) { log += chunk; done(); } });
    const app = await buildApp({ database: t.database, logger: { level: 'trace', stream } });
    const secret = 'Секретная фраза Toronto 12345';
    const res = await app.inject({ method: 'POST', url: '/api/hints', payload: { text: secret, kind: 'postcard' } });
    expect(res.statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/api/hints', payload: { text: secret, kind: 'poem' } });
    await app.close();
    await t.close();
    expect(log).toContain('/api/hints');
    expect(log).not.toContain('Секретная');
    expect(log).not.toContain('12345');
  });

  it('has every UI string in both languages', () => {
    const en = JSON.parse(readFileSync('public/i18n/en.json', 'utf8')) as Record<string, string>;
    const ru = JSON.parse(readFileSync('public/i18n/ru.json', 'utf8')) as Record<string, string>;
    // A counted text has a key per plural form ("people.count_one"): Russian has more forms than English.
    const text = (key: string) => key.replace(/_(one|few|many|other)$/, '');
    const texts = (strings: Record<string, string>) => [...new Set(Object.keys(strings).map(text))].sort();
    expect(texts(ru)).toEqual(texts(en));
    for (const [key, value] of Object.entries(ru)) {
      expect(value.trim(), key).not.toBe('');
      // Placeholders must survive translation.
      const english = en[key] ?? en[`${text(key)}_other`]!;
      expect((value.match(/\{\w+\}/g) ?? []).sort(), key).toEqual((english.match(/\{\w+\}/g) ?? []).sort());
    }
    // And no string is left over: each key is used by the page, its scripts, or the hints route.
    const users = ['public/index.html', ...readdirSync('public/kiosk').map((f) => `public/kiosk/${f}`)].map((f) => readFileSync(f, 'utf8')).join('\n');
    const unused = texts(en).filter((k) => !users.includes(`'${k}'`) && !users.includes(`"${k}"`) && !k.startsWith('hints.'));
    expect(unused).toEqual([]);
  });
});
