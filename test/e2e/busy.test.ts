import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { guardedContext, launchBrowser, screenshot, startServer, type RunningServer } from './harness.js';

// The server answers 503 + Retry-After when its render queue is full (test/render/render-pool.test.ts proves that
// against the real pool). Here the kiosk's side: it says "busy, retrying", waits, asks again, and keeps the draft.
describe('kiosk under a busy server', () => {
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

  it('shows "busy, retrying", retries after Retry-After and shows the preview', async () => {
    const g = await guardedContext(browser, server.url);
    const { page } = g;
    let refused = 0;
    // Busy once the name is changed to Аня: the preview made ahead for Анна is not what is tested.
    await page.route('**/api/pdf', async (route) => {
      if (refused < 2 && (route.request().postData() ?? '').includes('Аня')) {
        refused++;
        return route.fulfill({ status: 503, headers: { 'retry-after': '1', 'content-type': 'application/json' }, body: JSON.stringify({ error: 'Service Unavailable', message: 'busy' }) });
      }
      return route.continue();
    });
    await page.goto(server.url);
    await page.getByRole('button', { name: /Write a letter/ }).click();
    await page.getByRole('button', { name: 'Yuliya Kovalyova' }).click();
    await page.getByRole('radio', { name: /Письмо поддержки/ }).check();
    await page.locator('#letter .block-template').first().waitFor();
    await page.getByRole('button', { name: 'Next: sign' }).click();
    await page.locator('[data-screen="sign"]').waitFor();
    // A name typed: its preview is made ahead (a background request, never retried), then the writer changes it.
    await page.getByLabel('Your first name (optional)').fill('Anna');
    await expect.poll(() => page.locator('#sender-name-ru').inputValue()).toBe('Анна');
    await page.locator('#sender-name-ru').fill('Аня');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.locator('#busy:not([hidden])').waitFor();
    expect(await page.locator('#busy').textContent()).toMatch(/busy.*trying again in 1 s/);
    await screenshot(page, 'kiosk-busy');
    await page.locator('#pages canvas').first().waitFor();
    expect(refused).toBe(2);
    expect(await page.locator('#busy').isHidden()).toBe(true);
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(g.offHost).toEqual([]);
    await g.context.close();
  });
});
