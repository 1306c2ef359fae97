/** The eval's figures, as defined in the question set's README; pure. */

export interface EvalQuestion {
  readonly id?: string;
  readonly lang: 'zh' | 'en';
  readonly question: string;
  readonly gold: readonly number[];
  readonly kind: string;
  readonly answer_keywords?: readonly string[];
}

export interface Outcome {
  readonly retrieved: readonly number[];
  readonly refused?: boolean;
  readonly cited?: readonly number[];
  /** Citations whose quote is an exact substring of the cited paragraph, and all citations. */
  readonly quotesExact?: number;
  readonly quotesTotal?: number;
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

/** Retrieval figures over answerable questions that have gold paragraphs. */
export function retrievalFigures(rows: ReadonlyArray<{ q: EvalQuestion; o: Outcome }>): Figures {
  const scored = rows.filter(({ q }) => q.kind !== 'unanswerable' && q.gold.length > 0);
  const avg = (f: (r: { q: EvalQuestion; o: Outcome }) => number): number =>
    scored.length === 0 ? 0 : scored.reduce((s, r) => s + f(r), 0) / scored.length;
  return {
    n: scored.length,
    recall1: avg(({ q, o }) => recallAt(q.gold, o.retrieved, 1)),
    recall3: avg(({ q, o }) => recallAt(q.gold, o.retrieved, 3)),
    recall5: avg(({ q, o }) => recallAt(q.gold, o.retrieved, 5)),
    mrr: avg(({ q, o }) => reciprocalRank(q.gold, o.retrieved)),
  };
}

export interface AnswerFigures {
  refusalAccuracy: number;
  unanswerable: number;
  falseRefusals: number;
  answerable: number;
  citationPrecision: number;
  citationRecall: number;
  citedQuestions: number;
  quoteExactness: number;
  quotes: number;
}

/** Refusal and citation figures (citations counted on answerable, not refused questions with gold). */
export function answerFigures(rows: ReadonlyArray<{ q: EvalQuestion; o: Outcome }>): AnswerFigures {
  const unans = rows.filter(({ q }) => q.kind === 'unanswerable');
  const ans = rows.filter(({ q }) => q.kind !== 'unanswerable');
  const cited = ans.filter(({ q, o }) => !o.refused && q.gold.length > 0);
  const precision = cited.map(({ q, o }) => {
    const c = o.cited ?? [];
    return c.length === 0 ? 0 : c.filter((p) => q.gold.includes(p)).length / c.length;
  });
  const recall = cited.map(({ q, o }) => q.gold.filter((g) => (o.cited ?? []).includes(g)).length / q.gold.length);
  const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const quotes = rows.reduce((s, { o }) => s + (o.quotesTotal ?? 0), 0);
  const exact = rows.reduce((s, { o }) => s + (o.quotesExact ?? 0), 0);
  return {
    refusalAccuracy: unans.length === 0 ? 0 : unans.filter(({ o }) => o.refused).length / unans.length,
    unanswerable: unans.length,
    falseRefusals: ans.length === 0 ? 0 : ans.filter(({ o }) => o.refused).length / ans.length,
    answerable: ans.length,
    citationPrecision: mean(precision),
    citationRecall: mean(recall),
    citedQuestions: cited.length,
    quoteExactness: quotes === 0 ? 1 : exact / quotes,
    quotes,
  };
}

/** The nearest-rank percentile; NaN for no values (nothing was measured). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
