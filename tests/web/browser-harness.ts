/**
 * Shared by the browser suites: Debian's /usr/bin/chromium driven by playwright-core (never a downloaded
 * browser), the page rebuilt when web/ changed, pages opened with their console errors collected, and
 * measurements the suites assert (overflowing text, contrast, target sizes). Screenshots go to
 * test-output/web/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page, Route } from 'playwright-core';
import { chromium } from 'playwright-core';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const SHOTS = 'test-output/web';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`[web] skipping the browser suites: ${CHROMIUM} not found (apt-get install -y chromium fonts-noto-cjk)`);
}

/** Offline server environment: built-in embedder, no LLM (extractive answers), no rate limit, no logs. */
export const OFFLINE_SERVER_ENV: Readonly<Record<string, string | undefined>> = Object.freeze({
  PORT: '0',
  HOST: '127.0.0.1',
  EMBEDDER: 'builtin',
  OPENAI_API_KEY: undefined,
  OPENAI_BASE_URL: undefined,
  API_TOKEN: undefined,
  CORS_ORIGINS: undefined,
  RATE_LIMIT_PER_MINUTE: '0',
  LOG_LEVEL: 'silent',
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Rebuilds dist/web when it is missing or older than any file under web/. The suites run in parallel
 * processes: a lock folder makes one of them build while the others wait, so no server ever serves a
 * half-written dist/web.
 */
export async function ensureWebBuild(): Promise<void> {
  const lock = 'dist/.web-build-lock';
  mkdirSync('dist', { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than a minute was left by a crashed run.
      if (waited > 60_000 || (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 60_000)) rmSync(lock, { recursive: true, force: true });
      await sleep(100);
    }
  }
  try {
    const newest = (dir: string): number =>
      Math.max(
        0,
        ...readdirSync(dir, { withFileTypes: true }).map((e) =>
          e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
        ),
      );
    const built = 'dist/web/app.js';
    const stale =
      !existsSync(built) ||
      !existsSync('dist/web/index.html') ||
      statSync(built).mtimeMs < Math.max(newest('web'), statSync('scripts/build.mjs').mtimeMs);
    if (stale) execFileSync(process.execPath, ['scripts/build.mjs', '--web'], { stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Opened {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Console errors and uncaught exceptions seen by this page. */
  readonly errors: string[];
}

export const MOBILE: BrowserContextOptions = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };

/** Opens `url` in a fresh context (fresh storage) and waits for the statement to be on the page. */
export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<Opened> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 860 },
    locale: 'en-US',
    // No smooth scrolling or slide-ins: screenshots show the settled state.
    reducedMotion: 'reduce',
    ...options,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('#p31', { state: 'attached' });
  return { page, context, errors };
}

/** Types a question and sends it with Enter, the way a keyboard user does. */
export async function ask(page: Page, question: string): Promise<void> {
  await page.focus('#question');
  await page.keyboard.type(question);
  await page.keyboard.press('Enter');
}

/** Waits until the n-th turn's answer is final (not streaming) and returns that turn's locator. */
export async function finished(page: Page, nth: number): Promise<Locator> {
  const turn = page.locator('.turn').nth(nth);
  await turn.locator('.meta .badge').first().waitFor();
  return turn;
}

/** True once the element is inside the viewport and inside its scrolling panel. */
export async function waitInView(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const r = el.getBoundingClientRect();
    const panel = el.closest('.statement-body')?.getBoundingClientRect() ?? { top: 0, bottom: innerHeight };
    return r.height > 0 && r.top >= Math.max(0, panel.top) - 1 && r.top < Math.min(innerHeight, panel.bottom);
  }, selector);
}

export const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: `${SHOTS}/${name}.png` });

/** Presses Tab until the focused element matches `selector` (at most `limit` presses); returns whether it did. */
export async function tabTo(page: Page, selector: string, limit = 60): Promise<boolean> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return true;
  }
  return false;
}

/** Visible elements matching `selector` whose text does not fit them (cut, or scrolled sideways), or that leave the viewport. */
export function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      if (el.getClientRects().length === 0) continue;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      const cut = el.scrollWidth > el.clientWidth || style.textOverflow === 'ellipsis' || r.right > innerWidth + 0.5 || r.left < -0.5;
      if (cut) out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent ?? '').trim()}" (${el.scrollWidth} > ${el.clientWidth})`);
    }
    return out;
  }, selector);
}

/**
 * WCAG contrast ratio of each visible element's text against the first opaque background behind it
 * (its own or an ancestor's), `selector → ratio`.
 */
export function contrastOf(page: Page, selectors: readonly string[]): Promise<Record<string, number>> {
  return page.evaluate((sels) => {
    const parse = (c: string): [number, number, number, number] => {
      const n = (/rgba?\(([^)]+)\)/.exec(c)?.[1] ?? '0 0 0 0').split(/[\s,/]+/).filter(Boolean).map(Number);
      return [n[0] ?? 0, n[1] ?? 0, n[2] ?? 0, n[3] ?? 1];
    };
    const lum = ([r, g, b]: number[]): number => {
      const f = (v: number): number => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const out: Record<string, number> = {};
    for (const sel of sels) {
      const el = document.querySelector<HTMLElement>(sel);
      if (!el || el.getClientRects().length === 0) {
        out[sel] = -1;
        continue;
      }
      const fg = parse(getComputedStyle(el).color);
      let bg: [number, number, number, number] = [255, 255, 255, 1];
      for (let node: HTMLElement | null = el; node; node = node.parentElement) {
        const c = parse(getComputedStyle(node).backgroundColor);
        if (c[3] > 0.5) {
          bg = c;
          break;
        }
      }
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number];
      out[sel] = Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
    }
    return out;
  }, selectors);
}

/** Answers a route with a complete SSE stream ending in `done`. */
export function fulfillSse(route: Route, result: Record<string, unknown>): Promise<void> {
  const event = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
  return route.fulfill({
    status: 200,
    contentType: 'text/event-stream',
    body: event('retrieved', { retrieved: result['retrieved'] }) + event('delta', { text: String(result['answer']) }) + event('done', result),
  });
}
