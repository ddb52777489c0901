/**
 * A letter on A4 or US Letter: return address and date on the first page, the body wrapped with Russian
 * hyphenation, and on every page the recipient's name, the item's number («письмо № 4») and «стр. N из M» (pages of a letter get separated
 * in prison mail rooms). An optional English copy for the writer starts on a fresh sheet, never on the back
 * of a Russian page: an English page inside the envelope would get the letter held by the censor.
 */
import { VolyaDocument } from './document.js';
import { cleanLines, drawLines } from './draw-text.js';
import { textWidth } from './fonts.js';
import { formatDate, itemLabel, pageLabel } from './format.js';
import { wrapText, type TextStyle } from './layout.js';
import { paginate, type PlacedLine } from './paginate.js';
import { sanitizeText } from './text-safety.js';
import type { Language, RenderResult } from './types.js';
import { mm, PAPER, type Paper } from './units.js';

export { MAX_LETTER_CHARS } from '../model/limits.js';

export interface LetterSpec {
  paper: Paper;
  language: Language;
  /** Final body text; paragraphs separated by blank lines, single newlines kept as line breaks. */
  text: string;
  /** What the letter says in English, printed on separate sheets for the writer to keep. */
  englishText?: string;
  /** Shown on every page, e.g. «Пчелинцеву Дмитрию Дмитриевичу, 1992 г.р.». */
  recipientLine: string;
  /** The name as the writer knows it (Dmitry Pchelintsev), for the heading of the English copy. */
  recipientLatin?: string;
  /** Return address in Latin script, one line each. */
  senderLines: string[];
  date: Date;
  /** The person's number of this item («письмо № 4»), printed in every page's footer when given. */
  itemNumber?: number;
}

const BODY: TextStyle = { stack: 'body', size: 12 };
const LEADING = 16.5;
const PARAGRAPH_GAP = 7;
const MARGIN_X = mm(20);
const MARGIN_TOP = mm(18);
const BODY_BOTTOM = mm(24);
const FOOTER_BASELINE = mm(14);
const SMALL = { stack: 'body', size: 9, leading: 11.5 } as const;

interface Section {
  pages: PlacedLine[][];
  footer: (n: number, total: number) => { left: string; right: string };
  heading?: string[];
  /** Top right of the first page: the date. */
  headingRight?: string;
}

function drawSection(doc: VolyaDocument, spec: LetterSpec, section: Section, firstPageTop: number): void {
  const [w, h] = PAPER[spec.paper];
  const total = section.pages.length;
  section.pages.forEach((lines, i) => {
    const page = doc.addPage(w, h);
    let top = h - MARGIN_TOP;
    if (i === 0) {
      if (section.heading) drawLines(page, section.heading, MARGIN_X, top - SMALL.size, SMALL);
      if (section.headingRight) drawLines(page, [section.headingRight], w - MARGIN_X, top - 10, { ...SMALL, size: 10, align: 'right' });
      top = h - firstPageTop;
    }
    for (const l of lines) page.text(l.text, MARGIN_X, top - BODY.size - l.offset, BODY.size, BODY.stack);
    const f = section.footer(i + 1, total);
    page.line(MARGIN_X, FOOTER_BASELINE + 11, w - MARGIN_X, FOOTER_BASELINE + 11, 0.4, 0.6);
    page.text(f.left, MARGIN_X, FOOTER_BASELINE, 9, 'body', 0.25);
    page.text(f.right, w - MARGIN_X - textWidth(f.right, 'body', 9), FOOTER_BASELINE, 9, 'body', 0.25);
  });
}

/** Adds the letter's pages (and the English copy, if any) to an open document. */
export function drawLetter(doc: VolyaDocument, spec: LetterSpec): { letterPages: number } {
  const [w, h] = PAPER[spec.paper];
  const width = w - 2 * MARGIN_X;
  const body = sanitizeText(spec.text);
  doc.report(body.replaced);
  const [recipient] = cleanLines(doc, [spec.recipientLine]);
  const returnLabel = spec.language === 'ru' ? 'Обратный адрес:' : 'Return address:';
  const sender = cleanLines(doc, [returnLabel, ...spec.senderLines]);
  const date = formatDate(spec.date, spec.language);

  // First page: the return address block and the date above the body.
  const headerHeight = sender.length * SMALL.leading + mm(8);
  const firstTop = MARGIN_TOP + headerHeight;
  const bodyHeight = h - MARGIN_TOP - BODY_BOTTOM;
  const pages = paginate(wrapText(body.text, width, BODY), {
    heights: [bodyHeight - headerHeight, bodyHeight],
    leading: LEADING,
    paragraphGap: PARAGRAPH_GAP,
  });
  drawSection(
    doc,
    spec,
    {
      pages,
      heading: sender,
      headingRight: date,
      footer: (n, t) => ({
        left: recipient!,
        right: spec.itemNumber ? `${itemLabel(spec.itemNumber, spec.language)} · ${pageLabel(n, t, spec.language)}` : pageLabel(n, t, spec.language),
      }),
    },
    firstTop,
  );
  const letterPages = pages.length;

  if (spec.englishText?.trim()) {
    // A blank back keeps the copy off the back of the last Russian page when printed duplex.
    if (letterPages % 2 === 1) doc.addPage(w, h);
    const en = sanitizeText(spec.englishText);
    doc.report(en.replaced);
    const heading = [`Your copy — keep it, do not post it. What your letter to ${spec.recipientLatin ?? recipient} says:`];
    const enPages = paginate(wrapText(en.text, width, BODY), {
      heights: [bodyHeight - 2 * SMALL.leading - mm(6), bodyHeight],
      leading: LEADING,
      paragraphGap: PARAGRAPH_GAP,
    });
    drawSection(
      doc,
      spec,
      {
        pages: enPages,
        heading: cleanLines(doc, heading),
        footer: (n, t) => ({ left: 'English copy for the writer — not for posting', right: `copy page ${n} of ${t}` }),
      },
      MARGIN_TOP + 2 * SMALL.leading + mm(6),
    );
  }
  return { letterPages };
}

/** Renders a letter into its own PDF. */
export async function renderLetter(spec: LetterSpec): Promise<RenderResult> {
  const doc = await VolyaDocument.create({ title: 'Письмо', date: spec.date });
  drawLetter(doc, spec);
  const bytes = await doc.save();
  return { bytes, pages: doc.pageCount, replaced: doc.replaced };
}
