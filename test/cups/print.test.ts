/**
 * Printing through the real CUPS: cupsd with the cups-pdf queue `volya-pdf` (scripts/setup-cups.sh) writes each
 * job as a PDF into its output folder; the test reads those back and counts pages. A machine without CUPS or
 * without the queue fails here — it never skips.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { makeTestApp, postByDefault, putPrintSettings, type TestApp } from '../helpers.js';
import { jobState, listPrinters } from '../../server/printing/cups.js';

const PRINTER = process.env.VOLYA_CUPS_PRINTER ?? 'volya-pdf';
const LETTER = 'Дорогой друг!\n\nМы пишем тебе из Канады. Мы о тебе помним.';

/** cups-pdf's output folder for this user: `Out` in cups-pdf.conf, ${HOME} expanded. */
function outputDir(): string {
  const conf = fs.readFileSync('/etc/cups/cups-pdf.conf', 'utf8');
  const out = /^Out\s+(.+)$/m.exec(conf)?.[1]?.trim() ?? '/var/spool/cups-pdf/${USER}';
  const user = os.userInfo();
  return out.replace('${HOME}', user.homedir).replace('${USER}', user.username);
}

function pdfsIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => path.join(dir, f));
}

async function pageCount(file: string): Promise<number> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), isEvalSupported: false, disableFontFace: true }).promise;
  const n = doc.numPages;
  await doc.destroy();
  return n;
}

/** Waits until cups-pdf has written `count` new files (it writes them asynchronously after lp returns). */
async function newPdfs(dir: string, before: Set<string>, count: number): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const fresh = pdfsIn(dir).filter((f) => !before.has(f));
    // A file is complete once its size stops changing between two looks.
    if (fresh.length >= count) {
      const sizes = fresh.map((f) => fs.statSync(f).size);
      await new Promise((r) => setTimeout(r, 300));
      if (fresh.every((f, i) => fs.statSync(f).size === sizes[i] && sizes[i]! > 0)) {
        return fresh.sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs || a.localeCompare(b));
      }
    }
    if (Date.now() > deadline) throw new Error(`cups-pdf wrote ${fresh.length} of ${count} files into ${dir} within 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe(`printing through the real CUPS (queue ${PRINTER})`, () => {
  let t: TestApp;
  let h: Record<string, string>;
  let dir: string;

  beforeAll(async () => {
    // Fails (not skips) without CUPS: lpstat missing or the queue absent.
    const list = await listPrinters();
    expect(list.printers.map((p) => p.name), 'run scripts/setup-cups.sh first').toContain(PRINTER);
    dir = outputDir();
    t = await makeTestApp();
    h = await t.login();
    // Everything posted from here: one sheets job and one envelopes job per run (the demo data's forward and relay
    // routes add parts that this test of the printer is not about; test/services/print-run-routes.test.ts is).
    await postByDefault(t);
    expect((await putPrintSettings(t, h, { defaultPrinter: PRINTER })).statusCode).toBe(200);
  });
  afterAll(async () => {
    // Leave the queue accepting even if a test stopped between reject and accept.
    if (dir) execFileSync('cupsaccept', [PRINTER]);
    await t?.close();
  });

  async function queueRun(letters: number, postcards: number) {
    const people = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners as { id: number }[];
    for (let i = 0; i < letters; i++) {
      expect((await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'letter', prisonerId: people[i]!.id, text: LETTER } })).statusCode).toBe(201);
    }
    for (let i = 0; i < postcards; i++) {
      await t.app.inject({ method: 'POST', url: '/api/queue', payload: { kind: 'postcard', prisonerId: people[i]!.id, text: 'Привет из Канады!' } });
    }
    const run = await t.app.inject({ method: 'POST', url: '/api/admin/print/runs', headers: h, payload: { paper: 'a4', envelopeSize: 'DL' } });
    expect(run.statusCode).toBe(201);
    return run.json() as { id: number; pages: number; parts: { section: string; pages: number }[] };
  }

  const send = (id: number, body: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: `/api/admin/print/runs/${id}/send`, headers: h, payload: body });

  it('shows the printer to the kiosk and sends a run: both jobs arrive as PDFs with the right page counts', async () => {
    expect((await t.app.inject({ url: '/api/print/capabilities' })).json()).toEqual({ queue: true, printer: PRINTER, phone: false });
    const run = await queueRun(3, 5);
    const before = new Set(pdfsIn(dir));
    const res = await send(run.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'printed', printer: PRINTER });
    const files = await newPdfs(dir, before, 2);
    const counts = await Promise.all(files.map(pageCount));
    expect(counts.sort((a, b) => a - b)).toEqual(run.parts.map((p) => p.pages).sort((a, b) => a - b));
    expect(run.parts.find((p) => p.section === 'envelopes')!.pages).toBe(3);

    // CUPS reports the jobs done.
    const jobs = (await t.app.inject({ url: `/api/admin/print/runs/${run.id}/jobs`, headers: h })).json().jobs as { jobId: string; state: string }[];
    expect(jobs).toHaveLength(2);
    for (const j of jobs) await expect.poll(() => jobState(PRINTER, j.jobId), { timeout: 30_000 }).toBe('completed');

    // A second print is refused unless asked for explicitly.
    expect((await send(run.id)).statusCode).toBe(409);
    const again = new Set(pdfsIn(dir));
    expect((await send(run.id, { again: true })).statusCode).toBe(200);
    expect(await newPdfs(dir, again, 2)).toHaveLength(2);
  });

  it('prints one letter straight from the kiosk', async () => {
    const [p] = (await t.app.inject({ url: '/api/prisoners' })).json().prisoners;
    const before = new Set(pdfsIn(dir));
    const res = await t.app.inject({ method: 'POST', url: '/api/print', payload: { kind: 'letter', prisonerId: p.id, text: LETTER, paper: 'a4' } });
    expect(res.statusCode, res.body).toBe(200);
    const [file] = await newPdfs(dir, before, 1);
    expect(await pageCount(file!)).toBe(res.json().pages);
  });

  it('keeps a run resumable when the printer stops accepting jobs, and finishes it when it is back', async () => {
    const run = await queueRun(2, 0);
    execFileSync('cupsreject', [PRINTER]);
    const before = new Set(pdfsIn(dir));
    const failed = await send(run.id);
    expect(failed.statusCode).toBe(503);
    expect(failed.json().message).toMatch(/not accepting|not available/i);
    const rows = await t.app.db.selectFrom('printQueue').select(['status', 'content']).where('printRunId', '=', run.id).execute();
    expect(rows.map((r) => r.status)).toEqual(['queued', 'queued']);
    expect(rows.every((r) => r.content !== null)).toBe(true);

    execFileSync('cupsaccept', [PRINTER]);
    const resumed = await send(run.id);
    expect(resumed.statusCode, resumed.body).toBe(200);
    const files = await newPdfs(dir, before, 2);
    expect((await Promise.all(files.map(pageCount))).sort((a, b) => a - b)).toEqual(run.parts.map((p) => p.pages).sort((a, b) => a - b));
    expect(await t.app.db.selectFrom('printQueue').select('id').where('printRunId', '=', run.id).execute()).toEqual([]);
  });
});
