import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Route } from 'playwright-core';
import { guardedContext, launchBrowser, screenshot, startServer, type RunningServer } from './harness.js';

// The server answers 503 + Retry-After when its render queue is full (test/render/render-pool.test.ts proves that
// against the real pool). Here the kiosk's side: it says "busy, retrying", waits, asks again, and keeps the draft;
// a preview made ahead in the background is not retried and says nothing.
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

  it('shows "busy, retrying", retries after Retry-After and shows the preview; a preview made ahead is never retried', async () => {
    const g = await guardedContext(browser, server.url);
    const { page } = g;
    // Until Next is pressed every PDF asked for is made ahead in the background; from then on, the preview itself.
    let phase: 'background' | 'foreground' = 'background';
    const refused = { background: [] as string[], foreground: 0 };
    const busy = (route: Route) =>
      route.fulfill({ status: 503, headers: { 'retry-after': '1', 'content-type': 'application/json' }, body: JSON.stringify({ error: 'Service Unavailable', message: 'busy' }) });
    await page.route('**/api/pdf', async (route) => {
      if (phase === 'background') {
        refused.background.push(route.request().postData() ?? '');
        return busy(route);
      }
      if (refused.foreground < 2) {
        refused.foreground++;
        return busy(route);
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
    // A name typed: its preview is made ahead and refused as busy.
    await page.getByLabel('Your first name (optional)').fill('Anna');
    await expect.poll(() => page.locator('#sender-name-ru').inputValue()).toBe('Анна');
    const asked = () => refused.background.filter((body) => body.includes('Анна')).length;
    await expect.poll(asked).toBe(1);
    // Past its Retry-After it is not asked again, and the writer, who asked for nothing, is told nothing.
    await page.waitForTimeout(1600);
    expect(asked()).toBe(1);
    expect(await page.locator('#busy').isHidden()).toBe(true);
    expect(await page.locator('#error').isHidden()).toBe(true);
    // Next, by its click alone (nothing more is made ahead): the preview asked for now is retried until it comes.
    phase = 'foreground';
    await page.getByRole('button', { name: 'Next', exact: true }).dispatchEvent('click');
    await page.locator('#busy:not([hidden])').waitFor();
    expect(await page.locator('#busy').textContent()).toMatch(/busy.*trying again in 1 s/);
    await screenshot(page, 'kiosk-busy');
    await page.locator('#pages canvas').first().waitFor();
    expect(refused.foreground).toBe(2);
    expect(await page.locator('#busy').isHidden()).toBe(true);
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(g.offHost).toEqual([]);
    await g.context.close();
  });
});
