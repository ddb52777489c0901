/**
 * A phone as a writing station, in Chromium emulating a phone: the organizer lets phones in and reads the QR
 * code's URL; the page is opened at that URL rewritten to the test server (which listens on 127.0.0.1 — what
 * a phone may not do is tested with inject in test/routes/phone-access.test.ts), a letter is composed in the
 * mobile layout and added to the print queue, and the organizer's queue shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, guardedContext, launchBrowser, screenshot, startServer, type RunningServer } from './harness.js';

const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
};

async function organizer(server: RunningServer) {
  const res = await fetch(`${server.url}/api/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const headers = { cookie, 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken, 'content-type': 'application/json' };
  return {
    get: async (path: string) => (await fetch(`${server.url}${path}`, { headers })).json(),
    put: async (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'PUT', headers, body: JSON.stringify(body) }),
  };
}

async function visible(page: Page, screen: string) {
  await page.locator(`[data-screen="${screen}"]`).waitFor({ state: 'visible' });
}

describe('a phone as a writing station', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('goes from the QR code URL to a queued letter in the mobile layout', async () => {
    const admin = await organizer(server);
    const { version } = (await admin.get('/api/admin/settings')) as { version: number };
    expect((await admin.put('/api/admin/print/settings', { phonesAllowed: true, version })).status).toBe(200);
    const qr = await admin.get('/api/admin/phone-qr');
    expect(qr.phonesAllowed).toBe(true);
    expect(qr.url, 'this machine needs a LAN address for the QR code').toMatch(/^http:\/\/\d+\.\d+\.\d+\.\d+:\d+\/$/);
    expect(qr.qr).toMatch(/^data:image\/png;base64,/);
    const encoded = new URL(qr.url);
    expect(Number(encoded.port)).toBe(server.port);
    const phoneUrl = `${server.url}${encoded.pathname}`;

    const g = await guardedContext(browser, server.url, PHONE);
    const { page } = g;
    await page.goto(phoneUrl);
    await visible(page, 'start');
    // The mobile layout: nothing wider than the phone's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.viewport.width);
    await screenshot(page, 'phone-1-start');

    await page.getByRole('button', { name: /Write a letter/ }).tap();
    await visible(page, 'person');
    await page.getByRole('button', { name: 'Kirill Bondarenko' }).tap();
    await visible(page, 'write');
    await page.getByRole('radio', { name: /Письмо поддержки/ }).check();
    await page.locator('#letter .block-template').first().waitFor();
    await screenshot(page, 'phone-2-compose');
    await page.locator('#write-next').scrollIntoViewIfNeeded();
    await page.locator('#write-next').tap();
    await visible(page, 'sign');
    await page.getByLabel('Your first name (optional)').fill('Robin');
    await page.getByRole('button', { name: 'Next', exact: true }).tap();
    await visible(page, 'preview');
    const queue = page.getByRole('button', { name: 'Add to print queue' });
    await queue.waitFor({ state: 'visible' });
    await screenshot(page, 'phone-3-preview');

    const queued = page.waitForResponse((r) => r.url().endsWith('/api/queue') && r.request().method() === 'POST');
    await queue.tap();
    const res = await queued;
    expect(res.status()).toBe(201);
    const spec = res.request().postDataJSON();
    expect(spec).toMatchObject({ kind: 'letter', language: 'ru', sender: expect.objectContaining({ name: 'Robin' }) });
    await visible(page, 'done');
    await page.locator('#done-queued').waitFor({ state: 'visible' });
    await screenshot(page, 'phone-4-queued');
    expect(g.offHost).toEqual([]);
    expect(g.errors).toEqual([]);
    // Nothing of the letter stays in the phone's browser storage.
    const stored = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
    expect(stored).toEqual({ local: 0, session: 0, cookie: '' });
    await g.context.close();

    const list = await admin.get('/api/admin/print/queue');
    expect(list.counts.queued).toBe(1);
    expect(list.items[0]).toMatchObject({ kind: 'letter', status: 'queued', latinName: 'Kirill Bondarenko' });
  });
});
