/**
 * The kiosk's preview as a writer waits for it: Debian's Chromium (playwright-core) against the real server, 20
 * previews (10 letters, 10 postcards). For each: from the click on *Next* (sign screen for letters, draw screen for
 * postcards) to the first page drawn on screen; the server's time for POST /api/pdf (the browser's resource timing)
 * and for POST /api/compose. npm run bench:kiosk. Last line: one JSON object of medians.
 */
import { launchBrowser, guardedContext, startServer } from '../test/e2e/harness.js';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 20;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round((s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2) : 0;
};

const server = await startServer({ LOG_LEVEL: 'warn' });
const browser = await launchBrowser();
const visible: number[] = [];
const pdf: number[] = [];
const compose: number[] = [];
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
    if (kind === 'postcard') {
      await page.getByRole('button', { name: 'Next', exact: true }).click();
      await page.locator('[data-screen="draw"]').waitFor();
    }
    await page.evaluate(() => performance.clearResourceTimings());
    const next = kind === 'letter' ? page.getByRole('button', { name: 'Next', exact: true }) : page.locator('#draw-next');
    const t0 = await page.evaluate(() => performance.now());
    await next.click();
    const shown = await page.waitForFunction(() => {
      const c = document.querySelector('#pages canvas.page');
      return c ? performance.now() : null;
    }, undefined, { polling: 'raf', timeout: 30_000 });
    visible.push(Number(await shown.jsonValue()) - t0);
    const timing = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => ({ name: e.name, ms: (e as PerformanceResourceTiming).responseEnd - (e as PerformanceResourceTiming).requestStart })));
    const last = (path: string) => timing.filter((e) => e.name.endsWith(path)).at(-1)?.ms;
    const p = last('/api/pdf');
    const c = last('/api/compose');
    if (p !== undefined) pdf.push(p);
    // A postcard makes no compose request after the draw screen (0: none in this window).
    if (c) compose.push(c);
    console.log(`${kind} ${i + 1}: first page ${Math.round(visible.at(-1)!)} ms, pdf ${Math.round(p ?? 0)} ms, compose ${Math.round(c ?? 0)} ms`);
    await g.context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(JSON.stringify({ runs: RUNS, previewVisibleMs: median(visible), pdfMs: median(pdf), composeMs: median(compose) }));
