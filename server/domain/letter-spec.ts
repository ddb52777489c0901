/**
 * From what a writer asked for (a print request, or a queued item's content) and the loaded records to what the
 * PDF engine draws: the recipient line and address blocks, the sender lines, the body text (the writer's own, or a
 * template filled in for the person), within the length limits. The one builder behind kiosk previews, direct
 * prints, the queue, print runs and `npm run render`: each prints the same footer, address and sender block.
 */
import { DomainError } from '../model/errors.js';
import { MAX_LETTER_CHARS, MAX_POSTCARD_CHARS, MAX_PEOPLE_PER_REQUEST } from '../model/limits.js';
import type { PersonWithFacility, QueueContent } from '../model/records.js';
import type { PdfRequest, Sender } from '../model/schemas.js';
import { DEFAULT_ENVELOPE, DEFAULT_LABEL_SHEET, type PaperSize } from '../model/vocabulary.js';
import type { LetterSpec } from '../pdf/letter.js';
import type { RunEntry, RunPerson } from '../pdf/print-run.js';
import type { RelayEntry } from '../pdf/relay-bundle.js';
import type { CardSpec, RenderSpec } from '../pdf/render-spec.js';
import { COUNTRY_LATIN, recipientBlock, recipientLine, senderBlock } from './address.js';
import type { ComposeRecipient, TemplateLibrary } from './compose.js';
import { composeLetter } from './letter-compose.js';
import { phrasebook } from './phrasebook.js';
import { dativeFullName, nominativeFullName, transliterate } from './names.js';
import type { Settings } from './settings.js';
import { textLength } from './text-length.js';

export interface LetterInputs {
  /** Everyone the request names, each with a current facility. */
  people: (PersonWithFacility & { facility: NonNullable<PersonWithFacility['facility']> })[];
  settings: Settings;
  today: Date;
}

/** The people a request names, without repeats; at least one, at most MAX_PEOPLE_PER_REQUEST. */
export function requestedIds(req: Pick<PdfRequest, 'prisonerId' | 'prisonerIds'>): { ids: number[]; field: 'prisonerId' | 'prisonerIds' } {
  const field = req.prisonerIds?.length ? 'prisonerIds' : 'prisonerId';
  const list = req.prisonerIds?.length ? req.prisonerIds : req.prisonerId ? [req.prisonerId] : [];
  if (!list.length) throw new DomainError('unprocessable', `${field}: choose the person to write to (prisonerId or prisonerIds)`, field);
  if (list.length > MAX_PEOPLE_PER_REQUEST) throw new DomainError('unprocessable', `prisonerIds: at most ${MAX_PEOPLE_PER_REQUEST} people per request`, 'prisonerIds');
  return { ids: [...new Set(list)], field };
}

/** Refuses a text longer than the limit, counted as the kiosk's counter counts it. */
export function checkTextLength(text: string, max: number, field = 'text'): void {
  const length = textLength(text);
  if (length > max) throw new DomainError('unprocessable', `${field}: the text is ${length} characters; the limit is ${max}`, field);
}

/** The sender block of a letter, an envelope or a card: the collective's address, the writer's name c/o it. */
export function senderLinesFor(settings: Settings, sender?: Pick<Sender, 'name'>): string[] {
  return senderBlock(settings, { name: sender?.name });
}

/** A person as a print run draws them. */
export function runPersonFor(p: LetterInputs['people'][number], settings: Settings): RunPerson {
  return {
    id: p.id,
    nameRu: nominativeFullName(p),
    latinName: p.latinName,
    recipientLine: recipientLine(p),
    recipientLines: recipientBlock(p, p.facility, { fromCountry: settings.collectiveCountry }),
    country: COUNTRY_LATIN[p.facility.country.toUpperCase()] ?? p.facility.country.toUpperCase(),
  };
}

/** A queue item as a relay bundle carries it: the Russian text, the names in both cases, the address inside Russia. */
export function relayEntryFor(
  item: { id: number; kind: 'letter' | 'postcard'; itemNumber: number | null; content: QueueContent },
  p: LetterInputs['people'][number],
): RelayEntry {
  const f = p.facility;
  return {
    itemId: item.id,
    itemNumber: item.itemNumber,
    kind: item.kind,
    // Only the printed text: the writer's English (englishText) never goes to a relay.
    text: item.content.text,
    image: item.content.image,
    replyForm: item.content.replyForm === true,
    person: {
      id: p.id,
      nameNominative: nominativeFullName(p),
      nameDative: dativeFullName(p),
      birthYear: p.birthYear,
      facilityName: f.name,
      addressLines: [f.street, f.city, f.district, f.region, f.postalCode].map((x) => (x ?? '').trim()).filter(Boolean),
    },
  };
}

/** A queue item as a print run draws it. */
export function runEntryFor(
  item: { id: number; kind: 'letter' | 'postcard'; content: QueueContent; itemNumber?: number | null; routeId?: number | null },
  person: LetterInputs['people'][number],
  settings: Settings,
): RunEntry {
  const c = item.content;
  return {
    itemId: item.id,
    kind: item.kind,
    person: runPersonFor(person, settings),
    language: c.language,
    // Only the printed text: the writer's English (englishText) never goes into the letter.
    text: c.text,
    senderLines: senderLinesFor(settings, c.sender),
    image: c.image,
    ...(item.itemNumber ? { itemNumber: item.itemNumber } : {}),
    ...(item.routeId ? { routeId: item.routeId } : {}),
  };
}

/**
 * The draft composed for one person: the same composition as the kiosk's preview (POST /api/compose). What is
 * printed or queued never keeps an empty gap as «…», whatever the request says: it is refused naming the phrase.
 */
export function composedDraft(req: Pick<PdfRequest, 'draft'>, p: ComposeRecipient, inputs: Pick<LetterInputs, 'settings' | 'today'>, templates: TemplateLibrary) {
  return composeLetter({ ...req.draft!, keepEmptyGaps: false }, { templates, phrasebook: phrasebook(), recipient: p, country: inputs.settings.collectiveCountry, today: inputs.today });
}

/** A print request naming only a template (the CLI, older clients): the same composition, from its fields. */
function draftOf(req: PdfRequest & { templateId: string }, kind: 'letter' | 'postcard'): NonNullable<PdfRequest['draft']> {
  const s = req.sender;
  const writer = s?.kind === 'group' ? 'group' : s?.gender === 'female' ? 'woman' : 'man';
  return { kind, templateId: req.templateId, writer, register: req.register, sender: { name: s?.name, town: s?.city } };
}

/** The body: the composed draft, or the writer's own text if given, else the template filled in for this person; within `max`. */
function bodyText(req: PdfRequest, p: LetterInputs['people'][number], inputs: LetterInputs, templates: TemplateLibrary, max: number): string {
  const language = req.language ?? 'ru';
  if (req.draft) {
    const text = composedDraft(req, p, inputs, templates)[language];
    checkTextLength(text, max);
    return text;
  }
  let text = req.text;
  if (!text?.trim()) {
    if (!req.templateId) throw new DomainError('unprocessable', 'text: give the text or a templateId', 'text');
    const info = templates.get(req.templateId);
    if (!info) throw new DomainError('unprocessable', `templateId: unknown template "${req.templateId}"`, 'templateId');
    text = composedDraft({ draft: draftOf({ ...req, templateId: req.templateId }, info.kind) }, p, inputs, templates)[language];
  }
  checkTextLength(text, max);
  return text;
}

/** The writer's English copy, only when asked for: their own English text, else the template's English. */
function englishCopy(req: PdfRequest, p: LetterInputs['people'][number], inputs: LetterInputs, templates: TemplateLibrary): string | undefined {
  if (req.options?.englishCopy !== true) return undefined;
  if (req.draft) return composedDraft(req, p, inputs, templates).en;
  if (req.englishText?.trim()) {
    checkTextLength(req.englishText, MAX_LETTER_CHARS, 'englishText');
    return req.englishText;
  }
  const info = req.templateId ? templates.get(req.templateId) : undefined;
  if (req.templateId && info) return composedDraft({ draft: draftOf({ ...req, templateId: req.templateId }, info.kind) }, p, inputs, templates).en;
  return undefined;
}

/** A letter for one person, as the kiosk and the CLI print it. */
export function letterSpecFor(req: PdfRequest, inputs: LetterInputs, templates: TemplateLibrary, numbered: { itemNumber?: number } = {}): LetterSpec {
  const p = inputs.people[0]!;
  return {
    paper: req.paper ?? inputs.settings.paperSize,
    language: req.language ?? 'ru',
    text: bodyText(req, p, inputs, templates, MAX_LETTER_CHARS),
    englishText: englishCopy(req, p, inputs, templates),
    recipientLine: recipientLine(p),
    recipientLatin: p.latinName,
    senderLines: senderLinesFor(inputs.settings, req.sender),
    date: inputs.today,
    ...(numbered.itemNumber ? { itemNumber: numbered.itemNumber } : {}),
  };
}

/**
 * The render spec of a print request. `itemNumber` (a direct print, numbered just before drawing) goes on a letter's
 * footer and on a one-person postcard.
 */
export function renderSpecFor(req: PdfRequest, inputs: LetterInputs, templates: TemplateLibrary, numbered: { itemNumber?: number } = {}): RenderSpec {
  const { people, settings, today } = inputs;
  const paper: PaperSize = req.paper ?? settings.paperSize;
  const sender = senderLinesFor(settings, req.sender);
  const address = (p: LetterInputs['people'][number]) => recipientBlock(p, p.facility, { fromCountry: settings.collectiveCountry });
  const head = { title: `Volya ${req.kind}`, date: today };
  switch (req.kind) {
    case 'letter':
      return { ...head, kind: 'letter', letter: letterSpecFor(req, inputs, templates, numbered) };
    case 'postcard':
    case 'postcard-sheet': {
      const cards: CardSpec[] = people.map((p) => ({
        language: req.language ?? 'ru',
        message: bodyText(req, p, inputs, templates, MAX_POSTCARD_CHARS),
        recipientLines: address(p),
        senderLines: sender,
        image: req.image,
        ...(numbered.itemNumber && people.length === 1 ? { itemNumber: numbered.itemNumber } : {}),
      }));
      return { ...head, kind: 'postcards', layout: req.kind === 'postcard' ? 'single' : 'sheet', paper, cards };
    }
    case 'envelope': {
      const size = req.options?.envelopeSize ?? DEFAULT_ENVELOPE[paper];
      const offset = settings.envelopeOffsets[size] ?? { xMm: 0, yMm: 0 };
      return { ...head, kind: 'envelopes', envelopes: people.map((p) => ({ size, offset, recipientLines: address(p), senderLines: sender })) };
    }
    case 'labels':
      return { ...head, kind: 'labels', sheet: req.options?.labelSheet ?? DEFAULT_LABEL_SHEET[paper], blocks: people.map(address) };
  }
}

/** Latin file name: volya-letter-pchelintsev-2026-11-26.pdf */
export function pdfFileName(req: Pick<PdfRequest, 'kind'>, inputs: Pick<LetterInputs, 'people' | 'today'>): string {
  const who = inputs.people.length === 1 ? transliterate(inputs.people[0]!.surname) : `${inputs.people.length}-people`;
  const slug = who.toLowerCase().replace(/[^a-z0-9]+/gu, '-').replace(/^-|-$/gu, '') || 'person';
  return `volya-${req.kind}-${slug}-${inputs.today.toISOString().slice(0, 10)}.pdf`;
}
