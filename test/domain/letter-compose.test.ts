/**
 * The server's composition of a letter from the draft's structure: every template × writer × recipient × register,
 * with and without phrases; sections in reading order, one closing formula, agreement of every form, ты/Вы, the
 * dates of birthdays and the New Year over every day of a year, and an empty gap refused naming the phrase.
 */
import { describe, expect, it } from 'vitest';
import { TemplateLibrary, type ComposeRecipient } from '../../server/domain/compose.js';
import { composeLetter, offeredPhrases, type DraftStructure, type Writer } from '../../server/domain/letter-compose.js';
import { phrasebook } from '../../server/domain/phrasebook.js';
import { DomainError } from '../../server/model/errors.js';

const templates = new TemplateLibrary(undefined, { checkEveryForm: true });
const book = phrasebook();
const TODAY = new Date('2026-06-10T12:00:00Z');

const MAN: ComposeRecipient = { surname: 'Орлов', givenName: 'Дмитрий', patronymic: 'Сергеевич', gender: 'male', latinName: 'Dmitry Orlov', birthDate: '1990-03-15', birthYear: 1990, printedCount: 2 };
const WOMAN: ComposeRecipient = { surname: 'Петрова', givenName: 'Анна', patronymic: 'Игоревна', gender: 'female', latinName: 'Anna Petrova', birthDate: '1985-11-02', birthYear: 1985, printedCount: 0 };

const ctx = (recipient: ComposeRecipient, today = TODAY, country = 'CA') => ({ templates, phrasebook: book, recipient, country, today });
const ruTemplates = templates.list().filter((t) => t.language === 'ru');
const WRITERS: Writer[] = ['man', 'woman', 'group'];

/** Every phrase offered for this draft, gaps answered in Cyrillic as a writer accepting the suggestions would. */
function allOffered(recipient: ComposeRecipient, d: Pick<DraftStructure, 'writer' | 'register' | 'templateId'>) {
  return offeredPhrases(ctx(recipient), d)
    .flatMap((c) => c.phrases)
    .filter((p) => !p.formula || p.id === 'closing.respect')
    .map((p) => (p.gap ? { id: p.id, gap: p.gap === 'town' ? 'Toronto' : 'Anna', gapRu: p.gap === 'town' ? 'Торонто' : 'Анна' } : { id: p.id }));
}

const sentences = (text: string) => text.split(/(?<=[.!?])\s+|\n+/u).map((s) => s.trim().toLowerCase()).filter((s) => s.length > 12);
const wordRe = (s: string) => new RegExp(`(?<!\\p{L})(${s})(?!\\p{L})`, 'u');
const words = (text: string) => new Set(text.match(/[\p{L}-]+/gu) ?? []);

describe('composeLetter over every template, writer, recipient and register', () => {
  const cases = ruTemplates.flatMap((t) => WRITERS.flatMap((writer) => [MAN, WOMAN].flatMap((recipient) => (['ty', 'vy'] as const).flatMap((register) => [false, true].map((withPhrases) => ({ t, writer, recipient, register, withPhrases }))))));

  it.each(cases.map((c) => [`${c.t.id} ${c.writer} → ${c.recipient.gender} ${c.register}${c.withPhrases ? ' + phrases' : ''}`, c] as const))('%s', (_name, c) => {
    const draft: DraftStructure = {
      kind: c.t.kind,
      templateId: c.t.id,
      writer: c.writer,
      register: c.register,
      sender: { name: 'Anna', nameRu: 'Анна', town: 'Hamilton', townRu: 'Гамильтон' },
    };
    if (c.withPhrases) draft.phrases = allOffered(c.recipient, draft);
    const out = composeLetter(draft, ctx(c.recipient));
    const ru = out.ru;

    // No Latin letter in the Russian when the writer accepted the Cyrillic spellings.
    expect(ru).not.toMatch(/\p{Script=Latin}/u);
    // No sentence twice.
    const seen = sentences(ru);
    expect(seen.filter((s, i) => seen.indexOf(s) !== i)).toEqual([]);
    // Sections in reading order; questions before wishes before the closing; exactly one closing formula; signature last.
    const order = ['greeting', 'introduction', 'about-us', 'body', 'questions', 'wishes', 'closing', 'signature'];
    const ranks = out.paragraphs.map((p) => order.indexOf(p.section));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(out.paragraphs.filter((p) => p.formula)).toHaveLength(1);
    expect(out.paragraphs.at(-1)!.section).toBe('signature');
    expect(ru.split('\n').at(-1)).toBe('Анна');

    const w = words(ru);
    // The writer's forms (рад/рада/рады, хотел/хотела/хотели, один/одна by who writes).
    const wrongForWriter = {
      man: ['[Яя] (хотела|прочитала|испекла|посмотрела)', 'рада', 'рады', 'Мы (хотели|пишем|живём)', 'Желаем', 'Обнимаем'],
      woman: ['[Яя] (хотел|прочитал|испёк|посмотрел)', 'рад', 'рады', 'Мы (хотели|пишем|живём)', 'Желаем', 'Обнимаем'],
      group: ['[Яя] (хотел|хотела|пишу|живу)', 'рад', 'рада', 'Желаю', 'Обнимаю'],
    }[c.writer];
    expect(wrongForWriter.filter((x) => wordRe(x).test(ru))).toEqual([]);
    const rightForWriter = { man: ['рад', 'хотел'], woman: ['рада', 'хотела'], group: ['рады', 'хотели'] }[c.writer];
    if (/(?<!\p{L})ра(д|да|ды)(?!\p{L})/u.test(ru)) expect(wordRe(rightForWriter[0]!).test(ru)).toBe(true);
    // твой/твоя/твои, Ваш/Ваша/Ваши in the signature follow the writer.
    const unsigned = composeLetter({ ...draft, sender: {} }, ctx(c.recipient)).paragraphs.at(-1)!.ru;
    const friend = { man: ['Твой друг', 'Ваш друг'], woman: ['Твоя подруга', 'Ваша подруга'], group: ['Твои друзья', 'Ваши друзья'] }[c.writer][c.register === 'ty' ? 0 : 1]!;
    if (!c.withPhrases) expect(unsigned).toBe(`${friend} из Канады`);
    // ты or Вы throughout, Вы capitalised as in letters.
    const ty = ['ты', 'Ты', 'тебя', 'тебе', 'Тебе', 'твой', 'твоя', 'твоё', 'твои', 'Твой', 'Твоя', 'Твои', 'Твоё', 'Расскажи', 'Держись'];
    const vy = ['Вы', 'Вас', 'Вам', 'Ваш', 'Ваша', 'Ваше', 'Ваши', 'Расскажите', 'Держитесь', 'Здравствуйте'];
    if (c.register === 'ty') expect(vy.filter((x) => w.has(x))).toEqual([]);
    else expect(ty.filter((x) => w.has(x))).toEqual([]);
    expect(['вы', 'вас', 'вам', 'ваш', 'ваша', 'ваши'].filter((x) => w.has(x))).toEqual([]);
    // The recipient's forms.
    if (c.register === 'ty') expect(ru).not.toMatch(c.recipient.gender === 'female' ? /не один\b|Дорогой |ты получил |ты знал\b/u : /не одна\b|Дорогая |ты получила |ты знала\b/u);
    else expect(ru).not.toMatch(/не один\b|не одна\b/u);
    // With Вы the greeting names the patronymic.
    const dear = out.paragraphs.find((p) => /^Дорог/u.test(p.ru));
    if (c.register === 'vy' && dear && dear.section === 'greeting') expect(dear.ru).toBe(`${c.recipient.gender === 'female' ? 'Дорогая' : 'Дорогой'} ${c.recipient.givenName} ${c.recipient.patronymic}!`);
    // The English follows the writer: never "me (us)".
    expect(out.en).not.toMatch(/\((we|us|our)\)|\(s\)/u);
    if (c.writer === 'group') expect(out.en).not.toMatch(/\bI (am|wish|hope|love|live)\b/u);
    else expect(out.en).not.toMatch(/\bWe (are|wish|hope|love|live)\b/u);
  });
});

describe('the letter as the writer arranges it', () => {
  it('puts each phrase in its section, with a full stop after a filled gap and one closing formula', () => {
    const out = composeLetter(
      {
        kind: 'letter', templateId: 'support-letter-ru', writer: 'woman', register: 'ty',
        phrases: [{ id: 'closing.warmly' }, { id: 'about-us.cat', gap: 'Murka', gapRu: 'Мурка' }, { id: 'questions.weather' }, { id: 'closing.respect' }],
        sender: { name: 'Anna', nameRu: 'Анна' },
      },
      ctx(MAN),
    );
    const ids = out.paragraphs.map((p) => p.id);
    expect(ids.indexOf('p:about-us.cat')).toBeLessThan(ids.indexOf('t2'));
    expect(ids.indexOf('p:questions.weather')).toBeGreaterThan(ids.indexOf('t4'));
    expect(ids.indexOf('p:questions.weather')).toBeLessThan(ids.indexOf('t5'));
    expect(out.ru).toContain('У меня есть кошка, её зовут Мурка.');
    expect(out.ru).toContain('Какая у тебя погода?');
    // The formula chosen last replaces the template's and the other chosen one; the signature under it.
    expect(out.ru.endsWith('С уважением,\nАнна')).toBe(true);
    expect(out.ru).not.toMatch(/Обнимаю|С теплом/u);
  });

  it('does not offer what the template already says, «Меня зовут» to a group or «наши письма» to one writer', () => {
    const ids = (writer: Writer, templateId?: string) => new Set(offeredPhrases(ctx(MAN), { writer, templateId }).flatMap((c) => c.phrases.map((p) => p.id)));
    expect(ids('woman', 'support-letter-ru').has('support.inspire')).toBe(false);
    expect(ids('woman', 'first-letter-ru').has('greeting.my-name')).toBe(false);
    expect(ids('woman').has('greeting.my-name')).toBe(true);
    expect(ids('group').has('greeting.my-name')).toBe(false);
    expect(ids('man').has('questions.letters-arrive')).toBe(false);
    expect(ids('group').has('questions.letters-arrive')).toBe(true);
    // Sent anyway, a covered phrase is left out rather than said twice.
    const out = composeLetter({ kind: 'letter', templateId: 'support-letter-ru', writer: 'man', phrases: [{ id: 'support.inspire' }] }, ctx(MAN));
    expect(out.ru.match(/стойкость/gu)).toHaveLength(1);
  });

  it('moves a paragraph across sections and removes template paragraphs', () => {
    const base = composeLetter({ kind: 'letter', templateId: 'first-letter-ru', writer: 'man', register: 'ty', phrases: [{ id: 'questions.music' }] }, ctx(MAN));
    const ids = base.paragraphs.map((p) => p.id);
    // The phrase goes to the top, after the greeting; the template's about-us paragraph is removed.
    const moved = [ids[0]!, 'p:questions.music', ...ids.slice(1).filter((id) => id !== 'p:questions.music')];
    const out = composeLetter({ kind: 'letter', templateId: 'first-letter-ru', writer: 'man', register: 'ty', phrases: [{ id: 'questions.music' }], order: moved, removed: ['t3'] }, ctx(MAN));
    expect(out.paragraphs.map((p) => p.id)).toEqual(moved.filter((id) => id !== 't3'));
    expect(out.ru).not.toContain('Расскажу немного о себе');
    expect(out.ru.split('\n\n')[1]).toBe('Какую музыку ты любишь?');
  });

  it('refuses an empty gap naming the phrase, and keeps «…» while writing when asked', () => {
    const draft: DraftStructure = { kind: 'letter', writer: 'woman', phrases: [{ id: 'greeting.my-name', gap: '  ' }] };
    let error: unknown;
    try {
      composeLetter(draft, ctx(MAN));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('unprocessable');
    expect((error as DomainError).message).toContain('My name is …');
    expect((error as DomainError).message).toContain('greeting.my-name');
    expect(composeLetter({ ...draft, keepEmptyGaps: true }, ctx(MAN)).ru).toContain('Меня зовут …');
  });

  it('offers Cyrillic for the name, the town and gap answers typed in Latin', () => {
    const out = composeLetter({ kind: 'letter', writer: 'woman', sender: { name: 'John', town: 'Toronto' }, phrases: [{ id: 'about-us.live-in', gap: 'Hamilton' }] }, ctx(MAN));
    expect(out.suggestions).toEqual([
      expect.objectContaining({ field: 'sender.name', latin: 'John', cyrillic: 'Джон' }),
      expect.objectContaining({ field: 'sender.town', latin: 'Toronto', cyrillic: 'Торонто' }),
      expect.objectContaining({ field: 'phrases[0].gap', latin: 'Hamilton', cyrillic: 'Гамильтон' }),
    ]);
    // Not accepted yet: the Latin stays (and the hints say so); the English keeps the Latin either way.
    expect(out.ru).toContain('Hamilton');
    expect(out.en).toContain('I live in Hamilton.');
  });

  it('names the collective’s country in its case, in Russian and English', () => {
    for (const [iso, ru, en] of [['CA', 'из Канады', 'from Canada'], ['DE', 'из Германии', 'from Germany'], ['US', 'из США', 'from the United States'], ['GB', 'из Великобритании', 'from the United Kingdom']] as const) {
      const out = composeLetter({ kind: 'letter', templateId: 'first-letter-ru', writer: 'group' }, ctx(MAN, TODAY, iso));
      expect(out.ru).toContain(`Мы пишем тебе ${ru}`);
      expect(out.en).toContain(`writing to you ${en}`);
    }
  });
});

describe('ты or Вы by default', () => {
  const reg = (r: ComposeRecipient & { register?: 'ty' | 'vy' | null }, draft: Partial<DraftStructure> = {}) =>
    composeLetter({ kind: 'letter', templateId: 'support-letter-ru', writer: 'man', ...draft }, ctx(r)).register;
  it('is «Вы» for a first letter to someone over 50, else the template’s; the person’s record and the writer’s choice win', () => {
    const older = { ...MAN, birthDate: '1960-01-01', birthYear: 1960 };
    expect(reg({ ...older, printedCount: 0 })).toBe('vy');
    expect(reg({ ...older, printedCount: 3 })).toBe('ty');
    expect(reg({ ...MAN, printedCount: 0 })).toBe('ty');
    expect(reg({ ...MAN, register: 'vy' })).toBe('vy');
    expect(reg({ ...older, printedCount: 0, register: 'ty' })).toBe('ty');
    expect(reg({ ...older, printedCount: 0 }, { register: 'ty' })).toBe('ty');
  });
  it('says «ещё раз… снова» only when this collective has written before', () => {
    const text = (printedCount: number) => composeLetter({ kind: 'letter', templateId: 'support-letter-ru', writer: 'man', register: 'ty' }, ctx({ ...MAN, printedCount })).ru;
    expect(text(0)).not.toMatch(/ещё раз|снова/u);
    expect(text(1)).toMatch(/ещё раз/u);
    expect(text(1)).toMatch(/снова/u);
  });
});

/** Days of 2026, one by one. */
function* daysOf(year: number) {
  for (let d = new Date(Date.UTC(year, 0, 1, 12)); d.getUTCFullYear() === year; d = new Date(d.getTime() + 86_400_000)) yield d;
}
const iso = (d: Date) => d.toISOString().slice(0, 10);
const MONTHS_RU = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

describe('dates over every day of 2026', () => {
  for (const birthDate of ['1990-03-15', '1988-02-29', '1975-12-31', '2000-01-01']) {
    it(`birthday ${birthDate}: belated within 30 days after, else the coming one with its age`, () => {
      const r = { ...MAN, birthDate, birthYear: Number(birthDate.slice(0, 4)) };
      for (const today of daysOf(2026)) {
        // Walk back day by day to the last birthday, forward to the next: an independent count.
        const isBirthday = (d: Date) => {
          const md = birthDate.slice(5);
          const dm = iso(d).slice(5);
          const leap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
          return dm === md || (md === '02-29' && !leap(d.getUTCFullYear()) && dm === '02-28');
        };
        let back = 0;
        while (!isBirthday(new Date(today.getTime() - back * 86_400_000))) back++;
        let ahead = 0;
        while (!isBirthday(new Date(today.getTime() + ahead * 86_400_000))) ahead++;
        const last = new Date(today.getTime() - back * 86_400_000);
        const next = new Date(today.getTime() + ahead * 86_400_000);
        const out = composeLetter({ kind: 'letter', templateId: 'birthday-letter-ru', writer: 'man', register: 'ty' }, ctx(r, today)).paragraphs.find((p) => p.section === 'introduction')!.ru;
        const age = (d: Date) => d.getUTCFullYear() - r.birthYear;
        // A no-break space between day and month, so they never part at a line end.
        const dayMonth = (d: Date) => `${d.getUTCDate()}\u00a0${MONTHS_RU[d.getUTCMonth()]}`;
        // «исполнился 61 год», «исполнилось 62 года», «исполнилось 65 лет»
        const passed = (n: number) => (n % 10 === 1 && n % 100 !== 11 ? 'исполнился' : 'исполнилось');
        if (back === 0) expect(out, iso(today)).toMatch(new RegExp(`^С днём рождения! Сегодня тебе исполняется ${age(today)} `, 'u'));
        else if (back <= 30) expect(out, iso(today)).toMatch(new RegExp(`^С прошедшим днём рождения! ${dayMonth(last)} тебе ${passed(age(last))} ${age(last)} `, 'u'));
        else expect(out, iso(today)).toMatch(new RegExp(`^С наступающим днём рождения! ${dayMonth(next)} тебе исполнится ${age(next)} `, 'u'));
        // The postcard follows the same dates, without the age.
        const card = composeLetter({ kind: 'postcard', templateId: 'birthday-ru', writer: 'woman', register: 'ty' }, ctx(r, today)).paragraphs[0]!.ru;
        if (back === 0) expect(card, iso(today)).toBe('С днём рождения! Я думаю о тебе сегодня и желаю сил, здоровья и побольше хороших писем.');
        else if (back <= 30) expect(card, iso(today)).toBe('С прошедшим днём рождения! Я думаю о тебе и желаю сил, здоровья и побольше хороших писем.');
        else expect(card, iso(today)).toBe(`С наступающим днём рождения! ${dayMonth(next)} я буду особенно думать о тебе, а пока желаю сил, здоровья и побольше хороших писем.`);
      }
    });
  }

  it('New Year: in January the one just passed, otherwise the coming one; Christmas on 7 January', () => {
    for (const today of daysOf(2026)) {
      const out = composeLetter({ kind: 'letter', templateId: 'new-year-letter-ru', writer: 'group', register: 'ty' }, ctx(MAN, today)).ru;
      const january = today.getUTCMonth() === 0;
      expect(out, iso(today)).toContain(`С Новым ${january ? 2026 : 2027} годом`);
      expect(out, iso(today)).toContain(january && today.getUTCDate() > 7 ? 'с прошедшим Рождеством' : 'и с Рождеством!');
      expect(out, iso(today)).toMatch(january ? /Мы встретили Новый год/u : /Мы встретим Новый год/u);
      expect(out, iso(today)).toContain('О чём тебе было бы интересно читать в письмах в новом году?');
      const card = composeLetter({ kind: 'postcard', templateId: 'new-year-ru', writer: 'group' }, ctx(MAN, today)).ru;
      expect(card, iso(today)).toContain(`С Новым ${january ? 2026 : 2027} годом`);
    }
  });
});

describe('phrases that depend on the letters sent before and on the register', () => {
  const ids = (recipient: ComposeRecipient, templateId: string, register: 'ty' | 'vy' = 'ty') =>
    offeredPhrases(ctx(recipient), { writer: 'woman', register, templateId }).flatMap((c) => c.phrases);

  it('offers «впервые» only to someone this collective has not written to', () => {
    expect(ids({ ...MAN, printedCount: 0 }, 'support-letter-ru').map((p) => p.id)).toContain('greeting.first-time');
    expect(ids({ ...MAN, printedCount: 2 }, 'support-letter-ru').map((p) => p.id)).not.toContain('greeting.first-time');
    // Sent anyway (a stale draft), it is left out of the letter rather than contradicting «ещё раз».
    const out = composeLetter(
      { kind: 'letter', templateId: 'support-letter-ru', writer: 'woman', register: 'ty', phrases: [{ id: 'greeting.first-time' }] },
      ctx({ ...MAN, printedCount: 2 }),
    );
    expect(out.ru).toContain('ещё раз');
    expect(out.ru).not.toContain('впервые');
  });

  it('does not say «Привет» to someone addressed as Вы, and a template that says where it is from is not followed by the same sentence', () => {
    const vy = ids(WOMAN, 'support-letter-ru', 'vy');
    for (const p of vy) expect(p.ru).not.toMatch(/^Привет/u);
    for (const t of ['support-letter-ru', 'birthday-letter-ru', 'new-year-letter-ru', 'first-letter-ru']) {
      expect(ids(MAN, t).map((p) => p.id)).not.toContain('greeting.writing-from');
    }
  });
});
