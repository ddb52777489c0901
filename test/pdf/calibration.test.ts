import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers.js';
import { readPdf, type PageLine } from './pdf-read.js';

const MM = 72 / 25.4;
/** Envelope sizes in mm (landscape) and the recipient block's start as docs/print-runs.md gives them. */
const SIZES = { DL: [220, 110], C5: [229, 162], C6: [162, 114], US10: [241.3, 104.775] } as const;
const LEFT_SHARE = 0.47;
const BOTTOM_MM = 14;

let t: TestApp;
let h: Record<string, string>;
beforeAll(async () => {
  t = await makeTestApp();
  h = await t.login();
});
afterAll(() => t.close());

const setOffset = async (size: keyof typeof SIZES, xMm: number, yMm: number) => {
  const current = (await t.app.inject({ url: '/api/admin/settings', headers: h })).json();
  const res = await t.app.inject({
    method: 'PUT', url: '/api/admin/settings', headers: h,
    payload: { envelopeOffsets: { ...current.envelopeOffsets, [size]: { xMm, yMm } }, version: current.version },
  });
  expect(res.statusCode).toBe(200);
};

/** The centre of the cross: the one horizontal and the one vertical line 16 mm long that cross each other. */
function crossOf(lines: PageLine[]) {
  const long = lines.filter((l) => Math.abs(Math.hypot(l.x2 - l.x1, l.y2 - l.y1) - 16 * MM) < 0.5);
  const horizontal = long.find((l) => Math.abs(l.y1 - l.y2) < 0.01)!;
  const vertical = long.find((l) => Math.abs(l.x1 - l.x2) < 0.01)!;
  expect(horizontal).toBeDefined();
  expect(vertical).toBeDefined();
  return { x: vertical.x1, y: horizontal.y1 };
}

describe('envelope offsets', () => {
  it('a positive y offset moves the address up by that many mm, a positive x offset right', async () => {
    const person = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners[0];
    const russia = async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/pdf', payload: { kind: 'envelope', prisonerId: person.id, options: { envelopeSize: 'DL' } } });
      expect(res.statusCode).toBe(200);
      const [page] = await readPdf(res.rawPayload);
      return page!.texts.find((x) => x.str === 'RUSSIA')!;
    };
    await setOffset('DL', 0, 0);
    const base = await russia();
    await setOffset('DL', 4, 6);
    const moved = await russia();
    expect(moved.y - base.y).toBeCloseTo(6 * MM, 1);
    expect(moved.x - base.x).toBeCloseTo(4 * MM, 1);
  });

  it.each(Object.keys(SIZES) as (keyof typeof SIZES)[])('%s: the calibration page has the cross where the recipient block starts, offset applied', async (size) => {
    await setOffset(size, 0, 0);
    const plain = await t.app.inject({ url: `/api/admin/print/calibration.pdf?size=${size}`, headers: h });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('application/pdf');
    const [page] = await readPdf(plain.rawPayload);
    const [w, hMm] = SIZES[size];
    expect(page!.width / MM).toBeCloseTo(w, 1);
    expect(page!.height / MM).toBeCloseTo(hMm, 1);
    const cross = crossOf(page!.lines);
    expect(cross.x / MM).toBeCloseTo(w * LEFT_SHARE, 1);
    expect(cross.y / MM).toBeCloseTo(BOTTOM_MM, 1);
    // Ruler ticks: one per mm along the baseline to the right of the cross.
    const ticks = page!.lines.filter((l) => Math.abs(l.x1 - l.x2) < 0.01 && Math.abs(l.y1 - cross.y) < 0.01 && l.x1 > cross.x);
    expect(ticks.length).toBeGreaterThan(40);
    expect((ticks[1]!.x1 - ticks[0]!.x1) / MM).toBeCloseTo(1, 2);

    await setOffset(size, -2.5, 3);
    const moved = await t.app.inject({ url: `/api/admin/print/calibration.pdf?size=${size}`, headers: h });
    const at = crossOf((await readPdf(moved.rawPayload))[0]!.lines);
    expect(at.x / MM).toBeCloseTo(w * LEFT_SHARE - 2.5, 1);
    expect(at.y / MM).toBeCloseTo(BOTTOM_MM + 3, 1);
  });

  it('refuses an unknown size, naming it', async () => {
    const res = await t.app.inject({ url: '/api/admin/print/calibration.pdf?size=A4', headers: h });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/size/);
  });
});
