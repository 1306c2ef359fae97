import type { QuestionAnalysis } from '../match/analyze-question.js';
import { anchorConcepts, coverageOf, facetKeys, orderAgreement, phraseAgreement, shareOf, weightOf, type Matches } from '../match/coverage.js';
import { sortSmall } from '../match/small-sort.js';
import { TUNING } from '../match/tuning.js';
import type { RetrievedParagraph } from '../types.js';

/*
 * Finding the sentences that answer what was asked: every sentence of the retrieved paragraphs is
 * scored by the share of the question it contains (the matching core's one coverage measure), whether
 * it holds the kind of fact asked for, and retrieval's opinion of its paragraph; then the best is taken
 * with whatever else the question needs (its other parts, the rest of a list, every place for "where
 * does the statement…"). Pure.
 */

export interface ScoredSentence {
  /** Index into the document model's units. */
  readonly unit: number;
  readonly paragraph: number;
  /** Position in its paragraph. */
  readonly index: number;
  readonly share: number;
  readonly matched: ReadonlySet<string>;
  /** Holds the kind of fact the question asks for (a date, a count …). */
  readonly typed: boolean;
  /** Share plus the type bonus plus the retrieval prior plus the tie-break: what ranks sentences. */
  readonly total: number;
  /** Phrases said as phrases: they decide between sentences that say nearly as much, not how far apart paragraphs are. */
  readonly tieBreak: number;
}

/** How many retrieved paragraphs are read for an answer. */
const CANDIDATES = 8;
/** Retrieval's opinion, added to a sentence's share: relative score and rank. */
const PRIOR_SCORE = 0.1;
const PRIOR_RANK = 0.05;
/** A sentence holding the kind of fact asked for gains this much. */
const TYPE_BONUS = 0.15;
/** Sentences holding at least this part of the best one's share are told apart by the kind of fact they hold… */
const TYPE_RANGE = 0.85;
/** …and by word order and phrases said as phrases. */
const ORDER_RANGE = 0.75;
/** Blend of a paragraph's best sentence and of everything it says. */
const BEST_SENTENCE_SHARE = 0.6;

/** The retrieval prior of each candidate paragraph: relative score and rank, best first. */
export function retrievalPriors(retrieved: readonly RetrievedParagraph[], limit = CANDIDATES): Map<number, number> {
  const priors = new Map<number, number>();
  const top = retrieved[0]?.score ?? 0;
  retrieved.slice(0, limit).forEach((r, rank) => {
    if (priors.has(r.paragraph)) return;
    const rel = top > 0 ? Math.max(0, Math.min(1, r.score / top)) : 0;
    priors.set(r.paragraph, PRIOR_SCORE * rel + PRIOR_RANK / (rank + 1));
  });
  return priors;
}

/** Scores the sentences of the candidate paragraphs. `typed(u)` says how well unit u holds the kind of fact asked for (0..1). */
export function scoreSentences(
  matches: Matches,
  priors: ReadonlyMap<number, number>,
  typed: (unit: number) => number,
  question = '',
): ScoredSentence[] {
  const read: Array<{ i: number; prior: number; share: number; matched: ReadonlySet<string> }> = [];
  let bestShare = 0;
  matches.model.units.forEach((u, i) => {
    const prior = priors.get(u.paragraph);
    if (prior === undefined) return;
    const c = coverageOf(matches, [i]);
    read.push({ i, prior, share: c.share, matched: c.matched });
    bestShare = Math.max(bestShare, c.share);
  });
  return read.map(({ i, prior, share, matched }) => {
    const u = matches.model.units[i]!;
    // The kind of fact asked for tells apart sentences about the subject; it does not make up for the subject.
    const t = share > 0 && share >= TYPE_RANGE * bestShare ? typed(i) : 0;
    // Word order only decides between sentences that say nearly as much: read it for those alone.
    const close = question && share > 0 && share >= ORDER_RANGE * bestShare;
    const order = close ? orderAgreement(matches, i, question) : 0;
    const phrase = close ? phraseAgreement(matches, i, question) : 0;
    const tieBreak = phrase * TUNING.phraseWeight;
    return { unit: i, paragraph: u.paragraph, index: u.index, share, matched, typed: t > 0, total: share + prior + t * TYPE_BONUS + order * TUNING.orderWeight + tieBreak, tieBreak };
  });
}

/**
 * Each candidate paragraph's score: best sentence and union of its sentences, plus prior and type (what
 * other paragraphs are measured against), and its rank (the score plus the best sentence's tie-break).
 */
export function scoreParagraphs(scored: readonly ScoredSentence[], matches: Matches): Map<number, { score: number; rank: number }> {
  const groups = new Map<number, ScoredSentence[]>();
  for (const s of scored) {
    const list = groups.get(s.paragraph);
    if (list === undefined) groups.set(s.paragraph, [s]);
    else list.push(s);
  }
  const out = new Map<number, { score: number; rank: number }>();
  for (const [n, list] of groups) {
    const best = list.reduce((a, b) => (b.total > a.total ? b : a));
    const union = shareOf(matches, list.map((s) => s.unit));
    const extra = best.total - best.share - best.tieBreak;
    const score = BEST_SENTENCE_SHARE * best.share + (1 - BEST_SENTENCE_SHARE) * union + extra;
    out.set(n, { score, rank: score + best.tieBreak });
  }
  return out;
}

/** True when every key of `keys` is in `set`. */
function everyIn(keys: ReadonlySet<string>, set: ReadonlySet<string>): boolean {
  for (const k of keys) if (!set.has(k)) return false;
  return true;
}

/** True when some key of `keys` is in `set`. */
function someIn(keys: ReadonlySet<string>, set: ReadonlySet<string>): boolean {
  for (const k of keys) if (set.has(k)) return true;
  return false;
}

/** Picks the sentences that answer; empty when nothing in the candidates matches the question at all. */
export function selectSentences(scored: readonly ScoredSentence[], matches: Matches, analysis: QuestionAnalysis): ScoredSentence[] {
  const ranked = sortSmall([...scored], (a, b) => b.total - a.total || a.unit - b.unit);
  const paragraphScores = scoreParagraphs(scored, matches);
  // The first paragraph of the highest rank.
  let topParagraph: [number, { score: number; rank: number }] | undefined;
  for (const entry of paragraphScores) if (!topParagraph || entry[1].rank > topParagraph[1].rank) topParagraph = entry;
  const best = ranked.find((s) => s.paragraph === topParagraph?.[0]);
  if (!best || !topParagraph || best.share <= 0) return [];
  const bestScore = topParagraph[1].score;
  const chosen: ScoredSentence[] = [best];
  const covered = new Set(best.matched);
  const paragraphs = new Set([best.paragraph]);
  const spread = analysis.compound || analysis.multi;
  const maxParagraphs = analysis.multi ? TUNING.maxParagraphsMulti : TUNING.maxParagraphsPlain;

  // Greedy completion: a sentence that adds enough of the question not yet covered (a second part of
  // the question, often in the same paragraph; in another only when the question has several parts).
  for (;;) {
    let pick: ScoredSentence | undefined;
    let pickGain = 0;
    for (const s of ranked) {
      if (chosen.includes(s)) continue;
      const same = paragraphs.has(s.paragraph);
      if (!same && (paragraphs.size >= maxParagraphs || !spread)) continue;
      const fresh: string[] = [];
      for (const k of s.matched) if (!covered.has(k)) fresh.push(k);
      const gain = weightOf(matches, fresh);
      const words = fresh.filter((k) => !k.startsWith('b:')).length;
      const ok = same
        ? gain >= TUNING.gainSameParagraph
        : gain >= TUNING.gainNewParagraph && s.share >= 0.3 && (paragraphScores.get(s.paragraph)?.score ?? 0) >= 0.5 * bestScore && words >= 2;
      if (ok && gain > pickGain) {
        pick = s;
        pickGain = gain;
      }
    }
    if (!pick) break;
    chosen.push(pick);
    paragraphs.add(pick.paragraph);
    for (const k of pick.matched) covered.add(k);
  }

  // Sentences of the best paragraph that answer exactly as well as the best one are part of the answer.
  for (const s of ranked) {
    if (chosen.includes(s) || s.paragraph !== best.paragraph) continue;
    if (s.share === best.share && s.typed === best.typed && s.matched.size === best.matched.size && everyIn(s.matched, best.matched)) chosen.push(s);
  }

  // Further paragraphs must mention the question's core terms and score close to the best (a low bar for
  // "where does the statement…" questions, whose answer is spread out).
  const inBest = new Set<string>();
  for (const s of chosen) if (s.paragraph === best.paragraph) for (const k of s.matched) inBest.add(k);
  const anchors = anchorConcepts(matches, inBest);
  if (analysis.multi) for (const k of anchorConcepts(matches, matches.concepts.filter((c) => c.topic).map((c) => c.key))) anchors.add(k);
  const ratio = analysis.multi ? TUNING.ratioMulti : analysis.list ? TUNING.ratioList : TUNING.ratioPlain;
  const judged = new Set(paragraphs);
  for (const s of ranked) {
    if (paragraphs.size >= maxParagraphs) break;
    if (judged.has(s.paragraph) || !someIn(s.matched, anchors)) continue;
    judged.add(s.paragraph);
    // A plain question cites another paragraph only when it adds something the answer lacks; a list or
    // a "where does the statement…" question gathers every place that says it.
    const adds = analysis.multi || analysis.list || !everyIn(s.matched, covered);
    if (adds && (paragraphScores.get(s.paragraph)?.score ?? 0) >= ratio * bestScore && (!best.typed || s.typed || analysis.multi)) {
      chosen.push(s);
      paragraphs.add(s.paragraph);
    }
  }

  // Every part of a list the question coordinates ("反恐、安保和防务合作") is answered where the candidates
  // say it: a part the chosen sentences say too little of gets the best sentence that says it.
  // Two parts joined by "and" are often one subject ("China and Pakistan"): they count when the question
  // asks for several things or lists three or more.
  const facets = analysis.facets.length >= 2 ? facetKeys(matches, analysis.facets) : [];
  if (facets.length >= 3 || (facets.length >= 2 && (analysis.multi || analysis.list))) {
    const limit = Math.max(maxParagraphs, Math.min(TUNING.maxParagraphsMulti, facets.length));
    for (const keys of facets) {
      const whole = weightOf(matches, keys);
      const said = (list: readonly ScoredSentence[]): number => weightOf(matches, keys.filter((k) => list.some((s) => s.matched.has(k))));
      if (said(chosen) >= TUNING.facetShare * whole) continue;
      const pick = ranked.find(
        (s) =>
          !chosen.includes(s) &&
          said([s]) >= TUNING.facetShare * whole &&
          (paragraphScores.get(s.paragraph)?.score ?? 0) >= TUNING.facetParagraphRatio * bestScore &&
          (paragraphs.has(s.paragraph) || paragraphs.size < limit),
      );
      if (!pick) continue;
      chosen.push(pick);
      paragraphs.add(pick.paragraph);
    }
  }

  // A gap between two quoted sentences of one paragraph is filled when the sentence in it matches too.
  for (const n of paragraphs) {
    const idx = chosen.filter((s) => s.paragraph === n).map((s) => s.index);
    const lo = Math.min(...idx);
    const hi = Math.max(...idx);
    for (const s of ranked) {
      if (s.paragraph === n && s.index > lo && s.index < hi && s.share > 0 && !chosen.includes(s)) chosen.push(s);
    }
  }
  return chosen;
}
