/**
 * The kiosk in Chromium against the real server: a letter and a postcard from start to print (the PDF read back
 * with pdf.js), the Russian UI, the idle wipe with Back, a keyboard-only run, and the off-host guard.
 * Every screen is saved under test-artifacts/screens/kiosk-*.png.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ADMIN_PASSWORD, guardedContext, launchBrowser, screenshot, startServer, type GuardedContext, type RunningServer } from './harness.js';

const en = JSON.parse(readFileSync('public/i18n/en.json', 'utf8')) as Record<string, string>;
const ru = JSON.parse(readFileSync('public/i18n/ru.json', 'utf8')) as Record<string, string>;

/** Text of every page of a PDF, and the images painted on each page with their pixel size. */
async function readPdf(bytes: Uint8Array) {
  const doc = await getDocument({ data: bytes, disableFontFace: true, useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: { text: string; images: { w: number; h: number }[] }[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const text = content.items.map((i) => ('str' in i ? i.str + (i.hasEOL ? '\n' : ' ') : '')).join('');
    const ops = await page.getOperatorList();
    const images: { w: number; h: number }[] = [];
    ops.fnArray.forEach((fn, i) => {
      if (fn === OPS.paintImageXObject) {
        const [, w, h] = ops.argsArray[i] as [string, number, number];
        images.push({ w, h });
      }
    });
    pages.push({ text: text.replace(/\s+/g, ' '), images });
  }
  await doc.destroy();
  return pages;
}

const IDLE_SECRET = 'Секретный черновик прошлого автора';

/**
 * WCAG AA text contrast (4.5:1, 3:1 for large text) against the nearest opaque background, and touch targets of
 * at least 44 × 44 px, for everything visible on the page. Returns what fails. (A string: the page runs it as is.)
 */
const AUDIT = `(() => {
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const rgba = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgba(getComputedStyle(el).backgroundColor);
      if (c.length >= 3 && (c[3] ?? 1) > 0.5) return c;
    }
    return [255, 255, 255];
  };
  const failures = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (text && !el.closest('button:disabled, .sr')) {
      const cs = getComputedStyle(el);
      const a = luminance(rgba(cs.color));
      const b = luminance(background(el));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(cs.fontSize);
      const need = size >= 24 || (Number(cs.fontWeight) >= 700 && size >= 18.66) ? 3 : 4.5;
      if (ratio < need) failures.push('contrast ' + ratio.toFixed(2) + ': ' + el.textContent.trim().slice(0, 40));
    }
    if (el.matches('button, a, textarea, input:not([type=radio]):not([type=checkbox]), label.pill, label.check, label.template, label.swatch')) {
      const r = el.getBoundingClientRect();
      if (r.width > 2 && (r.width < 44 || r.height < 44)) failures.push('target ' + Math.round(r.width) + 'x' + Math.round(r.height) + ': ' + el.textContent.trim().slice(0, 40));
    }
  }
  return failures;
})()`;


async function visible(page: Page, screen: string) {
  await page.locator(`[data-screen="${screen}"]`).waitFor({ state: 'visible' });
}

/** Every POST /api/pdf a kiosk page sent, in order: the preview may have been asked for ahead of *Next*. */
const pdfRequests = new WeakMap<Page, Request[]>();
function trackPdfRequests(page: Page) {
  const sent: Request[] = [];
  pdfRequests.set(page, sent);
  page.on('request', (r) => {
    if (r.url().endsWith('/api/pdf') && r.method() === 'POST') sent.push(r);
  });
}

/** The words of a text, without the spacing (pdf.js in the page and here may place line breaks differently). */
const squeeze = (text: string) => text.replace(/\s+/gu, '');

/**
 * Runs `go`, waits for the preview to show every page drawn, and returns the PDF it shows: the last one the page
 * asked for (made ahead on the screen before *Next*, or on *Next*). The words the preview carries for screen
 * readers, read by pdf.js in the page from the PDF it drew, must be that PDF's words, page by page: so what the
 * writer sees is this PDF, and not an older one made ahead.
 */
async function previewPdf(page: Page, go: () => Promise<void>) {
  await go();
  await visible(page, 'preview');
  await page.locator('#print:not([disabled])').waitFor();
  const count = await page.locator('#pages canvas.page').count();
  expect(await page.locator('#pages canvas.page[data-drawn="1"]').count()).toBe(count);
  const response = await pdfRequests.get(page)!.at(-1)!.response();
  expect(response?.ok()).toBe(true);
  const bytes = new Uint8Array(await response!.body());
  const shown = await page.locator('#pages .page-text').allTextContents();
  const read = await readPdf(bytes.slice()); // pdf.js takes the buffer it is given
  expect(shown.map(squeeze)).toEqual(read.map((p) => squeeze(p.text)));
  return { bytes, pages: Number(response!.headers()['x-volya-pages']), shown };
}

async function printedCount(server: RunningServer, id: number) {
  const res = await fetch(`${server.url}/api/prisoners`);
  const { prisoners } = (await res.json()) as { prisoners: { id: number; printedCount: number }[] };
  return prisoners.find((p) => p.id === id)!.printedCount;
}

async function personId(server: RunningServer, latin: string) {
  const res = await fetch(`${server.url}/api/prisoners?q=${encodeURIComponent(latin)}`);
  return ((await res.json()) as { prisoners: { id: number }[] }).prisoners[0]!.id;
}

describe('the kiosk in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const open: GuardedContext[] = [];

  async function kiosk(options: Parameters<typeof guardedContext>[2] = {}) {
    const g = await guardedContext(browser, server.url, options);
    open.push(g);
    trackPdfRequests(g.page);
    await g.page.goto(server.url);
    await visible(g.page, 'start');
    return g;
  }

  /** No request left the server and the page logged no error. */
  function clean(g: GuardedContext) {
    expect(g.offHost).toEqual([]);
    expect(g.errors).toEqual([]);
  }

  /**
   * The idle scenario runs in its own browser context from the start of the file, while the other flows run:
   * it waits out the timeout twice (the admin API's minimum is 30 s), which would otherwise double the file's time.
   * It only records what it saw; the last test asserts.
   */
  async function idleScenario() {
    const login = await fetch(`${server.url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const { version } = (await (await fetch(`${server.url}/api/admin/settings`, { headers: { cookie } })).json()) as { version: number };
    const put = await fetch(`${server.url}/api/admin/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ kioskIdleSeconds: 30, version }),
    });
    if (put.status !== 200) throw new Error(`settings: ${put.status}`);

    const g = await kiosk();
    const { page } = g;
    await page.getByRole('button', { name: /Write a letter/ }).click();
    await page.getByRole('button', { name: 'Lev Rimskiy-Korsakov' }).click();
    await visible(page, 'write');
    await page.getByLabel(/Your own words/).fill(IDLE_SECRET);
    const firstDocument = await page.evaluate(() => performance.timeOrigin);

    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor({ timeout: 60_000 });
    const countdown = await page.locator('#idle-seconds').textContent();
    await screenshot(page, 'kiosk-9-idle');
    // "Keep writing" gives the writer the full time again, draft intact.
    await page.getByRole('button', { name: 'Keep writing' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const keptDraft = await page.locator('#own-text').inputValue();
    await dialog.waitFor({ timeout: 60_000 });
    // Wiped: a fresh document on the start screen.
    await page.waitForFunction((t0) => performance.timeOrigin !== t0, firstDocument, { timeout: 60_000 });
    await visible(page, 'start');
    const afterWipe = await page.content();
    const storage = await page.evaluate(() => [localStorage.length, sessionStorage.length]);
    await page.goBack().catch(() => null);
    const afterBack = await page.content();
    await page.goForward().catch(() => null);
    const afterForward = await page.content();
    const draftAfterForward = await page.locator('#own-text').inputValue({ timeout: 2000 }).catch(() => '');
    await g.context.close();
    return { countdown, keptDraft, afterWipe, storage, afterBack, afterForward, draftAfterForward, offHost: g.offHost, errors: g.errors };
  }
  let idleRun: Promise<Awaited<ReturnType<typeof idleScenario>> | Error>;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    idleRun = idleScenario().catch((e: Error) => e);
  });
  afterAll(async () => {
    for (const g of open) await g.context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  it('the off-host guard records and blocks a request to another host, so a test would fail', async () => {
    const g = await kiosk();
    // (The page's own CSP already refuses fetches to other hosts; a navigation is what reaches the guard.)
    await g.page.goto('http://192.0.2.1/track.gif').catch(() => null);
    expect(g.offHost).toEqual(['http://192.0.2.1/track.gif']);
    await g.context.close();
  });

  it('a letter from a template and three phrases for a woman, in the English UI, prints her forms and dative name', async () => {
    const g = await kiosk();
    const { page } = g;
    const id = await personId(server, 'Kovalyova');
    const before = await printedCount(server, id);
    await screenshot(page, 'kiosk-1-start');

    await page.getByRole('button', { name: /Write a letter/ }).click();
    await visible(page, 'person');
    await page.getByRole('button', { name: 'Yuliya Kovalyova' }).waitFor();
    await screenshot(page, 'kiosk-2-person');
    await page.getByRole('button', { name: 'Yuliya Kovalyova' }).click();

    await visible(page, 'write');
    await expect.poll(() => page.locator('#write-heading').textContent()).toBe('Your letter to Yuliya Kovalyova');
    await page.getByRole('radio', { name: /Письмо поддержки/ }).check();
    await page.locator('#letter .block-template').first().waitFor();
    await page.getByRole('radio', { name: /“ты”/ }).check();
    await page.getByRole('button', { name: 'Support', exact: true }).click();
    // The template already says «ты не одна» and «вдохновляет»: those phrases are not offered with it.
    await expect.poll(() => page.locator('.phrase', { hasText: 'Ты не одна.' }).count()).toBe(0);
    for (const ru of ['Ты очень сильная.', 'Держись!', 'Мы будем писать тебе ещё.']) {
      await page.locator('.phrase', { hasText: ru }).click();
    }
    // The English meaning stays beside every inserted phrase, in the group's words.
    await expect.poll(() => page.locator('#letter .block-phrase .en').allTextContents()).toEqual([
      'You are very strong.', 'Hang in there!', 'We will write to you again.',
    ]);
    await page.locator('#hints .hint-ok').waitFor();
    await screenshot(page, 'kiosk-3-compose-letter');

    await page.getByRole('button', { name: 'Next: sign' }).click();
    await visible(page, 'sign');
    await expect.poll(() => page.locator('#return-address').textContent()).toContain('CANADA');
    await page.getByLabel('Your first name (optional)').fill('Anna');
    await expect.poll(() => page.locator('#sender-name-ru').inputValue()).toBe('Анна');
    await screenshot(page, 'kiosk-4-sign');

    const pdf = await previewPdf(page, () => page.getByRole('button', { name: 'Next', exact: true }).click());
    await screenshot(page, 'kiosk-6-preview-letter');
    const pages = await readPdf(pdf.bytes);
    expect(pages.length).toBe(pdf.pages);
    await expect.poll(() => page.locator('#preview-status').textContent()).toBe(pdf.pages === 1 ? '1 page' : `${pdf.pages} pages`);
    const text = pages.map((p) => p.text).join(' ');
    expect(text).toContain('Ковалёвой Юлии Викторовне');
    expect(text).toContain('Дорогая Юлия!');
    expect(text).toContain('Ты очень сильная. Держись! Мы будем писать тебе ещё.');
    // The name typed in Latin goes into the letter in the Cyrillic the sign screen offered.
    expect(text).toContain('Обнимаем! Анна');
    expect(text).not.toMatch(/Ты не один\b|сильный/);

    const counted = page.waitForResponse((r) => r.url().endsWith('/api/printed') && r.status() === 201);
    await page.getByRole('button', { name: 'Print', exact: true }).click();
    const req = (await counted).request().postDataJSON();
    expect(req).toEqual({ prisonerId: id, kind: 'letter', language: 'ru', templateId: 'support-letter-ru' });
    await visible(page, 'done');
    await screenshot(page, 'kiosk-7-done');
    expect(await printedCount(server, id)).toBe(before + 1);
    clean(g);
    await g.context.close();
  });

  it('a postcard with a mouse drawing: the picture side carries the image at ≥ 200 dpi, the back the address', async () => {
    const g = await kiosk();
    const { page } = g;
    await page.getByRole('button', { name: /Make a postcard/ }).click();
    await visible(page, 'person');
    await page.getByRole('button', { name: 'Kirill Bondarenko' }).click();
    await visible(page, 'write');
    await page.getByRole('radio', { name: /Привет из Канады|Greetings/ }).first().check();
    await page.locator('#letter .block-template').first().waitFor();
    await page.getByLabel(/Your own words/).fill('Привет из Toronto!');
    await page.locator('#hints [data-hint="latin"]').waitFor();
    await screenshot(page, 'kiosk-3-compose-postcard');
    // More lines than the card holds: a hint, and Next stops with the reason instead of printing a cut message.
    await page.getByLabel(/Your own words/).fill(Array.from({ length: 30 }, () => 'Держись!').join('\n\n'));
    await page.locator('#hints [data-hint="length"]').waitFor();
    await page.getByRole('button', { name: 'Next: sign' }).click();
    await page.locator('#write-problem').filter({ hasText: 'longer than a postcard holds' }).waitFor();
    await page.getByLabel(/Your own words/).fill('');
    await page.getByRole('button', { name: 'Next: sign' }).click();
    await visible(page, 'sign');
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    await visible(page, 'draw');
    // The keyboard draws too: Space puts the pen down at the centre, arrows move it.
    await page.locator('#canvas').focus();
    await page.keyboard.press('Space');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    const inked = await page.evaluate(() => {
      const c = document.getElementById('canvas') as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(620 + 40, 437, 1, 1).data.slice(0, 3));
    });
    expect(inked).not.toEqual([255, 255, 255]);
    const box = (await page.locator('#canvas').boundingBox())!;
    await page.getByRole('radio', { name: 'Red' }).check({ force: true });
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) await page.mouse.move(box.x + box.width * (0.2 + i * 0.03), box.y + box.height * (0.3 + Math.sin(i / 3) * 0.2));
    await page.mouse.up();
    await page.getByRole('radio', { name: 'Thick' }).check();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.75, { steps: 8 });
    await page.mouse.up();
    // A finger: touch events become pointer events on the canvas.
    await page.getByRole('radio', { name: 'Green' }).check({ force: true });
    const cdp = await page.context().newCDPSession(page);
    const at = (fx: number, fy: number) => [{ x: box.x + box.width * fx, y: box.y + box.height * fy }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0.1, 0.9) });
    for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(0.1 + i * 0.02, 0.9) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const touched = await page.evaluate(() => {
      const c = document.getElementById('canvas') as HTMLCanvasElement;
      return Array.from(c.getContext('2d')!.getImageData(Math.round(c.width * 0.2), Math.round(c.height * 0.9), 1, 1).data.slice(0, 3));
    });
    expect(touched).toEqual([0x2e, 0x7d, 0x4f]);
    await screenshot(page, 'kiosk-5-draw');

    // A failed request shows the friendly message with "try again", and the draft survives it.
    // (Every request fails until the alert shows: the one made ahead on this screen too.)
    await page.route('**/api/pdf', (route) => route.abort());
    await page.getByRole('button', { name: 'Next: preview' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your text is still here' }).waitFor();
    await screenshot(page, 'kiosk-8-error');
    await page.unroute('**/api/pdf');
    g.errors.length = 0; // the aborted request is logged by Chromium itself
    const pdf = await previewPdf(page, () => page.getByRole('button', { name: 'Try again' }).click());
    await screenshot(page, 'kiosk-6-preview-postcard');

    const [picture, back] = await readPdf(pdf.bytes);
    expect(pdf.pages).toBe(2);
    expect(picture!.images.length).toBe(1);
    // 148 × 105 mm at ≥ 200 dpi.
    expect(picture!.images[0]!.w).toBeGreaterThanOrEqual(1166);
    expect(picture!.images[0]!.h).toBeGreaterThanOrEqual(827);
    expect(picture!.text.trim()).toBe('');
    expect(back!.images).toEqual([]);
    expect(back!.text).toContain('Бондаренко Кириллу Олеговичу');
    expect(back!.text).toContain('RUSSIA');
    expect(back!.text).toContain('Привет из Канады');
    clean(g);
    await g.context.close();
  });

  /** A support letter to Kirill Bondarenko, up to the sign screen. */
  async function toSignScreen(page: Page) {
    await page.getByRole('button', { name: /Write a letter/ }).click();
    await visible(page, 'person');
    await page.getByRole('button', { name: 'Kirill Bondarenko' }).click();
    await visible(page, 'write');
    await page.getByRole('radio', { name: /Письмо поддержки/ }).check();
    await page.locator('#letter .block-template').first().waitFor();
    await page.getByRole('button', { name: 'Next: sign' }).click();
    await visible(page, 'sign');
  }
  const sentSender = (r: Request) => (r.postDataJSON() as { draft?: { sender?: { name?: string; nameRu?: string } } }).draft?.sender;
  const sentNameRu = (r: Request) => sentSender(r)?.nameRu;
  /** A request held until released: a slow server, answering in the order a test needs. */
  const latch = () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    return { held, release };
  };

  it('a preview made ahead on the sign screen is shown only for the draft as it stands: a change just before Next is in the preview', async () => {
    const g = await kiosk();
    const { page } = g;
    await toSignScreen(page);
    // The name typed in Latin, its Cyrillic suggested: the preview of «Анна» is made ahead, before any Next.
    const madeAhead = page.waitForResponse((r) => r.url().endsWith('/api/pdf') && sentNameRu(r.request()) === 'Анна' && r.ok());
    await page.getByLabel('Your first name (optional)').fill('Anna');
    await expect.poll(() => page.locator('#sender-name-ru').inputValue()).toBe('Анна');
    await madeAhead;
    expect(await page.locator('[data-screen="preview"]').isHidden()).toBe(true);
    // The writer corrects the Cyrillic and activates Next at once by its click event alone, as a screen reader does:
    // no pointerdown or focus, so nothing newer is made ahead and the preview of «Анна» is there to be wrongly shown.
    await page.locator('#sender-name-ru').fill('Аня');
    const pdf = await previewPdf(page, () => page.getByRole('button', { name: 'Next', exact: true }).dispatchEvent('click'));
    const words = pdf.shown.join(' ');
    expect(words).toContain('Аня');
    expect(words).not.toContain('Анна');
    expect(sentNameRu(pdfRequests.get(page)!.at(-1)!)).toBe('Аня');
    clean(g);
    await g.context.close();
  });

  it('a preview still on its way when Next is tapped is the one shown: not asked for a second time', async () => {
    const g = await kiosk();
    const { page } = g;
    await toSignScreen(page);
    // A slow server: the PDF made ahead is still on its way when the writer taps Next.
    const pdfHeld = latch();
    await page.route('**/api/pdf', async (route) => {
      await pdfHeld.held;
      await route.continue();
    });
    await page.getByLabel('Your first name (optional)').fill('Anna');
    await expect.poll(() => page.locator('#sender-name-ru').inputValue()).toBe('Анна');
    await expect.poll(() => pdfRequests.get(page)!.filter((r) => sentNameRu(r) === 'Анна').length).toBe(1);
    const before = pdfRequests.get(page)!.length;
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await visible(page, 'preview');
    pdfHeld.release();
    const pdf = await previewPdf(page, async () => {});
    expect(pdf.shown.join(' ')).toContain('Анна');
    expect(pdfRequests.get(page)!.length).toBe(before);
    await screenshot(page, 'kiosk-6-preview-made-ahead');
    clean(g);
    await g.context.close();
  });

  it('a name suggestion answered for an earlier keystroke does not settle the draft: the letter is still signed in Cyrillic', async () => {
    const g = await kiosk();
    const { page } = g;
    await toSignScreen(page);
    // A slow server: the suggestion for «Ann» comes back only after «Anna» is typed, and «Anna»'s later still.
    const ann = latch();
    const anna = latch();
    const sentName = (r: Request) => (r.postDataJSON() as { sender?: { name?: string } }).sender?.name;
    await page.route('**/api/compose', async (route) => {
      const name = sentName(route.request());
      if (name === 'Ann') await ann.held;
      if (name === 'Anna') await anna.held;
      await route.continue();
    });
    const field = page.getByLabel('Your first name (optional)');
    const annAsked = page.waitForRequest((r) => r.url().endsWith('/api/compose') && sentName(r) === 'Ann');
    await field.fill('Ann');
    await annAsked;
    const annaAsked = page.waitForRequest((r) => r.url().endsWith('/api/compose') && sentName(r) === 'Anna');
    await field.fill('Anna');
    await annaAsked;
    const annAnswered = page.waitForResponse((r) => r.url().endsWith('/api/compose') && sentName(r.request()) === 'Ann');
    ann.release();
    await annAnswered;
    // Were the early answer taken as settling the draft, the preview of «Anna» without its Cyrillic would go out now.
    await page.waitForRequest((r) => r.url().endsWith('/api/pdf'), { timeout: 1000 }).catch(() => undefined);
    const latinOnly = (r: Request) => sentSender(r)?.name === 'Anna' && !sentNameRu(r);
    expect(pdfRequests.get(page)!.filter(latinOnly)).toEqual([]);
    const pdf = await previewPdf(page, async () => {
      await page.getByRole('button', { name: 'Next', exact: true }).dispatchEvent('click');
      anna.release();
    });
    const words = pdf.shown.join(' ');
    // Signed in Cyrillic; only the return address keeps the Latin, as Russian Post reads it.
    expect(words).toMatch(/Обнимаем!\s+Анна\s/u);
    expect(words.match(/\bAnna\b/gu)).toHaveLength(1);
    expect(words).toMatch(/Обратный адрес:\s+Anna\s/u);
    expect(sentNameRu(pdfRequests.get(page)!.at(-1)!)).toBe('Анна');
    await page.unroute('**/api/compose');
    clean(g);
    await g.context.close();
  });

  it('a letter that needs translation can only be queued, and a double tap queues it once', async () => {
    const g = await kiosk();
    const { page } = g;
    await page.getByRole('button', { name: /Write a letter/ }).click();
    await visible(page, 'person');
    await page.getByRole('button', { name: 'Kirill Bondarenko' }).click();
    await visible(page, 'write');
    await page.getByRole('radio', { name: /Письмо поддержки/ }).check();
    await page.locator('#letter .block-template').first().waitFor();
    await page.getByLabel('Needs translation').check();
    await page.getByRole('button', { name: 'Next: sign' }).click();
    await visible(page, 'sign');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await visible(page, 'preview');
    await page.locator('#pages canvas[data-drawn="1"]').first().waitFor();
    // Neither the browser's print nor the printer: the letter waits for its translator in the queue.
    expect(await page.locator('#print').isHidden()).toBe(true);
    expect(await page.locator('#send-printer').isHidden()).toBe(true);
    const queue = page.getByRole('button', { name: 'Add to print queue' });
    await queue.waitFor({ state: 'visible' });
    await screenshot(page, 'kiosk-8-needs-translation');

    const posts: number[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/queue') && r.method() === 'POST') posts.push(1);
    });
    await queue.dblclick();
    await visible(page, 'done');
    await page.locator('#done-queued').waitFor({ state: 'visible' });
    expect(posts).toHaveLength(1);
    const login = await fetch(`${server.url}/api/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const list = (await (await fetch(`${server.url}/api/admin/print/queue`, { headers: { cookie } })).json()) as { items: { latinName: string; status: string }[] };
    expect(list.items.filter((i) => i.latinName === 'Kirill Bondarenko').map((i) => i.status)).toEqual(['waiting-translation']);
    clean(g);
    await g.context.close();
  });

  it('the Russian UI shows no English UI string on any screen; contrast and touch targets pass on each', async () => {
    const g = await kiosk();
    const { page } = g;
    await page.getByRole('button', { name: 'Русский' }).click();
    // English UI texts (placeholders cut out) that must not appear anywhere on a Russian screen.
    const english = Object.entries(en)
      .filter(([k, v]) => ru[k] !== v)
      .flatMap(([, v]) => v.split(/\{\w+\}/))
      .map((s) => s.trim())
      .filter((s) => s.length >= 4);
    const check = async (name: string) => {
      await screenshot(page, `kiosk-ru-${name}`);
      const shown = await page.evaluate(() => document.body.innerText + document.title);
      for (const s of english) expect(shown, `${name}: "${s}"`).not.toContain(s);
      const labels = await page.evaluate(() => Array.from(document.querySelectorAll('[data-i18n]')).map((e) => [(e as HTMLElement).dataset.i18n!, e.textContent!] as const));
      for (const [key, value] of labels) expect(value, key).toBe(ru[key]);
      expect(await page.evaluate(AUDIT), `${name}: contrast and touch targets`).toEqual([]);
    };
    // The audit itself fails on a faint, small control.
    await page.evaluate(() => {
      const b = document.createElement('button');
      b.id = 'faint';
      b.textContent = 'faint';
      Object.assign(b.style, { color: '#bbbbbb', minHeight: '0', minWidth: '0', padding: '0' });
      document.querySelector('main')!.append(b);
    });
    expect(await page.evaluate(AUDIT)).toEqual([expect.stringMatching(/^contrast .*faint/), expect.stringMatching(/^target .*faint/)]);
    await page.evaluate(() => document.getElementById('faint')!.remove());
    await check('1-start');
    await page.getByRole('button', { name: /Сделать открытку/ }).click();
    await visible(page, 'person');
    await page.locator('.person').first().waitFor();
    // The count takes the Russian plural form ("8 человек", not a fixed word).
    expect(await page.locator('.person').count()).toBe(8);
    expect(await page.locator('#people-status').textContent()).toBe('В списке 8 человек');
    await check('2-person');
    await page.getByRole('button', { name: 'Vera Sokolova' }).click();
    await visible(page, 'write');
    await page.locator('.phrase').first().waitFor();
    // The facility's mail rules, in the kiosk's language (organizers enter both).
    expect(await page.locator('#mail-rules-text').textContent()).toContain('Письма только на русском языке');
    expect(await page.locator('#mail-rules-lang').isHidden()).toBe(true);
    await page.locator('.phrase').first().click();
    await page.locator('#hints li').first().waitFor();
    await check('3-compose');
    await page.getByRole('button', { name: 'Дальше: подпись' }).click();
    await visible(page, 'sign');
    await check('4-sign');
    await page.getByRole('button', { name: 'Дальше', exact: true }).click();
    await visible(page, 'draw');
    await check('5-draw');
    await previewPdf(page, () => page.getByRole('button', { name: 'Дальше: проверка' }).click());
    await check('6-preview');
    await page.getByRole('button', { name: 'Печать', exact: true }).click();
    await visible(page, 'done');
    await check('7-done');
    clean(g);
    await g.context.close();
  });

  it('keyboard only: start to print with Tab, Enter, Space and typing', async () => {
    const g = await kiosk();
    const { page } = g;
    /** Presses Tab until the focused element matches, failing after a bound. */
    const tabTo = async (selector: string, limit = 80) => {
      for (let i = 0; i < limit; i++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await tabTo('#start-letter');
    // The focus is visible.
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await visible(page, 'person');
    await tabTo('#search');
    await page.keyboard.type('Миронова');
    await expect.poll(() => page.locator('.person').count()).toBe(1);
    await tabTo('.person');
    await page.keyboard.press('Enter');
    await visible(page, 'write');
    await tabTo('.phrase');
    await page.keyboard.press('Enter');
    await tabTo('.phrase[aria-pressed="false"]');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('#letter .block-phrase').count()).toBe(2);
    await tabTo('#own-text');
    await page.keyboard.type('Мы живём у озера.');
    await screenshot(page, 'kiosk-keyboard-compose');
    await tabTo('#write-next');
    await page.keyboard.press('Enter');
    await visible(page, 'sign');
    await tabTo('#sender-city');
    await page.keyboard.type('Toronto');
    await tabTo('#sign-next');
    await previewPdf(page, () => page.keyboard.press('Enter'));
    await tabTo('#print');
    const counted = page.waitForResponse((r) => r.url().endsWith('/api/printed') && r.status() === 201);
    await page.keyboard.press('Enter');
    await counted;
    await visible(page, 'done');
    await tabTo('#done-again');
    await screenshot(page, 'kiosk-keyboard-done');
    clean(g);
    await g.context.close();
  });

  it('the idle timeout shows a countdown, then wipes the draft; Back brings nothing of it back', async () => {
    const seen = await idleRun;
    if (seen instanceof Error) throw seen;
    expect(seen.countdown).toMatch(/^\d+$/);
    expect(seen.keptDraft).toBe(IDLE_SECRET);
    for (const html of [seen.afterWipe, seen.afterBack, seen.afterForward]) expect(html).not.toContain(IDLE_SECRET);
    expect(seen.storage).toEqual([0, 0]);
    expect(seen.draftAfterForward).toBe('');
    expect(seen.offHost).toEqual([]);
    expect(seen.errors).toEqual([]);
  }, 90_000);
});
