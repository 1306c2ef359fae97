/**
 * The page for readers of either language, in a real browser against the real offline server: the
 * statement panel in 中文 / English / both, a citation highlighted in both languages, an English
 * conversation at 375 px, the header and the chips measured, coverage badges, "Also relevant".
 * Screenshots go to test-output/web/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { startAssistant } from '../../src/server/start-assistant.js';
import type { Opened } from './browser-harness.js';
import {
  MOBILE,
  OFFLINE_SERVER_ENV,
  ask,
  contrastOf,
  ensureWebBuild,
  finished,
  fulfillSse,
  hasChromium,
  launchChromium,
  openPage,
  overflowing,
  shot,
  tabTo,
  waitInView,
} from './browser-harness.js';

/** The header's text and controls, every one of which must show its whole text. */
const HEADER_TEXT = '.topbar h1, .topbar .subtitle, #health-text, .topbar button';

describe.skipIf(!hasChromium)('the page in Chinese and English', () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  let indexDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureWebBuild();
    indexDir = mkdtempSync(join(tmpdir(), 'web-bilingual-index-'));
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

  const language = (page: Page): Promise<string | null> => page.locator('#statement-body').getAttribute('data-language');
  const pressed = (page: Page): Promise<string[]> =>
    page.locator('#language-toggle button[aria-pressed="true"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['language'] ?? ''));

  it('shows the statement in 中文, in English and side by side, and remembers the choice', async () => {
    const { page, errors } = await open();
    const group = page.getByRole('group', { name: 'Statement language' });
    expect(await group.isVisible()).toBe(true);
    // Before any question, and with no choice made, the authoritative Chinese text.
    expect(await language(page)).toBe('zh');
    expect(await pressed(page)).toEqual(['zh']);
    expect(await page.isVisible('#p1 .para-zh')).toBe(true);
    expect(await page.isVisible('#p1 .para-en')).toBe(false);
    expect(await page.isVisible('.rendering-label')).toBe(false);
    await shot(page, '16-statement-zh');

    await group.getByRole('button', { name: 'English' }).click();
    expect(await pressed(page)).toEqual(['en']);
    expect(await page.isVisible('#p1 .para-zh')).toBe(false);
    expect(await page.locator('#p1 .para-en').textContent()).toMatch(/^At the invitation of President Xi Jinping/);
    expect(await page.locator('#p1 .para-en').getAttribute('lang')).toBe('en');
    // Labelled as the project's unofficial rendering, the Chinese being authoritative.
    const label = (await page.locator('.rendering-label').textContent()) ?? '';
    expect(label).toMatch(/unofficial rendering/);
    expect(label).toMatch(/Chinese text is authoritative/);
    expect(await page.isVisible('.title-en')).toBe(true);
    expect(await page.isVisible('.title-zh')).toBe(false);
    await shot(page, '17-statement-en');

    await group.getByRole('button', { name: 'Both' }).click();
    expect(await pressed(page)).toEqual(['both']);
    const zh = (await page.locator('#p3 .para-zh').boundingBox())!;
    const en = (await page.locator('#p3 .para-en').boundingBox())!;
    // Side by side: the same row, Chinese on the left.
    expect(Math.abs(zh.y - en.y)).toBeLessThan(2);
    expect(en.x).toBeGreaterThan(zh.x + zh.width - 1);
    await shot(page, '18-statement-both');

    // Every toggle button is a 24 px target at least, and the choice survives a reload.
    for (const box of await group.locator('button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))) {
      expect(box).toBeGreaterThanOrEqual(24);
    }
    await page.reload();
    await page.waitForSelector('#p31', { state: 'attached' });
    expect(await language(page)).toBe('both');
    expect(await pressed(page)).toEqual(['both']);
    expect(errors).toEqual([]);
  });

  it('highlights a citation in both languages: the Chinese quote and its English rendering', async () => {
    const { page, errors } = await open();
    await page.getByRole('button', { name: 'Both' }).click();
    await ask(page, 'What does the statement say about Gwadar port?');
    const turn = await finished(page, 0);
    const chip = turn.locator('button.citation').first();
    const n = Number(await chip.getAttribute('data-paragraph'));
    const quote = (await chip.getAttribute('data-quote')) ?? '';
    const quoteEn = (await chip.getAttribute('data-quote-en')) ?? '';
    expect(quote).toMatch(/瓜达尔港/);
    expect(quoteEn).toMatch(/Gwadar/);
    await chip.click();
    await waitInView(page, `#p${n}`);
    expect(await page.locator(`#p${n} .para-zh mark`).allTextContents()).toEqual([quote]);
    expect(await page.locator(`#p${n} .para-en mark`).allTextContents()).toEqual([quoteEn]);
    expect(await page.isVisible(`#p${n} .para-zh mark`)).toBe(true);
    expect(await page.isVisible(`#p${n} .para-en mark`)).toBe(true);
    // The highlight stays when the reader switches language.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.isVisible(`#p${n} .para-en mark`)).toBe(true);
    await page.getByRole('button', { name: 'Both' }).click();
    await chip.hover();
    await page.locator('.tooltip.is-open').waitFor();
    await shot(page, '19-citation-both-languages');
    expect(errors).toEqual([]);
  });

  it('follows the conversation’s language until the reader chooses one', async () => {
    const { page } = await open();
    await ask(page, 'What is the position on Kashmir?');
    await finished(page, 0);
    expect(await language(page)).toBe('en');
    await ask(page, '双方在阿富汗问题上同意做什么？');
    await finished(page, 1);
    expect(await language(page)).toBe('zh');
    // A choice made is kept whatever the next question's language.
    await page.getByRole('button', { name: 'English' }).click();
    await ask(page, '瓜达尔港有哪些项目？');
    await finished(page, 2);
    expect(await language(page)).toBe('en');
    expect(await page.evaluate(() => localStorage.getItem('statement-assistant:statement-language'))).toBe('en');
  });

  it('reads well in English at 375 px: the rendering note apart, the English text in the drawer', async () => {
    const { page, errors } = await open('/', MOBILE);
    await page.getByRole('button', { name: 'What did the two sides agree regarding Gwadar Port?' }).click();
    const turn = await finished(page, 0);
    const answer = (await turn.locator('.answer').evaluate((el) => el.firstChild?.textContent ?? '')) ?? '';
    expect(answer).toMatch(/^The two sides/);
    // The label of the rendering is a muted note under the answer, not answer text.
    expect(await turn.locator('.answer').textContent()).not.toContain('Unofficial English rendering');
    const note = turn.locator('.answer-note');
    expect(await note.textContent()).toBe('(Unofficial English rendering; the Chinese text is authoritative.)');
    const [noteStyle, answerStyle] = await Promise.all(
      [note, turn.locator('.answer')].map((l) => l.evaluate((el) => ({ color: getComputedStyle(el).color, size: parseFloat(getComputedStyle(el).fontSize) }))),
    );
    expect(noteStyle!.color).not.toBe(answerStyle!.color);
    expect(noteStyle!.size).toBeLessThan(answerStyle!.size);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, '20-mobile-en-conversation');

    const chip = turn.locator('button.citation').first();
    const n = Number(await chip.getAttribute('data-paragraph'));
    await chip.click();
    await waitInView(page, `#p${n}`);
    expect(await language(page)).toBe('en');
    expect(await page.isVisible(`#p${n} .para-en mark`)).toBe(true);
    expect(await overflowing(page, '.statement-head h2, .statement-head button')).toEqual([]);
    await shot(page, '21-mobile-en-drawer');
    expect(errors).toEqual([]);
  });

  it('fits the header at 375 px (and 320 px) without truncated text, also with a long model name', async () => {
    const { page, errors } = await open('/', MOBILE);
    await page.waitForFunction(() => document.querySelector('#health')?.getAttribute('data-state') === 'ok');
    expect(await overflowing(page, HEADER_TEXT)).toEqual([]);
    expect(await page.locator('.topbar h1').textContent()).toBe('Statement Assistant');
    expect(await page.locator('#health-text').textContent()).toBe('Offline answers from the statement');
    await shot(page, '22-mobile-header');

    await page.route('**/healthz', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ status: 'ok', paragraphs: 31, embedder: 'Xenova/multilingual-e5-small', llm: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', mode: 'llm', limits: { maxQuestionChars: 2000, maxHistoryTurns: 20 } }),
      }),
    );
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#health-text')?.textContent?.startsWith('Answers by'));
    expect(await page.locator('#health-text').textContent()).toBe('Answers by meta-llama/Llama-3.3-70B-Instruct-Turbo');
    expect(await overflowing(page, HEADER_TEXT)).toEqual([]);
    await page.getByRole('button', { name: 'About this assistant' }).click();
    expect(await page.locator('#about-details').textContent()).toContain('Embedding model Xenova/multilingual-e5-small');
    expect(await overflowing(page, '#about, #about dd')).toEqual([]);
    await shot(page, '22b-mobile-header-about');
    await page.keyboard.press('Escape');

    await page.setViewportSize({ width: 320, height: 640 });
    expect(await overflowing(page, HEADER_TEXT)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(errors).toEqual([]);
  });

  it('draws citation chips at least 24 px tall, with a readable number and visible keyboard focus', async () => {
    for (const options of [{}, MOBILE]) {
      const { page } = await open('/', options);
      await ask(page, 'What is the position on Kashmir?');
      await finished(page, 0);
      const chips = await page.locator('button.citation').evaluateAll((els) =>
        els.map((el) => {
          const style = getComputedStyle(el);
          return { height: el.getBoundingClientRect().height, width: el.getBoundingClientRect().width, size: parseFloat(style.fontSize), weight: Number(style.fontWeight) };
        }),
      );
      expect(chips.length).toBeGreaterThan(0);
      for (const chip of chips) {
        expect(chip.height).toBeGreaterThanOrEqual(24);
        expect(chip.width).toBeGreaterThanOrEqual(24);
        expect(chip.size).toBeGreaterThanOrEqual(13);
        expect(chip.weight).toBeGreaterThanOrEqual(700);
      }
      const contrast = await contrastOf(page, ['button.citation']);
      expect(contrast['button.citation']).toBeGreaterThanOrEqual(4.5);
      if (options === MOBILE) {
        await shot(page, '23b-mobile-chip');
        continue;
      }
      // Keyboard: Tab from the top of the page reaches the chip, which shows a clear focus ring.
      await page.locator('#new-chat').focus();
      expect(await tabTo(page, 'button.citation')).toBe(true);
      const ring = await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement!);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      expect(ring.style).toBe('solid');
      expect(ring.width).toBeGreaterThanOrEqual(2);
      expect(await page.locator('.tooltip.is-open').count()).toBe(1);
      await shot(page, '23-chip-keyboard-focus');
    }
  });

  it('badges a partial answer: what the statement does not give, then what it does', async () => {
    const { page, errors } = await open();
    await ask(page, 'How much money will China invest in Gwadar?');
    const turn = await finished(page, 0);
    expect(await turn.getAttribute('class')).toContain('is-partial');
    expect(await turn.locator('.badge-coverage').textContent()).toBe('Partly covered by the statement');
    expect(await turn.locator('.answer').textContent()).toMatch(/^The statement gives no amount for this\./);
    expect(await turn.locator('button.citation').count()).toBeGreaterThan(0);
    expect(await turn.locator('.answer-note').isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await shot(page, '24-partial-badge');
    expect(errors).toEqual([]);
  });

  it('offers under "Also relevant" only paragraphs at least half as relevant as the best, never one already cited', async () => {
    const { page } = await open();
    await page.route('**/api/ask', (route) =>
      fulfillSse(route, {
        answer: '双方同意加快推进瓜达尔港配套设施建设[7]。',
        citations: [{ paragraph: 7, quote: '同意加快推进瓜达尔港配套设施建设' }],
        retrieved: [
          { paragraph: 7, score: 1 },
          { paragraph: 19, score: 0.62 },
          { paragraph: 16, score: 0.5 },
          { paragraph: 11, score: 0.49 },
          { paragraph: 20, score: 0.1 },
        ],
        refused: false,
        coverage: 'answered',
        lang: 'zh',
        mode: 'extractive',
        grounded: true,
      }),
    );
    await ask(page, '瓜达尔港方面同意了什么？');
    const turn = await finished(page, 0);
    expect(await turn.locator('.related-label').textContent()).toBe('Also relevant:');
    expect(await turn.locator('button.related').allTextContents()).toEqual(['¶19', '¶16']);
    const related = turn.locator('button.related').first();
    await related.click();
    await waitInView(page, '#p19');
    expect(await page.locator('#p19').getAttribute('class')).toContain('is-active');
    expect(await related.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThanOrEqual(24);
  });

  it('keeps its text readable (contrast 4.5:1) in the light and the dark theme', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page } = await open('/', { colorScheme });
      await page.getByRole('button', { name: 'Both' }).click();
      await ask(page, 'How much money will China invest in Gwadar?');
      await finished(page, 0);
      const selectors = [
        '#health-text',
        '#about-toggle',
        '.language-toggle button[aria-pressed="true"]',
        '.language-toggle button[aria-pressed="false"]',
        '.rendering-label',
        '.badge-coverage',
        '.answer',
        '.answer-note',
        'button.citation',
        '.para-en',
      ];
      // -1 marks an element that is not on the page: it fails too.
      const ratios = await contrastOf(page, selectors);
      for (const sel of selectors) expect(ratios[sel], `${sel} in ${colorScheme}`).toBeGreaterThanOrEqual(4.5);
      if (colorScheme === 'dark') await shot(page, '25-dark-both-languages');
    }
  });
});
