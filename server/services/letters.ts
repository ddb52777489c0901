/**
 * Letters and postcards for printing: a print request → the people and settings it needs → a render spec → PDF
 * bytes from the render threads. Kiosk previews, direct prints and `npm run render` all go through here, and print
 * runs build their entries with the same domain builder (domain/letter-spec.ts). Never logs or stores the text.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { findPrisoner, findPrisonerWithFacility } from '../db/prisoners.js';
import { templateLibrary } from '../domain/compose.js';
import { requireOpenForLetters } from '../domain/eligibility.js';
import { recipientBlock } from '../domain/address.js';
import { pdfFileName, renderSpecFor, requestedIds, senderLinesFor, type LetterInputs } from '../domain/letter-spec.js';
import { checkRouteLimits } from '../domain/relay.js';
import { DomainError } from '../model/errors.js';
import type { PdfRequest } from '../model/schemas.js';
import type { RenderSpec } from '../pdf/render-spec.js';
import type { RenderResult } from '../pdf/types.js';
import type { PdfRenderer } from '../render/render-pool.js';
import { routeForPerson } from './routes.js';
import { getSettings } from './settings.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Who may print for whom: the kiosk (and phones) only for people open for letters; organizers (the CLI) for anyone
 * on the list with an address.
 */
export type PrintScope = 'kiosk' | 'organizer';

/** Loads everyone the request names, with their facility, and the settings. */
export async function loadLetterInputs(db: Db, req: Pick<PdfRequest, 'prisonerId' | 'prisonerIds'>, opts: { scope: PrintScope; today?: Date }): Promise<LetterInputs> {
  const { ids, field } = requestedIds(req);
  const people: LetterInputs['people'] = [];
  for (const id of ids) {
    let p = await findPrisonerWithFacility(db, id);
    if (opts.scope === 'kiosk') p = requireOpenForLetters(p, id, field);
    if (!p) throw new DomainError('not-found', `${field}: no person with id ${id}`, field);
    if (!p.facility) throw new DomainError('conflict', `${field}: person ${id} has no current address`, field);
    people.push({ ...p, facility: p.facility });
  }
  return { people, settings: await getSettings(db), today: opts.today ?? new Date() };
}

export interface PrintedPdf {
  result: RenderResult;
  fileName: string;
  inputs: LetterInputs;
}

/** The PDF of a print request, drawn in a render thread. */
export async function pdfFor(
  db: Db, renderer: PdfRenderer, req: PdfRequest, opts: { scope: PrintScope; today?: Date; abandoned?: AbortSignal; itemNumber?: number },
): Promise<PrintedPdf> {
  const inputs = await loadLetterInputs(db, req, opts);
  const spec = renderSpecFor(req, inputs, templateLibrary(), { itemNumber: opts.itemNumber });
  if (opts.scope === 'kiosk') await checkRouteLimitsOf(db, spec, inputs);
  if (spec.kind === 'letter' && req.options?.addressSheet === true) {
    // Only a letter that goes by post from here needs its address copied onto an envelope at the kiosk.
    const row = await findPrisoner(db, inputs.people[0]!.id);
    if (row && (await routeForPerson(db, row)).kind === 'post') {
      const p = inputs.people[0]!;
      spec.addressSheet = {
        recipientLines: recipientBlock(p, p.facility, { fromCountry: inputs.settings.collectiveCountry }),
        senderLines: senderLinesFor(inputs.settings, req.sender),
      };
    }
  }
  return { result: await renderer.render(spec, opts.abandoned), fileName: pdfFileName(req, inputs), inputs };
}

/**
 * At the kiosk, a letter or card for someone reached through a relay with a page or character limit is refused now
 * (422 naming the limit), at preview, not when the relay bundle is made.
 */
async function checkRouteLimitsOf(db: Db, spec: RenderSpec, inputs: LetterInputs): Promise<void> {
  const texts = spec.kind === 'letter' ? [spec.letter.text] : spec.kind === 'postcards' ? spec.cards.map((c) => c.message) : [];
  for (const [i, text] of texts.entries()) {
    const person = inputs.people[spec.kind === 'letter' ? 0 : i];
    const row = person && (await findPrisoner(db, person.id));
    if (row) checkRouteLimits(text, await routeForPerson(db, row));
  }
}
