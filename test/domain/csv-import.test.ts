import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes, looksGarbled, parseCsvText, planImport, suggestMapping } from '../../server/domain/csv-import.js';

const context = { prisoners: [], facilities: [] };

describe('CSV import, pure parts', () => {
  it('decodes UTF-16 with a BOM and strips a UTF-8 BOM', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Фамилия\tИмя\n', 'utf-16le')]);
    expect(decodeCsvBytes(utf16)).toEqual({ text: 'Фамилия\tИмя\n', encoding: 'utf-16le' });
    expect(decodeCsvBytes(Buffer.from('\uFEFFa;b\n')).text).toBe('a;b\n');
  });

  it('keeps the line where each record starts across blank lines, CRLF and quoted line breaks', () => {
    const parsed = parseCsvText('surname\tgivenName\tbioRu\r\n\r\nИванов\tИван\t"раз\r\nдва"\r\n\r\nПетров\tПётр\t\r\n');
    expect(parsed.delimiter).toBe('\t');
    expect(parsed.records.map((r) => r.line)).toEqual([3, 6]);
  });

  it('maps Russian headers, reads DD.MM.YYYY dates and reports unknown values with the field', () => {
    const parsed = parseCsvText('Фамилия;Имя;Дата рождения;Пол;Статус\nИванова;Мария;05.03.1990;ж;colony\nИванов;Иван;31.02.1990;x;colony\n');
    const mapping = suggestMapping(parsed.headers);
    expect(mapping).toEqual({ surname: 'Фамилия', givenName: 'Имя', birthDate: 'Дата рождения', gender: 'Пол', status: 'Статус' });
    const plan = planImport(parsed, mapping, context, new Date('2026-06-01T00:00:00Z'));
    expect(plan.personOps[0]!.values).toMatchObject({ birthDate: '1990-03-05', birthYear: 1990, gender: 'female' });
    expect(plan.rows[1]).toMatchObject({ line: 3, action: 'error', errors: [{ field: 'gender' }] });
  });

  it('reports a Latin Russian address or dative as a row error naming the column', () => {
    const parsed = parseCsvText([
      'surname;givenName;birthYear;nameDative;facilityName;street;city;postalCode;country',
      'Иванов;Иван;1990;;IK-2 Penza region;ул. Ленина, 1;г. Пенза;440000;RU',
      'Петров;Пётр;1991;;ФКУ ИК-3;Lenina st 1;г. Пенза;440001;RU',
      'Сидоров;Олег;1992;Sidorovu Olegu;ФКУ ИК-4;ул. Ленина, 2;г. Пенза;440002;RU',
      'Орлов;Иван;1993;;ФКУ ИК-5;ул. Ленина, 3;г. Пенза;440003;RU',
    ].join('\n'));
    const plan = planImport(parsed, suggestMapping(parsed.headers), context, new Date('2026-06-01T00:00:00Z'));
    expect(plan.rows.map((r) => [r.action, r.errors[0]?.field])).toEqual([['error', 'facilityName'], ['error', 'street'], ['error', 'nameDative'], ['create', undefined]]);
  });

  it('prefers the remembered mapping when its columns exist', () => {
    expect(suggestMapping(['Фамилия', 'ФИО', 'Имя'], { surname: 'ФИО' })).toEqual({ surname: 'ФИО', givenName: 'Имя' });
  });

  it('tells garbled Cyrillic from real Cyrillic', () => {
    expect(looksGarbled(iconv.decode(Buffer.from('Иванов Иван'), 'win1251'))).toBe(true);
    expect(looksGarbled('Иванов Иван Сергеевич, Россия')).toBe(false);
  });
});
