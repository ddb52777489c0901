/** Shared inputs for the PDF tests. */
import { recipientBlock, senderBlock } from '../../server/domain/address.js';

export const DATE = new Date('2026-11-26T12:00:00Z');

export const PCHELINTSEV = {
  surname: 'Пчелинцев',
  givenName: 'Дмитрий',
  patronymic: 'Дмитриевич',
  gender: 'male' as const,
  nameDative: null,
  birthYear: 1992,
};

export const SIZO_PENZA = {
  name: 'ФКУ СИЗО-1 УФСИН России по Пензенской области',
  street: 'ул. Каракозова, 30',
  city: 'г. Пенза',
  district: null,
  region: 'Пензенская область',
  postalCode: '440039',
  country: 'RU',
};

export const RECIPIENT = recipientBlock(PCHELINTSEV, SIZO_PENZA, { fromCountry: 'CA' });
export const SENDER = senderBlock({ collectiveName: 'Volya collective', returnAddress: 'PO Box 123, Station A\nMontreal QC  H2X 1Y2\nCANADA' }, { name: 'Anna' });
export const RECIPIENT_LINE = 'Пчелинцеву Дмитрию Дмитриевичу, 1992 г.р.';

export const PARAGRAPH =
  'Здравствуй! Меня зовут Анна, я пишу тебе из Монреаля. У нас сейчас поздняя осень: деревья уже голые, по утрам на траве иней, а днём ещё бывает солнечно. Я работаю в библиотеке и по выходным катаюсь на велосипеде вдоль реки. Что ты сейчас читаешь? Расскажи, пожалуйста, как проходит твой день.';

/** About `pages` pages of body text in paragraphs of varied length (so widows and orphans come up). */
export function longText(pages: number): string {
  const paras: string[] = [];
  for (let i = 0; paras.join('\n\n').length < pages * 3000; i++) {
    paras.push(`${i + 1}. ${PARAGRAPH.repeat(1 + (i % 4))}`);
  }
  return paras.join('\n\n');
}
