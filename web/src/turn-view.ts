/** One question and its answer on the page: created when asked, then showing progress, the result or an error. */
import type { AnswerResult } from '../../src/types.js';
import { COVERAGE_BADGE, coverageOf, describeGrounding } from './answer-checks.js';
import type { ParagraphSource } from './answer-view.js';
import { renderAnswer } from './answer-view.js';
import { h, langOf, replaceChildren } from './dom.js';
import { relatedList } from './related-list.js';

export interface TurnView {
  readonly el: HTMLElement;
  /** Badges, or the progress line while answering. */
  readonly meta: HTMLElement;
  /** What the server says about the answer: its notice, and a warning when it is not grounded. */
  readonly checks: HTMLElement;
  readonly answer: HTMLElement;
  /** The rendering note of English answers ("Unofficial English rendering; …"). */
  readonly note: HTMLElement;
  /** Related paragraphs, or the error box. */
  readonly extras: HTMLElement;
}

const STATE_CLASSES = ['is-error', 'is-refused', 'is-partial', 'is-stopped', 'is-ungrounded'];

export function createTurnView(question: string, position: number): TurnView {
  const meta = h('div', { class: 'meta' });
  const checks = h('div', { class: 'checks' });
  const answer = h('div', { class: 'answer' });
  const note = h('p', { class: 'answer-note', lang: 'en', hidden: true });
  const extras = h('div', { class: 'extras' });
  const el = h(
    'article',
    { class: 'turn', 'aria-label': `Question ${position}` },
    h(
      'div',
      { class: 'msg msg-user' },
      h('span', { class: 'visually-hidden' }, 'You asked: '),
      h('p', { class: 'question', lang: langOf(question) }, question),
    ),
    h('div', { class: 'msg msg-assistant' }, h('span', { class: 'visually-hidden' }, 'Answer: '), meta, checks, answer, note, extras),
  );
  return { el, meta, checks, answer, note, extras };
}

/** Back to a blank, busy answer (asked, or asked again). */
export function startTurn(view: TurnView): void {
  view.el.classList.remove(...STATE_CLASSES);
  view.el.classList.add('is-streaming');
  view.answer.setAttribute('aria-busy', 'true');
  for (const part of [view.checks, view.answer, view.extras]) replaceChildren(part);
  replaceChildren(view.note);
  view.note.hidden = true;
}

export function endTurn(view: TurnView): void {
  view.el.classList.remove('is-streaming');
  view.answer.setAttribute('aria-busy', 'false');
}

/** The progress line while the answer is on its way. */
export function showProgress(view: TurnView, text: string): void {
  replaceChildren(view.meta, h('span', { class: 'status' }, h('span', { class: 'pulse', 'aria-hidden': 'true' }), text));
}

/**
 * Streamed text as it arrives, one delta at a time: raw, markers become chips once the final answer
 * arrives. Each delta costs its own length: it is appended to one text node, and only it is read for
 * Chinese (once any is seen, the answer stays Chinese).
 */
export function showPartialText(view: TurnView, delta: string): void {
  const last = view.answer.lastChild;
  if (last instanceof Text) last.appendData(delta);
  else view.answer.append(delta);
  const chinese = langOf(delta) === 'zh-CN';
  if (last === null) view.answer.lang = chinese ? 'zh-CN' : 'en';
  else if (chinese) view.answer.lang = 'zh-CN';
}

/** The final answer: badges, the server's notice and grounding, the text with chips and flags, related paragraphs. */
export function showResult(view: TurnView, result: AnswerResult, source: ParagraphSource, llmName: string | null | undefined): void {
  const coverage = coverageOf(result);
  const modeBadge =
    result.mode === 'llm'
      ? h('span', { class: 'badge badge-llm' }, `LLM: ${result.model ?? llmName ?? 'model'}`)
      : h('span', { class: 'badge badge-offline', title: 'Answered by quoting the statement, without a language model' }, 'Offline answer');
  const coverageText = COVERAGE_BADGE[coverage];
  replaceChildren(
    view.meta,
    modeBadge,
    coverageText === undefined ? null : h('span', { class: `badge badge-coverage is-${coverage}` }, coverageText),
  );
  view.el.classList.toggle('is-refused', coverage === 'not_covered');
  view.el.classList.toggle('is-partial', coverage === 'partial');

  const grounding = describeGrounding(result);
  view.el.classList.toggle('is-ungrounded', grounding !== undefined);
  replaceChildren(
    view.checks,
    result.notice ? h('p', { class: 'notice', role: 'note', lang: langOf(result.notice) }, result.notice) : null,
    grounding === undefined ? null : h('p', { class: 'grounding', role: 'note' }, grounding),
  );

  const note = renderAnswer(view.answer, result, source);
  view.answer.lang = result.lang === 'en' ? 'en' : result.lang === 'zh' ? 'zh-CN' : langOf(result.answer);
  view.note.textContent = note ?? '';
  view.note.hidden = note === undefined;

  // When the statement does not speak of the subject, no paragraph is "close": scores are relative to the
  // best, which is always 1, so listing any would point at something unrelated.
  replaceChildren(view.extras, coverage === 'not_covered' ? null : relatedList(result, source));
}

/** A failure or a stop: its badge and the error box. */
export function showError(view: TurnView, stopped: boolean, box: HTMLElement): void {
  view.el.classList.add(stopped ? 'is-stopped' : 'is-error');
  replaceChildren(view.meta, h('span', { class: stopped ? 'badge badge-stopped' : 'badge badge-error' }, stopped ? 'Stopped' : 'Error'));
  view.extras.append(box);
}
