/**
 * The organizers' print-run and translation pages in Chromium against the real server: sign in, see the queue
 * with a held item and its reason, make a run, open its PDF, mark it printed; release a translation; switch
 * phones on and see the QR code. Screens are saved as test-artifacts/screens/print-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN_PASSWORD, guardedContext, launchBrowser, screenshot, startServer, type GuardedContext, type RunningServer } from './harness.js';

/** Polls until the page catches up; generous, because the shared machine is often busy. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000 });

const LETTER = 'Дорогой друг!\n\nМы пишем тебе из Канады. Мы о тебе помним.';

async function queue(server: RunningServer, body: Record<string, unknown>) {
  const res = await fetch(`${server.url}/api/queue`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
}

describe('print runs and translations in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let g: GuardedContext;
  let people: { id: number; latinName: string }[];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    people = (await (await fetch(`${server.url}/api/prisoners`)).json()).prisoners;
    await queue(server, { kind: 'letter', prisonerId: people[0]!.id, text: LETTER, sender: { kind: 'single', name: 'Ana' } });
    await queue(server, { kind: 'postcard', prisonerId: people[1]!.id, text: 'Привет из Канады!' });
    await queue(server, { kind: 'letter', prisonerId: people[2]!.id, needsTranslation: true, englishText: 'Hello from Montreal. We think of you.' });
    g = await guardedContext(browser, server.url);
    g.page.on('dialog', (d) => void d.accept());
  });
  afterAll(async () => {
    await g?.context.close();
    await browser?.close();
    await server?.stop();
  });

  it('signs in, shows the queue, makes a run, opens its PDF and marks it printed', async () => {
    const { page } = g;
    await page.goto(`${server.url}/admin/print-runs.html`);
    // Without a session the console sends us to its sign-in page, and back here after.
    await page.waitForURL(/\/admin\/login\.html/);
    await page.locator('input[autocomplete="username"]').fill('admin');
    await page.locator('input[type="password"]').fill(ADMIN_PASSWORD);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/print-runs\.html/);
    await page.locator('body.is-ready').waitFor();
    await eventually(() => page.locator('#queue-counts').textContent()).toBe('2 queued1 waiting for translation0 held');
    await eventually(() => page.locator('#queue-rows tr').count()).toBe(3);
    await screenshot(page, 'print-1-queue');

    const made = page.waitForResponse((r) => r.url().endsWith('/api/admin/print/runs') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Make a run of 2 queued items' }).click();
    const run = await (await made).json();
    await page.locator(`[data-run="${run.id}"]`).waitFor();
    await eventually(() => page.locator(`[data-run="${run.id}"]`).textContent()).toContain('1 letter and 1 postcard for 2 people');
    await screenshot(page, 'print-2-run');

    const pdf = await page.request.get(`${server.url}/api/admin/print/runs/${run.id}/pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(Number(pdf.headers()['x-volya-pages'])).toBe(run.pages);

    await page.locator(`[data-run="${run.id}"]`).getByRole('button', { name: 'Mark printed' }).click();
    await page.locator(`[data-run="${run.id}"][data-status="printed"]`).waitFor();
    await eventually(() => page.locator('#queue-counts').textContent()).toBe('0 queued1 waiting for translation0 held');
    // Printed: no plain "Open PDF" any more, only the explicit second print.
    expect(await page.locator(`[data-run="${run.id}"]`).getByRole('link', { name: 'Open PDF', exact: true }).count()).toBe(0);
    await page.locator(`[data-run="${run.id}"]`).getByRole('link', { name: 'Open PDF again' }).waitFor();
  });

  it('shows a held item with its reason and lets the organizer discard it', async () => {
    const { page } = g;
    await queue(server, { kind: 'letter', prisonerId: people[3]!.id, text: LETTER });
    const h = await page.request.get(`${server.url}/api/admin/session`);
    const csrf = (await h.json()).csrfToken;
    const { version } = await (await page.request.get(`${server.url}/api/admin/prisoners/${people[3]!.id}`)).json();
    const released = await page.request.post(`${server.url}/api/admin/prisoners/${people[3]!.id}/release`, { headers: { 'x-csrf-token': csrf }, data: { version } });
    expect(released.status(), await released.text()).toBe(200);
    await page.reload();
    await page.locator('body.is-ready').waitFor();
    const row = page.locator('#queue-rows tr', { hasText: 'held' });
    await row.waitFor();
    await eventually(() => row.locator('.reason').textContent()).toMatch(/released after this was written/);
    await screenshot(page, 'print-3-held');
    await row.getByRole('button', { name: 'Discard' }).click();
    await eventually(() => page.locator('#queue-counts').textContent()).toBe('0 queued1 waiting for translation0 held');
  });

  it('releases a translation: English beside the Russian, refused while it is still English', async () => {
    const { page } = g;
    await page.goto(`${server.url}/admin/translate.html`);
    await page.locator('body.is-ready').waitFor();
    const item = page.locator('[data-item]').first();
    await eventually(() => item.locator('.source').textContent()).toBe('Hello from Montreal. We think of you.');
    const russian = item.getByLabel('The letter in Russian');
    await russian.fill('Hello from Montreal. We think of you.');
    await item.getByRole('button', { name: 'Release to print queue' }).click();
    await eventually(() => item.locator('.notice.bad').textContent()).toMatch(/English must not go into the Russian letter/);
    await russian.fill('Привет из Монреаля! Мы думаем о тебе.');
    await screenshot(page, 'print-4-translate');
    await item.getByRole('button', { name: 'Release to print queue' }).click();
    await page.locator('#empty').waitFor({ state: 'visible' });

    await page.goto(`${server.url}/admin/print-runs.html`);
    await page.locator('body.is-ready').waitFor();
    await eventually(() => page.locator('#queue-counts').textContent()).toBe('1 queued0 waiting for translation0 held');
  });

  it('switches phones on and shows the QR code with the HOST hint', async () => {
    const { page } = g;
    await page.getByLabel('Let phones on this network in').check();
    await eventually(() => page.locator('#toast').textContent()).toBe('Phones are let in.');
    await page.locator('#phones-host').waitFor({ state: 'visible' });
    const qr = page.locator('#qr-image');
    if (await page.locator('#phones-noaddress').isHidden()) {
      await qr.waitFor({ state: 'visible' });
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      expect(await page.locator('#qr-url').textContent()).toMatch(new RegExp(`:${server.port}/$`));
    }
    await screenshot(page, 'print-5-phones');
    // In the console's Russian UI the page speaks Russian too.
    await page.getByRole('button', { name: 'RU', exact: true }).click();
    await page.locator('body.is-ready').waitFor();
    await eventually(() => page.locator('h1').textContent()).toBe('Печать');
    await eventually(() => page.locator('#queue-counts').textContent()).toBe('в очереди: 1ждут перевода: 0задержано: 0');
    // Counts take the Russian plural forms: "1 письмо", "2 человек" after «для».
    await eventually(() => page.locator('#runs [data-run] p').first().textContent()).toBe('1 письмо и 1 открытка для 2 человек.');
    await eventually(() => page.locator('#make-run').textContent()).toBe('Собрать партию из 1 отправления');
    await screenshot(page, 'print-6-ru');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    expect(g.offHost).toEqual([]);
    // Expected on the way: the 401 of the session probe before signing in, the 400 of the refused translation.
    expect(g.errors.filter((e) => !/status of (400|401) /.test(e))).toEqual([]);
  });
});
