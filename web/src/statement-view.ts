/** The statement panel: title, numbered paragraphs, source line; reveals a paragraph and marks a quote. */
import type { Paragraph, Statement } from '../../src/types.js';
import { findQuote } from './answer-text.js';
import { h, replaceChildren } from './dom.js';

export class StatementView {
  readonly #body: HTMLElement;
  #statement: Statement | undefined;
  readonly #elements = new Map<number, HTMLElement>();
  #active: HTMLElement | undefined;

  constructor(body: HTMLElement) {
    this.#body = body;
  }

  get statement(): Statement | undefined {
    return this.#statement;
  }

  has(n: number): boolean {
    return this.#elements.has(n);
  }

  paragraph(n: number): Paragraph | undefined {
    return this.#statement?.paragraphs.find((p) => p.number === n);
  }

  render(statement: Statement): void {
    this.#statement = statement;
    this.#elements.clear();
    const list = h('div', { class: 'paragraphs' });
    for (const p of statement.paragraphs) {
      const el = h(
        'p',
        { id: `p${p.number}`, class: 'para', tabindex: -1, 'data-paragraph': p.number },
        h('a', { class: 'para-num', href: `#p${p.number}`, 'aria-label': `Link to paragraph ${p.number}` }, `${p.number}`),
        h('span', { class: 'para-text' }, p.text),
      );
      this.#elements.set(p.number, el);
      list.append(el);
    }
    replaceChildren(
      this.#body,
      h('h3', { class: 'doc-title' }, statement.title),
      list,
      h('p', { class: 'doc-source' }, statement.source),
    );
  }

  showMessage(text: string, retry?: () => void): void {
    replaceChildren(
      this.#body,
      h('div', { class: 'panel-error', role: 'alert', lang: 'en' }, h('p', {}, text), retry ? retryButton(retry) : null),
    );
  }

  /**
   * Scrolls paragraph `n` into view, marks `quote` in it, and focuses it when asked.
   * Returns false when the paragraph is unknown (statement not loaded, or out of range).
   */
  reveal(n: number, quote?: string, options: { focus?: boolean } = {}): boolean {
    const el = this.#elements.get(n);
    const p = this.paragraph(n);
    if (!el || !p) return false;
    if (this.#active && this.#active !== el) this.#clear(this.#active);
    this.#active = el;
    const text = el.querySelector('.para-text');
    const range = quote === undefined ? undefined : findQuote(p.text, quote);
    if (text) {
      if (range) {
        replaceChildren(
          text,
          p.text.slice(0, range.start),
          h('mark', {}, p.text.slice(range.start, range.end)),
          p.text.slice(range.end),
        );
      } else {
        replaceChildren(text, p.text);
      }
    }
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
    const n = Number(el.dataset['paragraph']);
    const p = this.paragraph(n);
    const text = el.querySelector('.para-text');
    if (p && text) replaceChildren(text, p.text);
  }
}

export function retryButton(retry: () => void, label = 'Retry'): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'btn btn-retry' }, label);
  button.addEventListener('click', retry);
  return button;
}
