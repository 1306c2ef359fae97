/** The conversation: sends questions, streams answers into the page, keeps history for follow-ups. */
import type { AnswerResult, Citation, HistoryTurn, RetrievedParagraph } from '../../src/types.js';
import { ApiError, askStream } from './api.js';
import { splitAnswer } from './answer-text.js';
import { describeError } from './describe-error.js';
import { h, langOf, replaceChildren } from './dom.js';
import type { StatementView } from './statement-view.js';
import { retryButton } from './statement-view.js';

/** History turns sent when the server does not say its limit (/healthz `limits.maxHistoryTurns`). */
export const DEFAULT_HISTORY_TURNS = 20;
const MAX_RELATED = 6;
/** The last word, or last CJK character with any closing punctuation, before a citation marker. */
const TAIL = /(?:[^\s\u3400-\u9fff]{1,24}|[\u3400-\u9fff][^\s\u3400-\u9fff]{0,4})$/;

export interface ChatOptions {
  readonly messages: HTMLElement;
  readonly statement: StatementView;
  /** The LLM model name from /healthz, for the badge when a result carries no `model`. */
  readonly llmName: () => string | null | undefined;
  readonly onBusyChange: (busy: boolean) => void;
  /** Called after a network failure: the header's server status is probably stale. */
  readonly onServerTrouble: () => void;
  /** The server's history limit from /healthz, once known. */
  readonly maxHistoryTurns?: () => number | undefined;
  readonly idleTimeoutMs?: number;
}

interface Turn {
  readonly question: string;
  /** History as it was when the question was first asked: a retry must ask the same thing. */
  readonly history: readonly HistoryTurn[];
  readonly el: HTMLElement;
  readonly meta: HTMLElement;
  readonly answer: HTMLElement;
  readonly extras: HTMLElement;
  result?: AnswerResult;
  /** Counts down this turn's Retry after a 429; each turn has its own. */
  countdown?: ReturnType<typeof setInterval> | undefined;
}

let tipCounter = 0;

export class Chat {
  readonly #o: ChatOptions;
  #turns: Turn[] = [];
  #controller: AbortController | undefined;

  constructor(options: ChatOptions) {
    this.#o = options;
  }

  get busy(): boolean {
    return this.#controller !== undefined;
  }

  /** Completed exchanges as API history, newest last, at most the server's limit of entries. */
  history(): HistoryTurn[] {
    const turns: HistoryTurn[] = [];
    for (const t of this.#turns) {
      if (!t.result) continue;
      turns.push({ role: 'user', content: t.question }, { role: 'assistant', content: t.result.answer });
    }
    const keep = this.#o.maxHistoryTurns?.() ?? DEFAULT_HISTORY_TURNS;
    // slice(-0) would keep everything.
    return keep > 0 ? turns.slice(-keep) : [];
  }

  ask(question: string): void {
    if (this.busy) return;
    const turn = this.#createTurn(question, this.history());
    this.#turns.push(turn);
    this.#o.messages.append(turn.el);
    void this.#run(turn);
  }

  stop(): void {
    this.#controller?.abort();
  }

  /** Forgets the conversation: the next question starts fresh. */
  reset(): void {
    this.stop();
    for (const turn of this.#turns) clearInterval(turn.countdown);
    this.#turns = [];
    replaceChildren(this.#o.messages);
  }

  #createTurn(question: string, history: readonly HistoryTurn[]): Turn {
    const meta = h('div', { class: 'meta' });
    const answer = h('div', { class: 'answer' });
    const extras = h('div', { class: 'extras' });
    const el = h(
      'article',
      { class: 'turn', 'aria-label': `Question ${this.#turns.length + 1}` },
      h(
        'div',
        { class: 'msg msg-user' },
        h('span', { class: 'visually-hidden' }, 'You asked: '),
        h('p', { class: 'question', lang: langOf(question) }, question),
      ),
      h('div', { class: 'msg msg-assistant' }, h('span', { class: 'visually-hidden' }, 'Answer: '), meta, answer, extras),
    );
    return { question, history, el, meta, answer, extras };
  }

  async #run(turn: Turn): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    this.#o.onBusyChange(true);
    turn.el.classList.remove('is-error', 'is-refused', 'is-stopped');
    turn.el.classList.add('is-streaming');
    turn.answer.setAttribute('aria-busy', 'true');
    replaceChildren(turn.answer);
    replaceChildren(turn.extras);
    this.#status(turn, 'Searching the statement…');
    this.#scrollToEnd(true);
    let text = '';
    try {
      const result = await askStream(turn.question, turn.history, {
        signal: controller.signal,
        ...(this.#o.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: this.#o.idleTimeoutMs }),
        onRetrieved: (retrieved) => {
          this.#status(turn, `Found ${retrieved.length} relevant paragraph${retrieved.length === 1 ? '' : 's'} · writing the answer…`);
        },
        onDelta: (delta) => {
          // Raw text while streaming; markers become chips once the final answer arrives.
          text += delta;
          turn.answer.textContent = text;
          turn.answer.lang = langOf(text);
          this.#scrollToEnd(false);
        },
      });
      turn.result = result;
      this.#renderResult(turn, result);
    } catch (cause) {
      const error = cause instanceof ApiError ? cause : new ApiError('network', String(cause), { cause });
      this.#renderError(turn, error);
      if (error.kind === 'network') this.#o.onServerTrouble();
    } finally {
      turn.el.classList.remove('is-streaming');
      turn.answer.setAttribute('aria-busy', 'false');
      if (this.#controller === controller) {
        this.#controller = undefined;
        this.#o.onBusyChange(false);
      }
      this.#scrollToEnd(false);
    }
  }

  #status(turn: Turn, text: string): void {
    replaceChildren(
      turn.meta,
      h('span', { class: 'status' }, h('span', { class: 'pulse', 'aria-hidden': 'true' }), text),
    );
  }

  #renderResult(turn: Turn, result: AnswerResult): void {
    const badge =
      result.mode === 'llm'
        ? h('span', { class: 'badge badge-llm' }, `LLM: ${result.model ?? this.#o.llmName() ?? 'model'}`)
        : h('span', { class: 'badge badge-offline', title: 'Answered by quoting the statement, without a language model' }, 'Offline answer');
    replaceChildren(turn.meta, badge, result.refused ? h('span', { class: 'badge badge-refused' }, 'Not covered by the statement') : null);
    turn.el.classList.toggle('is-refused', result.refused);
    turn.answer.lang = langOf(result.answer);
    this.#renderAnswer(turn.answer, result);

    if (result.notice) turn.extras.append(h('p', { class: 'notice', role: 'note' }, result.notice));
    const cited = new Set(result.citations.map((c) => c.paragraph));
    const related = result.retrieved.filter((r) => !cited.has(r.paragraph)).slice(0, MAX_RELATED);
    if (related.length > 0) turn.extras.append(this.#related(related, result.refused));
  }

  #renderAnswer(container: HTMLElement, result: AnswerResult): void {
    const known = (n: number): boolean =>
      this.#o.statement.has(n) || result.citations.some((c) => c.paragraph === n);
    const seen = new Map<number, number>();
    const frag = document.createDocumentFragment();
    // A chip stays on the line of the word (or CJK character) it follows, and of the chip before it.
    let group: HTMLElement | undefined;
    for (const part of splitAnswer(result.answer, known)) {
      if (part.kind === 'text') {
        const tail = TAIL.exec(part.text);
        const cut = tail ? tail.index : part.text.length;
        frag.append(part.text.slice(0, cut));
        group = h('span', { class: 'nobr' }, part.text.slice(cut));
        frag.append(group);
        continue;
      }
      // The k-th [n] marker goes with the k-th citation of paragraph n (a paragraph can be quoted twice).
      const k = seen.get(part.paragraph) ?? 0;
      seen.set(part.paragraph, k + 1);
      const forParagraph = result.citations.filter((c) => c.paragraph === part.paragraph);
      const citation: Citation | undefined = forParagraph[k] ?? forParagraph[0];
      if (!group) {
        group = h('span', { class: 'nobr' });
        frag.append(group);
      }
      group.append(this.#chip(part.paragraph, citation?.quote));
    }
    container.replaceChildren(frag);
  }

  /** A citation chip: the number, a tooltip with the quoted words, and a click that opens the paragraph. */
  #chip(paragraph: number, quote: string | undefined): HTMLElement {
    const tipId = `tip-${++tipCounter}`;
    const excerpt = quote ?? this.#o.statement.paragraph(paragraph)?.text.slice(0, 80);
    const button = h(
      'button',
      {
        type: 'button',
        class: 'citation',
        'data-paragraph': paragraph,
        'data-quote': quote,
        'aria-label': `Paragraph ${paragraph}`,
        'aria-describedby': tipId,
      },
      String(paragraph),
    );
    const tip = h(
      'span',
      { class: 'tooltip', role: 'tooltip', id: tipId },
      h('span', { class: 'tooltip-label' }, `Paragraph ${paragraph}`),
      excerpt === undefined ? null : h('span', { class: 'tooltip-quote', lang: 'zh-CN' }, `“${excerpt}”`),
    );
    return h('span', { class: 'cite' }, button, tip);
  }

  #related(related: readonly RetrievedParagraph[], refused: boolean): HTMLElement {
    const label = refused ? 'Closest paragraphs:' : 'Also relevant:';
    const list = h('ul', { class: 'related-list' });
    for (const r of related) {
      const text = this.#o.statement.paragraph(r.paragraph)?.text;
      const tipId = `tip-${++tipCounter}`;
      list.append(
        h(
          'li',
          { class: 'cite' },
          h(
            'button',
            {
              type: 'button',
              class: 'related',
              'data-paragraph': r.paragraph,
              'aria-label': `Paragraph ${r.paragraph}`,
              'aria-describedby': text === undefined ? undefined : tipId,
            },
            `¶${r.paragraph}`,
          ),
          text === undefined
            ? null
            : h(
                'span',
                { class: 'tooltip', role: 'tooltip', id: tipId },
                h('span', { class: 'tooltip-label' }, `Paragraph ${r.paragraph}`),
                h('span', { class: 'tooltip-quote', lang: 'zh-CN' }, text.length > 90 ? `${text.slice(0, 90)}…` : text),
              ),
        ),
      );
    }
    return h('div', { class: 'related-block' }, h('span', { class: 'related-label' }, label), list);
  }

  #renderError(turn: Turn, error: ApiError): void {
    const { title, detail, wait } = describeError(error);
    const stopped = error.kind === 'aborted';
    turn.el.classList.add(stopped ? 'is-stopped' : 'is-error');
    replaceChildren(turn.meta, h('span', { class: stopped ? 'badge badge-stopped' : 'badge badge-error' }, stopped ? 'Stopped' : 'Error'));
    const retry = retryButton(() => {
      if (this.busy) return;
      clearInterval(turn.countdown);
      void this.#run(turn);
    }, stopped ? 'Ask again' : 'Retry');
    const box = h(
      'div',
      { class: stopped ? 'error-box is-stopped' : 'error-box', role: stopped ? 'status' : 'alert' },
      h('p', { class: 'error-title' }, title),
      detail && detail !== title ? h('p', { class: 'error-detail' }, detail) : null,
      retry,
    );
    turn.extras.append(box);
    if (wait !== undefined && wait > 0) this.#holdRetry(turn, retry, wait);
  }

  /** Keeps Retry disabled until the server's Retry-After has passed, counting down in its label. */
  #holdRetry(turn: Turn, button: HTMLButtonElement, seconds: number): void {
    clearInterval(turn.countdown);
    let left = seconds;
    button.disabled = true;
    button.textContent = `Retry in ${left} s`;
    turn.countdown = setInterval(() => {
      left -= 1;
      if (left > 0) {
        button.textContent = `Retry in ${left} s`;
        return;
      }
      clearInterval(turn.countdown);
      button.disabled = false;
      button.textContent = 'Retry';
    }, 1000);
  }

  #scrollToEnd(force: boolean): void {
    const scroller = this.#o.messages.closest<HTMLElement>('.conversation');
    if (!scroller) return;
    const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
    if (force || nearBottom) scroller.scrollTop = scroller.scrollHeight;
  }
}
