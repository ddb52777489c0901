import { describe, expect, it } from 'vitest';
import { MAX_ADDRESS_LINE, recipientBlock, senderBlock, wrapAddressLine } from '../../server/domain/address.js';

const facility = {
  name: 'ФКУ СИЗО-1 УФСИН России по г. Санкт-Петербургу и Ленинградской области',
  street: 'ул. Академика Лебедева, 39',
  city: 'г. Санкт-Петербург',
  district: null,
  region: null,
  postalCode: '194044',
  country: 'RU',
};
const person = { surname: 'Пчелинцев', givenName: 'Дмитрий', patronymic: 'Дмитриевич', gender: 'male' as const, nameDative: null, birthYear: 1992 };

describe('recipientBlock', () => {
  it('follows Russian Post order with the country alone on the last line from abroad', () => {
    expect(recipientBlock(person, facility, { fromCountry: 'CA' })).toEqual([
      'Пчелинцеву Дмитрию Дмитриевичу,',
      '1992 г.р.',
      'ФКУ СИЗО-1 УФСИН России по',
      'г. Санкт-Петербургу и Ленинградской',
      'области',
      'ул. Академика Лебедева, 39',
      'г. Санкт-Петербург',
      '194044',
      'RUSSIA',
    ]);
  });

  it('has no country line for mail posted inside Russia', () => {
    expect(recipientBlock(person, facility, { fromCountry: 'RU' }).at(-1)).toBe('194044');
  });

  it('keeps district and region in order before the index', () => {
    const lines = recipientBlock(
      { ...person, surname: 'Иванова', givenName: 'Мария', patronymic: 'Сергеевна', gender: 'female', birthYear: 1990 },
      { ...facility, name: 'ФКУ ИК-7 УФСИН России по Республике Карелия', city: 'пос. Пиндуши', district: 'Медвежьегорский р-н', region: 'Республика Карелия', postalCode: '186350' },
      { fromCountry: 'CA' },
    );
    expect(lines).toEqual([
      'Ивановой Марии Сергеевне, 1990 г.р.',
      'ФКУ ИК-7 УФСИН России по Республике',
      'Карелия',
      'ул. Академика Лебедева, 39',
      'пос. Пиндуши',
      'Медвежьегорский р-н',
      'Республика Карелия',
      '186350',
      'RUSSIA',
    ]);
  });

  it('keeps every line within 40 characters, breaking only between words, and Cyrillic above the country', () => {
    const lines = recipientBlock(person, facility, { fromCountry: 'CA' });
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(MAX_ADDRESS_LINE);
    const words = new Set(facility.name.split(' '));
    for (const l of lines.slice(2, 5)) for (const w of l.split(' ')) expect(words.has(w), w).toBe(true);
    for (const l of lines.slice(0, -1)) expect(l, l).not.toMatch(/[A-Za-z]/u);
  });

  it('uses the organizer override and leaves out a missing birth year', () => {
    const lines = recipientBlock({ ...person, nameDative: 'Смиту Джону', birthYear: null }, facility, { fromCountry: 'CA' });
    expect(lines[0]).toBe('Смиту Джону');
  });
});

describe('wrapAddressLine', () => {
  it('never cuts a word, even one longer than the limit', () => {
    expect(wrapAddressLine('Очень-очень-длинное-название-учреждения-без-пробелов рядом', 20)).toEqual([
      'Очень-очень-длинное-название-учреждения-без-пробелов',
      'рядом',
    ]);
  });
});

describe('senderBlock', () => {
  const settings = { collectiveName: 'Коллектив «Воля»', returnAddress: 'PO Box 123, Station A\nMontreal QC  H2X 1Y2\nCANADA' };

  it('is in Latin script, the collective’s name on top', () => {
    const lines = senderBlock(settings);
    expect(lines).toEqual(['Kollektiv «Volya»', 'PO Box 123, Station A', 'Montreal QC H2X 1Y2', 'CANADA']);
    for (const l of lines) expect(l).not.toMatch(/[А-Яа-яЁё]/u);
  });

  it('puts the writer’s name care of the collective', () => {
    expect(senderBlock({ collectiveName: 'Volya', returnAddress: 'Volya\nPO Box 1\nCANADA' }, { name: 'Анна' })).toEqual(['Anna', 'c/o Volya', 'PO Box 1', 'CANADA']);
  });
});
