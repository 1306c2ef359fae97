import type { LoadedIndex } from '../ingest/index-store.js';
import { detectLang } from '../text/detect-lang.js';
import { questionFeatures, questionWords, type FeatureBag } from '../text/features.js';
import { dropExcluded } from '../text/drop-excluded.js';
import { contentStems, isStopword } from '../text/english.js';
import { englishToChinese } from '../text/lexicon.js';
import type { Embedder, Retrieval, RetrieveRequest, Retriever } from '../types.js';
import { scoreBm25 } from './bm25.js';
import { answerType, candidateNames, focusTerm, queryCoverage, textHasAnswerType, topicalShare, unknownNames } from './coverage.js';
import { resolveFollowUp } from './follow-up.js';
import { rankOrder, weightedFusion } from './fuse-ranks.js';
import { parseReference } from './references.js';

export interface RetrievalTuning {
  /** Weight of BM25 in the fused score (the dense score gets the rest). */
  readonly lexicalWeight: number;
  /** Rare terms weigh idf^idfExponent in BM25 (1 = plain BM25). */
  readonly idfExponent: number;
  /** Below this share of the question found in the best paragraph, the statement does not cover it. */
  readonly minCoverage: number;
  /** Below this share of the question's content words known to the document, it is off-topic. */
  readonly minTopical: number;
  /** Weight of the earlier question's features in a follow-up. */
  readonly contextWeight: number;
  /** How many paragraphs to return. */
  readonly topK: number;
}

export const DEFAULT_TUNING: RetrievalTuning = { lexicalWeight: 0.7, idfExponent: 1.5, minCoverage: 0.08, minTopical: 0.3, contextWeight: 0.5, topK: 8 };

/** Retrieval plus the signals behind it, for evaluation and logs. */
export interface DetailedRetrieval extends Retrieval {
  readonly coverage: number;
  /** Share of the question's content words the document knows at all. */
  readonly topical: number;
  readonly answerType: string;
}

function mergeFeatures(a: FeatureBag, b: FeatureBag, scale: number): FeatureBag {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v * scale);
  return out;
}

/** Hybrid retrieval over a loaded index: BM25 and the dense HNSW search, fused, with a coverage signal. */
export function createRetriever(deps: { index: LoadedIndex; embedder: Embedder; tuning?: Partial<RetrievalTuning> }): Retriever & {
  retrieve(request: RetrieveRequest): Promise<DetailedRetrieval>;
} {
  const { index, embedder } = deps;
  const tuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const paragraphs = index.statement.paragraphs;
  const n = paragraphs.length;
  // Every English stem the lexicon translates to a word of the document (single characters are too
  // ambiguous to count: "France" → 法), hyphenated keys also split ("palestinian-israeli").
  const knownStems = new Set(
    Object.entries(index.lexicon.toZh)
      .filter(([, hits]) => hits.some(([term]) => [...term].length > 1))
      .flatMap(([key]) => key.split(/\s+/).flatMap((word) => [word, ...word.split('-').flatMap((part) => [part, ...contentStems(part)])])),
  );
  const kinds = index.lexicon.kinds;
  // In how many paragraphs each proper noun occurs as a word (a two-character name inside a longer word,
  // like 建平 in 搭建平台, does not count): names in no paragraph, or in most, answer nothing.
  const paragraphCount: Record<string, number> = {};
  const inParagraph = (term: string, i: number): boolean =>
    paragraphs[i]!.text.includes(term) && ([...term].length > 2 || Boolean(index.bm25.postings[`w:${term}`]?.some(([d]) => d === i)));
  if (kinds) {
    for (const term of Object.keys(kinds)) {
      let count = 0;
      for (let i = 0; i < n; i++) if (inParagraph(term, i)) count++;
      if (count > 0) paragraphCount[term] = count;
    }
  }

  return {
    async retrieve(request: RetrieveRequest): Promise<DetailedRetrieval> {
      const question = request.question.trim();
      const lang = detectLang(question);
      const { resolved, context } = resolveFollowUp(question, request.history);
      const reference = parseReference(question, n);

      // "Besides X, which …" asks about everything but X: X must not pull the ranking.
      let features = questionFeatures(dropExcluded(question), index.lexicon);
      if (context) features = mergeFeatures(features, questionFeatures(context, index.lexicon), tuning.contextWeight);
      // A question about the title or source line is about their words: the paragraphs that repeat them rank first.
      const anchor = reference?.kind === 'title' ? index.statement.title : reference?.kind === 'source' ? index.statement.source : '';
      const rankingFeatures = anchor ? mergeFeatures(features, questionFeatures(anchor, index.lexicon), 1) : features;
      const lexical = scoreBm25(index.bm25, rankingFeatures, { idfExponent: tuning.idfExponent });

      const [vector] = await embedder.embed([anchor ? `${resolved} ${anchor}` : resolved], 'query');
      const dense = new Array<number>(n).fill(0);
      if (vector) {
        const { neighbors, distances } = index.vectors.searchKnn(Array.from(vector), n);
        neighbors.forEach((label, i) => (dense[label] = Math.max(0, 1 - (distances[i] ?? 1))));
      }
      const fused = weightedFusion([
        { scores: lexical, weight: tuning.lexicalWeight },
        { scores: dense, weight: 1 - tuning.lexicalWeight },
      ]);
      let order = rankOrder(fused);
      if (reference?.kind === 'paragraph') {
        const refs = reference.numbers.map((num) => num - 1);
        order = [...refs, ...order.filter((i) => !refs.includes(i))];
      }
      const top = order.slice(0, Math.min(n, Math.max(5, tuning.topK)));
      const retrieved = top.map((i) => ({
        paragraph: paragraphs[i]!.number,
        score: Math.round((reference?.kind === 'paragraph' && reference.numbers.includes(i + 1) ? 1 : fused[i]!) * 1000) / 1000,
      }));

      const best = order[0] ?? 0;
      const coverage = queryCoverage(index.bm25, features, best);
      const type = answerType(resolved);
      let typeFound: boolean;
      if ((type === 'place' || type === 'name') && kinds) {
        // A name or place must be in the paragraph the answer would come from, and new to the question.
        const questionTerms = new Set([
          ...[...features.keys()].filter((k) => k.startsWith('w:')).map((k) => k.slice(2)),
          ...englishToChinese(resolved, index.lexicon).map((t) => t.term),
        ]);
        const candidates = candidateNames({ kinds, paragraphCount: paragraphCount, question: resolved, questionTerms });
        const found = (list: readonly string[]): string[] => list.filter((t) => (paragraphCount[t] ?? 0) > 0 && inParagraph(t, best));
        typeFound = textHasAnswerType(paragraphs[best]!.text, type, { places: found(candidates.places), names: found(candidates.names) });
      } else {
        typeFound = order.slice(0, 3).some((i) => textHasAnswerType(paragraphs[i]!.text, type));
      }
      // The thing asked the value of ("规模", "开放期", "天气") must be named in the evidence.
      const focus = focusTerm(resolved);
      const focusFound = focus === undefined || order.slice(0, 3).some((i) => paragraphs[i]!.text.includes(focus));
      // How much of the question is about things the document mentions at all (off-topic questions share little).
      // Single characters are too ambiguous to show a word is known ("France" → 法).
      const translated = new Set(
        englishToChinese(question, index.lexicon)
          .filter((t) => [...t.term].length > 1)
          .flatMap((t) => contentStems(t.from)),
      );
      const topical = topicalShare({
        chineseWords: questionWords(question),
        englishWords: contentStems(question),
        translatedWords: translated,
        known: (f) => index.bm25.postings[f] !== undefined,
      });
      const strangers = unknownNames(question, (word) =>
        contentStems(word).every((st) => knownStems.has(st) || index.bm25.postings[`e:${st}`] !== undefined || isStopword(st)),
      );
      const covered =
        reference !== undefined ||
        (coverage >= tuning.minCoverage && topical >= tuning.minTopical && strangers.length === 0 && typeFound && focusFound);
      return {
        question,
        resolvedQuestion: resolved,
        lang,
        retrieved,
        covered,
        ...(reference ? { reference } : {}),
        coverage: Math.round(coverage * 1000) / 1000,
        topical: Math.round(topical * 1000) / 1000,
        answerType: type,
      };
    },
  };
}
