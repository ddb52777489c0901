import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateLibrary, TEMPLATES_DIR, type ComposeRecipient, type ComposeSender } from '../../server/domain/compose.js';
import { phrasebook, resolvePhrase, resolvedPhrasebook } from '../../server/domain/phrasebook.js';
import { tempDir } from '../helpers.js';

const library = new TemplateLibrary();
const today = new Date('2026-11-26T12:00:00Z');
const dmitry: ComposeRecipient = { surname: 'Пчелинцев', givenName: 'Дмитрий', patronymic: 'Дмитриевич', gender: 'male', latinName: 'Dmitry Pchelintsev', birthDate: '1992-08-06', birthYear: 1992 };
const maria: ComposeRecipient = { surname: 'Иванова', givenName: 'Мария', patronymic: 'Сергеевна', gender: 'female', latinName: 'Maria Ivanova', birthDate: '1990-12-15', birthYear: 1990 };
const he: ComposeSender = { kind: 'single', gender: 'male', name: 'Иван', city: 'Торонто' };
const she: ComposeSender = { kind: 'single', gender: 'female', name: 'Анна' };
const we: ComposeSender = { kind: 'group' };

describe('templates', () => {
  it('has the four letters and at least four postcards, each in Russian and English, paired', () => {
    const list = library.list();
    for (const base of ['first-letter', 'support-letter', 'birthday-letter', 'new-year-letter']) {
      expect(library.get(`${base}-ru`)?.counterpartId).toBe(`${base}-en`);
      expect(library.get(`${base}-en`)?.kind).toBe('letter');
    }
    expect(list.filter((t) => t.kind === 'postcard' && t.language === 'ru').length).toBeGreaterThanOrEqual(4);
    for (const t of list) expect(t.title && t.description).toBeTruthy();
  });

  it('renders every Russian template in Cyrillic only, for every recipient, sender and register', () => {
    for (const t of library.list().filter((x) => x.language === 'ru')) {
      for (const recipient of [dmitry, maria])
        for (const sender of [he, she, we])
          for (const register of ['ty', 'vy'] as const) {
            const { ru, en } = library.compose(t.id, { recipient, sender, register, today });
            const where = `${t.id} ${recipient.gender} ${sender.kind}/${sender.gender} ${register}`;
            expect(ru, where).not.toMatch(/[A-Za-z{}]|\s[,.!?]| {2}/u);
            expect(en, where).not.toMatch(/[{}]| {2}/u);
            // ты and Вы never mix inside one letter.
            if (register === 'vy') expect(ru, where).not.toMatch(/(^|[^А-Яа-яЁё])(ты|тебе|тебя|твой|твоё|твоя|твои)([^А-Яа-яЁё]|$)/iu);
            else expect(ru, where).not.toMatch(/(^|[^А-Яа-яЁё])(Вы|Вам|Вас|Ваш|Ваше|Ваша|Ваши)([^А-Яа-яЁё]|$)/u);
          }
    }
  });

  it('agrees with the recipient’s gender and the sender being one person or a group', () => {
    const m = library.compose('first-letter-ru', { recipient: dmitry, sender: she, today }).ru;
    expect(m).toContain('Дорогой Дмитрий!');
    expect(m).toContain('Я хотела написать тебе, чтобы ты знал: ты не один.');
    expect(m).toContain('Меня зовут Анна.');
    const f = library.compose('first-letter-ru', { recipient: maria, sender: he, today }).ru;
    expect(f).toContain('Дорогая Мария!');
    expect(f).toContain('Я хотел написать тебе, чтобы ты знала: ты не одна.');
    expect(f).toContain('из города Торонто');
    const g = library.compose('first-letter-ru', { recipient: maria, sender: we, register: 'vy', today });
    // With Вы the short adjective is plural, and the greeting names the patronymic where known.
    expect(g.ru).toContain('Мы хотели написать Вам, чтобы Вы знали: Вы не одни.');
    expect(g.ru).toContain('Мы пишем Вам из Канады');
    expect(g.en).toContain('We wanted to write to you');
    expect(g.en).toContain('Dear Maria,');
  });

  it('fills dates, plurals and the coming year', () => {
    const b = library.compose('birthday-letter-ru', { recipient: dmitry, sender: we, today }).ru;
    expect(b).toContain('С наступающим днём рождения! 6\u00a0августа тебе исполнится 35 лет, и в этот день мы будем особенно думать о тебе.');
    const en = library.compose('birthday-letter-en', { recipient: { ...maria, birthYear: 2005, birthDate: null }, sender: we, today }).en;
    expect(en).toContain('Happy birthday!');
    expect(en).not.toMatch(/turn/u);
    const ny = library.compose('new-year-ru', { recipient: dmitry, sender: she, today }).ru;
    expect(ny).toContain('С Новым 2027 годом!');
  });

  it('renders every template for every recipient, sender and register without an error', () => {
    expect(new TemplateLibrary(TEMPLATES_DIR, { checkEveryForm: true }).list().length).toBe(library.list().length);
  });

  it('stops loading with the file and line of a broken template', () => {
    const dir = tempDir('volya-templates-');
    mkdirSync(path.join(dir, 'letters'));
    mkdirSync(path.join(dir, 'postcards'));
    writeFileSync(
      path.join(dir, 'letters', 'broken.ru.hbs'),
      '---\nid: broken-ru\nkind: letter\nlanguage: ru\ncounterpart: broken-en\ntitle: x\ndescription: y\n---\nПривет!\n{{#if sender.group}}\nнезакрыто\n',
    );
    expect(() => new TemplateLibrary(dir)).toThrow(/letters\/broken\.ru\.hbs: Parse error on line 12/u);
    writeFileSync(path.join(dir, 'letters', 'broken.ru.hbs'), '---\nid: broken-ru\nkind: letter\nlanguage: ru\ncounterpart: broken-en\ntitle: x\ndescription: y\n---\n{{nope "a"}}\n');
    // An unknown helper shows when the template first runs: the test suite runs every form, and a run names the file.
    expect(() => new TemplateLibrary(dir, { checkEveryForm: true })).toThrow(/broken\.ru\.hbs: .*nope/u);
    writeFileSync(path.join(dir, 'letters', 'broken.en.hbs'), '---\nid: broken-en\nkind: letter\nlanguage: en\ncounterpart: broken-ru\ntitle: x\ndescription: y\n---\nHi\n');
    const lazy = new TemplateLibrary(dir);
    expect(() => lazy.render('broken-ru', { recipient: dmitry, sender: { kind: 'group' }, today: new Date() })).toThrow(/broken\.ru\.hbs: .*nope/u);
  });
});

describe('phrasebook', () => {
  const categories = phrasebook();
  const all = categories.flatMap((c) => c.phrases);

  it('has 60+ phrases in the eight categories, each with an English meaning', () => {
    expect(categories.map((c) => c.id)).toEqual(['greeting', 'about-us', 'support', 'everyday', 'questions', 'wishes', 'holidays', 'closing']);
    expect(all.length).toBeGreaterThanOrEqual(60);
    for (const p of all) expect(p.en.length).toBeGreaterThan(3);
  });

  it('resolves gender, sender and register variants', () => {
    expect(resolvePhrase('{r:Ты|Вы} не {g:один|одна}.', { recipientGender: 'female', sender: 'group', register: 'ty' })).toBe('Ты не одна.');
    expect(resolvePhrase('{s:Я рад|Я рада|Мы рады}', { recipientGender: 'male', sender: 'single-female', register: 'ty' })).toBe('Я рада');
    expect(resolvePhrase('{rs:Твой|Твоя|Твои|Ваш|Ваша|Ваши} друг', { recipientGender: 'male', sender: 'group', register: 'vy' })).toBe('Ваши друг');
    for (const c of resolvedPhrasebook({ recipientGender: 'female', sender: 'group', register: 'vy' }))
      for (const p of c.phrases) for (const text of [p.ru, p.en]) expect(text.replace('{name}', '').replace(/\{country:\w+\}/gu, ''), p.id).not.toMatch(/[{}|]/u);
  });

  it('avoids every topic on the censors’ list', () => {
    const topics = JSON.parse(readFileSync(path.join(TEMPLATES_DIR, 'avoid-topics.json'), 'utf8')) as { topics: { words: string[] }[] };
    const words = topics.topics.flatMap((t) => t.words);
    const texts = [...all.map((p) => `${p.ru} ${p.en}`), ...library.list().map((t) => library.render(t.id, { recipient: dmitry, sender: we, today }))];
    for (const text of texts) {
      const tokens = text.toLowerCase().replaceAll('ё', 'е').split(/[^a-zа-я0-9]+/u);
      for (const w of words) {
        const stem = w.toLowerCase().replaceAll('ё', 'е');
        const hit = stem.endsWith('*') ? tokens.some((t) => t.startsWith(stem.slice(0, -1))) : tokens.includes(stem);
        expect(hit, `"${w}" in: ${text.slice(0, 60)}`).toBe(false);
      }
    }
  });
});
