import { contentStems } from '../text/english.js';
import { countHan, detectLang } from '../text/detect-lang.js';
import type { HistoryTurn } from '../types.js';

export interface ResolvedQuestion {
  /** The question as retrieval should read it. */
  readonly resolved: string;
  /** The earlier question it leans on, when it is a follow-up. */
  readonly context?: string;
}

// Openings that lean on what was said before; "关于X，…" or "这份声明…" open standalone questions, so they are not here.
const ZH_FOLLOW = /^(那|那么|还有|另外|此外|以及|至于)(?!份|篇)|呢[？?]?$|^(它|它们|其|该|他|他们|她|她们)|^(这|那)(个|些|项)/u;
// "they" is left out: in this document it is usually "the two sides", not a reference back.
const EN_FOLLOW = /^(what|how) about\b|^and\b|^also\b|^what of\b|^how so\b|^why\b.{0,12}$|\b(it|its|this|that|these|those|there|he|him|his|she|her)\b/iu;

/** True when a question leans on the conversation ("那机场呢？", "what about the railway?"). Pure. */
export function isFollowUp(question: string): boolean {
  const q = question.trim();
  if (detectLang(q) === 'zh') {
    const han = countHan(q);
    return ZH_FOLLOW.test(q) || han <= 4;
  }
  // Two content words can be a whole question ("Kashmir position?"); one cannot.
  const words = contentStems(q).length;
  return words <= 1 || (EN_FOLLOW.test(q) && words <= 6);
}

// A follow-up that is only a noun phrase asks what the earlier question asked ("那机场呢？" after "…哪一年建成？").
const ZH_ELLIPTICAL = /^(?:那|那么|还有|另外|至于)?[^，,。？?！!]{1,12}呢[？?]?$/u;
const EN_ELLIPTICAL = /^(?:and|also|what about|how about|what of)\b[^,?]{0,60}\??$/iu;
// A verb of its own makes a question, however few its content words ("What did he say about it?").
const EN_VERB = /\b(?:do|does|did|is|are|was|were|will|would|can|could|has|have|had|should|say|says|said)\b/iu;

/**
 * True for an elliptical follow-up: a topic without a question of its own ("那机场呢？", "And the
 * airport?", "Why?"), which keeps the earlier question's kind. "What did he say about Kashmir?" leans on
 * the conversation for "he" but asks its own question. Pure; the question is short or it is not elliptical.
 */
export function isElliptical(question: string): boolean {
  const q = question.trim();
  if (q.length > 80) return false;
  if (detectLang(q) === 'zh') return ZH_ELLIPTICAL.test(q) || countHan(q) <= 4;
  return EN_ELLIPTICAL.test(q) || (contentStems(q).length <= 1 && !EN_VERB.test(q));
}

/**
 * Resolves a short or elliptical question against the previous user turn: the earlier question
 * supplies the topic, the new one the focus. Pure.
 */
export function resolveFollowUp(question: string, history: readonly HistoryTurn[] | undefined): ResolvedQuestion {
  const previous = [...(history ?? [])].reverse().find((t) => t.role === 'user' && t.content.trim().length > 0);
  if (!previous || !isFollowUp(question)) return { resolved: question };
  const context = previous.content.trim().slice(0, 500);
  return { resolved: `${context} ${question.trim()}`, context };
}
