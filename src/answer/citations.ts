import { quoteEn } from '../text/alignment.js';
import type { Citation, Claim, Coverage, Lang, Lexicon, Paragraph } from '../types.js';
import { chooseQuote, createWeigher, MAX_CLAIMS_PER_QUOTE, textFeatures, type Feature } from './claims/choose-quote.js';
import { answerLanguage } from './claims/language.js';
import type { DroppedMarker } from './claims/markers.js';
import { MAX_ANSWER_CHARS, normaliseAnswer } from './claims/normalise-answer.js';
import { splitAnswer, type AnswerSpan } from './claims/split-claims.js';
import { checkClaim, statementEvidence } from './claims/support.js';

/*
 * Checking what a model wrote against the statement: pure, no I/O, linear in the answer's length.
 *
 * The raw text is normalised (reasoning out, every citation form to `[n]`, invalid numbers dropped but
 * remembered where they were), split into sentences and list items, and each claim among them is checked
 * against the paragraphs it cites (./claims/support.ts). A claim whose only citations were dropped stays
 * flagged; one that cites nothing is `uncited`. Each cited paragraph gets a quote: the sentence(s) of it
 * that best support the claims citing it, always an exact substring.
 */

export { parseMarkerBody, normaliseMarkers } from './claims/markers.js';
export { splitAnswerSentences } from './claims/split-claims.js';

export interface CheckCitationsInput {
  /** The model's answer as it wrote it: reasoning, markers in whatever shape. */
  readonly answer: string;
  /** The user's question: used to pick a quote when the claims give no clue. */
  readonly question: string;
  /** All paragraphs of the statement. */
  readonly paragraphs: readonly Paragraph[];
  /** The paragraph numbers the model was given; citations of any other number are dropped. */
  readonly allowed: ReadonlySet<number>;
  /** Maps English words to the document's Chinese terms, so English answers can be checked. */
  readonly lexicon?: Lexicon | undefined;
  /** Language of the explanations in `claims` (default: the answer's own). */
  readonly lang?: Lang | undefined;
  /** The question is about the title or source line: claims may rest on them without citing a paragraph. */
  readonly aboutDocument?: boolean;
  /** The statement's title and source line (with their English rendering), for `aboutDocument`. */
  readonly document?: { readonly title?: string; readonly source?: string; readonly titleEn?: string; readonly sourceEn?: string };
}

export interface CheckedAnswer {
  /** The answer with every marker normalised to `[n]`, invalid ones, reasoning and footnote lines removed. */
  readonly answer: string;
  /** One per distinct cited paragraph, in order of first mention; matches the markers one to one. */
  readonly citations: Citation[];
  /** Indexes (into {@link splitAnswerSentences} of `answer`) of claims not supported: `unsupported` or `uncited`. */
  readonly unsupported: number[];
  /** No claim left unsupported or uncited, and something is cited (or nothing needed to be). */
  readonly grounded: boolean;
  /** Distinct paragraph numbers the model cited that do not exist or were not given to it. */
  readonly dropped: number[];
  readonly claims: Claim[];
  readonly coverage: Coverage;
  /** True when the answer was longer than MAX_ANSWER_CHARS and was cut. */
  readonly cut: boolean;
}

/** Dropped markers per span: each belongs to the span it is in or ends (markers attach backwards). */
function droppedPerSpan(spans: readonly AnswerSpan[], dropped: readonly DroppedMarker[]): DroppedMarker[][] {
  const out: DroppedMarker[][] = spans.map(() => []);
  let s = 0;
  for (const d of dropped) {
    while (s < spans.length - 1 && d.at > spans[s]!.end) s++;
    if (spans.length > 0) out[s]!.push(d);
  }
  return out;
}

function droppedDetail(numbers: readonly number[], exists: (n: number) => boolean, lang: Lang): string {
  if (numbers.length === 0) return lang === 'zh' ? '引用标记没有指明段落' : 'Its citation names no paragraph';
  const missing = numbers.filter((n) => !exists(n));
  const notShown = numbers.filter((n) => exists(n));
  const parts: string[] = [];
  if (lang === 'zh') {
    if (notShown.length > 0) parts.push(`引用的第${notShown.join('、')}段不在回答所依据的段落中`);
    if (missing.length > 0) parts.push(`声明没有第${missing.join('、')}段`);
    return parts.join('；');
  }
  if (notShown.length > 0) parts.push(`it cites paragraph ${notShown.join(', ')}, which the answer was not written from`);
  if (missing.length > 0) parts.push(`it cites paragraph ${missing.join(', ')}, which the statement does not have`);
  const text = parts.join('; ');
  return text[0]!.toUpperCase() + text.slice(1);
}

const CONTRAST = /但|不过|然而|而是|只是|\b(?:however|but|although|though|while|instead|only)\b/iu;

/** Removes every `[n]` marker (and the spaces before it): an answer that cites nothing carries none. */
function withoutMarkers(text: string): string {
  return text.replace(/[ \t\u3000]?\[\d{1,4}\]/gu, '');
}

/**
 * Normalises the model's answer, drops citations of paragraphs that do not exist or were not given to
 * it, checks every claim, attaches to each remaining paragraph a quote (exact substring of its text)
 * and says how far the answer covers the question.
 */
export function checkCitations(input: CheckCitationsInput): CheckedAnswer {
  const byNumber = new Map(input.paragraphs.map((p) => [p.number, p] as const));
  const valid = new Set([...input.allowed].filter((n) => byNumber.has(n)));
  const normalised = normaliseAnswer(input.answer, valid, MAX_ANSWER_CHARS);
  const answer = normalised.text;
  const lang = input.lang ?? answerLanguage(answer) ?? 'en';
  const evidence = statementEvidence(input.paragraphs, input.document);
  const spans = splitAnswer(answer);
  const droppedIn = droppedPerSpan(spans, normalised.dropped);

  const claims: Claim[] = [];
  const unsupported: number[] = [];
  const claimsOf = new Map<number, Feature[][]>();
  const order: number[] = [];
  spans.forEach((span, index) => {
    for (const n of span.markers) if (!order.includes(n)) order.push(n);
    const isGap = span.kind === 'gap';
    if (span.kind !== 'claim' && !(isGap && span.markers.length > 0)) return;
    let claim: Claim;
    const base = { start: span.bodyStart, end: span.end, paragraphs: span.markers };
    if (span.markers.length === 0) {
      const drops = droppedIn[index]!;
      if (drops.length > 0) {
        const numbers = [...new Set(drops.flatMap((d) => d.numbers))];
        claim = { ...base, status: 'unsupported', reason: 'dropped_citation', detail: droppedDetail(numbers, (n) => byNumber.has(n), lang) };
      } else if (input.aboutDocument && checkClaim({ text: span.plain, cited: 'document', evidence, lexicon: input.lexicon, lang }).supported) {
        claim = { ...base, status: 'supported' };
      } else {
        claim = { ...base, status: 'uncited', reason: 'no_citation', detail: lang === 'zh' ? '没有引用段落' : 'It cites no paragraph' };
      }
    } else {
      const verdict = checkClaim({
        text: span.plain,
        cited: span.markers,
        evidence,
        lexicon: input.lexicon,
        lang,
        checks: isGap ? 'quotes' : 'all',
      });
      claim = verdict.supported
        ? { ...base, status: 'supported' }
        : {
            ...base,
            status: 'unsupported',
            ...(verdict.reason === undefined ? {} : { reason: verdict.reason }),
            ...(verdict.detail === undefined ? {} : { detail: verdict.detail }),
          };
      for (const n of span.markers) {
        const list = claimsOf.get(n) ?? [];
        if (list.length < MAX_CLAIMS_PER_QUOTE) list.push(textFeatures(span.plain, input.lexicon));
        claimsOf.set(n, list);
      }
    }
    claims.push(claim);
    if (claim.status !== 'supported') unsupported.push(index);
  });

  const dropped = [...new Set(normalised.dropped.flatMap((d) => d.numbers))];
  const hasGap = spans.some((s) => s.kind === 'gap');
  // "没有提及金额，但提到了海水淡化厂[7]" says something positive too.
  const positive = spans.some((s) => s.kind === 'claim' || (s.kind === 'gap' && s.markers.length > 0 && CONTRAST.test(s.plain)));
  // Says the statement does not give it and cites nothing, or cites only next to saying so: not covered.
  if (hasGap && (order.length === 0 || !positive)) {
    if (order.length > 0) {
      // The markers go (and the claims listed on them with them): check the text as it now reads.
      const again = checkCitations({ ...input, answer: withoutMarkers(answer), allowed: new Set() });
      return { ...again, dropped: [...new Set([...dropped, ...again.dropped])], cut: normalised.cut };
    }
    return { answer, citations: [], unsupported, grounded: claims.every((c) => c.status === 'supported'), dropped, claims, coverage: 'not_covered', cut: normalised.cut };
  }

  const weigh = createWeigher(input.paragraphs);
  const questionFeatures = textFeatures(input.question, input.lexicon);
  const citations: Citation[] = order.map((n) => {
    const paragraph = byNumber.get(n)!;
    const chosen = chooseQuote(paragraph, claimsOf.get(n) ?? [], questionFeatures, weigh);
    // Defensive: the contract requires an exact substring, whatever the splitting did.
    const quote = paragraph.text.includes(chosen) && chosen.length > 0 ? chosen : paragraph.text;
    const en = quoteEn(paragraph, quote);
    return en === undefined ? { paragraph: n, quote } : { paragraph: n, quote, quote_en: en };
  });

  const cited = citations.length > 0 || input.aboutDocument === true;
  const grounded = cited && claims.every((c) => c.status === 'supported');
  return { answer, citations, unsupported, grounded, dropped, claims, coverage: hasGap ? 'partial' : 'answered', cut: normalised.cut };
}
