import { describe, expect, it } from 'vitest';
import { combinePdfs, padToSheet } from '../../server/pdf/combine.js';
import { VolyaDocument } from '../../server/pdf/document.js';
import { drawEnvelope } from '../../server/pdf/envelope.js';
import { drawLetter, renderLetter } from '../../server/pdf/letter.js';
import { drawPostcardSheets } from '../../server/pdf/postcard-sheet.js';
import { renderEnvelopes } from '../../server/pdf/envelope.js';
import { PAPER } from '../../server/pdf/units.js';
import { DATE, PARAGRAPH, RECIPIENT, RECIPIENT_LINE, SENDER } from './fixtures.js';
import { readPdf } from './read-pdf.js';

const letter = { paper: 'letter' as const, language: 'ru' as const, text: PARAGRAPH, recipientLine: RECIPIENT_LINE, senderLines: SENDER, date: DATE };

describe('print batches', () => {
  it('draws letters, a postcard sheet and envelopes into one document, each letter on a fresh sheet', async () => {
    const doc = await VolyaDocument.create({ title: 'batch', date: DATE });
    drawLetter(doc, letter);
    padToSheet(doc, ...PAPER.letter);
    drawLetter(doc, letter);
    padToSheet(doc, ...PAPER.letter);
    await drawPostcardSheets(doc, [{ language: 'ru', message: 'Привет!', recipientLines: RECIPIENT, senderLines: SENDER }], 'letter');
    drawEnvelope(doc, { size: 'US10', offset: { xMm: 0, yMm: 0 }, recipientLines: RECIPIENT, senderLines: SENDER });
    const pages = await readPdf(await doc.save());
    expect(pages).toHaveLength(2 + 2 + 2 + 1);
    expect(pages[2]!.lines.at(-1)).toBe(`${RECIPIENT_LINE} стр. 1 из 1`);
    expect(pages[6]!.lines.at(-1)).toBe('RUSSIA');
  });

  it('copies finished PDFs together, padding where a part must start on a new sheet', async () => {
    const a = await renderLetter(letter);
    const b = await renderEnvelopes([{ size: 'DL', offset: { xMm: 0, yMm: 0 }, recipientLines: RECIPIENT, senderLines: SENDER }], DATE);
    const bytes = await combinePdfs([{ bytes: a.bytes }, { bytes: a.bytes, newSheet: true }, { bytes: b.bytes }], DATE);
    const pages = await readPdf(bytes);
    expect(pages.map((p) => p.items.length > 0)).toEqual([true, false, true, true]);
  });
});
