/**
 * The extra pages of a forward part of a print run: the ready envelopes travel in one parcel to a partner group in
 * a country whose post still carries mail to Russia, and they post them there. The partner gets a cover letter in
 * English (their name and address, how many envelopes go to which country, the date, a line on postage, the
 * collective's return address), and the parcel gets an address label of its own, one large label on a sheet.
 * Pure: a spec in, pages out, drawn with the same fonts and line breaking as the letters.
 */
import { VolyaDocument } from './document.js';
import { cleanLines, drawLines, fitSize } from './draw-text.js';
import { textWidth } from './fonts.js';
import { formatDate } from './format.js';
import { wrapParagraph } from './layout.js';
import { mm, PAPER, type Paper } from './units.js';

export interface ForwardPackSpec {
  paper: Paper;
  runId: number;
  date: Date;
  /** The partner group, as it names itself. */
  partnerName: string;
  /** Their postal address, one line each, country last. */
  partnerAddress: string[];
  /** Country the partner posts from, in English ("Germany"). */
  partnerCountryName: string;
  /** Envelopes per destination country ("RUSSIA" → 12). */
  envelopesByCountry: { country: string; count: number }[];
  /** Postcards in the parcel (they travel in envelopes too, or as they are). */
  postcards: number;
  /** The collective's name and return address lines. */
  collectiveLines: string[];
  /** Whose return address the envelopes carry: decides what the partner reads about returns. */
  envelopeReturn: 'collective' | 'partner';
}

const MARGIN = mm(22);

/** Adds the cover letter (one page, two if many countries) to an open document. */
export function drawForwardCover(doc: VolyaDocument, spec: ForwardPackSpec): void {
  const [W, H] = PAPER[spec.paper];
  const width = W - 2 * MARGIN;
  let page = doc.addPage(W, H);
  let y = H - MARGIN;
  const size = 11;
  const leading = size * 1.4;
  const block = (lines: string[], stack: 'body' | 'bold' = 'body', s = size) => {
    const clean = cleanLines(doc, lines);
    for (const l of clean) {
      if (y < MARGIN + leading) {
        page = doc.addPage(W, H);
        y = H - MARGIN;
      }
      page.text(l, MARGIN, y - s, s, stack);
      y -= s * 1.4;
    }
  };
  const para = (text: string) => {
    block(wrapParagraph(text, width, { stack: 'body', size }));
    y -= leading * 0.5;
  };

  // From: the collective, top left; the date, top right.
  block(spec.collectiveLines, 'body', 10);
  const date = formatDate(spec.date, 'en');
  page.text(date, W - MARGIN - textWidth(date, 'body', 10), H - MARGIN - 10, 10, 'body');
  y -= leading;
  // To: the partner.
  block([spec.partnerName, ...spec.partnerAddress]);
  y -= leading;
  block([`Letters to political prisoners in Russia: parcel from print run ${spec.runId}`], 'bold', 12);
  y -= leading * 0.5;
  para(`Dear friends at ${spec.partnerName},`);
  const total = spec.envelopesByCountry.reduce((n, c) => n + c.count, 0);
  para(
    `Thank you for posting our letters from ${spec.partnerCountryName}. This parcel holds ${total} addressed envelope${total === 1 ? '' : 's'}` +
      `${spec.postcards ? ` and ${spec.postcards} postcard${spec.postcards === 1 ? '' : 's'}` : ''}, written at our letter-writing evening, each sealed and ready to post:`,
  );
  for (const c of spec.envelopesByCountry) block([`    ${c.country}: ${c.count} envelope${c.count === 1 ? '' : 's'}`]);
  y -= leading * 0.5;
  para(
    'Postage: each envelope needs international letter postage from your country to its destination (a standard letter, up to 20 g, unless the envelope is heavier). ' +
      'Please post them as they are; the addresses are written in Russian as the Russian post requires.',
  );
  para(
    spec.envelopeReturn === 'partner'
      ? 'The envelopes carry your return address, so anything returned by the post will come to you: please keep it for us and tell us, so we can correct the address.'
      : 'The envelopes carry our return address, so anything returned by the post comes back to us.',
  );
  para('If you need anything from us, write to the address below.');
  para('With thanks and solidarity,');
  block(spec.collectiveLines);
}

/** Adds the parcel's address label: one sheet, the partner's address large in a box, the sender small above it. */
export function drawParcelLabel(doc: VolyaDocument, spec: ForwardPackSpec): void {
  const [W, H] = PAPER[spec.paper];
  const page = doc.addPage(W, H);
  const boxW = mm(150);
  const boxH = mm(100);
  const x = (W - boxW) / 2;
  const top = H - mm(30);
  page.rect(x, top - boxH, boxW, boxH, 0.8, 0, 4);
  const pad = mm(8);
  const from = cleanLines(doc, ['From:', ...spec.collectiveLines]);
  const fSize = fitSize(from, 'body', 9, boxW - 2 * pad);
  const afterFrom = drawLines(page, from, x + pad, top - pad - fSize, { stack: 'body', size: fSize, leading: fSize * 1.2 });
  const to = cleanLines(doc, [spec.partnerName, ...spec.partnerAddress]);
  const tSize = Math.min(fitSize(to, 'body', 18, boxW - 2 * pad - mm(10)), (boxH * 0.55) / (to.length * 1.25));
  page.text('To:', x + pad, afterFrom - tSize, 10, 'bold');
  drawLines(page, to, x + pad + mm(10), afterFrom - tSize, { stack: 'body', size: tSize, leading: tSize * 1.25 });
  page.line(x, top - boxH - mm(6), x + boxW, top - boxH - mm(6), 0.3, 0.6);
  page.text('Cut along the dashed line and stick on the parcel.', x, top - boxH - mm(12), 9, 'body', 0.4);
}

/** The cover letter and the parcel label as one document. */
export async function renderForwardPack(spec: ForwardPackSpec): Promise<{ bytes: Uint8Array; pages: number }> {
  const doc = await VolyaDocument.create({ title: `Volya print run ${spec.runId}: parcel to ${spec.partnerName}`, date: spec.date });
  drawForwardCover(doc, spec);
  drawParcelLabel(doc, spec);
  return { bytes: await doc.save(), pages: doc.pageCount };
}
