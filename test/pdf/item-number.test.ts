/** The person's item number («письмо № N») on a letter's every footer and on a postcard's address side, read back. */
import { describe, expect, it } from 'vitest';
import { renderSpec } from '../../server/pdf/render-spec.js';
import { readPdf } from './read-pdf.js';

const sender = ['Volya collective', '123 Main St', 'Toronto ON M5V 2T6', 'CANADA'];
const recipient = ['Пчелинцеву Дмитрию Дмитриевичу, 1992 г.р.', 'ФКУ ИК-7 УФСИН России', 'ул. Лесная, 1', 'пос. Образцовый', '186000', 'РОССИЯ / RUSSIA'];

describe('item numbers on the page', () => {
  it('prints «письмо № 4» in the footer of every page of a letter, and nothing without a number', async () => {
    const long = Array(60).fill('Мы пишем тебе из Канады, мы о тебе помним и ждём новостей.').join('\n\n');
    const letter = (itemNumber?: number) => renderSpec({ title: 't', date: new Date('2026-12-02'), kind: 'letter', letter: {
      paper: 'a4', language: 'ru', text: long, recipientLine: recipient[0]!, senderLines: sender, date: new Date('2026-12-02'), itemNumber,
    } });
    const pages = await readPdf((await letter(4)).bytes);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.map((p) => p.lines.at(-1))).toEqual(pages.map((_, i) => expect.stringContaining(`письмо № 4 · стр. ${i + 1} из ${pages.length}`)));
    const plain = await readPdf((await letter()).bytes);
    expect(plain.flatMap((p) => p.lines).join('\n')).not.toContain('письмо №');
  });

  it('prints the number on the postcard\'s address side', async () => {
    const card = await renderSpec({ title: 't', date: new Date('2026-12-02'), kind: 'postcards', layout: 'single', paper: 'a4', cards: [
      { language: 'ru', message: 'С днём рождения!', recipientLines: recipient, senderLines: sender, itemNumber: 12 },
    ] });
    const [, back] = await readPdf(card.bytes);
    expect(back!.lines).toContain('письмо № 12');
  });
});
