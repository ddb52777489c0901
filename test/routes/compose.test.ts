/**
 * POST /api/compose through the real app: the letter as paragraphs with hints and suggestions, an empty gap refused
 * naming the phrase, the English own paragraph judged on its own, and /api/pdf printing the same composition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';
import { readPdf } from '../pdf/read-pdf.js';

let t: TestApp;
let person: { id: number; gender: string };

beforeAll(async () => {
  t = await makeTestApp();
  person = (await t.app.inject({ method: 'GET', url: '/api/prisoners' })).json().prisoners[0];
});
afterAll(() => t.close());

const compose = (payload: object) => t.app.inject({ method: 'POST', url: '/api/compose', payload: { prisonerId: person.id, ...payload } });

describe('POST /api/compose', () => {
  it('answers the letter as paragraphs in reading order, with Cyrillic suggestions for Latin name and town', async () => {
    const res = await compose({ kind: 'letter', templateId: 'first-letter-ru', writer: 'woman', register: 'ty', sender: { name: 'Anna', town: 'Toronto' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.paragraphs[0]).toMatchObject({ id: 't0', section: 'greeting', source: 'template' });
    expect(body.paragraphs.at(-1)).toMatchObject({ section: 'signature', ru: 'Anna' });
    expect(body.suggestions.map((s: { cyrillic: string }) => s.cyrillic)).toEqual(['Анна', 'Торонто']);
    // Not accepted yet: the hint on the Russian quotes the Latin words.
    expect(body.hints).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'latin', excerpt: 'Anna, Toronto' })]));
    const accepted = (await compose({ kind: 'letter', templateId: 'first-letter-ru', writer: 'woman', register: 'ty', sender: { name: 'Anna', nameRu: 'Анна', town: 'Toronto', townRu: 'Торонто' } })).json();
    expect(accepted.hints.filter((h: { type: string }) => h.type === 'latin')).toEqual([]);
    expect(accepted.paragraphs.map((p: { ru: string }) => p.ru).join('\n')).toContain('Меня зовут Анна. Я пишу тебе из Канады, из города Торонто.');
  });

  it('refuses an empty gap with 422 naming the phrase', async () => {
    const res = await compose({ kind: 'letter', writer: 'man', phrases: [{ id: 'about-us.live-in' }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().message).toContain('about-us.live-in');
    expect(res.json().message).toContain('I live in …');
    expect(res.json().field).toBe('phrases[0].gap');
  });

  it('never prints or queues an empty gap as «…», even when the request asks to keep it', async () => {
    const draft = { kind: 'letter', writer: 'man', phrases: [{ id: 'about-us.live-in' }], keepEmptyGaps: true };
    // While writing, the kiosk asks for the draft with its gap open.
    expect((await compose(draft)).json().paragraphs.map((p: { ru: string }) => p.ru)).toContain('Я живу в городе …');
    const queued = () => t.database.db.selectFrom('printQueue').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const before = (await queued()).n;
    for (const url of ['/api/pdf', '/api/pdf/report', '/api/queue', '/api/print']) {
      const res = await t.app.inject({ method: 'POST', url, payload: { kind: 'letter', prisonerId: person.id, draft } });
      expect(res.statusCode, url).toBe(422);
      expect(res.json().field, url).toBe('phrases[0].gap');
    }
    expect((await queued()).n).toBe(before);
  });

  it('judges an English own paragraph on its own: not in Russian, quoting its sentence, and its topics in English', async () => {
    const own = [{ text: 'Привет, как дела?' }, { text: 'I hope you are well. I read about your case and the war.' }];
    const body = (await compose({ kind: 'letter', templateId: 'support-letter-ru', writer: 'man', own, uiLanguage: 'en' })).json();
    const latin = body.hints.filter((h: { type: string }) => h.type === 'latin');
    expect(latin).toEqual([expect.objectContaining({ paragraph: 'o1', excerpt: 'I hope you are well.' })]);
    expect(latin[0].message).toMatch(/^This part is not in Russian: “I hope you are well\.”/u);
    const topics = body.hints.filter((h: { type: string }) => h.type === 'topic').map((h: { topic: string }) => h.topic);
    expect(topics).toEqual(expect.arrayContaining(['case', 'war']));
    // Ticked: no more "not in Russian", the topics stay.
    const ticked = (await compose({ kind: 'letter', templateId: 'support-letter-ru', writer: 'man', own: own.map((o) => ({ ...o, needsTranslation: true })), uiLanguage: 'en' })).json();
    expect(ticked.needsTranslation).toBe(true);
    expect(ticked.hints.filter((h: { type: string }) => h.type === 'latin')).toEqual([]);
    expect(ticked.hints.some((h: { topic?: string }) => h.topic === 'case')).toBe(true);
  });

  it('prints the same composition in /api/pdf from the structure alone', async () => {
    const draft = { kind: 'letter', templateId: 'support-letter-ru', writer: 'group', register: 'vy', phrases: [{ id: 'about-us.live-in', gap: 'Hamilton', gapRu: 'Гамильтон' }], sender: { name: 'Volya', nameRu: 'Воля' } };
    const composed = (await compose(draft)).json();
    const res = await t.app.inject({ method: 'POST', url: '/api/pdf', payload: { kind: 'letter', prisonerId: person.id, draft } });
    expect(res.statusCode).toBe(200);
    const text = (await readPdf(new Uint8Array(res.rawPayload))).flatMap((p) => p.lines).join(' ').replace(/- /gu, '');
    expect(text).toContain('Мы живём в городе Гамильтон.');
    expect(text).toContain(composed.paragraphs[0].ru);
    expect(text).toMatch(/Обнимаем! Воля/u);
  });
});

describe('ты or Вы from the person’s record', () => {
  it('follows what organizers set, unless the writer chooses', async () => {
    await t.database.db.updateTable('prisoners').set({ register: 'vy' }).where('id', '=', person.id).execute();
    const byRecord = (await compose({ kind: 'letter', templateId: 'support-letter-ru', writer: 'man' })).json();
    expect(byRecord.register).toBe('vy');
    expect(byRecord.paragraphs.map((p: { ru: string }) => p.ru).join(' ')).toMatch(/Желаю Вам терпения/u);
    expect((await compose({ kind: 'letter', templateId: 'support-letter-ru', writer: 'man', register: 'ty' })).json().register).toBe('ty');
    await t.database.db.updateTable('prisoners').set({ register: null }).where('id', '=', person.id).execute();
  });
});
