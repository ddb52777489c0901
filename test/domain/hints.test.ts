import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileAvoidTopics, findHints, type AvoidTopicSource, type HintContext, type HintMessages } from '../../server/domain/hints.js';

const avoid = JSON.parse(readFileSync('templates/avoid-topics.json', 'utf8')) as { topics: AvoidTopicSource[] };
const messages = (lang: 'en' | 'ru'): HintMessages => {
  const s = JSON.parse(readFileSync(`public/i18n/${lang}.json`, 'utf8')) as Record<string, string>;
  return { latin: s['hints.latin']!, notRussian: s['hints.notRussian']!, length: s['hints.length']!, lines: s['hints.lines']!, unprintable: s['hints.unprintable']! };
};
const ctx: HintContext = { topics: compileAvoidTopics(avoid.topics), messages: { en: messages('en'), ru: messages('ru') }, postcardLimit: 600 };
const hints = (text: string, kind: 'letter' | 'postcard' = 'letter', lang: 'en' | 'ru' = 'en') => findHints(text, kind, lang, ctx);

describe('writing hints', () => {
  it('finds nothing in a plain, friendly Russian letter', () => {
    expect(hints('Дорогая Юлия! Мы пишем тебе из Канады. У нас выпал первый снег, мы читаем хорошие книги. Держись!')).toEqual([]);
  });

  it('names Latin words inside Russian text, and flags a text with no Russian at all', () => {
    const [h] = hints('Привет из Toronto, меня зовут Anna!');
    expect(h).toMatchObject({ type: 'latin', excerpt: 'Toronto, Anna' });
    expect(h!.message).toContain('Toronto, Anna');
    const [en] = hints('Hello, we think of you');
    expect(en!.type).toBe('latin');
    expect(en!.message).toContain('not in Russian');
  });

  it('matches the avoid list by stem, by whole word, ignoring case and ё, with the reason in the UI language', () => {
    const found = hints('Надеюсь, Война скоро кончится. Как прошёл приговор? Ёбаный холод.');
    expect(found.map((h) => h.topic)).toEqual(['war', 'case', 'swearing']);
    expect(found[0]!.excerpt).toBe('Война');
    expect(found[0]!.message).toMatch(/War and fighting/);
    expect(hints('Как прошёл приговор?', 'letter', 'ru')[0]!.message).toMatch(/уголовного дела/);
    // Whole-word entries do not fire inside longer words: «статья» is listed, «статус» is not; «сук» (branch) is fine.
    expect(hints('Какой у тебя статус? На дереве сук.')).toEqual([]);
    // A stem matches only at the start of a word: «спокойной» does not contain the war stem «войн» at its start.
    expect(hints('Спокойной ночи!')).toEqual([]);
  });

  it('flags abbreviations written in capitals as jargon', () => {
    const [h] = hints('Как тебе в СИЗО? Напиши, имхо это важно.');
    expect(h).toMatchObject({ type: 'topic', topic: 'jargon' });
    expect(h!.excerpt).toBe('СИЗО, имхо');
  });

  it('warns when a postcard message is longer than the card holds, never for a letter', () => {
    const long = 'Мы о тебе помним. '.repeat(40);
    expect(hints(long, 'postcard').map((h) => h.type)).toEqual(['length']);
    expect(hints(long, 'postcard')[0]!.message).toContain(`${long.trim().length} characters, 600 fit`);
    expect(hints(long, 'letter')).toEqual([]);
  });

  it('counts lines, not only characters: short paragraphs can overflow the card well under the character limit', () => {
    const short = Array.from({ length: 30 }, () => 'Держись!').join('\n\n');
    expect(short.length).toBeLessThan(600);
    const [h] = hints(short, 'postcard');
    expect(h).toMatchObject({ type: 'length' });
    expect(h!.message).toMatch(/needs about \d+ lines, the card holds \d+/);
    expect(hints(Array.from({ length: 6 }, () => 'Держись!').join('\n\n'), 'postcard')).toEqual([]);
  });

  it('agrees with the postcard renderer: what the hint accepts is printed whole, what it refuses the renderer refuses', async () => {
    const { VolyaDocument } = await import('../../server/pdf/document.js');
    const { drawPostcard } = await import('../../server/pdf/postcard.js');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const printedWhole = async (message: string) => {
      const doc = await VolyaDocument.create({ title: 't', date: new Date(0) });
      try {
        await drawPostcard(doc, { language: 'ru', message, recipientLines: ['Кому'], senderLines: ['From'] });
      } catch (e) {
        if (e instanceof RangeError) return false;
        throw e;
      }
      const pdf = await getDocument({ data: await doc.save(), disableFontFace: true, isEvalSupported: false }).promise;
      const text = (await (await pdf.getPage(2)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
      return text.includes('КОНЕЦ');
    };
    const outcomes = new Set<boolean>();
    for (const paragraphs of [8, 12, 16, 20, 24]) {
      const message = [...Array.from({ length: paragraphs }, () => 'Мы о тебе помним.'), 'КОНЕЦ'].join('\n\n');
      const refused = hints(message, 'postcard').some((h) => h.type === 'length');
      outcomes.add(refused);
      expect(await printedWhole(message), `${paragraphs} paragraphs`).toBe(!refused);
    }
    expect([...outcomes].sort()).toEqual([false, true]);
  });

  it('lists characters the PDF cannot print', () => {
    const [h] = hints('Привет 🙂 和');
    expect(h).toMatchObject({ type: 'unprintable', chars: ['🙂', '和'] });
  });
});
