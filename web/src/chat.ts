/** The conversation's lifecycle: asks, streams each answer into its turn, stops, retries, keeps history. */
import type { AnswerResult, HistoryTurn } from '../../src/types.js';
import { ApiError, askStream } from './api.js';
import type { ParagraphSource } from './answer-view.js';
import { replaceChildren } from './dom.js';
import type { ErrorBox } from './error-box.js';
import { errorBox } from './error-box.js';
import { countRelevant } from './pick-related.js';
import type { TurnView } from './turn-view.js';
import { createTurnView, endTurn, showError, showPartialText, showProgress, showResult, startTurn } from './turn-view.js';

/** History turns sent when the server does not say its limit (/healthz `limits.maxHistoryTurns`). */
export const DEFAULT_HISTORY_TURNS = 20;

export interface ChatOptions {
  readonly messages: HTMLElement;
  readonly statement: ParagraphSource;
  /** The LLM model name from /healthz, for the badge when a result carries no `model`. */
  readonly llmName: () => string | null | undefined;
  readonly onBusyChange: (busy: boolean) => void;
  /** Called with each new question (the statement panel follows the conversation's language). */
  readonly onAsk?: (question: string) => void;
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
  readonly view: TurnView;
  result?: AnswerResult;
  /** The error box shown, whose Retry countdown (after a 429) belongs to this turn. */
  error?: ErrorBox | undefined;
}

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
    const turn: Turn = { question, history: this.history(), view: createTurnView(question, this.#turns.length + 1) };
    this.#turns.push(turn);
    this.#o.messages.append(turn.view.el);
    this.#o.onAsk?.(question);
    void this.#run(turn);
  }

  stop(): void {
    this.#controller?.abort();
  }

  /** Forgets the conversation: the next question starts fresh. */
  reset(): void {
    this.stop();
    for (const turn of this.#turns) turn.error?.dispose();
    this.#turns = [];
    replaceChildren(this.#o.messages);
  }

  async #run(turn: Turn): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    this.#o.onBusyChange(true);
    turn.error?.dispose();
    turn.error = undefined;
    const { view } = turn;
    startTurn(view);
    showProgress(view, 'Searching the statement…');
    this.#scrollToEnd(true);
    try {
      const result = await askStream(turn.question, turn.history, {
        signal: controller.signal,
        ...(this.#o.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: this.#o.idleTimeoutMs }),
        onRetrieved: (retrieved) => {
          const n = countRelevant(retrieved);
          showProgress(view, `Found ${n} relevant paragraph${n === 1 ? '' : 's'} · writing the answer…`);
        },
        onDelta: (delta) => {
          showPartialText(view, delta);
          this.#scrollToEnd(false);
        },
      });
      turn.result = result;
      showResult(view, result, this.#o.statement, this.#o.llmName());
    } catch (cause) {
      const error = cause instanceof ApiError ? cause : new ApiError('network', String(cause), { cause });
      turn.error = errorBox(error, () => {
        if (!this.busy) void this.#run(turn);
      });
      showError(view, error.kind === 'aborted', turn.error.el);
      if (error.kind === 'network') this.#o.onServerTrouble();
    } finally {
      endTurn(view);
      if (this.#controller === controller) {
        this.#controller = undefined;
        this.#o.onBusyChange(false);
      }
      this.#scrollToEnd(false);
    }
  }

  #scrollToEnd(force: boolean): void {
    const scroller = this.#o.messages.closest<HTMLElement>('.conversation');
    if (!scroller) return;
    const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
    if (force || nearBottom) scroller.scrollTop = scroller.scrollHeight;
  }
}
