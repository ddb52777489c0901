/** The forward pack: the cover letter to the partner and the parcel label, read back with pdfjs-dist. */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderForwardPack, type ForwardPackSpec } from '../../server/pdf/forward-pack.js';
import { DATE } from './fixtures.js';
import { readPdf } from './read-pdf.js';

const SPEC: ForwardPackSpec = {
  paper: 'letter',
  runId: 42,
  date: DATE,
  partnerName: 'Briefe nach Russland e.V.',
  partnerAddress: ['Postfach 10 20 30', '10115 Berlin', 'GERMANY'],
  partnerCountryName: 'Germany',
  envelopesByCountry: [{ country: 'RUSSIA', count: 12 }, { country: 'BELARUS', count: 1 }],
  postcards: 3,
  collectiveLines: ['Volya collective', 'PO Box 123, Station A', 'Montreal QC  H2X 1Y2', 'CANADA'],
  envelopeReturn: 'partner',
};

describe('forward pack', () => {
  it('writes the cover letter with partner, counts per country, date, postage and return address, then the parcel label', async () => {
    const { bytes, pages } = await renderForwardPack(SPEC);
    if (process.env.VOLYA_KEEP_PDF) writeFileSync(process.env.VOLYA_KEEP_PDF, bytes);
    expect(pages).toBe(2);
    const [cover, label] = await readPdf(bytes);
    const text = cover!.lines.join('\n');
    expect(text).toContain('Briefe nach Russland e.V.');
    expect(text).toContain('10115 Berlin');
    expect(text).toContain('November 26, 2026');
    expect(text).toMatch(/RUSSIA: 12 envelopes/u);
    expect(text).toMatch(/BELARUS: 1 envelope$/mu);
    expect(cover!.lines.join(' ')).toMatch(/13 addressed envelopes and 3 postcards/u);
    expect(text).toMatch(/Postage:/u);
    expect(cover!.lines.join(' ')).toMatch(/carry your return address/u);
    expect(text).toContain('Montreal QC');
    const labelText = label!.lines.join('\n');
    expect(labelText).toContain('Postfach 10 20 30');
    expect(labelText).toContain('From:');
    // The partner's address is the large one on the label.
    const partner = label!.items.find((i) => i.str.includes('10115 Berlin'))!;
    const sender = label!.items.find((i) => i.str.includes('Montreal'))!;
    expect(partner.height).toBeGreaterThan(sender.height * 1.5);
  });
});
