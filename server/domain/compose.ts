/**
 * Letter and postcard templates (Handlebars, Russian + English) and the phrasebook.
 *
 * Templates live in templates/letters and templates/postcards as `<id>.hbs`, each starting with a front
 * matter block (id, kind, language, counterpart, register, title, description). They are parsed and test-run
 * once when loaded: a broken template stops the server at start with its file and line.
 *
 * Grammar helpers a template uses (see docs/pdf.md, "Templates and the phrasebook"):
 *   {{g "дорогой" "дорогая"}}            recipient's gender
 *   {{s "хотел" "хотела" "хотели"}}      sender: one man, one woman, a group («мы»)
 *   {{r "тебе" "Вам"}}                   ты or Вы, fixed per letter
 *   {{rg "ты знал" "ты знала" "Вы знали"}} ты by gender, or Вы (past tense and short adjectives are plural)
 *   {{name "first"|"full"|"last" case?}} recipient's name in a case (lvovich); {{latin text}} (iuliia)
 *   {{date value "ru"|"en" "full"|"day-month"}}, {{plural n "год" "года" "лет"}} (Intl.PluralRules)
 *   {{#if (eq season "winter")}} — context also has recipient, sender.{name,city,group,single}, year, nextYear
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { inclineFirstname, inclineLastname, inclineMiddlename } from 'lvovich';
import { transliterate, type Gender } from './names.js';
import { countryCases, type CountryCases } from './places.js';
import { templatesDir } from '../paths.js';

export type TemplateKind = 'letter' | 'postcard';
export type TemplateLanguage = 'ru' | 'en';
export type Register = 'ty' | 'vy';
export type SenderForm = 'single-male' | 'single-female' | 'group';

export interface TemplateInfo {
  id: string;
  kind: TemplateKind;
  language: TemplateLanguage;
  /** The same template in the other language. */
  counterpartId: string;
  /** ты or Вы used unless the writer picks otherwise. */
  register: Register;
  title: string;
  description: string;
  /** Phrase ids that say what this template already says: not offered with it. */
  covers: string[];
  /** A native speaker's review: draft until checked (docs/texts.md lists every text with it). */
  review: 'draft' | 'checked';
}

export interface ComposeRecipient {
  /** Items printed for this person by this collective: «ещё раз / снова» only when there were some. */
  printedCount?: number;
  surname: string;
  givenName: string;
  patronymic: string | null;
  gender: Gender;
  latinName: string;
  birthDate: string | null;
  birthYear: number | null;
}

export interface ComposeSender {
  kind: 'single' | 'group';
  gender?: Gender;
  /** The writer's first name as it goes into this language's text (Cyrillic in the Russian, as accepted). */
  name?: string;
  city?: string;
}

export interface ComposeInput {
  recipient: ComposeRecipient;
  sender: ComposeSender;
  register?: Register;
  /** "Today" for dates and the coming year; fixed in tests. */
  today: Date;
  /** ISO code of the collective's country (settings), named in its case: из Канады, from Canada. */
  country?: string;
  /** The writer's name and town in Latin, for the English text (the Russian takes `sender`). */
  senderLatin?: { name?: string; city?: string };
}

/** A template paragraph: its section of the letter, and whether it is the closing formula. */
export interface TemplateParagraph {
  section: Section;
  formula: boolean;
  text: string;
}

/** The parts of a letter in reading order. */
export const SECTIONS = ['greeting', 'introduction', 'about-us', 'body', 'questions', 'wishes', 'closing', 'signature'] as const;
export type Section = (typeof SECTIONS)[number];

/** The birthday a letter speaks of: the coming one, or one within the last BELATED_DAYS days (belated wishes). */
export const BELATED_DAYS = 30;

export interface BirthdayFacts {
  /** The date of that birthday (YYYY-MM-DD), null without a known birth date. */
  date: string | null;
  age: number | null;
  belated: boolean;
  today: boolean;
}

const DAY_MS = 86_400_000;

function utcDay(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
}

/** The birthday in a given year; 29 February falls on 28 February in other years. */
function birthdayIn(year: number, birthDate: string): string {
  let md = birthDate.slice(5);
  if (md === '02-29' && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) md = '02-28';
  return `${year}-${md}`;
}

/** Which birthday a letter written today speaks of. */
export function birthdayFacts(r: Pick<ComposeRecipient, 'birthDate' | 'birthYear'>, today: Date): BirthdayFacts {
  const todayIso = today.toISOString().slice(0, 10);
  const year = today.getUTCFullYear();
  if (!r.birthDate) return { date: null, age: null, belated: false, today: false };
  const born = Number(r.birthDate.slice(0, 4));
  const candidates = [year - 1, year, year + 1].map((y) => ({ y, iso: birthdayIn(y, r.birthDate!) }));
  const t = utcDay(todayIso);
  const last = [...candidates].reverse().find((c) => utcDay(c.iso) <= t)!;
  const next = candidates.find((c) => utcDay(c.iso) >= t)!;
  if (last.iso === todayIso) return { date: todayIso, age: last.y - born, belated: false, today: true };
  if ((t - utcDay(last.iso)) / DAY_MS <= BELATED_DAYS) return { date: last.iso, age: last.y - born, belated: true, today: false };
  return { date: next.iso, age: next.y - born, belated: false, today: false };
}

/** The New Year a letter speaks of: in January the one just passed (this year), otherwise the coming one. */
export function newYearFacts(today: Date): { year: number; passed: boolean; afterChristmas: boolean } {
  const year = today.getUTCFullYear();
  const january = today.getUTCMonth() === 0;
  // Orthodox Christmas is on 7 January.
  return { year: january ? year : year + 1, passed: january, afterChristmas: january && today.getUTCDate() > 7 };
}

interface LoadedTemplate {
  info: TemplateInfo;
  render: Handlebars.TemplateDelegate;
  /** The file, relative to the templates folder's parent, for error messages. */
  rel: string;
}

const CASES = ['nominative', 'genitive', 'dative', 'accusative', 'instrumental', 'prepositional'] as const;
type Case = (typeof CASES)[number];

const SEASONS = ['winter', 'winter', 'spring', 'spring', 'spring', 'summer', 'summer', 'summer', 'autumn', 'autumn', 'autumn', 'winter'] as const;

export const TEMPLATES_DIR = templatesDir;

/** The collective's country in its cases; Canada (the default setting) for a code the list does not know. */
export function countryOrHome(iso2: string | undefined): CountryCases {
  return countryCases(iso2 ?? 'CA') ?? countryCases('CA')!;
}

export function senderForm(sender: ComposeSender): SenderForm {
  if (sender.kind === 'group') return 'group';
  return sender.gender === 'female' ? 'single-female' : 'single-male';
}

function pick<T>(options: readonly T[], index: number): T {
  return options[Math.min(index, options.length - 1)]!;
}

/** The Handlebars instance with Volya's helpers; each helper reads the grammar from the root context. */
function createHandlebars(): typeof Handlebars {
  const hb = Handlebars.create();
  type Root = { recipient: { gender: Gender }; senderForm: SenderForm; register: Register; language: TemplateLanguage; name: Record<string, string> };
  const root = (options: Handlebars.HelperOptions) => options.data.root as Root;
  const args = (a: unknown[]) => ({ values: a.slice(0, -1) as string[], options: a[a.length - 1] as Handlebars.HelperOptions });

  hb.registerHelper('g', (...a: unknown[]) => {
    const { values, options } = args(a);
    return pick(values, root(options).recipient.gender === 'female' ? 1 : 0);
  });
  hb.registerHelper('s', (...a: unknown[]) => {
    const { values, options } = args(a);
    return pick(values, ['single-male', 'single-female', 'group'].indexOf(root(options).senderForm));
  });
  hb.registerHelper('r', (...a: unknown[]) => {
    const { values, options } = args(a);
    return pick(values, root(options).register === 'vy' ? 1 : 0);
  });
  hb.registerHelper('rg', (...a: unknown[]) => {
    const { values, options } = args(a);
    const r = root(options);
    return pick(values, r.register === 'vy' ? 2 : r.recipient.gender === 'female' ? 1 : 0);
  });
  hb.registerHelper('name', (...a: unknown[]) => {
    const { values, options } = args(a);
    const [part = 'first', grammaticalCase = 'nominative'] = values;
    if (!CASES.includes(grammaticalCase as Case)) throw new Error(`unknown case "${grammaticalCase}"`);
    const key = `${part}:${grammaticalCase}`;
    const v = root(options).name[key];
    if (v === undefined) throw new Error(`unknown name part "${part}"`);
    return v;
  });
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('country', (...a: unknown[]) => {
    const { values, options } = args(a);
    const form = (values[0] ?? 'nominative') as keyof CountryCases;
    const cases = (options.data.root as { country: CountryCases }).country;
    if (!(form in cases)) throw new Error(`unknown country form "${form}"`);
    return cases[form];
  });
  hb.registerHelper('latin', (text: unknown) => transliterate(String(text ?? '')));
  hb.registerHelper('date', (...a: unknown[]) => {
    const { values } = args(a);
    const [value, language = 'ru', style = 'full'] = values;
    if (!value) return '';
    const d = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
    const opts: Intl.DateTimeFormatOptions =
      style === 'day-month' ? { day: 'numeric', month: 'long', timeZone: 'UTC' } : { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };
    // A no-break space keeps «5 января» on one line (the line breaker splits at plain spaces only).
    return new Intl.DateTimeFormat(language === 'en' ? 'en-CA' : 'ru-RU', opts).format(d).replace(' ', '\u00a0');
  });
  hb.registerHelper('plural', (...a: unknown[]) => {
    const { values, options } = args(a);
    const [n, ...forms] = values;
    const language = root(options).language;
    const category = new Intl.PluralRules(language === 'en' ? 'en' : 'ru').select(Number(n));
    // ru: one (1, 21), few (2–4, 22–24), many (5–20, 25…); en: one, other.
    const order = language === 'en' ? ['one', 'other'] : ['one', 'few', 'many', 'other'];
    return pick(forms, Math.max(0, order.indexOf(category)));
  });
  return hb;
}

function inclineName(recipient: ComposeRecipient): Record<string, string> {
  const out: Record<string, string> = {};
  const gender = recipient.gender;
  for (const c of CASES) {
    const first = inclineFirstname(recipient.givenName, c, gender);
    const last = inclineLastname(recipient.surname, c, gender);
    const middle = recipient.patronymic ? inclineMiddlename(recipient.patronymic, c, gender) : '';
    out[`first:${c}`] = first;
    out[`last:${c}`] = last;
    out[`firstMiddle:${c}`] = [first, middle].filter(Boolean).join(' ');
    out[`full:${c}`] = [last, first, middle].filter(Boolean).join(' ');
  }
  return out;
}

function parseFrontMatter(source: string, file: string): { meta: Record<string, string>; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/u.exec(source);
  if (!m) throw new Error(`${file}:1: template has no front matter (--- id, kind, language, … ---)`);
  const meta: Record<string, string> = {};
  m[1]!.split(/\r?\n/u).forEach((line, i) => {
    if (!line.trim()) return;
    const kv = /^(\w+):\s*(.*)$/u.exec(line);
    if (!kv) throw new Error(`${file}:${i + 2}: front matter line is not "key: value"`);
    meta[kv[1]!] = kv[2]!.trim();
  });
  // Blank lines in place of the front matter keep Handlebars' line numbers true to the file.
  return { meta, body: '\n'.repeat(m[0].split('\n').length - 1) + source.slice(m[0].length) };
}

function infoFrom(meta: Record<string, string>, file: string): TemplateInfo {
  const need = (k: string) => {
    if (!meta[k]) throw new Error(`${file}: front matter misses "${k}"`);
    return meta[k]!;
  };
  const kind = need('kind');
  const language = need('language');
  const register = meta.register ?? 'ty';
  if (kind !== 'letter' && kind !== 'postcard') throw new Error(`${file}: kind must be letter or postcard`);
  if (language !== 'ru' && language !== 'en') throw new Error(`${file}: language must be ru or en`);
  if (register !== 'ty' && register !== 'vy') throw new Error(`${file}: register must be ty or vy`);
  const covers = (meta.covers ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  const review = meta.review ?? 'draft';
  if (review !== 'draft' && review !== 'checked') throw new Error(`${file}: review must be draft or checked`);
  return { id: need('id'), kind, language, counterpartId: need('counterpart'), register, title: need('title'), description: need('description'), covers, review };
}

/** Blank lines collapsed, trailing spaces dropped: templates can be laid out readably. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/u, '').replace(/ {2,}/gu, ' '))
    .join('\n')
    .replace(/\n{3,}/gu, '\n\n')
    .replace(/ +([,.!?])/gu, '$1')
    .trim();
}

const TAG = /^\u00a7([a-z-]+)( formula)? /u;

/** Rendered template text → its tagged paragraphs; an untagged paragraph is a mistake in the file. */
function splitParagraphs(text: string, rel: string): TemplateParagraph[] {
  return text.split(/\n\s*\n/u).map((p) => p.trim()).filter(Boolean).map((p) => {
    const m = TAG.exec(p);
    if (!m || !SECTIONS.includes(m[1] as Section)) throw new Error(`${rel}: paragraph "${p.slice(0, 30)}…" does not start with §section (one of ${SECTIONS.join(', ')})`);
    return { section: m[1] as Section, formula: Boolean(m[2]), text: p.slice(m[0].length).trim() };
  }).filter((p) => p.text);
}

const SAMPLE_RECIPIENTS: ComposeRecipient[] = [
  { surname: 'Иванов', givenName: 'Иван', patronymic: 'Иванович', gender: 'male', latinName: 'Ivan Ivanov', birthDate: '1990-03-15', birthYear: 1990 },
  { surname: 'Иванова', givenName: 'Мария', patronymic: null, gender: 'female', latinName: 'Maria Ivanova', birthDate: null, birthYear: null },
];
const SAMPLE_SENDERS: ComposeSender[] = [
  { kind: 'single', gender: 'male', name: 'Иван', city: 'Торонто' },
  { kind: 'single', gender: 'female' },
  { kind: 'group', city: 'Монреаль' },
];

export class TemplateLibrary {
  private readonly templates = new Map<string, LoadedTemplate>();
  private readonly hb = createHandlebars();

  /**
   * Reads and parses every template under dir; throws with file and line on the first syntax error. A template
   * is compiled to code on its first use, which keeps about 0.1 s off every start. `checkEveryForm` (the test
   * suite) compiles each one now and runs every recipient × sender × register combination, so an unknown helper
   * or field fails the tests rather than a letter.
   */
  constructor(dir = TEMPLATES_DIR, opts: { checkEveryForm?: boolean } = {}) {
    for (const sub of ['letters', 'postcards']) {
      const folder = path.join(dir, sub);
      for (const name of readdirSync(folder).filter((f) => f.endsWith('.hbs')).sort()) {
        const file = path.join(folder, name);
        const rel = path.relative(path.dirname(dir), file);
        const { meta, body } = parseFrontMatter(readFileSync(file, 'utf8'), rel);
        const info = infoFrom(meta, rel);
        if (this.templates.has(info.id)) throw new Error(`${rel}: duplicate template id "${info.id}"`);
        let render: Handlebars.TemplateDelegate;
        try {
          // Parsed now, so a syntax error stops the start; compiled from this tree on the first call. The test
          // suite's runs find unknown helpers and fields.
          render = this.hb.compile(this.hb.parseWithoutProcessing(body), { strict: true, noEscape: true });
          if (opts.checkEveryForm) {
            for (const recipient of SAMPLE_RECIPIENTS)
              for (const sender of SAMPLE_SENDERS)
                for (const register of ['ty', 'vy'] as const) splitParagraphs(tidy(render(this.context(info, { recipient, sender, register, today: new Date() }))), rel);
          }
        } catch (err) {
          throw new Error(`${rel}: ${(err as Error).message}`);
        }
        this.templates.set(info.id, { info, render, rel });
      }
    }
    for (const { info } of this.templates.values()) {
      const other = this.templates.get(info.counterpartId);
      if (!other || other.info.counterpartId !== info.id) throw new Error(`${info.id}: counterpart "${info.counterpartId}" missing or not paired back`);
    }
  }

  list(): TemplateInfo[] {
    return [...this.templates.values()].map((t) => t.info);
  }

  get(id: string): TemplateInfo | undefined {
    return this.templates.get(id)?.info;
  }

  private context(info: TemplateInfo, input: ComposeInput) {
    const r = input.recipient;
    const year = input.today.getUTCFullYear();
    const birthday = birthdayFacts(r, input.today);
    const age = birthday.age ?? (r.birthYear ? year - r.birthYear : null);
    const latinFirst = r.latinName.trim().split(/\s+/u)[0] || transliterate(r.givenName);
    const register = input.register ?? info.register;
    const names = inclineName(r);
    const en = info.language === 'en';
    const senderName = (en ? input.senderLatin?.name : undefined) ?? input.sender.name;
    const senderTown = (en ? input.senderLatin?.city : undefined) ?? input.sender.city;
    return {
      language: info.language,
      register,
      senderForm: senderForm(input.sender),
      recipient: { ...r, latinFirst, age },
      sender: {
        name: senderName?.trim() || null,
        town: senderTown?.trim() || null,
        city: senderTown?.trim() || null,
        group: input.sender.kind === 'group',
        single: input.sender.kind !== 'group',
      },
      // With Вы, the name and patronymic where known: «Дорогая Анна Игоревна!».
      greetingName: register === 'vy' && r.patronymic ? names['firstMiddle:nominative']! : names['first:nominative']!,
      country: countryOrHome(input.country),
      writtenBefore: (r.printedCount ?? 0) > 0,
      birthday,
      newYear: newYearFacts(input.today),
      name: names,
      today: input.today.toISOString().slice(0, 10),
      year,
      nextYear: year + 1,
      // Seasons as felt in Canada, where the letters are written.
      season: SEASONS[input.today.getUTCMonth()],
    };
  }

  /** The template's text for this recipient and sender, in its own language. */
  render(id: string, input: ComposeInput): string {
    const t = this.templates.get(id);
    if (!t) throw new Error(`unknown template "${id}"`);
    let text: string;
    try {
      text = t.render(this.context(t.info, input));
    } catch (err) {
      throw new Error(`${t.rel}: ${(err as Error).message}`);
    }
    return tidy(text);
  }

  /** The template's paragraphs, each tagged `§section` (or `§closing formula`) at its start. */
  paragraphs(id: string, input: ComposeInput): TemplateParagraph[] {
    return splitParagraphs(this.render(id, input), this.templates.get(id)!.rel);
  }

  /** The Russian and English paragraphs side by side, whichever of the pair was asked for. */
  pairs(id: string, input: ComposeInput): { section: Section; formula: boolean; ru: string; en: string }[] {
    const t = this.templates.get(id);
    if (!t) throw new Error(`unknown template "${id}"`);
    const ruId = t.info.language === 'ru' ? id : t.info.counterpartId;
    const enId = t.info.language === 'en' ? id : t.info.counterpartId;
    const ru = this.paragraphs(ruId, input);
    const en = this.paragraphs(enId, input);
    if (ru.length !== en.length || ru.some((p, i) => p.section !== en[i]!.section))
      throw new Error(`${t.rel}: the Russian and English paragraphs do not pair up (${ru.map((p) => p.section).join(',')} / ${en.map((p) => p.section).join(',')})`);
    return ru.map((p, i) => ({ section: p.section, formula: p.formula, ru: p.text, en: en[i]!.text }));
  }

  /** The Russian text and its English meaning as plain text (paragraphs as written, without the section tags). */
  compose(id: string, input: ComposeInput): { ru: string; en: string } {
    const pairs = this.pairs(id, input);
    return { ru: pairs.map((p) => p.ru).join('\n\n'), en: pairs.map((p) => p.en).join('\n\n') };
  }
}

let library: TemplateLibrary | undefined;

/** The process-wide library, loaded on first use (the pdf routes load it at registration, i.e. at start). */
export function templateLibrary(): TemplateLibrary {
  library ??= new TemplateLibrary();
  return library;
}
