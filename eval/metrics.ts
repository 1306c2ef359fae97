/** The eval's figures, as defined in eval/README.md; pure. */

export interface EvalQuestion {
  readonly id?: string;
  readonly lang: 'zh' | 'en';
  readonly question: string;
  readonly gold: readonly number[];
  readonly kind: string;
  /** Contract v2 coverage the answer should have; older sets say `kind: "unanswerable"` instead. */
  readonly coverage?: 'answered' | 'partial' | 'not_covered';
  readonly answer_keywords?: readonly string[];
  /** For count questions: the number the answer must state. */
  readonly count?: number;
  readonly history?: ReadonlyArray<{ readonly role: 'user' | 'assistant'; readonly content: string }>;
}

export interface Outcome {
  readonly retrieved: readonly number[];
  readonly refused?: boolean;
  readonly coverage?: string;
  readonly cited?: readonly number[];
  readonly answer?: string;
  /** Citations whose quote is an exact substring of the cited paragraph, and all citations. */
  readonly quotesExact?: number;
  readonly quotesTotal?: number;
  /** Citations carrying `quote_en`. */
  readonly quotesEn?: number;
  /** Text of the cited quotes (Chinese), for keyword checks. */
  readonly quoted?: string;
}

export type Row = { readonly q: EvalQuestion; readonly o: Outcome };

/** True when the question expects the statement to answer it. */
export function answerable(q: EvalQuestion): boolean {
  if (q.coverage !== undefined) return q.coverage === 'answered';
  return q.kind !== 'unanswerable';
}

export interface Figures {
  n: number;
  recall1: number;
  recall3: number;
  recall5: number;
  mrr: number;
}

export function recallAt(gold: readonly number[], retrieved: readonly number[], k: number): number {
  if (gold.length === 0) return 0;
  const top = retrieved.slice(0, k);
  return gold.filter((g) => top.includes(g)).length / gold.length;
}

export function reciprocalRank(gold: readonly number[], retrieved: readonly number[]): number {
  const i = retrieved.findIndex((p) => gold.includes(p));
  return i < 0 ? 0 : 1 / (i + 1);
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Retrieval figures over answerable questions that have gold paragraphs. */
export function retrievalFigures(rows: readonly Row[]): Figures {
  const scored = rows.filter(({ q }) => answerable(q) && q.gold.length > 0);
  return {
    n: scored.length,
    recall1: mean(scored.map(({ q, o }) => recallAt(q.gold, o.retrieved, 1))),
    recall3: mean(scored.map(({ q, o }) => recallAt(q.gold, o.retrieved, 3))),
    recall5: mean(scored.map(({ q, o }) => recallAt(q.gold, o.retrieved, 5))),
    mrr: mean(scored.map(({ q, o }) => reciprocalRank(q.gold, o.retrieved))),
  };
}

export interface AnswerFigures {
  /** Questions the statement does not answer (partial or not covered) whose answer says so (refused). */
  unansweredFlagged: number;
  unanswered: number;
  /** Of those, the coverage kind exactly right (partial vs not_covered), where the set says which. */
  coverageKindRight: number;
  /** Answerable questions answered with refused: true. */
  wronglyRefused: number;
  answerable: number;
  citationPrecision: number;
  citationRecall: number;
  citedQuestions: number;
  /** Answered questions whose cited quotes contain every answer keyword. */
  keywordsQuoted: number;
  keywordQuestions: number;
  /** Count questions whose answer states the count. */
  countStated: number;
  countQuestions: number;
  quoteExactness: number;
  quotes: number;
  /** English answers: share of CJK characters in the answer text (mean), and citations with quote_en. */
  englishCjkShare: number;
  englishQuoteEn: number;
  englishAnswers: number;
}

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/gu;
const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const EN_DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** True when an answer states the number n (digits, English or Chinese numerals). */
export function statesCount(answer: string, n: number): boolean {
  if (new RegExp(`(?<!\\d)${n}(?!\\d)`, 'u').test(answer)) return true;
  const en = EN_DIGITS[n];
  if (en && new RegExp(`\\b${en}\\b`, 'iu').test(answer)) return true;
  const zh = n <= 10 ? ZH_DIGITS[n] : undefined;
  return zh !== undefined && (answer.includes(`${zh}个`) || answer.includes(`${zh}项`) || answer.includes(`${zh}条`) || answer.includes(`${zh}位`) || answer.includes(`${zh}种`));
}

/** Answer figures (citations counted on answerable questions that were not refused and have gold). */
export function answerFigures(rows: readonly Row[]): AnswerFigures {
  const unans = rows.filter(({ q }) => !answerable(q));
  const ans = rows.filter(({ q }) => answerable(q));
  const cited = ans.filter(({ q, o }) => !o.refused && q.gold.length > 0);
  const kinded = unans.filter(({ q }) => q.coverage !== undefined);
  const keywordRows = ans.filter(({ q, o }) => !o.refused && (q.answer_keywords?.length ?? 0) > 0 && q.gold.length > 0);
  const countRows = rows.filter(({ q }) => q.count !== undefined && answerable(q));
  const english = rows.filter(({ q, o }) => q.lang === 'en' && (o.answer ?? '').length > 0);
  const quotes = rows.reduce((s, { o }) => s + (o.quotesTotal ?? 0), 0);
  const exact = rows.reduce((s, { o }) => s + (o.quotesExact ?? 0), 0);
  const enQuotes = english.reduce((s, { o }) => s + (o.quotesTotal ?? 0), 0);
  const enQuotesEn = english.reduce((s, { o }) => s + (o.quotesEn ?? 0), 0);
  return {
    unansweredFlagged: mean(unans.map(({ o }) => (o.refused ? 1 : 0))),
    unanswered: unans.length,
    coverageKindRight: mean(kinded.map(({ q, o }) => (o.coverage === q.coverage ? 1 : 0))),
    wronglyRefused: mean(ans.map(({ o }) => (o.refused ? 1 : 0))),
    answerable: ans.length,
    citationPrecision: mean(
      cited.map(({ q, o }) => {
        const c = o.cited ?? [];
        return c.length === 0 ? 0 : c.filter((p) => q.gold.includes(p)).length / c.length;
      }),
    ),
    citationRecall: mean(cited.map(({ q, o }) => q.gold.filter((g) => (o.cited ?? []).includes(g)).length / q.gold.length)),
    citedQuestions: cited.length,
    keywordsQuoted: mean(keywordRows.map(({ q, o }) => ((q.answer_keywords ?? []).every((k) => (o.quoted ?? '').includes(k)) ? 1 : 0))),
    keywordQuestions: keywordRows.length,
    countStated: mean(countRows.map(({ q, o }) => (!o.refused && statesCount(o.answer ?? '', q.count!) ? 1 : 0))),
    countQuestions: countRows.length,
    quoteExactness: quotes === 0 ? 1 : exact / quotes,
    quotes,
    englishCjkShare: mean(english.map(({ o }) => ((o.answer ?? '').match(CJK)?.length ?? 0) / Math.max(1, (o.answer ?? '').length))),
    englishQuoteEn: enQuotes === 0 ? Number.NaN : enQuotesEn / enQuotes,
    englishAnswers: english.length,
  };
}

/** The nearest-rank percentile; NaN for no values (nothing was measured). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A question tagged with the set (file) it came from. */
export type SetQuestion = EvalQuestion & { readonly set: string };

/** One line of the eval's tables: a whole question set, or its questions in one language or of one kind. */
export interface Group {
  readonly set: string;
  readonly by: 'set' | 'lang' | 'kind';
  /** The set's name, the language or the kind. */
  readonly value: string;
  readonly pick: (q: SetQuestion) => boolean;
}

/** Every set in the order given, each followed by its languages (zh, en) and its kinds (sorted). */
export function groupsOf(questions: readonly SetQuestion[]): Group[] {
  const groups: Group[] = [];
  for (const set of [...new Set(questions.map((q) => q.set))]) {
    groups.push({ set, by: 'set', value: set, pick: (q) => q.set === set });
    for (const lang of ['zh', 'en']) groups.push({ set, by: 'lang', value: lang, pick: (q) => q.set === set && q.lang === lang });
    for (const kind of [...new Set(questions.filter((q) => q.set === set).map((q) => q.kind))].sort()) {
      groups.push({ set, by: 'kind', value: kind, pick: (q) => q.set === set && q.kind === kind });
    }
  }
  return groups;
}

export interface SetFigures<T> {
  all?: T;
  lang: Record<string, T>;
  kind: Record<string, T>;
}

/**
 * The figures of every group nested under its set (`{ "own-tune": { all, lang: { zh, en }, kind: { … } } }`):
 * two sets with the same languages and kinds keep their own figures.
 */
export function figuresBySet<T>(groups: readonly Group[], figuresOf: (group: Group) => T): Record<string, SetFigures<T>> {
  const out: Record<string, SetFigures<T>> = {};
  for (const group of groups) {
    const set = (out[group.set] ??= { lang: {}, kind: {} });
    if (group.by === 'set') set.all = figuresOf(group);
    else set[group.by][group.value] = figuresOf(group);
  }
  return out;
}
