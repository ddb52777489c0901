/** The relay bundle: the ZIP opened with fflate, texts Russian-only and matched to the manifest, drawings greyscale and legible. */
import { strFromU8, unzipSync } from 'fflate';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { checkRelayLimits, RELAY_PAGE_CHARS, type RelayTerms } from '../../server/domain/relay.js';
import { legibility, luminance } from '../../server/pdf/greyscale.js';
import { encodeRgbPng, rgbOverWhite } from '../../server/pdf/png-pixels.js';
import { decodeImage } from '../../server/pdf/png-check.js';
import { buildRelayBundle, type RelayEntry, type RelayManifestRow } from '../../server/pdf/relay-bundle.js';
import { relayZipBytes } from '../../server/pdf/relay-zip.js';
import { DomainError } from '../../server/model/errors.js';
import { DATE, PARAGRAPH } from './fixtures.js';

const RELAY: RelayTerms = {
  name: 'E-letter service',
  accepts: 'text-images',
  charLimit: 2500,
  pageLimit: 2,
  prices: { perLetter: 60, perPage: 30, perImage: 25, perReplyForm: 40, currency: 'RUB' },
  canReply: true,
};

/** A 200 × 150 drawing: white paper with a thick diagonal stroke and a frame in `stroke` colour. */
function drawing(stroke: [number, number, number]): string {
  const w = 200;
  const h = 150;
  const rgb = new Uint8Array(w * h * 3).fill(255);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const onLine = Math.abs(x * (h / w) - y) < 4 || x < 3 || y < 3 || x >= w - 3 || y >= h - 3;
      if (onLine) rgb.set(stroke, (y * w + x) * 3);
    }
  }
  return `data:image/png;base64,${Buffer.from(encodeRgbPng(rgb, w, h)).toString('base64')}`;
}

const DARK = drawing([20, 30, 120]); // dark blue ink
const FAINT = drawing([255, 240, 170]); // pale yellow crayon

function person(id: number, nom: string, dat: string) {
  return { id, nameNominative: nom, nameDative: dat, birthYear: 1990 + id, facilityName: 'ФКУ ИК-2 УФСИН России по Республике Мордовия', addressLines: ['ул. Лесная, 1', 'п. Явас', 'Республика Мордовия', '431160'] };
}

const ENTRIES: RelayEntry[] = [
  { itemId: 11, itemNumber: 3, kind: 'letter', text: `${PARAGRAPH}\n\nОбнимаю,\nАнна`, replyForm: true, person: person(1, 'Пчелинцев Дмитрий Дмитриевич', 'Пчелинцеву Дмитрию Дмитриевичу') },
  { itemId: 12, itemNumber: 1, kind: 'postcard', text: 'С Новым годом! Держись.', image: DARK, replyForm: false, person: person(2, 'Скочиленко Александра Юрьевна', 'Скочиленко Александре Юрьевне') },
  { itemId: 13, itemNumber: 2, kind: 'letter', text: 'Привет! Я слушаю Radiohead и думаю о тебе.', replyForm: false, person: person(3, 'Горинов Алексей Александрович', 'Горинову Алексею Александровичу') },
  { itemId: 14, itemNumber: 1, kind: 'postcard', text: 'Тёплый привет из Канады!', image: FAINT, replyForm: false, person: person(4, 'Кара-Мурза Владимир Владимирович', 'Кара-Мурзе Владимиру Владимировичу') },
  { itemId: 15, itemNumber: 5, kind: 'letter', text: 'Длинное письмо. '.repeat(200), replyForm: false, person: person(1, 'Пчелинцев Дмитрий Дмитриевич', 'Пчелинцеву Дмитрию Дмитриевичу') },
];

describe('relay bundle', () => {
  it('zips one Russian-only text per item, greyscale drawings, manifests and a README; refuses what the relay cannot carry', async () => {
    const bundle = buildRelayBundle(ENTRIES, { runId: 7, relay: RELAY, date: DATE });
    const zip = unzipSync(await relayZipBytes(bundle.files, DATE));
    const names = Object.keys(zip).sort();
    expect(names).toEqual(['README.txt', 'drawings/002-item-12.png', 'letters/001-item-11.txt', 'letters/002-item-12.txt', 'manifest.csv', 'manifest.json']);

    // Refused, each with its reason: Latin letters named, the faint drawing, the page limit.
    const refused = new Map(bundle.refused.map((r) => [r.itemId, r.reason]));
    expect([...refused.keys()].sort()).toEqual([13, 14, 15]);
    expect(refused.get(13)).toMatch(/Item 13 \(letter\) has Latin letters \(R a d i o h e\)/u);
    expect(refused.get(13)).not.toContain('слушаю');
    expect(refused.get(14)).toMatch(/too faint for black-and-white/u);
    expect(refused.get(15)).toMatch(/3199 characters; E-letter service takes at most 2500 characters a letter \(charLimit\)/u);

    const json = JSON.parse(strFromU8(zip['manifest.json']!)) as { run: number; relay: string; items: RelayManifestRow[] };
    const csv = parse(strFromU8(zip['manifest.csv']!), { columns: true }) as Record<string, string>[];
    expect(json.items).toHaveLength(2);
    expect(csv).toHaveLength(2);
    for (const [i, row] of json.items.entries()) {
      const text = strFromU8(zip[row.file]!);
      // Russian only: not one Latin letter, and Cyrillic present.
      expect(text).not.toMatch(/\p{Script=Latin}/u);
      expect(text).toMatch(/\p{Script=Cyrillic}{4}/u);
      const entry = ENTRIES.find((e) => e.itemId === row.itemId)!;
      expect(text.trim()).toBe(entry.text.trim());
      expect(row.nameDative).toBe(entry.person.nameDative);
      expect(row.nameNominative).toBe(entry.person.nameNominative);
      expect(row.characters).toBe([...entry.text.trim()].length);
      // The CSV row says the same as the JSON one.
      expect(csv[i]!.file).toBe(row.file);
      expect(csv[i]!.name_dative).toBe(entry.person.nameDative);
      expect(csv[i]!.birth_year).toBe(String(entry.person.birthYear));
      expect(csv[i]!.address).toBe('ул. Лесная, 1, п. Явас, Республика Мордовия, 431160');
      expect(Number(csv[i]!.price)).toBe(row.price);
    }
    // Letter 11: one page (under 1800 characters), reply form: 60 + 30 + 40.
    expect(json.items[0]).toMatchObject({ itemNumber: 3, pages: 1, images: 0, replyForm: true, price: 130, currency: 'RUB' });
    // Postcard 12: 60 + 30 + one image 25.
    expect(json.items[1]).toMatchObject({ itemNumber: 1, pages: 1, images: 1, price: 115, drawing: 'drawings/002-item-12.png' });

    // The drawing is an 8-bit greyscale PNG that the project's own decoder reads back, still legible.
    const png = zip['drawings/002-item-12.png']!;
    const info = decodeImage(`data:image/png;base64,${Buffer.from(png).toString('base64')}`).png!;
    expect(info.colourType).toBe(0);
    expect([info.width, info.height]).toEqual([200, 150]);

    const readme = strFromU8(zip['README.txt']!);
    expect(readme).toContain('E-letter service');
    expect(readme).toContain('только русский текст');
  });

  it('greyscale check: a dark drawing passes, a faint one is refused', () => {
    const check = (url: string) => legibility(luminance(rgbOverWhite(decodeImage(url).png!)!));
    const dark = check(DARK);
    const faint = check(FAINT);
    expect(dark.legible).toBe(true);
    expect(dark.background).toBe(255);
    expect(faint.legible).toBe(false);
    expect(faint.inkShare).toBe(0);
    // A text-only relay refuses even a legible drawing.
    const textOnly = buildRelayBundle([ENTRIES[1]!], { runId: 1, relay: { ...RELAY, accepts: 'text' }, date: DATE });
    expect(textOnly.refused[0]!.reason).toMatch(/takes text only/u);
  });

  it('relay limits: 422 naming the limit', () => {
    const over = (fn: () => void) => {
      try {
        fn();
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('not refused');
    };
    const chars = over(() => checkRelayLimits('я'.repeat(2501), RELAY));
    expect(chars.kind).toBe('unprocessable');
    expect(chars.field).toBe('text');
    expect(chars.message).toContain('at most 2500 characters');
    const pages = over(() => checkRelayLimits('я '.repeat(RELAY_PAGE_CHARS), { ...RELAY, charLimit: null, pageLimit: 1 }));
    expect(pages.message).toContain('at most 1 page a letter');
    expect(() => checkRelayLimits('я'.repeat(2500), RELAY)).not.toThrow();
  });
});
