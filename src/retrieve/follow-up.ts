import { contentStems } from '../text/english.js';
import { detectLang } from '../text/detect-lang.js';
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
    const han = q.match(/\p{Script=Han}/gu)?.length ?? 0;
    return ZH_FOLLOW.test(q) || han <= 4;
  }
  // Two content words can be a whole question ("Kashmir position?"); one cannot.
  const words = contentStems(q).length;
  return words <= 1 || (EN_FOLLOW.test(q) && words <= 6);
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
