import { describe, expect, it } from 'vitest';
import { fromSpreadsheetSafe, spreadsheetSafe } from '../../server/domain/csv-safe.js';
import { manifestCsv } from '../../server/domain/manifest.js';

describe('spreadsheet formula guard', () => {
  it('marks cells that start like a formula, and the import takes the mark off again', () => {
    for (const v of ['=1+1', '+7 999', '-2', '@SUM(A1)', "'=x", "''+y"]) {
      expect(spreadsheetSafe(v)).toBe(`'${v}`);
      expect(fromSpreadsheetSafe(spreadsheetSafe(v) as string)).toBe(v);
    }
    for (const v of ['Иванов', "'quoted", 'a=b', '', 7]) {
      expect(spreadsheetSafe(v)).toBe(v);
      if (typeof v === 'string') expect(fromSpreadsheetSafe(v)).toBe(v);
    }
  });

  it('guards the run manifest CSV too', () => {
    const csv = manifestCsv(1, [{ prisonerId: 2, nameRu: '=cmd|calc', latinName: '@evil', letters: 1, postcards: 0 }], 'envelope');
    expect(csv.split('\n')[1]).toBe("1,2,'=cmd|calc,'@evil,1,0,1");
  });
});
