import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { guardedContext, launchBrowser, screenshot, startServer, type RunningServer } from './harness.js';

describe('kiosk shell in Chromium', () => {
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

  it('lists the demo people, under the CSP, with no request leaving the server', async () => {
    const { page, offHost, errors, context } = await guardedContext(browser, server.url);
    await page.goto(server.url);
    await page.getByText('Yuliya Kovalyova').waitFor();
    await screenshot(page, 'shell-list');
    expect(offHost).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
