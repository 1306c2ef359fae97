/**
 * The page in LLM mode, in a real browser: the real assistant answers through a scripted
 * OpenAI-compatible stub model (tests/helpers/stub-openai-server.ts) on 127.0.0.1, and checks what the
 * model wrote. An invented figure is marked with its reason reachable by keyboard; an answer that is
 * not grounded says so; the server's notice shows when the model fails. Screenshots go to test-output/web/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { startAssistant } from '../../src/server/start-assistant.js';
import { startStubOpenAiServer, textChunks, type StubOpenAiServer } from '../helpers/stub-openai-server.js';
import type { Opened } from './browser-harness.js';
import {
  MOBILE,
  OFFLINE_SERVER_ENV,
  ask,
  contrastOf,
  ensureWebBuild,
  finished,
  hasChromium,
  launchChromium,
  openPage,
  overflowing,
  shot,
  tabTo,
} from './browser-harness.js';

const MODEL = 'stub-gpt';

describe.skipIf(!hasChromium)('the page in LLM mode (scripted model)', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let stub: StubOpenAiServer;
  let indexDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    indexDir = mkdtempSync(join(tmpdir(), 'web-llm-index-'));
    stub = await startStubOpenAiServer({ model: MODEL });
    server = await startAssistant({
      env: {
        ...OFFLINE_SERVER_ENV,
        INDEX_DIR: indexDir,
        OPENAI_BASE_URL: stub.baseURL,
        OPENAI_API_KEY: 'test-key',
        LLM_MODEL: MODEL,
        LLM_MAX_RETRIES: '0',
        LLM_TIMEOUT_MS: '5000',
      },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    await stub?.close();
    if (indexDir) rmSync(indexDir, { recursive: true, force: true });
  });

  async function open(path = '/', options: BrowserContextOptions = {}): Promise<Opened> {
    const opened = await openPage(browser, server.url + path, options);
    contexts.push(opened.context);
    return opened;
  }

  it('says who answers, in words, with the model in the About panel', async () => {
    const { page, errors } = await open('/', MOBILE);
    await page.waitForFunction(() => document.querySelector('#health')?.getAttribute('data-state') === 'ok');
    expect(await page.locator('#health-text').textContent()).toBe(`Answers by ${MODEL}`);
    expect(await overflowing(page, '.topbar h1, #health-text, .topbar button')).toEqual([]);
    await page.getByRole('button', { name: 'About this assistant' }).click();
    const details = (await page.locator('#about-details').textContent()) ?? '';
    expect(details).toContain(`Written by the language model ${MODEL}, then checked against the statement`);
    expect(errors).toEqual([]);
  });

  it('marks an invented figure, says the answer is not grounded, and gives the reason on keyboard focus', async () => {
    const { page, errors } = await open();
    // The model changes the statement's 20项 (paragraph 31) into 30项, then says something true.
    stub.enqueue({ type: 'stream', chunks: textChunks('访问期间，双方签署了30项合作协议[31]。协议涵盖基础设施、矿产开发、产业合作等领域[31]。', 6) });
    await ask(page, '访问期间双方签署了多少项合作协议？');
    const turn = await finished(page, 0);
    expect(await turn.locator('.badge').first().textContent()).toBe(`LLM: ${MODEL}`);

    const claim = turn.locator('.claim.is-unsupported');
    expect(await claim.count()).toBe(1);
    expect(await claim.textContent()).toContain('签署了30项合作协议');
    // Marked visibly: a background and a wavy underline, and a flag in words.
    const look = await claim.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, line: getComputedStyle(el).textDecorationLine }));
    expect(look.bg).not.toBe('rgba(0, 0, 0, 0)');
    expect(look.line).toContain('underline');
    const flag = turn.locator('button.claim-flag');
    expect(await flag.textContent()).toBe('Not supported');
    expect(await flag.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThanOrEqual(24);
    // The true sentence is not marked, and the answer says plainly that it is not grounded.
    expect(await turn.locator('.answer').textContent()).toContain('协议涵盖基础设施');
    expect(await turn.locator('.claim').count()).toBe(1);
    expect(await turn.locator('.grounding').textContent()).toBe(
      'Not fully grounded in the statement: 1 claim is not supported by the paragraphs cited. The marked text says why.',
    );

    // Keyboard: Tab reaches the flag; its tooltip gives the reason (the server's own words and a plain one).
    await page.locator('#new-chat').focus();
    expect(await tabTo(page, 'button.claim-flag')).toBe(true);
    const tipId = (await flag.getAttribute('aria-describedby')) ?? '';
    const tip = page.locator(`[id="${tipId}"]`);
    await tip.waitFor({ state: 'visible' });
    expect(await tip.getAttribute('role')).toBe('tooltip');
    const why = (await tip.textContent()) ?? '';
    expect(why).toContain('Not supported by the statement');
    expect(why).toContain('第31段中没有“30”这一数字');
    expect(why).toContain('A figure or date here is not in the cited paragraph.');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await shot(page, '26-llm-flagged-claim');

    // Hovering the marked words shows the same reason.
    await page.locator('#question').focus();
    await claim.hover({ position: { x: 10, y: 8 } });
    await tip.waitFor({ state: 'visible' });
    expect(errors).toEqual([]);
  });

  it('marks an invented figure in an English answer at 375 px', async () => {
    const { page, errors } = await open('/', MOBILE);
    stub.enqueue({
      type: 'stream',
      chunks: textChunks('During the visit, the two sides signed 30 cooperation agreements [31]. They cover areas such as infrastructure and mineral development [31].', 12),
    });
    await ask(page, 'How many cooperation agreements did the two sides sign during the visit?');
    const turn = await finished(page, 0);
    expect(await turn.locator('.claim.is-unsupported').textContent()).toContain('signed 30 cooperation agreements');
    const flag = turn.locator('button.claim-flag');
    await flag.click();
    const tip = page.locator(`[id="${(await flag.getAttribute('aria-describedby')) ?? ''}"]`);
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toContain('Paragraph 31 does not give the figure "30"');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, '27-llm-flagged-claim-en-mobile');
    expect(errors).toEqual([]);
  });

  it('flags a sentence that cites nothing as uncited', async () => {
    const { page } = await open();
    stub.enqueue({ type: 'stream', chunks: textChunks('双方同意加快推进瓜达尔港配套设施建设[7]。中方还将向瓜达尔港提供100亿美元的新投资。', 6) });
    await ask(page, '瓜达尔港配套设施建设有什么进展？');
    const turn = await finished(page, 0);
    const uncited = turn.locator('.claim.is-uncited');
    expect(await uncited.textContent()).toContain('100亿美元');
    expect(await turn.locator('button.claim-flag.is-uncited').textContent()).toBe('No source');
    expect(await turn.locator('.grounding').textContent()).toMatch(/1 claim cites no paragraph/);
  });

  it('shows the server’s notice when the model fails and the offline answer is given instead', async () => {
    const { page, errors } = await open();
    stub.enqueue({ type: 'status', status: 500 });
    await ask(page, '双方在阿富汗问题上同意做什么？');
    const turn = await finished(page, 0);
    expect(await turn.locator('.badge').first().textContent()).toBe('Offline answer');
    const notice = turn.locator('.notice');
    expect(await notice.isVisible()).toBe(true);
    // The server's words, in the answer's language: the model failed, this is the offline answer.
    expect(await notice.textContent()).toMatch(/离线|offline/i);
    expect(await notice.getAttribute('lang')).toBe('zh-CN');
    expect(await notice.getAttribute('role')).toBe('note');
    expect(await turn.locator('button.citation').count()).toBeGreaterThan(0);
    await page.mouse.move(0, 0);
    await shot(page, '28-llm-failed-notice');
    expect(errors).toEqual([]);
  });

  it('keeps flagged claims readable (contrast 4.5:1) in the light and the dark theme', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await open('/', { colorScheme });
      stub.enqueue({
        type: 'stream',
        chunks: textChunks('访问期间，双方签署了30项合作协议[31]。中方还将向瓜达尔港提供100亿美元的新投资。', 6),
      });
      await ask(page, colorScheme === 'light' ? '访问期间签署了几项协议？' : '这次访问签署了几项协议？');
      await finished(page, 0);
      const selectors = ['.claim.is-unsupported', '.claim.is-uncited', 'button.claim-flag.is-unsupported', 'button.claim-flag.is-uncited', '.grounding', '.badge-llm'];
      // -1 marks an element that is not on the page: it fails too.
      const ratios = await contrastOf(page, selectors);
      for (const sel of selectors) expect(ratios[sel], `${sel} in ${colorScheme}`).toBeGreaterThanOrEqual(4.5);
      if (colorScheme === 'dark') {
        await page.mouse.move(0, 0);
        await shot(page, '29-llm-flagged-claim-dark');
      }
    }
  });
});
