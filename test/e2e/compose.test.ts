/**
 * The compose screen in Chromium against the real server: the letter comes from POST /api/compose; a gap answer in
 * Latin gets its Cyrillic beside it; an empty gap stops *Next* naming the phrase; paragraphs move across sections;
 * English own words pre-tick *needs translation* and make *Add to print queue* the main action; *Start over* asks
 * first. Screens at laptop, tablet and phone sizes keep the working order. Saved under test-artifacts/screens/compose-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { guardedContext, launchBrowser, screenshot, startServer, type GuardedContext, type RunningServer } from './harness.js';

const visible = (page: Page, screen: string) => page.locator(`[data-screen="${screen}"]`).waitFor({ state: 'visible' });

describe('composing in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const open: GuardedContext[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const g of open) await g.context.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  async function writeTo(viewport = { width: 1366, height: 768 }, person = 'Kirill Bondarenko') {
    const g = await guardedContext(browser, server.url, { viewport });
    open.push(g);
    const { page } = g;
    await page.goto(server.url);
    await visible(page, 'start');
    await page.getByRole('button', { name: /Write a letter/ }).click();
    await visible(page, 'person');
    await page.getByRole('button', { name: person }).click();
    await visible(page, 'write');
    return g;
  }

  it('fills a gap in Cyrillic, stops Next on an empty gap, moves and removes paragraphs', async () => {
    const g = await writeTo();
    const { page } = g;
    await page.getByRole('radio', { name: /I — a woman/ }).check();
    await page.getByRole('radio', { name: /“ты”/ }).check();
    await page.getByRole('radio', { name: /Первое письмо/ }).check();
    await page.locator('#letter .block-template').first().waitFor();
    // The template introduces the writer: «Меня зовут …» is not offered with it.
    await page.getByRole('button', { name: 'About us', exact: true }).click();
    await page.locator('.phrase', { hasText: 'Я живу в городе …' }).click();
    await page.locator('[data-paragraph="p:about-us.live-in"]').waitFor();

    // Next with the gap empty: the server's message names the phrase.
    await page.getByRole('button', { name: 'Next: sign' }).click();
    await page.locator('#write-problem').filter({ hasText: 'I live in …' }).waitFor();
    expect(await page.locator('[data-screen="write"]').isVisible()).toBe(true);

    await page.locator('[data-gap="about-us.live-in"]').fill('Hamilton');
    await expect.poll(() => page.locator('[data-gap-ru="about-us.live-in"]').inputValue()).toBe('Гамильтон');
    await expect.poll(() => page.locator('[data-paragraph="p:about-us.live-in"] .ru').textContent()).toBe('Я живу в городе Гамильтон.');
    await expect.poll(() => page.locator('[data-paragraph="p:about-us.live-in"] .en').textContent()).toBe('I live in Hamilton.');

    // Up: above the template paragraph before it (the writer may move any paragraph, template ones too).
    const ids = () => page.locator('#letter [data-paragraph]').evaluateAll((els) => els.map((e) => e.getAttribute('data-paragraph')));
    const before = await ids();
    await page.locator('[data-paragraph="p:about-us.live-in"] .move-up').click();
    await expect.poll(async () => (await ids()).indexOf('p:about-us.live-in')).toBe(before.indexOf('p:about-us.live-in') - 1);
    // A template paragraph can be removed.
    const count = (await ids()).length;
    await page.locator('[data-paragraph="t3"] .remove').click();
    await expect.poll(async () => (await ids()).length).toBe(count - 1);
    await screenshot(page, 'compose-1-laptop');

    // The action bar stays in view at 1366 × 768.
    const next = await page.getByRole('button', { name: 'Next: sign' }).boundingBox();
    expect(next!.y + next!.height).toBeLessThanOrEqual(768);
    await page.getByRole('button', { name: 'Next: sign' }).click();
    await visible(page, 'sign');
    expect(g.offHost).toEqual([]);
    // The refused Next (422) is the only error the browser logged.
    expect(g.errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
  });

  it('pre-ticks needs translation for English own words, queues first, and says the letter waits for a translator', async () => {
    const g = await writeTo();
    const { page } = g;
    await page.getByRole('radio', { name: /Письмо поддержки/ }).check();
    type Reply = { hints: { type: string; message: string; paragraph?: string }[] };
    const judged = page.waitForResponse(async (r) => r.url().endsWith('/api/compose') && ((await r.json()) as Reply).hints.some((h) => h.paragraph === 'o0'));
    await page.getByLabel(/Your own words/).fill('I hope you are well. We read about your case.');
    const hint = ((await (await judged).json()) as Reply).hints.find((h) => h.paragraph === 'o0')!;
    expect(hint.message).toMatch(/^This part is not in Russian: “I hope you are well\.”/u);
    // The hint pre-ticks the box (and, ticked, is answered: the topics stay).
    await expect.poll(() => page.locator('#needs-translation').isChecked()).toBe(true);
    await page.locator('#hints [data-hint="topic"]').first().waitFor();
    await screenshot(page, 'compose-2-english-own-words');
    await page.getByRole('button', { name: 'Next: sign' }).click();
    await visible(page, 'sign');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await visible(page, 'preview');
    await expect.poll(() => page.locator('#queue').getAttribute('class')).toContain('primary');
    await page.locator('#queue').click();
    await visible(page, 'done');
    await expect.poll(() => page.locator('#done-translate').isVisible()).toBe(true);
    expect(await page.locator('#done-translate').textContent()).toMatch(/waits for a translator/);
  });

  it('Start over asks before it wipes', async () => {
    const g = await writeTo();
    const { page } = g;
    await page.getByLabel(/Your own words/).fill('Пять минут письма');
    await page.getByRole('button', { name: 'Start over' }).click();
    const dialog = page.locator('#start-over-dialog');
    await dialog.waitFor();
    await screenshot(page, 'compose-3-start-over');
    await page.getByRole('button', { name: 'Keep writing' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('#own-text').inputValue()).toBe('Пять минут письма');
    await page.getByRole('button', { name: 'Start over' }).click();
    await page.getByRole('button', { name: 'Wipe and start over' }).click();
    await visible(page, 'start');
    expect(await page.locator('#own-text').inputValue()).toBe('');
  });

  for (const [name, viewport] of [['tablet', { width: 820, height: 1180 }], ['phone', { width: 390, height: 844 }]] as const) {
    it(`keeps the working order on a ${name}: mail rules, who, template, phrases, the letter, own words, hints`, async () => {
      // Her facility has mail rules in both languages: the English ones show, with no "only in Russian" note.
      const g = await writeTo(viewport, 'Vera Sokolova');
      const { page } = g;
      expect(await page.locator('#mail-rules-text').textContent()).toContain('Letters only in Russian');
      expect(await page.locator('#mail-rules-lang').isHidden()).toBe(true);
      await page.getByRole('radio', { name: /Письмо поддержки/ }).check();
      await page.locator('#letter .block-template').first().waitFor();
      const top = (sel: string) => page.locator(sel).first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      const order = ['fieldset.who:not(.register)', 'fieldset.register', '.templates-part', '.phrases-part', '.letter-part', '.own', '.hints'];
      const tops = [];
      for (const sel of order) tops.push(await top(sel));
      expect(tops).toEqual([...tops].sort((a, b) => a - b));
      expect(await top('#mail-rules')).toBeLessThan(tops[0]!);
      await screenshot(page, `compose-4-${name}`);
    });
  }
});
