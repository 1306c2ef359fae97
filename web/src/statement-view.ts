/**
 * The statement panel's text: title, numbered paragraphs, source line, in Chinese and in the project's
 * English rendering (which of them shows is the panel's language); reveals a paragraph and marks a quote
 * in both languages.
 */
import type { ParagraphJson, StatementJson } from './api.js';
import type { TextRange } from './answer-text.js';
import { findQuoteRanges } from './answer-text.js';
import type { ParagraphSource } from './answer-view.js';
import { h, replaceChildren } from './dom.js';
import { retryButton } from './error-box.js';
import type { StatementLanguage } from './statement-language.js';

/** The quoted words to mark: the exact Chinese `quote` and its English `quote_en`. */
export interface Quotes {
  readonly zh?: string | undefined;
  readonly en?: string | undefined;
}

export class StatementView implements ParagraphSource {
  readonly #body: HTMLElement;
  #statement: StatementJson | undefined;
  readonly #elements = new Map<number, HTMLElement>();
  #active: HTMLElement | undefined;

  constructor(body: HTMLElement) {
    this.#body = body;
  }

  get statement(): StatementJson | undefined {
    return this.#statement;
  }

  /** Whether the statement has the project's English rendering. */
  get hasEnglish(): boolean {
    return this.#statement?.paragraphs.some((p) => p.text_en !== undefined && p.text_en !== '') ?? false;
  }

  has(n: number): boolean {
    return this.#elements.has(n);
  }

  paragraph(n: number): ParagraphJson | undefined {
    return this.#statement?.paragraphs.find((p) => p.number === n);
  }

  /** Shows `language`: `zh`, `en` or `both` (side by side where the panel is wide enough). */
  setLanguage(language: StatementLanguage): void {
    this.#body.dataset['language'] = language;
  }

  render(statement: StatementJson): void {
    this.#statement = statement;
    this.#active = undefined;
    this.#elements.clear();
    const list = h('div', { class: 'paragraphs' });
    for (const p of statement.paragraphs) {
      const el = h(
        'div',
        { id: `p${p.number}`, class: p.text_en ? 'para' : 'para no-en', tabindex: -1, 'data-paragraph': p.number },
        h('a', { class: 'para-num', href: `#p${p.number}`, 'aria-label': `Link to paragraph ${p.number}` }, `${p.number}`),
        h('p', { class: 'para-text para-zh', lang: 'zh-CN' }, p.text),
        p.text_en ? h('p', { class: 'para-text para-en', lang: 'en' }, p.text_en) : null,
      );
      this.#elements.set(p.number, el);
      list.append(el);
    }
    const pair = (cls: string, zh: string, en: string | undefined): HTMLElement[] => [
      h('span', { class: `${cls}-zh`, lang: 'zh-CN' }, zh),
      ...(en ? [h('span', { class: `${cls}-en`, lang: 'en' }, en)] : []),
    ];
    replaceChildren(
      this.#body,
      this.hasEnglish
        ? h(
            'p',
            { class: 'rendering-label', role: 'note' },
            'English: the project’s own unofficial rendering. The Chinese text is authoritative.',
          )
        : null,
      h('h3', { class: 'doc-title' }, ...pair('title', statement.title, statement.title_en)),
      list,
      h('p', { class: 'doc-source' }, ...pair('source', statement.source, statement.source_en)),
    );
  }

  showMessage(text: string, retry?: () => void): void {
    replaceChildren(
      this.#body,
      h('div', { class: 'panel-error', role: 'alert', lang: 'en' }, h('p', {}, text), retry ? retryButton(retry) : null),
    );
  }

  /**
   * Scrolls paragraph `n` into view, marks the quoted words in each language, and focuses it when asked.
   * Returns false when the paragraph is unknown (statement not loaded, or out of range).
   */
  reveal(n: number, quotes: Quotes = {}, options: { focus?: boolean } = {}): boolean {
    const el = this.#elements.get(n);
    const p = this.paragraph(n);
    if (!el || !p) return false;
    if (this.#active && this.#active !== el) this.#clear(this.#active);
    this.#active = el;
    mark(el.querySelector('.para-zh'), p.text, quotes.zh === undefined ? [] : findQuoteRanges(p.text, quotes.zh));
    if (p.text_en) mark(el.querySelector('.para-en'), p.text_en, quotes.en === undefined ? [] : findQuoteRanges(p.text_en, quotes.en));
    el.classList.add('is-active');
    // Restart the flash animation even when the same paragraph is revealed twice.
    el.classList.remove('flash');
    void el.offsetWidth;
    el.classList.add('flash');
    if (options.focus) el.focus({ preventScroll: true });
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
    return true;
  }

  #clear(el: HTMLElement): void {
    el.classList.remove('is-active', 'flash');
    const p = this.paragraph(Number(el.dataset['paragraph']));
    if (!p) return;
    mark(el.querySelector('.para-zh'), p.text, []);
    if (p.text_en) mark(el.querySelector('.para-en'), p.text_en, []);
  }
}

/** Sets `target`'s text to `text` with `<mark>` around each range (ranges in order, not overlapping). */
function mark(target: Element | null, text: string, ranges: readonly TextRange[]): void {
  if (!target) return;
  const pieces: Array<string | HTMLElement> = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start < at) continue;
    pieces.push(text.slice(at, r.start), h('mark', {}, text.slice(r.start, r.end)));
    at = r.end;
  }
  pieces.push(text.slice(at));
  replaceChildren(target, ...pieces.filter((x) => x !== ''));
}
