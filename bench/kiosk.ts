/**
 * The kiosk's preview as a writer waits for it: Debian's Chromium (playwright-core) against the real server, 20
 * previews (10 letters, 10 postcards). A letter's writer types their name and town on the sign screen, a postcard's
 * writer draws a stroke; then a pause of PAUSE_MS (the hand going to the button) and the click on *Next*.
 *
 * Measured, from the click event as the page receives it (its timeStamp, so Playwright's own checks before the
 * click do not count) to the first page drawn (pdf.js finished into its canvas, data-drawn="1"):
 * - previewVisibleMs: *Next* to the first page drawn; postcardBothSidesMs: to both sides of a postcard drawn;
 * - previewColdMs: a preview with no head start, for each letter: switching the paper (Letter ↔ A4) on the preview
 *   screen, from the change to the first page drawn (a new PDF asked for and drawn while the writer waits);
 * - pdfMs: POST /api/pdf as the browser saw it (request sent to response ended; the server's render plus a loopback
 *   hop), for the preview shown; composeMs: the last POST /api/compose before *Next*.
 * npm run bench:kiosk [-- --runs 20]. Last line: one JSON object of medians.
 */
import type { Page } from 'playwright-core';
import { launchBrowser, guardedContext, startServer } from '../test/e2e/harness.js';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 20;
/** From the last keystroke or stroke to the click: a writer's hand going to the button. */
const PAUSE_MS = 600;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round((s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2) : 0;
};

// Scripts page.evaluate runs are strings: the bundler's helpers (its __name) do not exist in the page. WATCH records, in
// the page, the click (or change) event's timeStamp and then, frame by frame (requestAnimationFrame), the first frame
// in which a drawn page is in the preview and the first in which all of a postcard's pages are: the moment the writer
// can see it, free of Playwright's polling.
const WATCH = (selector: string, event: 'click' | 'change') => `(() => {
  const w = window;
  w.__volya = { at: undefined, first: undefined, all: undefined };
  const frame = () => {
    const cs = Array.from(document.querySelectorAll('#pages canvas.page'));
    const drawn = cs.filter((c) => c.dataset.drawn === '1').length;
    const now = performance.now();
    if (drawn >= 1 && w.__volya.first === undefined) w.__volya.first = now;
    if (cs.length >= 2 && drawn === cs.length && w.__volya.all === undefined) w.__volya.all = now;
    if (w.__volya.first === undefined || (cs.length >= 2 && w.__volya.all === undefined)) requestAnimationFrame(frame);
  };
  const start = (e) => {
    if (w.__volya.at !== undefined) return;
    w.__volya.at = e.timeStamp;
    requestAnimationFrame(frame);
  };
  for (const el of document.querySelectorAll(${JSON.stringify(selector)})) el.addEventListener('${event}', start, { capture: true });
})()`;
const TIMINGS = `performance.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime, ms: e.responseEnd - e.requestStart }))`;

interface Watched { at: number; first: number; all?: number }
async function watched(page: Page, bothSides: boolean): Promise<Watched> {
  const handle = await page.waitForFunction(
    (both) => {
      const v = (window as unknown as { __volya?: { first?: number; all?: number } }).__volya;
      return v?.first !== undefined && (!both || v.all !== undefined) ? v : null;
    },
    bothSides,
    { polling: 50, timeout: 30_000 },
  );
  return (await handle.jsonValue()) as Watched;
}

async function drawStroke(page: Page) {
  const box = (await page.locator('#canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
  await page.mouse.down();
  for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width * (0.2 + i * 0.03), box.y + box.height * (0.3 + Math.sin(i / 3) * 0.2));
  await page.mouse.up();
}

const server = await startServer({ LOG_LEVEL: 'warn' });
const browser = await launchBrowser();
const visible: number[] = [];
const cold: number[] = [];
const pdf: number[] = [];
const compose: number[] = [];
const bothSides: number[] = [];
const letterPdf: number[] = [];
const postcardPdf: number[] = [];
const letterVisible: number[] = [];
const postcardVisible: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const kind = i % 2 === 0 ? 'letter' : 'postcard';
    const g = await guardedContext(browser, server.url);
    const { page } = g;
    await page.goto(server.url);
    await page.locator('[data-screen="start"]').waitFor();
    await page.getByRole('button', { name: kind === 'letter' ? /Write a letter/ : /Make a postcard/ }).click();
    await page.getByRole('button', { name: 'Kirill Bondarenko' }).click();
    await page.locator('[data-screen="write"]').waitFor();
    await page.locator('input[name="template"]').first().check();
    await page.locator('#letter .block-template').first().waitFor();
    await page.getByRole('button', { name: 'Next: sign' }).click();
    await page.locator('[data-screen="sign"]').waitFor();
    await page.locator('#sender-name').pressSequentially('Anna', { delay: 90 });
    await page.locator('#sender-city').pressSequentially('Toronto', { delay: 90 });
    if (kind === 'postcard') {
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.locator('[data-screen="draw"]').waitFor();
      await drawStroke(page);
    }
    await page.waitForTimeout(PAUSE_MS);
    await page.evaluate(WATCH('#sign-next, #draw-next', 'click'));
    const next = kind === 'letter' ? page.getByRole('button', { name: 'Next', exact: true }) : page.locator('#draw-next');
    await next.click();
    const w = await watched(page, kind === 'postcard');
    const clickAt = w.at;
    visible.push(w.first - w.at);
    (kind === 'letter' ? letterVisible : postcardVisible).push(w.first - w.at);
    if (kind === 'postcard') bothSides.push(w.all! - w.at);
    await page.locator('#print:not([disabled])').waitFor();
    const timing = (await page.evaluate(TIMINGS)) as { name: string; start: number; ms: number }[];
    const last = (path: string) => timing.filter((e) => e.name.endsWith(path) && e.start < clickAt).at(-1)?.ms
      ?? timing.filter((e) => e.name.endsWith(path)).at(-1)?.ms;
    const p = last('/api/pdf');
    if (p !== undefined) (kind === 'letter' ? letterPdf : postcardPdf).push(p);
    const c = timing.filter((e) => e.name.endsWith('/api/compose') && e.start < clickAt).at(-1)?.ms;
    if (p !== undefined) pdf.push(p);
    if (c !== undefined) compose.push(c);
    let coldMs: number | undefined;
    if (kind === 'letter') {
      await page.evaluate(WATCH('input[name="paper"]', 'change'));
      // The old pages go as the new PDF is asked for: the frame watched is the first with a page of the new one.
      await page.locator('input[name="paper"]:not(:checked)').check();
      const c2 = await watched(page, false);
      coldMs = c2.first - c2.at;
      cold.push(coldMs);
    }
    console.log(`${kind} ${i + 1}: first page ${Math.round(visible.at(-1)!)} ms${kind === 'postcard' ? `, both sides ${Math.round(bothSides.at(-1)!)} ms` : `, no head start ${Math.round(coldMs!)} ms`}, pdf ${Math.round(p ?? 0)} ms, compose ${Math.round(c ?? 0)} ms`);
    await g.context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
const out = {
  runs: RUNS,
  pauseMs: PAUSE_MS,
  previewVisibleMs: median(visible),
  postcardBothSidesMs: median(bothSides),
  previewColdMs: median(cold),
  pdfMs: median(pdf),
  composeMs: median(compose),
  letter: { visibleMs: median(letterVisible), pdfMs: median(letterPdf) },
  postcard: { visibleMs: median(postcardVisible), bothSidesMs: median(bothSides), pdfMs: median(postcardPdf) },
  // The target: the first page within 3x the server's render time, under 500 ms (medians, per kind of item).
  ratioLetter: Number((median(letterVisible) / Math.max(1, median(letterPdf))).toFixed(2)),
  ratioPostcardBothSides: Number((median(bothSides) / Math.max(1, median(postcardPdf))).toFixed(2)),
};
console.log(JSON.stringify(out));
