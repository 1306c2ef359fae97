/**
 * The web chat in a real browser (Debian's /usr/bin/chromium driven by playwright-core) against the
 * server on a free port. (playwright's launch() already gives Chromium a fresh temporary profile.) Failure cases (500, 429, network down, a refusal, a slow answer to stop) are
 * injected with page.route. Screenshots of each state go to test-output/web/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { startAssistant } from '../../src/server/start-assistant.js';
import type { Opened } from './browser-harness.js';
import {
  OFFLINE_SERVER_ENV,
  SHOTS,
  ask,
  ensureWebBuild,
  finished,
  fulfillSse,
  hasChromium,
  launchChromium,
  openPage,
  shot,
  waitInView,
} from './browser-harness.js';

describe.skipIf(!hasChromium)('web chat in a real browser', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let indexDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    indexDir = mkdtempSync(join(tmpdir(), 'web-chat-index-'));
    // The real server, offline: built-in embedder, no LLM (extractive answers), no rate limit.
    server = await startAssistant({ env: { ...OFFLINE_SERVER_ENV, INDEX_DIR: indexDir } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    if (indexDir) rmSync(indexDir, { recursive: true, force: true });
  });

  async function open(path = '/', options: BrowserContextOptions = {}): Promise<Opened> {
    const opened = await openPage(browser, server.url + path, options);
    contexts.push(opened.context);
    return opened;
  }

  it('shows the statement, the server status and example questions', async () => {
    const { page, errors } = await open();
    expect(await page.locator('.doc-title').textContent()).toContain('联合新闻声明');
    expect(await page.locator('.para').count()).toBe(31);
    expect(await page.locator('.doc-source').textContent()).toContain('新华社');
    await page.waitForFunction(() => document.querySelector('#health')?.getAttribute('data-state') === 'ok');
    // The status in a reader's words; the technical detail in the About panel.
    expect(await page.locator('#health-text').textContent()).toBe('Offline answers from the statement');
    expect(await page.locator('button.example').count()).toBeGreaterThanOrEqual(4);
    // The question box has focus on arrival and a label for screen readers.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question');
    expect(await page.locator('label[for="question"]').count()).toBe(1);
    await shot(page, '01-home');
    expect(await page.locator('#about').isVisible()).toBe(false);
    const about = page.getByRole('button', { name: 'About this assistant' });
    await about.click();
    expect(await about.getAttribute('aria-expanded')).toBe('true');
    const details = (await page.locator('#about-details').textContent()) ?? '';
    expect(details).toMatch(/Built-in offline embedder \(builtin-hash-v\d+\)/);
    expect(details).toContain('31 paragraphs');
    expect(details).toContain('Up to 2000 characters');
    await shot(page, '01b-about-panel');
    await page.keyboard.press('Escape');
    expect(await page.locator('#about').isVisible()).toBe(false);
    expect(await about.getAttribute('aria-expanded')).toBe('false');
    expect(errors).toEqual([]);
  });

  it('answers a Chinese example question, streaming, with citation chips that open the quote', async () => {
    const { page, errors } = await open();
    // Record whether answer text was visible while the answer was still marked busy (= streamed).
    await page.evaluate(() => {
      const w = window as unknown as { sawStreaming: boolean };
      w.sawStreaming = false;
      new MutationObserver(() => {
        const a = document.querySelector('.answer[aria-busy="true"]');
        if (a && (a.textContent ?? '').length > 0) w.sawStreaming = true;
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const request = page.waitForRequest('**/api/ask');
    await page.getByRole('button', { name: '瓜达尔港有哪些项目？' }).click();
    const body = (await request).postDataJSON() as { question: string; stream: boolean; history: unknown[] };
    expect(body).toMatchObject({ question: '瓜达尔港有哪些项目？', stream: true, history: [] });
    const turn = await finished(page, 0);
    expect(await page.evaluate(() => (window as unknown as { sawStreaming: boolean }).sawStreaming)).toBe(true);
    expect(await turn.locator('.badge').first().textContent()).toMatch(/^(Offline answer|LLM: .+)$/);
    const answer = (await turn.locator('.answer').textContent()) ?? '';
    expect(answer).toMatch(/瓜达尔/);
    expect(answer).not.toMatch(/\[\d+\]/); // every marker became a chip

    const chip = turn.locator('button.citation').first();
    const n = Number(await chip.getAttribute('data-paragraph'));
    const quote = (await chip.getAttribute('data-quote')) ?? '';
    const quoteEn = (await chip.getAttribute('data-quote-en')) ?? '';
    expect(n).toBeGreaterThan(0);
    expect(quoteEn).toMatch(/Gwadar/);
    expect(quote.length).toBeGreaterThan(0);
    expect(await chip.textContent()).toBe(String(n));

    // Hover shows the quoted sentence in a tooltip that is also the chip's accessible description.
    await chip.hover();
    const tipId = (await chip.getAttribute('aria-describedby')) ?? '';
    const tip = page.locator(`[id="${tipId}"]`);
    await tip.waitFor({ state: 'visible' });
    expect(await tip.getAttribute('role')).toBe('tooltip');
    // …in both languages: the exact Chinese quote and the project's English rendering of it.
    expect(await tip.textContent()).toContain(quote);
    expect(await tip.textContent()).toContain(quoteEn);
    expect(await tip.locator('[lang="en"]').textContent()).toBe(`“${quoteEn}”`);
    await shot(page, '02-zh-answer-tooltip');

    await chip.click();
    await waitInView(page, `#p${n}`);
    expect(await page.locator(`#p${n} .para-zh mark`).textContent()).toBe(quote);
    expect(await page.locator(`#p${n}`).getAttribute('class')).toContain('is-active');
    expect(new URL(page.url()).hash).toBe(`#p${n}`);
    await page.mouse.move(0, 0);
    await shot(page, '03-zh-citation-opened');

    // The only paragraph near this answer is the one it cites: no "Also relevant" list to pad it out.
    expect(await turn.locator('.related-block').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('answers an English question sent with Enter, and sends history with a follow-up', async () => {
    const { page, errors } = await open();
    // Shift+Enter is a new line, not a send.
    await page.focus('#question');
    await page.keyboard.type('What did the two sides agree');
    await page.keyboard.press('Shift+Enter');
    expect(await page.locator('.turn').count()).toBe(0);
    expect(await page.inputValue('#question')).toBe('What did the two sides agree\n');
    await page.fill('#question', '');

    await ask(page, 'What did the two sides agree regarding Gwadar Port?');
    const turn = await finished(page, 0);
    expect(await turn.locator('.question').textContent()).toBe('What did the two sides agree regarding Gwadar Port?');
    expect(await turn.locator('button.citation').count()).toBeGreaterThan(0);
    expect(await page.inputValue('#question')).toBe('');

    const request = page.waitForRequest('**/api/ask');
    await ask(page, 'What is the position on Kashmir?');
    const body = (await request).postDataJSON() as { history: { role: string; content: string }[] };
    expect(body.history.map((t) => t.role)).toEqual(['user', 'assistant']);
    expect(body.history[0]?.content).toBe('What did the two sides agree regarding Gwadar Port?');
    const second = await finished(page, 1);
    expect(await second.locator('.answer').textContent()).not.toBe('');
    await shot(page, '04-en-follow-up');

    // "New chat" forgets the conversation.
    await page.getByRole('button', { name: 'New chat' }).click();
    expect(await page.locator('.turn').count()).toBe(0);
    expect(await page.isVisible('#welcome')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('opens a deep link /#p7 on paragraph 7', async () => {
    const { page, errors } = await open('/#p7');
    await waitInView(page, '#p7');
    expect(await page.locator('#p7').getAttribute('class')).toContain('is-active');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('p7');
    await shot(page, '05-deep-link-p7');
    expect(errors).toEqual([]);
  });

  it('shows a refusal as a refusal', async () => {
    const { page } = await open();
    await page.route('**/api/ask', (route) =>
      fulfillSse(route, {
        answer: '声明未涉及这个问题。',
        citations: [],
        retrieved: [{ paragraph: 26, score: 0.1 }, { paragraph: 3, score: 0.08 }],
        refused: true,
        mode: 'extractive',
        grounded: false,
      }),
    );
    await ask(page, '法国的首都是哪里？');
    const turn = await finished(page, 0);
    expect(await turn.getAttribute('class')).toContain('is-refused');
    expect(await turn.locator('.badge-coverage').textContent()).toBe('Not covered by the statement');
    // An old server's result (no `coverage`) still reads as not covered; nothing is offered as "close".
    expect(await turn.locator('.related-block').count()).toBe(0);
    // A refusal that cites nothing needs no grounding: no warning.
    expect(await turn.locator('.grounding').count()).toBe(0);
    await shot(page, '06-refusal');
  });

  it('explains a server error (500) and recovers with Retry', async () => {
    const { page } = await open();
    await page.route('**/api/ask', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'Something broke.' } }) }),
    );
    await ask(page, '瓜达尔港有哪些项目？');
    const alert = page.locator('.turn .error-box[role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The server hit an error (500).');
    expect(await alert.textContent()).toContain('Something broke.');
    expect(await page.isVisible('#send:not([disabled])')).toBe(true);
    await shot(page, '07-error-500');
    await page.unroute('**/api/ask');
    await alert.getByRole('button', { name: 'Retry' }).click();
    const turn = await finished(page, 0);
    expect(await turn.locator('button.citation').count()).toBeGreaterThan(0);
    expect(await turn.locator('.error-box').count()).toBe(0);
  });

  it('explains rate limiting (429 with Retry-After) and holds Retry until then', async () => {
    const { page } = await open();
    await page.route('**/api/ask', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'Retry-After': '3' },
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests' } }),
      }),
    );
    await ask(page, '瓜达尔港有哪些项目？');
    const alert = page.locator('.turn .error-box[role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Too many questions');
    expect(await alert.textContent()).toContain('wait 3 seconds');
    const retry = alert.locator('button.btn-retry');
    expect(await retry.isDisabled()).toBe(true);
    expect(await retry.textContent()).toMatch(/Retry in \d s/);
    await shot(page, '08-error-429');
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('.btn-retry')?.disabled, undefined, { timeout: 6000 });
  });

  it('explains a network failure and an index that is not ready', async () => {
    const { page } = await open();
    await page.route('**/api/ask', (route) => route.abort('connectionrefused'));
    await ask(page, 'What is the position on Kashmir?');
    const alert = page.locator('.turn .error-box[role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Can’t reach the server.');
    await alert.getByRole('button', { name: 'Retry' }).waitFor();
    await shot(page, '09-error-network');

    await page.unroute('**/api/ask');
    await page.route('**/api/ask', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'index_not_ready', message: 'No index yet' } }) }),
    );
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.waitForFunction(() => document.querySelector('.error-box')?.textContent?.includes('isn’t ready yet'));
  });

  it('stops an answer with the Stop button', async () => {
    const { page } = await open();
    let release: () => void = () => undefined;
    await page.route('**/api/ask', async (route) => {
      await new Promise<void>((r) => (release = r));
      await route.abort().catch(() => undefined);
    });
    await ask(page, '瓜达尔港有哪些项目？');
    await page.locator('#stop').waitFor({ state: 'visible' });
    expect(await page.locator('.turn .status').textContent()).toContain('Searching the statement');
    await shot(page, '10-waiting');
    await page.click('#stop');
    const box = page.locator('.turn .error-box');
    await box.waitFor();
    expect(await box.textContent()).toContain('Stopped.');
    expect(await page.isHidden('#stop')).toBe(true);
    release();
  });

  it('works at 375 px: no sideways scroll, the statement opens as a drawer and closes with Escape', async () => {
    const { page, errors } = await open('/', { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await page.isVisible('#statement-body')).toBe(false);
    await shot(page, '11-mobile-home');
    await page.getByRole('button', { name: '双方在阿富汗问题上同意做什么？' }).click();
    const turn = await finished(page, 0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, '12-mobile-answer');
    const chip = turn.locator('button.citation').first();
    const n = Number(await chip.getAttribute('data-paragraph'));
    await chip.click();
    await waitInView(page, `#p${n}`);
    expect(await page.locator(`#p${n} .para-zh mark`).count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`p${n}`);
    await shot(page, '13-mobile-drawer');
    await page.keyboard.press('Escape');
    await page.locator('#statement-body').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('citation'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('serves the page under a strict Content-Security-Policy without violations', async () => {
    const { page, errors } = await open();
    const response = await page.request.get(server.url + '/');
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers()['content-security-policy']).toContain("style-src 'self'");
    await ask(page, '瓜达尔港有哪些项目？');
    const turn = await finished(page, 0);
    await turn.locator('button.citation').first().hover();
    await page.locator('.tooltip.is-open').waitFor();
    expect(errors).toEqual([]);
  });

  it('keeps a citation tooltip open while the pointer is on it, and Escape dismisses it', async () => {
    const { page, errors } = await open();
    await ask(page, '瓜达尔港有哪些项目？');
    const turn = await finished(page, 0);
    const chip = turn.locator('button.citation').first();
    await chip.hover();
    const tip = page.locator(`[id="${(await chip.getAttribute('aria-describedby')) ?? ''}"]`);
    await tip.waitFor({ state: 'visible' });
    const box = (await tip.boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // Across the gap and onto the tooltip, slowly, as a hand would.
    await page.mouse.move(centre.x, centre.y, { steps: 8 });
    await page.waitForTimeout(600);
    expect(await tip.isVisible()).toBe(true);
    expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.tooltip') !== null, centre)).toBe(true);
    await page.keyboard.press('Escape');
    await tip.waitFor({ state: 'hidden' });
    // Leaving for elsewhere still hides it.
    await chip.hover();
    await tip.waitFor({ state: 'visible' });
    await page.mouse.move(5, 5);
    await tip.waitFor({ state: 'hidden' });
    expect(errors).toEqual([]);
  });

  it('shows focus on the question box, also in forced-colours mode', async () => {
    const { page } = await open();
    await page.focus('#question');
    const outline = () => page.evaluate(() => {
      const style = getComputedStyle(document.querySelector('.composer')!);
      return { style: style.outlineStyle, width: style.outlineWidth };
    });
    expect(await outline()).toEqual({ style: 'solid', width: '3px' });
    await page.emulateMedia({ forcedColors: 'active' });
    expect(await outline()).toEqual({ style: 'solid', width: '3px' });
    await page.locator('#new-chat').focus();
    expect((await outline()).style).toBe('none');
  });

  it('gives every rate-limited turn its own countdown', async () => {
    const { page } = await open();
    await page.route('**/api/ask', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'Retry-After': '2' },
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'rate_limited', message: 'Too many requests' } }),
      }),
    );
    await ask(page, '瓜达尔港有哪些项目？');
    await page.locator('.turn').nth(0).locator('.btn-retry').waitFor();
    await ask(page, 'What is the position on Kashmir?');
    await page.locator('.turn').nth(1).locator('.btn-retry').waitFor();
    expect(await page.locator('.btn-retry:disabled').count()).toBe(2);
    await page.waitForFunction(() => document.querySelectorAll('.btn-retry:disabled').length === 0, undefined, { timeout: 6000 });
    expect(await page.locator('.btn-retry').allTextContents()).toEqual(['Retry', 'Retry']);
  });

  it("follows the server's limits from /healthz: history turns and question length", async () => {
    const { page } = await open();
    await page.route('**/healthz', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ status: 'ok', paragraphs: 31, embedder: 'x', llm: null, limits: { maxQuestionChars: 50, maxHistoryTurns: 2 } }),
      }),
    );
    await page.reload();
    await page.waitForSelector('#p31', { state: 'attached' });
    await page.waitForFunction(() => document.querySelector<HTMLTextAreaElement>('#question')?.maxLength === 50);
    await page.route('**/api/ask', (route) =>
      fulfillSse(route, { answer: '见第4段[4]。', citations: [{ paragraph: 4, quote: 'x' }], retrieved: [], refused: false, mode: 'extractive', grounded: true }),
    );
    await ask(page, 'first');
    await finished(page, 0);
    await ask(page, 'second');
    await finished(page, 1);
    const request = page.waitForRequest('**/api/ask');
    await ask(page, 'third');
    const body = (await request).postDataJSON() as { history: { role: string; content: string }[] };
    expect(body.history).toEqual([
      { role: 'user', content: 'second' },
      { role: 'assistant', content: '见第4段[4]。' },
    ]);
  });

  it('has a dark theme', async () => {
    const { page, errors } = await open('/', { colorScheme: 'dark' });
    await ask(page, '瓜达尔港有哪些项目？');
    const turn = await finished(page, 0);
    await turn.locator('button.citation').first().click();
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(15, 18, 22)');
    await page.mouse.move(0, 0);
    await shot(page, '14-dark');
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!hasChromium)('web chat with API_TOKEN set', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let indexDir: string;

  beforeAll(async () => {
    await ensureWebBuild();
    indexDir = mkdtempSync(join(tmpdir(), 'web-token-index-'));
    server = await startAssistant({ env: { ...OFFLINE_SERVER_ENV, INDEX_DIR: indexDir, API_TOKEN: 'open-sesame-0123456789' } });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (indexDir) rmSync(indexDir, { recursive: true, force: true });
  });

  it('asks for the access token in a dialog, says so when it is wrong, then sends it on every call', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      // Chromium logs every 401 response as a failed resource load: that is the point here.
      if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + '/');

    const dialog = page.getByRole('dialog', { name: 'Access token needed' });
    await dialog.waitFor();
    const field = dialog.getByLabel('Access token');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token-input');

    await field.fill('wrong');
    await page.keyboard.press('Enter');
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/not accepted/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: `${SHOTS}/15-token-wrong.png` });

    await field.fill('open-sesame-0123456789');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await page.waitForSelector('#p31', { state: 'attached' });
    expect(await dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => Object.values({ ...sessionStorage }))).toContain('open-sesame-0123456789');

    const request = page.waitForRequest('**/api/ask');
    await page.focus('#question');
    await page.keyboard.type('瓜达尔港有哪些项目？');
    await page.keyboard.press('Enter');
    expect((await request).headers()['authorization']).toBe('Bearer open-sesame-0123456789');
    await page.locator('.turn .meta .badge').first().waitFor();
    expect(await page.locator('.turn .badge-error').count()).toBe(0);

    // A reload in the same tab keeps the token: no dialog again.
    await page.reload();
    await page.waitForSelector('#p31', { state: 'attached' });
    expect(await dialog.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
