import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PdfRequest } from '../../server/model/schemas.js';
import { inlineRenderer } from '../../server/render/render-pool.js';
import { pdfFor } from '../../server/services/letters.js';
import { makeTestApp, type TestApp } from '../helpers.js';
import { DATE, PARAGRAPH } from './fixtures.js';
import { readPdf } from './read-pdf.js';

let t: TestApp;
let personId: number;

beforeAll(async () => {
  t = await makeTestApp();
  personId = (await t.app.inject({ method: 'GET', url: '/api/prisoners' })).json().prisoners[0].id;
});
afterAll(() => t.close());

const ENGLISH = 'Dear friend, we write from Montreal and think of you.';

async function render(extra: Partial<PdfRequest>): Promise<{ pages: number; text: string }> {
  const req: PdfRequest = { kind: 'letter', prisonerId: personId, text: PARAGRAPH, ...extra };
  const { result: r } = await pdfFor(t.database.db, inlineRenderer, req, { scope: 'kiosk', today: DATE });
  const pages = await readPdf(r.bytes);
  return { pages: r.pages, text: pages.map((p) => p.lines.join(' ')).join(' ') };
}

describe('the English copy prints only when asked for', () => {
  it('is left out when englishText is sent without options.englishCopy, or with it false', async () => {
    for (const options of [undefined, {}, { englishCopy: false }]) {
      const r = await render({ englishText: ENGLISH, options });
      expect(r.pages, JSON.stringify(options)).toBe(1);
      expect(r.text).not.toContain('Montreal and think of you');
    }
  });

  it('prints the writer’s englishText on its own sheet when options.englishCopy is true', async () => {
    const r = await render({ englishText: ENGLISH, options: { englishCopy: true } });
    expect(r.pages).toBe(3);
    expect(r.text).toContain(ENGLISH);
  });

  it('falls back to the template’s English when asked for without englishText', async () => {
    const withCopy = await render({ text: undefined, templateId: 'first-letter-ru', sender: { kind: 'group' }, options: { englishCopy: true } });
    expect(withCopy.pages).toBe(3);
    expect(withCopy.text).toMatch(/Dear /u);
    const without = await render({ text: undefined, templateId: 'first-letter-ru', sender: { kind: 'group' } });
    expect(without.pages).toBe(1);
    expect(without.text).not.toMatch(/Dear /u);
  });

  it('POST /api/pdf follows the same rule', async () => {
    const pages = async (payload: object) => (await t.app.inject({ method: 'POST', url: '/api/pdf/report', payload })).json().pages;
    expect(await pages({ kind: 'letter', prisonerId: personId, text: PARAGRAPH, englishText: ENGLISH })).toBe(1);
    expect(await pages({ kind: 'letter', prisonerId: personId, text: PARAGRAPH, englishText: ENGLISH, options: { englishCopy: true } })).toBe(3);
  });
});
