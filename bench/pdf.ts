/**
 * npm run bench — Volya's renderer against pdfkit doing the same work in the same process.
 * Prints median ms per one-page letter and per 200-postcard batch, bytes and peak RSS; the last line is
 * one JSON object so runs can be compared.
 */
import { createRequire } from 'node:module';
import PDFKit from 'pdfkit';
import { recipientBlock, senderBlock } from '../server/domain/address.js';
import { renderLetter, type LetterSpec } from '../server/pdf/letter.js';
import { renderPostcardSheet } from '../server/pdf/postcard-sheet.js';
import type { PostcardSpec } from '../server/pdf/postcard.js';
import { mm, PAPER } from '../server/pdf/units.js';
import { CARD_RU, LETTER_EN, LETTER_RU } from './fixtures.js';

const require = createRequire(import.meta.url);
const SERIF = require.resolve('@expo-google-fonts/pt-serif/400Regular/PTSerif_400Regular.ttf');
const HAND = require.resolve('@expo-google-fonts/caveat/400Regular/Caveat_400Regular.ttf');
const DATE = new Date('2026-11-26T12:00:00Z');
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const BATCH_RUNS = Number(process.env.BENCH_BATCH_RUNS ?? 11);

const recipient = recipientBlock(
  { surname: 'Пчелинцев', givenName: 'Дмитрий', patronymic: 'Дмитриевич', gender: 'male', nameDative: null, birthYear: 1992 },
  { name: 'ФКУ СИЗО-1 УФСИН России по Пензенской области', street: 'ул. Каракозова, 30', city: 'г. Пенза', district: null, region: null, postalCode: '440039', country: 'RU' },
  { fromCountry: 'CA' },
);
const sender = senderBlock({ collectiveName: 'Volya collective', returnAddress: 'PO Box 123\nMontreal QC H2X 1Y2\nCANADA' }, { name: 'Anna' });
const letterText = `${LETTER_RU}\n\n${LETTER_EN}`;
const letterSpec: LetterSpec = {
  paper: 'letter',
  language: 'ru',
  text: letterText,
  recipientLine: 'Пчелинцеву Дмитрию Дмитриевичу, 1992 г.р.',
  senderLines: sender,
  date: DATE,
};
const cards: PostcardSpec[] = Array.from({ length: 200 }, () => ({ language: 'ru', message: CARD_RU, recipientLines: recipient, senderLines: sender }));

function pdfkitDoc(size: [number, number]): { doc: PDFKit; done: Promise<Buffer> } {
  const doc = new PDFKit({ size, margin: 0, autoFirstPage: false, info: { CreationDate: DATE, ModDate: DATE } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  return { doc, done };
}

/** The same letter with pdfkit: header block, date, wrapped body, footer. */
async function pdfkitLetter(): Promise<Buffer> {
  const [w, h] = PAPER.letter;
  const { doc, done } = pdfkitDoc([w, h]);
  doc.registerFont('serif', SERIF);
  doc.addPage();
  doc.font('serif').fontSize(9).text(['Обратный адрес:', ...sender].join('\n'), mm(20), mm(18), { lineGap: 1 });
  doc.fontSize(10).text('26 ноября 2026 г.', mm(20), mm(18), { width: w - mm(40), align: 'right' });
  doc.fontSize(12).text(letterText, mm(20), mm(18) + 90, { width: w - mm(40), lineGap: 2.5, paragraphGap: 7 });
  doc.fontSize(9).text('Пчелинцеву Дмитрию Дмитриевичу, 1992 г.р.', mm(20), h - mm(17), { lineBreak: false });
  doc.text('стр. 1 из 1', w - mm(40), h - mm(17), { lineBreak: false });
  doc.end();
  return done;
}

/** 200 cards with pdfkit: 4-up sheets, message in Caveat, address block in PT Serif. */
async function pdfkitPostcards(): Promise<Buffer> {
  const [w, h] = PAPER.letter;
  const { doc, done } = pdfkitDoc([w, h]);
  doc.registerFont('serif', SERIF);
  doc.registerFont('hand', HAND);
  for (let i = 0; i < cards.length; i += 4) {
    doc.addPage();
    doc.addPage();
    for (let slot = 0; slot < 4; slot++) {
      const x = 30 + (slot % 2) * 280;
      const y = 30 + Math.floor(slot / 2) * 370;
      doc.save().translate(x + 260, y).rotate(90);
      doc.font('hand').fontSize(15).text(CARD_RU, 17, 17, { width: mm(64) });
      doc.font('serif').fontSize(7).text(recipient.join('\n'), mm(78), 120, { width: mm(64) });
      doc.fontSize(6).text(sender.join('\n'), mm(78), 17, { width: mm(64) });
      doc.restore();
    }
  }
  doc.end();
  return done;
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);

// Warm-up: fonts parsed, caches filled, JIT settled — a workshop laptop renders many letters per process.
const first = performance.now();
const letter = await renderLetter(letterSpec);
const firstLetterMs = Math.round((performance.now() - first) * 10) / 10;
const pdfkitBytes = (await pdfkitLetter()).length;
for (let i = 0; i < 2; i++) {
  await renderPostcardSheet(cards, 'letter', DATE);
  await pdfkitPostcards();
}

const letterMs = await median(RUNS, () => renderLetter(letterSpec));
const pdfkitLetterMs = await median(RUNS, pdfkitLetter);
const postcards200Ms = await median(BATCH_RUNS, () => renderPostcardSheet(cards, 'letter', DATE));
const pdfkitPostcards200Ms = await median(BATCH_RUNS, pdfkitPostcards);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const result = {
  letterMs,
  pdfkitLetterMs,
  postcards200Ms,
  pdfkitPostcards200Ms,
  letterBytes: letter.bytes.length,
  pdfkitLetterBytes: pdfkitBytes,
  letterPages: letter.pages,
  firstLetterMs,
  rssMB: Math.round(peakRss / 1024 / 1024),
};
console.log(`letter (1 page, ${letterText.length} chars): volya ${letterMs} ms, pdfkit ${pdfkitLetterMs} ms; first cold letter ${firstLetterMs} ms`);
console.log(`200 postcards (4-up, ${Math.ceil(cards.length / 4) * 2} pages): volya ${postcards200Ms} ms, pdfkit ${pdfkitPostcards200Ms} ms`);
console.log(`letter bytes: volya ${letter.bytes.length}, pdfkit ${pdfkitBytes}; peak RSS ${result.rssMB} MB`);
console.log(JSON.stringify(result));
