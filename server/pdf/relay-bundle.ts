/**
 * The relay bundle's contents, built in the batch thread: for a relay that delivers the text inside Russia (an
 * e-letter service, volunteers who print and post there), one UTF-8 plain-text file per letter with the Russian text
 * only, each postcard's drawing as a greyscale PNG checked to stay legible in black and white, manifest.csv and
 * manifest.json (one row per item: who, where, reply form, counts, estimated price) and a README for the volunteer.
 * An item the relay cannot carry (Latin letters, over its limits, a faint or unreadable drawing, a drawing for a
 * text-only relay) is refused with the reason and stays out of the bundle. Pure: entries in, files out; the ZIP is
 * written around these files by relay-zip.ts.
 */
import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '../domain/csv-safe.js';
import { checkRelayLimits, latinRefusal, relayPages, relayPrice, type RelayTerms } from '../domain/relay.js';
import { textLength } from '../domain/text-length.js';
import { DomainError } from '../model/errors.js';
import { formatDate } from './format.js';
import { greyscaleDrawing } from './greyscale.js';
import { decodeImage } from './png-check.js';
import { sanitizeText } from './text-safety.js';

/** A person as the relay needs them: the names in both cases, the year of birth, the full address. */
export interface RelayPerson {
  id: number;
  /** «Пчелинцев Дмитрий Дмитриевич» */
  nameNominative: string;
  /** «Пчелинцеву Дмитрию Дмитриевичу» */
  nameDative: string;
  birthYear: number | null;
  facilityName: string;
  /** The address lines after the name line, as on the envelope (no country line: it goes inside Russia). */
  addressLines: string[];
}

export interface RelayEntry {
  itemId: number;
  /** The letter's number for this person («письмо № 4»), when the ledger gave one. */
  itemNumber: number | null;
  kind: 'letter' | 'postcard';
  text: string;
  /** The postcard's drawing as the kiosk sent it (a data URL). */
  image?: string;
  /** The writer asked for the relay's paid reply form. */
  replyForm: boolean;
  person: RelayPerson;
}

export interface RelayBundleOptions {
  runId: number;
  relay: RelayTerms;
  date: Date;
  /** Lines added at the end of each text (the reply line), already in Russian. */
  closingLines?: string[];
}

export interface RelayFile {
  name: string;
  bytes: Uint8Array;
  /** Text is deflated; PNG data is compressed already and stored as it is. */
  compress: boolean;
}

export interface RelayManifestRow {
  file: string;
  drawing: string | null;
  itemId: number;
  itemNumber: number | null;
  kind: 'letter' | 'postcard';
  nameNominative: string;
  nameDative: string;
  birthYear: number | null;
  facilityName: string;
  facilityAddress: string;
  replyForm: boolean;
  characters: number;
  pages: number;
  images: number;
  price: number;
  currency: string;
}

export interface RefusedItem {
  itemId: number;
  /** For the organizers; names the characters or the numbers, never quotes the text. */
  reason: string;
}

export interface RelayBundle {
  files: RelayFile[];
  rows: RelayManifestRow[];
  refused: RefusedItem[];
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** The text as the relay prints it: cleaned as for paper, one kind of line break, paragraphs kept, ends with a newline. */
function relayText(text: string, closing: string[] = []): string {
  const clean = sanitizeText(text).text.replace(/[ \u00a0]+\n/gu, '\n').replace(/\n{3,}/gu, '\n\n').trim();
  return [clean, ...(closing.length ? ['', ...closing] : [])].join('\n') + '\n';
}

function refusedFor(e: RelayEntry, relay: RelayTerms): string | undefined {
  const latin = latinRefusal(e.text);
  if (latin) return latin;
  try {
    checkRelayLimits(e.text, relay);
  } catch (err) {
    if (err instanceof DomainError) return err.message.replace(/^text: /u, '');
    throw err;
  }
  if (e.image && relay.accepts === 'text') return 'has a drawing; this relay takes text only';
  return undefined;
}

/** Builds the bundle's files. Items keep the order given; numbering in file names follows it. */
export function buildRelayBundle(entries: RelayEntry[], opts: RelayBundleOptions): RelayBundle {
  const { relay } = opts;
  const files: RelayFile[] = [];
  const rows: RelayManifestRow[] = [];
  const refused: RefusedItem[] = [];
  for (const e of entries) {
    const what = e.kind === 'letter' ? 'letter' : 'postcard';
    const reason = refusedFor(e, relay);
    if (reason) {
      refused.push({ itemId: e.itemId, reason: `Item ${e.itemId} (${what}) ${reason}: not sent by ${relay.name}.` });
      continue;
    }
    let drawing: RelayFile | undefined;
    const seq = String(rows.length + 1).padStart(3, '0');
    if (e.image) {
      let grey;
      try {
        grey = greyscaleDrawing(decodeImage(e.image));
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        grey = { ok: false as const, reason: 'has a picture that cannot be read' };
      }
      if (!grey.ok) {
        refused.push({ itemId: e.itemId, reason: `Item ${e.itemId} (postcard) ${grey.reason}: not sent by ${relay.name}.` });
        continue;
      }
      drawing = { name: `drawings/${seq}-item-${e.itemId}.png`, bytes: grey.png, compress: false };
    }
    const text = relayText(e.text, opts.closingLines);
    const file: RelayFile = { name: `letters/${seq}-item-${e.itemId}.txt`, bytes: utf8(text), compress: true };
    files.push(file);
    if (drawing) files.push(drawing);
    const pages = relayPages(text);
    const images = drawing ? 1 : 0;
    rows.push({
      file: file.name,
      drawing: drawing?.name ?? null,
      itemId: e.itemId,
      itemNumber: e.itemNumber,
      kind: e.kind,
      nameNominative: e.person.nameNominative,
      nameDative: e.person.nameDative,
      birthYear: e.person.birthYear,
      facilityName: e.person.facilityName,
      facilityAddress: e.person.addressLines.join(', '),
      replyForm: e.replyForm && relay.canReply,
      characters: textLength(text.trimEnd()),
      pages,
      images,
      price: relayPrice(relay.prices, { pages, images, replyForm: e.replyForm && relay.canReply }),
      currency: relay.prices.currency,
    });
  }
  files.push({ name: 'manifest.csv', bytes: utf8(manifestCsvOf(rows)), compress: true });
  files.push({
    name: 'manifest.json',
    bytes: utf8(JSON.stringify({ run: opts.runId, relay: relay.name, date: opts.date.toISOString().slice(0, 10), items: rows }, null, 2) + '\n'),
    compress: true,
  });
  files.push({ name: 'README.txt', bytes: utf8(readme(rows, opts)), compress: true });
  return { files, rows, refused };
}

/** manifest.csv: one row per item, every text cell spreadsheet-safe. */
export function manifestCsvOf(rows: RelayManifestRow[]): string {
  return stringify([
    ['file', 'drawing', 'item', 'item_number', 'kind', 'name_nominative', 'name_dative', 'birth_year', 'facility', 'address', 'reply_form', 'characters', 'pages', 'images', 'price', 'currency'],
    ...rows.map((r) => [
      r.file, r.drawing ?? '', r.itemId, r.itemNumber ?? '', r.kind,
      spreadsheetSafe(r.nameNominative), spreadsheetSafe(r.nameDative), r.birthYear ?? '', spreadsheetSafe(r.facilityName), spreadsheetSafe(r.facilityAddress),
      r.replyForm ? 'yes' : 'no', r.characters, r.pages, r.images, r.price.toFixed(2), r.currency,
    ]),
  ]);
}

function readme(rows: RelayManifestRow[], opts: RelayBundleOptions): string {
  const total = rows.reduce((n, r) => n + r.price, 0).toFixed(2);
  const cur = opts.relay.prices.currency;
  const drawings = rows.filter((r) => r.drawing).length;
  return [
    `Volya print run ${opts.runId}: letters for ${opts.relay.name}, ${formatDate(opts.date, 'en')}`,
    '',
    `${rows.length} item(s), ${drawings} drawing(s); estimated total ${total} ${cur}.`,
    'letters/  one UTF-8 plain-text file per letter or postcard, Russian text only, ready to paste.',
    'drawings/ the postcards\' drawings in greyscale, checked to stay legible in black and white.',
    'manifest.csv / manifest.json: per item the file, the recipient (nominative and dative), year of birth,',
    'the facility and its full address, whether a reply form is wanted, characters, pages and estimated price.',
    'Send each file to the person and address on its row. Please do not keep these files once sent.',
    '',
    `Печать ${opts.runId}: письма для ${opts.relay.name}, ${formatDate(opts.date, 'ru')}`,
    '',
    `Писем и открыток: ${rows.length}, рисунков: ${drawings}; примерная стоимость ${total} ${cur}.`,
    'letters/  по одному текстовому файлу (UTF-8) на письмо или открытку, только русский текст.',
    'drawings/ рисунки с открыток в оттенках серого, проверены на читаемость в чёрно-белой печати.',
    'manifest.csv / manifest.json: для каждого письма файл, получатель (именительный и дательный падеж), год рождения,',
    'учреждение и полный адрес, нужен ли бланк ответа, число знаков и страниц, примерная цена.',
    'Отправьте каждый файл получателю по адресу из его строки. Пожалуйста, удалите файлы после отправки.',
    '',
  ].join('\n');
}
