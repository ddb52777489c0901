/**
 * npm run render -- --kind letter --prisoner 3 --template first-letter-ru --out letter.pdf
 *
 * Organizers' command line for the same rendering the kiosk uses (services/letters.ts), against the
 * database in VOLYA_DB (or --db). Prints pages and replaced characters to stderr; never prints the text.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import { DomainError } from '../model/errors.js';
import type { PdfRequest } from '../model/schemas.js';
import { ENVELOPE_SIZES, LABEL_SHEETS, PAPER_SIZES, PDF_KINDS } from '../model/vocabulary.js';
import { inlineRenderer } from '../render/render-pool.js';
import { pdfFor } from '../services/letters.js';

const USAGE = `usage: npm run render -- --kind ${PDF_KINDS.join('|')} --prisoner ID[,ID…] [options]
  --template ID          template to fill in (see GET /api/templates), e.g. first-letter-ru
  --text-file FILE       the body text (UTF-8; paragraphs separated by blank lines) instead of a template
  --english-file FILE    English copy for the writer, printed on separate sheets (letters)
  --english-copy         English copy from the template's English counterpart (implied by --english-file)
  --language ru|en       language of the body (default ru)
  --sender single|group  --sender-gender male|female  --sender-name NAME  --sender-city CITY
  --register ty|vy       ты or Вы (default: the template's)
  --paper ${PAPER_SIZES.join('|')}      default: the paper size setting
  --image FILE           PNG or JPEG for the postcard picture side
  --envelope ${ENVELOPE_SIZES.join('|')}   --labels ${LABEL_SHEETS.join('|')}
  --date YYYY-MM-DD      date printed in the letter (default today)
  --include-withdrawn    also print for people marked released or support withdrawn
  --db FILE              database (default VOLYA_DB or ./data/volya.db)
  --out FILE             output file (default: a Latin name in the current folder)`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    prisoner: { type: 'string', multiple: true },
    template: { type: 'string' },
    'text-file': { type: 'string' },
    'english-file': { type: 'string' },
    'english-copy': { type: 'boolean' },
    language: { type: 'string' },
    sender: { type: 'string' },
    'sender-gender': { type: 'string' },
    'sender-name': { type: 'string' },
    'sender-city': { type: 'string' },
    register: { type: 'string' },
    paper: { type: 'string' },
    image: { type: 'string' },
    envelope: { type: 'string' },
    labels: { type: 'string' },
    date: { type: 'string' },
    'include-withdrawn': { type: 'boolean' },
    db: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help || !values.kind) fail(USAGE);
const oneOf = <T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | undefined => {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) fail(`--${name} must be one of ${allowed.join(', ')}`);
  return v as T;
};
const ids = (values.prisoner ?? []).flatMap((p) => p.split(',')).map((s) => Number(s.trim()));
if (!ids.length || ids.some((n) => !Number.isInteger(n) || n < 1)) fail('--prisoner needs one or more numeric ids');
const date = values.date ? new Date(`${values.date}T12:00:00Z`) : new Date();
if (Number.isNaN(date.getTime())) fail('--date must be YYYY-MM-DD');
const image = values.image ? readFileSync(values.image) : undefined;

const req: PdfRequest = {
  kind: oneOf('kind', values.kind, PDF_KINDS)!,
  prisonerIds: ids,
  templateId: values.template,
  text: values['text-file'] ? readFileSync(values['text-file'], 'utf8') : undefined,
  englishText: values['english-file'] ? readFileSync(values['english-file'], 'utf8') : undefined,
  language: oneOf('language', values.language, ['ru', 'en'] as const),
  sender: {
    kind: oneOf('sender', values.sender, ['single', 'group'] as const) ?? 'single',
    gender: oneOf('sender-gender', values['sender-gender'], ['male', 'female'] as const),
    name: values['sender-name'],
    city: values['sender-city'],
  },
  register: oneOf('register', values.register, ['ty', 'vy'] as const),
  paper: oneOf('paper', values.paper, PAPER_SIZES),
  image: image ? `data:image/${image[0] === 0x89 ? 'png' : 'jpeg'};base64,${image.toString('base64')}` : undefined,
  options: {
    // Giving an English file is asking for the copy.
    englishCopy: values['english-copy'] === true || values['english-file'] !== undefined,
    envelopeSize: oneOf('envelope', values.envelope, ENVELOPE_SIZES),
    labelSheet: oneOf('labels', values.labels, LABEL_SHEETS),
  },
};

const database = openDatabase(values.db ?? loadConfig().dbPath);
try {
  const { result, fileName } = await pdfFor(database.db, inlineRenderer, req, { scope: values['include-withdrawn'] ? 'organizer' : 'kiosk', today: date });
  const out = values.out ?? fileName;
  writeFileSync(out, result.bytes);
  console.error(`${out}: ${result.pages} page(s), ${result.bytes.length} bytes`);
  for (const r of result.replaced) console.error(`  replaced ${r.codePoint} ×${r.count} with "${r.replacement}"`);
} catch (e) {
  console.error(e instanceof DomainError || e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
} finally {
  await database.close();
}
