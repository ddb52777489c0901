/**
 * What goes into a print run, built from the PDF engine's pieces: one "sheets" job on the run's paper
 * (cover page and manifest, letters each starting on a fresh duplex sheet, postcards 4-up with
 * duplex-aligned backs and crop marks) and addressing jobs (an envelope per letter on envelope media,
 * or label sheets). The jobs are separate because they need different media; the combined PDF for
 * download is them one after the other.
 *
 * A run is split by delivery route: letters are grouped by route on the sheets; each post or forward route gets its
 * own addressing job (a forward route's envelopes carry the return address the route names), each forward route a
 * cover letter to the partner and the parcel's label, and each relay route a part with no pages that only lists its
 * items: their text goes out as the relay bundle (relay-bundle.ts), not on paper.
 */
import { DEFAULT_LABEL_SHEET, ENVELOPE_MEDIA, PAPER_MEDIA, type Addressing, type EnvelopeSize } from '../model/vocabulary.js';
import { DomainError } from '../model/errors.js';
import { VolyaDocument } from './document.js';
import { cleanLines } from './draw-text.js';
import { drawLetter } from './letter.js';
import { padToSheet, combinePdfs } from './combine.js';
import { drawPostcardSheets } from './postcard-sheet.js';
import { drawPostcard, postcardMessageFits, type PostcardSpec } from './postcard.js';
import { drawEnvelope, type EnvelopeOffset } from './envelope.js';
import { drawLabels } from './labels.js';
import { embedImage, type CardImage } from './images.js';
import { decodeImage } from './png-check.js';
import { textWidth } from './fonts.js';
import { formatDate } from './format.js';
import { wrapParagraph } from './layout.js';
import { drawForwardCover, drawParcelLabel, type ForwardPackSpec } from './forward-pack.js';
import { mm, PAPER, type Paper } from './units.js';
import type { Language } from './types.js';

export interface RunPerson {
  id: number;
  /** Nominative Cyrillic, surname first, for the organizers' manifest. */
  nameRu: string;
  latinName: string;
  /** «Пчелинцеву Дмитрию Дмитриевичу, 1992 г.р.»: the letter's page footer. */
  recipientLine: string;
  /** The full recipient block for envelopes, labels and postcards. */
  recipientLines: string[];
  /** The destination country in Latin capitals ("RUSSIA"), for a forward parcel's count per country. */
  country?: string;
}

export interface RunEntry {
  itemId: number;
  kind: 'letter' | 'postcard';
  person: RunPerson;
  language: Language;
  text: string;
  senderLines: string[];
  /** The postcard picture as the kiosk sent it (a data URL): decoded and checked here, in the render thread. */
  image?: string;
  /** The person's number of this item («письмо № 4»), given when the run was created. */
  itemNumber?: number;
  /** The delivery route the item takes (RunOptions.routes, docs/delivery.md); none: posted from here. */
  routeId?: number;
}

/** A delivery route as a run packs for it. */
export interface RunRoute {
  id: number;
  kind: 'post' | 'forward' | 'relay';
  name: string;
  /** The return address on this route's envelopes: the collective's, or a forward partner's. */
  envelopeSenderLines: string[];
  /** For a forward route: the partner, for the cover letter and the parcel label. */
  forward?: Pick<ForwardPackSpec, 'partnerName' | 'partnerAddress' | 'partnerCountryName' | 'envelopeReturn'>;
}

/** An entry with its picture decoded, as it is drawn. */
interface DrawnEntry extends Omit<RunEntry, 'image'> {
  image?: CardImage;
}

export interface RunOptions {
  runId: number;
  paper: Paper;
  addressing: Addressing;
  envelopeSize: EnvelopeSize;
  envelopeOffset: EnvelopeOffset;
  /** Return address lines of the collective, for envelopes. */
  collectiveLines: string[];
  /** Items held back (person released or withdrawn), named on the cover so nobody looks for them. */
  heldCount: number;
  date: Date;
  /** The routes the entries name, in the order their parts print. */
  routes?: RunRoute[];
  /** Reply kit pages (domain/reply.ts), by route: printed after the cover for routes that have items in the run. */
  replyKits?: { routeId: number; heading: string; lines: string[] }[];
}

export type RunSection = 'sheets' | 'envelopes' | 'labels' | 'forward' | 'relay';

export interface RunPart {
  section: RunSection;
  pages: number;
  duplex: boolean;
  /** CUPS media name. */
  media: string;
  /** Queue items whose paper is in this part: they count as printed once it was sent. */
  itemIds: number[];
  bytes: Uint8Array;
  /** The route this part is packed for (addressing, forward and relay parts), and its name for the console. */
  routeId?: number;
  routeName?: string;
  /** The people of an addressing or forward part, in order: enough to draw it again after a restart. */
  prisonerIds?: number[];
}


export interface ManifestRow {
  prisonerId: number;
  nameRu: string;
  latinName: string;
  letters: number;
  postcards: number;
}

export interface PlacedItem {
  itemId: number;
  kind: 'letter' | 'postcard';
  /** 1-based page in the combined PDF where the item starts (a postcard: its front sheet). */
  firstPage: number;
  pages: number;
}

export interface BuiltRun {
  parts: RunPart[];
  pages: number;
  manifest: ManifestRow[];
  placed: PlacedItem[];
  /** Items that could not be drawn: left out of the run, to be held with the reason. */
  undrawable: UndrawableItem[];
}

export interface UndrawableItem {
  itemId: number;
  /** For the organizers on the print-runs page; never quotes the item's content. */
  reason: string;
}

/** One item failed to draw: the run is built again without it. */
class ItemDrawError extends Error {
  constructor(readonly item: UndrawableItem) {
    super(item.reason);
  }
}

/** Counts per person, in the order people first appear in the run. */
export function manifestOf(entries: Pick<RunEntry, 'kind' | 'person'>[]): ManifestRow[] {
  const rows = new Map<number, ManifestRow>();
  for (const e of entries) {
    let row = rows.get(e.person.id);
    if (!row) rows.set(e.person.id, (row = { prisonerId: e.person.id, nameRu: e.person.nameRu, latinName: e.person.latinName, letters: 0, postcards: 0 }));
    if (e.kind === 'letter') row.letters++;
    else row.postcards++;
  }
  return [...rows.values()];
}

const MARGIN = mm(18);
const ROW = 15;

function drawCover(doc: VolyaDocument, all: DrawnEntry[], manifest: ManifestRow[], opts: RunOptions): void {
  const [W, H] = PAPER[opts.paper];
  const relayed = new Set((opts.routes ?? []).filter((r) => r.kind === 'relay').map((r) => r.id));
  const entries = all.filter((e) => e.routeId === undefined || !relayed.has(e.routeId));
  const letters = entries.filter((e) => e.kind === 'letter').length;
  const postcards = entries.length - letters;
  const right = W - MARGIN;
  let page = doc.addPage(W, H);
  let y = H - MARGIN - 16;
  const line = (text: string, x: number, size: number, stack: 'body' | 'bold' = 'body', align: 'left' | 'right' = 'left') => {
    const [clean] = cleanLines(doc, [text]);
    page.text(clean!, align === 'right' ? x - textWidth(clean!, stack, size) : x, y, size, stack);
  };
  line(`Print run ${opts.runId}`, MARGIN, 18, 'bold');
  line(formatDate(opts.date, 'en'), right, 11, 'body', 'right');
  y -= 26;
  const addressed = opts.addressing === 'envelope' ? `${letters} envelope${letters === 1 ? '' : 's'} (${opts.envelopeSize})` : `${letters} address label${letters === 1 ? '' : 's'}`;
  const summary = [
    `${letters} letter${letters === 1 ? '' : 's'}, ${postcards} postcard${postcards === 1 ? '' : 's'} on ${Math.ceil(postcards / 4)} sheet${Math.ceil(postcards / 4) === 1 ? '' : 's'}, ${addressed}.`,
    'Print double-sided, flipping on the long edge. Each letter starts on a new sheet.',
    'Postcard sheets: cut along the crop marks; picture and address sides line up.',
    opts.addressing === 'envelope'
      ? 'Envelopes come as a separate job: load them before it prints, one per letter, in the same order.'
      : 'Labels come as a separate job on label sheets, one per letter, in the same order.',
  ];
  if (opts.heldCount) summary.push(`${opts.heldCount} item(s) are held back and not in this run (see the print-run page).`);
  for (const g of groupsOf(all, opts.routes)) {
    if (!g.route) continue;
    const n = g.entries.length;
    const what = `${n} item${n === 1 ? '' : 's'}`;
    if (g.route.kind === 'post') summary.push(`Route "${g.route.name}" (post from here): ${what}.`);
    if (g.route.kind === 'forward') summary.push(`Route "${g.route.name}" (forward to ${g.route.forward?.partnerName ?? 'the partner'}): ${what}; its envelopes, cover letter and parcel label are a job of their own.`);
    if (g.route.kind === 'relay') summary.push(`Route "${g.route.name}" (relay): ${what}, not on paper: download the relay bundle (relay.zip) before marking the run printed.`);
  }
  for (const s of summary) {
    for (const part of wrapParagraph(s, right - MARGIN, { stack: 'body', size: 10.5 })) {
      line(part, MARGIN, 10.5);
      y -= 15;
    }
  }
  y -= 12;
  const header = () => {
    line('Person', MARGIN, 10, 'bold');
    line('Letters', right - 70, 10, 'bold', 'right');
    line('Postcards', right, 10, 'bold', 'right');
    page.line(MARGIN, y - 5, right, y - 5, 0.6, 0.3);
    y -= ROW + 4;
  };
  header();
  for (const r of manifest) {
    if (y < MARGIN + ROW) {
      page = doc.addPage(W, H);
      y = H - MARGIN - 16;
      header();
    }
    line(`${r.nameRu} (${r.latinName})`, MARGIN, 10);
    line(String(r.letters), right - 70, 10, 'body', 'right');
    line(String(r.postcards), right, 10, 'body', 'right');
    page.line(MARGIN, y - 5, right, y - 5, 0.3, 0.8);
    y -= ROW;
  }
  for (const kit of opts.replyKits ?? []) {
    if (!entries.some((e) => e.routeId === kit.routeId)) continue;
    page = doc.addPage(W, H);
    y = H - MARGIN - 16;
    line(kit.heading, MARGIN, 14, 'bold');
    y -= 24;
    for (const l of kit.lines) {
      for (const part of l ? wrapParagraph(l, right - MARGIN, { stack: 'body', size: 10.5 }) : ['']) {
        if (part) line(part, MARGIN, 10.5);
        y -= 15;
      }
    }
  }
  // The cover is for the organizers: the first letter must not print on its back.
  padToSheet(doc, W, H);
}

/**
 * Builds the run's print jobs. Letters keep the order of the queue; postcards follow them. An item that
 * cannot be drawn is left out with its reason, and the run goes on without it.
 *
 * The entries may come one at a time (services/print-runs.ts reads them so): each picture is decoded as its entry
 * comes and only its compressed rows are kept, which the PDF holds anyway; the data URL is not kept.
 */
export async function buildRun(entries: Iterable<RunEntry> | AsyncIterable<RunEntry>, opts: RunOptions): Promise<BuiltRun> {
  const undrawable: UndrawableItem[] = [];
  const drawn: DrawnEntry[] = [];
  for await (const e of entries) {
    try {
      drawn.push({ ...e, image: e.image ? decodeImage(e.image) : undefined });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      undrawable.push({ itemId: e.itemId, reason: notPrinted(e.kind, 'has a picture that cannot be read') });
    }
  }
  return drawLeavingOut(drawn, undrawable, opts);
}

/** Draws the run; an item that fails to draw is added to `undrawable` and the run drawn again without it. */
async function drawLeavingOut(drawn: DrawnEntry[], undrawable: UndrawableItem[], opts: RunOptions): Promise<BuiltRun> {
  for (;;) {
    const left = drawn.filter((e) => !undrawable.some((u) => u.itemId === e.itemId));
    try {
      const built = await drawRun(left, { ...opts, heldCount: opts.heldCount + undrawable.length });
      return { ...built, undrawable };
    } catch (e) {
      if (!(e instanceof ItemDrawError)) throw e;
      undrawable.push(e.item);
    }
  }
}

function notPrinted(kind: 'letter' | 'postcard', why: string): string {
  return `This ${kind} ${why}: not printed. Discard it, or have it written again.`;
}

/** Which card of a batch that failed to draw is at fault, and why: each is drawn alone in a throwaway document. */
async function undrawableCard(cards: DrawnEntry[]): Promise<UndrawableItem | undefined> {
  for (const e of cards) {
    const fit = postcardMessageFits(e.text);
    if (!fit.fits) return { itemId: e.itemId, reason: notPrinted('postcard', `has a message too long for the card (${fit.lines} lines, ${fit.maxLines} fit)`) };
    const doc = await VolyaDocument.create({ title: 'card check', date: new Date(0) });
    try {
      if (e.image) await embedImage(doc, e.image);
    } catch {
      return { itemId: e.itemId, reason: notPrinted('postcard', 'has a picture that cannot be read') };
    }
    try {
      await drawPostcard(doc, { language: e.language, message: e.text, recipientLines: e.person.recipientLines, senderLines: e.senderLines, image: e.image, itemNumber: e.itemNumber });
    } catch {
      return { itemId: e.itemId, reason: notPrinted('postcard', 'could not be drawn') };
    }
  }
  return undefined;
}

/** The entries grouped by route: first those with no route (posted from here), then each route in the run's order. */
export function groupsOf<E extends { routeId?: number }>(entries: E[], routes: RunRoute[] = []): { route?: RunRoute; entries: E[] }[] {
  const known = new Set(routes.map((r) => r.id));
  const groups: { route?: RunRoute; entries: E[] }[] = [{ entries: entries.filter((e) => e.routeId === undefined || !known.has(e.routeId)) }];
  for (const route of routes) groups.push({ route, entries: entries.filter((e) => e.routeId === route.id) });
  return groups.filter((g) => g.entries.length);
}

async function drawRun(all: DrawnEntry[], opts: RunOptions): Promise<Omit<BuiltRun, 'undrawable'>> {
  const manifest = manifestOf(all);
  const groups = groupsOf(all, opts.routes);
  // Letters and cards in route order, so each route's envelopes come out in the order of its letters. A relay's
  // items are not drawn on paper: they leave as its bundle.
  const onPaper = groups.filter((g) => g.route?.kind !== 'relay').flatMap((g) => g.entries);
  // The small jobs first (each route's envelopes or labels, a forward route's cover and parcel label): the sheets'
  // document (the heavy one, with every picture) is then the last thing this thread builds, and no other document
  // is alive beside it or its saved bytes.
  const routeParts: RunPart[] = [];
  for (const g of groups) {
    const people = g.entries.filter((e) => e.kind === 'letter').map((e) => e.person);
    if (g.route?.kind === 'relay') {
      routeParts.push({ section: 'relay', routeId: g.route.id, routeName: g.route.name, pages: 0, duplex: false, media: PAPER_MEDIA[opts.paper], itemIds: g.entries.map((e) => e.itemId), bytes: new Uint8Array(), prisonerIds: [...new Set(g.entries.map((e) => e.person.id))] });
      continue;
    }
    if (people.length) routeParts.push(await buildAddressing(people, { ...opts, collectiveLines: g.route?.envelopeSenderLines ?? opts.collectiveLines }, g.route));
    if (g.route?.kind === 'forward') {
      const postcards = g.entries.filter((e) => e.kind === 'postcard').length;
      routeParts.push(await buildForwardPart(g.route, people, postcards, opts));
    }
  }
  const { sheets, placed } = await drawSheets(all, onPaper, manifest, opts);
  const parts = [sheets, ...routeParts];
  return { parts, pages: parts.reduce((n, p) => n + p.pages, 0), manifest, placed };
}

/** The sheets job: cover, letters, postcards; its document is not reachable once this returns its bytes. */
async function drawSheets(all: DrawnEntry[], entries: DrawnEntry[], manifest: ManifestRow[], opts: RunOptions): Promise<{ sheets: RunPart; placed: PlacedItem[] }> {
  const [W, H] = PAPER[opts.paper];
  const letters = entries.filter((e) => e.kind === 'letter');
  const cards = entries.filter((e) => e.kind === 'postcard');
  const placed: PlacedItem[] = [];

  const sheets = await VolyaDocument.create({ title: `Volya print run ${opts.runId}`, date: opts.date });
  drawCover(sheets, all, manifest, opts);
  for (const e of letters) {
    const first = sheets.pageCount + 1;
    try {
      drawLetter(sheets, { paper: opts.paper, language: e.language, text: e.text, recipientLine: e.person.recipientLine, senderLines: e.senderLines, date: opts.date, itemNumber: e.itemNumber });
    } catch {
      throw new ItemDrawError({ itemId: e.itemId, reason: notPrinted('letter', 'could not be drawn') });
    }
    placed.push({ itemId: e.itemId, kind: 'letter', firstPage: first, pages: sheets.pageCount - first + 1 });
    padToSheet(sheets, W, H);
    // A letter is not drawn on again once the next one starts: its pages are compressed now, not all at save.
    sheets.finishPages();
  }
  if (cards.length) {
    const first = sheets.pageCount + 1;
    const specs: PostcardSpec[] = cards.map((e) => ({ language: e.language, message: e.text, recipientLines: e.person.recipientLines, senderLines: e.senderLines, image: e.image, itemNumber: e.itemNumber }));
    try {
      await drawPostcardSheets(sheets, specs, opts.paper);
    } catch (err) {
      const culprit = await undrawableCard(cards);
      throw culprit ? new ItemDrawError(culprit) : err;
    }
    cards.forEach((e, i) => placed.push({ itemId: e.itemId, kind: 'postcard', firstPage: first + 2 * Math.floor(i / 4), pages: 2 }));
  }
  const pages = sheets.pageCount;
  const bytes = await sheets.save();
  return { sheets: { section: 'sheets', pages, duplex: true, media: PAPER_MEDIA[opts.paper], itemIds: entries.map((e) => e.itemId), bytes }, placed };
}

/** A forward route's cover letter to the partner and the parcel's label, on the run's paper. */
export async function buildForwardPart(route: RunRoute, people: RunPerson[], postcards: number, opts: RunOptions): Promise<RunPart> {
  const doc = await VolyaDocument.create({ title: `Volya print run ${opts.runId}: parcel for ${route.name}`, date: opts.date });
  const counts = new Map<string, number>();
  for (const p of people) counts.set(p.country ?? 'RUSSIA', (counts.get(p.country ?? 'RUSSIA') ?? 0) + 1);
  const spec: ForwardPackSpec = {
    paper: opts.paper,
    runId: opts.runId,
    date: opts.date,
    partnerName: route.forward?.partnerName ?? route.name,
    partnerAddress: route.forward?.partnerAddress ?? [],
    partnerCountryName: route.forward?.partnerCountryName ?? '',
    envelopeReturn: route.forward?.envelopeReturn ?? 'collective',
    envelopesByCountry: [...counts].map(([country, count]) => ({ country, count })),
    postcards,
    collectiveLines: opts.collectiveLines,
  };
  drawForwardCover(doc, spec);
  drawParcelLabel(doc, spec);
  return { section: 'forward', routeId: route.id, routeName: route.name, pages: doc.pageCount, duplex: false, media: PAPER_MEDIA[opts.paper], itemIds: [], bytes: await doc.save(), prisonerIds: people.map((p) => p.id) };
}

/** The addressing job alone: an envelope per letter, or label sheets (also used to resume a run). */
export async function buildAddressing(people: RunPerson[], opts: RunOptions, route?: Pick<RunRoute, 'id' | 'name'>): Promise<RunPart> {
  const doc = await VolyaDocument.create({ title: `Volya print run ${opts.runId}: addresses`, date: opts.date });
  if (opts.addressing === 'envelope') {
    for (const person of people) {
      drawEnvelope(doc, { size: opts.envelopeSize, offset: opts.envelopeOffset, recipientLines: person.recipientLines, senderLines: opts.collectiveLines });
    }
  } else {
    drawLabels(doc, people.map((p) => p.recipientLines), DEFAULT_LABEL_SHEET[opts.paper]);
  }
  return {
    section: opts.addressing === 'envelope' ? 'envelopes' : 'labels',
    pages: doc.pageCount,
    duplex: false,
    media: opts.addressing === 'envelope' ? ENVELOPE_MEDIA[opts.envelopeSize] : PAPER_MEDIA[opts.paper],
    itemIds: [],
    bytes: await doc.save(),
    ...(route ? { routeId: route.id, routeName: route.name } : {}),
    prisonerIds: people.map((p) => p.id),
  };
}

/** The run as one PDF for download and browser printing. */
export function combineRun(parts: Pick<RunPart, 'bytes'>[], date: Date): Promise<Uint8Array> {
  return combinePdfs(parts.map((p) => ({ bytes: p.bytes })), date);
}
