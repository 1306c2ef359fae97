import { segmentChinese } from '../text/segment.js';
import type { AnswerResult, AskRequest, Citation, Lang, Lexicon, Paragraph, Retrieval, Statement } from '../types.js';
import {
  anchorConcepts,
  bestClauseWindow,
  createIdf,
  detectIntent,
  isWordConcept,
  questionConcepts,
  scoreText,
  splitParagraphUnits,
  weighConcepts,
  weightOf,
  type QuestionIntent,
  type SentenceUnit,
  type WeightedConcept,
} from './extractive-score.js';

/*
 * The offline answerer: no model, only the statement. It quotes the sentences of the retrieved
 * paragraphs that cover the question best, each followed by its `[n]` marker, in the language of
 * the question (English answers frame the Chinese quotes and gloss their key terms).
 */

export interface ExtractiveAnswerer {
  answer(retrieval: Retrieval, request: AskRequest): AnswerResult;
}

export interface ExtractiveDeps {
  readonly statement: Statement;
  readonly lexicon?: Lexicon;
}

/** How many retrieved paragraphs are read for an answer. */
const CANDIDATES = 8;
/** Retrieval's opinion, added to a sentence's coverage: relative score and rank. */
const PRIOR_SCORE = 0.1;
const PRIOR_RANK = 0.05;
/** A further paragraph is cited when its best sentence scores this share of the best one. */
const RATIO_PLAIN = 0.97;
const RATIO_LIST = 0.9;
const RATIO_MULTI = 0.4;
/** Greedy completion: a sentence that adds this share of the question's weight joins the answer. */
const GAIN_SAME_PARAGRAPH = 0.12;
const GAIN_NEW_PARAGRAPH = 0.25;
const MIN_COVERAGE_NEW_PARAGRAPH = 0.3;
const RATIO_NEW_PARAGRAPH = 0.5;
const MAX_PARAGRAPHS_PLAIN = 3;
const MAX_PARAGRAPHS_MULTI = 5;
/** Sentences longer than this are cut to the clauses that answer (unless a list is asked for). */
const LONG_SENTENCE = 90;
/** Paragraphs up to this length are quoted whole when asked for directly. */
const SHORT_PARAGRAPH = 160;
/** A quote spanning several sentences of one paragraph is kept as one span up to this length. */
const MAX_SPAN = 260;
const MAX_GLOSSES = 6;
/** Answer terms glossed in English answers must be this rare (IDF over sentences; about two sentences or fewer). */
const RARE_TERM_IDF = 3;

interface ScoredSentence {
  readonly unit: SentenceUnit;
  readonly coverage: number;
  readonly matched: ReadonlySet<string>;
  /** Coverage plus the retrieval prior. */
  readonly total: number;
}

/** One cited paragraph of an answer: what is shown and what the citation quotes. */
interface Passage {
  readonly paragraph: number;
  /** Text shown in the answer (sentences joined with "……" when not contiguous). */
  readonly display: string;
  /** The citation quote: one exact substring of the paragraph. */
  readonly quote: string;
  /** Question concepts the shown text matched (for glosses). */
  readonly matched: ReadonlySet<string>;
}

/** Removes sentence-final punctuation so the marker can sit before the closing full stop. */
export function trimEndPunctuation(text: string): string {
  return text.replace(/[。；！？!?;，,：:\s]+$/u, '');
}

/** The retrieval prior of each candidate paragraph: relative score and rank, best first. */
export function retrievalPriors(retrieved: Retrieval['retrieved'], limit = CANDIDATES): Map<number, number> {
  const priors = new Map<number, number>();
  const top = retrieved[0]?.score ?? 0;
  retrieved.slice(0, limit).forEach((r, rank) => {
    if (priors.has(r.paragraph)) return;
    const rel = top > 0 ? Math.max(0, Math.min(1, r.score / top)) : 0;
    priors.set(r.paragraph, PRIOR_SCORE * rel + PRIOR_RANK / (rank + 1));
  });
  return priors;
}

/** Blend of a paragraph's best sentence and of everything it says, so a paragraph answering in two sentences is not outranked by a single lucky sentence elsewhere. */
const BEST_SENTENCE_SHARE = 0.6;

/** Each candidate paragraph's score: best sentence and union of its sentences' matches, plus the retrieval prior. */
export function scoreParagraphs(scored: readonly ScoredSentence[], concepts: readonly WeightedConcept[]): Map<number, number> {
  const groups = new Map<number, ScoredSentence[]>();
  for (const s of scored) groups.set(s.unit.paragraph, [...(groups.get(s.unit.paragraph) ?? []), s]);
  const out = new Map<number, number>();
  for (const [n, list] of groups) {
    const best = list.reduce((a, b) => (b.coverage > a.coverage ? b : a));
    const union = weightOf(list.flatMap((s) => [...s.matched]), concepts);
    const prior = best.total - best.coverage;
    out.set(n, BEST_SENTENCE_SHARE * best.coverage + (1 - BEST_SENTENCE_SHARE) * union + prior);
  }
  return out;
}

/**
 * Picks the sentences that answer. The best paragraph's best sentence first; then, greedily, any
 * sentence that adds enough of the question not yet covered (a second part of the question, often in
 * the same paragraph); then the best sentence of any other paragraph that mentions the question's core
 * terms and scores close to the best (a low bar for "where/分别" questions, whose answer is spread out).
 * Pure.
 */
export function selectSentences(scored: readonly ScoredSentence[], concepts: readonly WeightedConcept[], intent: QuestionIntent): ScoredSentence[] {
  const ranked = [...scored].sort((a, b) => b.total - a.total || a.unit.text.length - b.unit.text.length);
  const pscore = scoreParagraphs(scored, concepts);
  const topParagraph = [...pscore.entries()].reduce<[number, number] | undefined>((a, b) => (!a || b[1] > a[1] ? b : a), undefined);
  const best = ranked.find((s) => s.unit.paragraph === topParagraph?.[0]);
  if (!best || !topParagraph || best.coverage <= 0) return [];
  const bestScore = topParagraph[1];
  const chosen: ScoredSentence[] = [best];
  const covered = new Set(best.matched);
  const paragraphs = new Set([best.unit.paragraph]);
  const maxParagraphs = intent.multi ? MAX_PARAGRAPHS_MULTI : MAX_PARAGRAPHS_PLAIN;

  for (;;) {
    let pick: ScoredSentence | undefined;
    let pickGain = 0;
    for (const s of ranked) {
      if (chosen.includes(s)) continue;
      const sameParagraph = paragraphs.has(s.unit.paragraph);
      // Only a question of several parts (or asking where) looks for a part elsewhere.
      if (!sameParagraph && (paragraphs.size >= maxParagraphs || !(intent.compound || intent.multi))) continue;
      const fresh = [...s.matched].filter((k) => !covered.has(k));
      const gain = weightOf(fresh, concepts);
      const ok = sameParagraph
        ? gain >= GAIN_SAME_PARAGRAPH
        : gain >= GAIN_NEW_PARAGRAPH &&
          s.coverage >= MIN_COVERAGE_NEW_PARAGRAPH &&
          (pscore.get(s.unit.paragraph) ?? 0) >= RATIO_NEW_PARAGRAPH * bestScore &&
          fresh.filter(isWordConcept).length >= 2;
      if (ok && gain > pickGain) {
        pick = s;
        pickGain = gain;
      }
    }
    if (!pick) break;
    chosen.push(pick);
    paragraphs.add(pick.unit.paragraph);
    for (const k of pick.matched) covered.add(k);
  }

  // Sentences of the best paragraph that answer exactly as well as the best one are part of the
  // answer too ("the position on Kashmir": the briefing and China's stance both name it).
  for (const s of ranked) {
    if (s === best || chosen.includes(s) || s.unit.paragraph !== best.unit.paragraph) continue;
    if (s.coverage === best.coverage && s.matched.size === best.matched.size && [...s.matched].every((k) => best.matched.has(k))) chosen.push(s);
  }

  // What further paragraphs must mention: the core terms the best paragraph matched, and for "where/
  // 分别" questions the words of the announced topic ("关于克什米尔和台湾问题…分别": both names).
  const anchors = anchorConcepts(chosen.filter((s) => s.unit.paragraph === best.unit.paragraph).flatMap((s) => [...s.matched]), concepts);
  if (intent.multi) {
    for (const k of anchorConcepts(concepts.filter((c) => c.topic).map((c) => c.key), concepts)) anchors.add(k);
  }
  const ratio = intent.multi ? RATIO_MULTI : intent.list ? RATIO_LIST : RATIO_PLAIN;
  const judged = new Set(paragraphs);
  for (const s of ranked) {
    if (paragraphs.size >= maxParagraphs) break;
    if (judged.has(s.unit.paragraph) || ![...s.matched].some((k) => anchors.has(k))) continue;
    // `ranked` is best first, so the first anchored sentence met of a paragraph is its best.
    judged.add(s.unit.paragraph);
    if ((pscore.get(s.unit.paragraph) ?? 0) >= ratio * bestScore) {
      chosen.push(s);
      paragraphs.add(s.unit.paragraph);
    }
  }

  // A gap between two quoted sentences of one paragraph is filled when the sentence in it matches
  // the question too: "A……C" would hide part of the answer ("who were they": all the names).
  for (const n of paragraphs) {
    const indexes = chosen.filter((s) => s.unit.paragraph === n).map((s) => s.unit.index);
    const lo = Math.min(...indexes);
    const hi = Math.max(...indexes);
    for (const s of ranked) {
      if (s.unit.paragraph === n && s.unit.index > lo && s.unit.index < hi && s.coverage > 0 && !chosen.includes(s)) chosen.push(s);
    }
  }
  return chosen;
}

/**
 * The passage of one paragraph built from its chosen sentences: one sentence (cut to its answering
 * clauses when very long), or several shown in order; the quote is their contiguous span when short
 * enough, otherwise the best sentence.
 */
export function buildPassage(
  paragraph: Paragraph,
  sentences: readonly ScoredSentence[],
  concepts: readonly WeightedConcept[],
  keepWhole: boolean,
): Passage {
  const inOrder = [...sentences].sort((a, b) => a.unit.index - b.unit.index);
  const best = [...sentences].sort((a, b) => b.total - a.total)[0] ?? inOrder[0];
  const matched = new Set(sentences.flatMap((s) => [...s.matched]));
  const first = inOrder[0];
  const last = inOrder[inOrder.length - 1];
  if (!best || !first || !last) return { paragraph: paragraph.number, display: '', quote: '', matched };

  if (inOrder.length === 1) {
    let text = best.unit.text;
    if (!keepWhole && text.length > LONG_SENTENCE) {
      const w = bestClauseWindow(text, concepts);
      text = text.slice(w.start, w.end);
    }
    const quote = trimEndPunctuation(text);
    return { paragraph: paragraph.number, display: quote, quote, matched };
  }
  const contiguous = inOrder.every((s, i) => i === 0 || s.unit.index === (inOrder[i - 1]?.unit.index ?? -2) + 1);
  const span = trimEndPunctuation(paragraph.text.slice(first.unit.start, last.unit.end));
  const display = contiguous ? span : inOrder.map((s) => trimEndPunctuation(s.unit.text)).join('……');
  const quote = span.length <= MAX_SPAN ? span : trimEndPunctuation(best.unit.text);
  return { paragraph: paragraph.number, display, quote, matched };
}

// References to paragraphs inside a question ("第7段", "paragraph 7") say which paragraph, not what about it.
const REFERENCE_WORDS = /第\s*[\d一二两三四五六七八九十百]+\s*(?:段|条|点)|(?:paragraphs?|paras?\.?)\s*\d+(?:\s*(?:,|and|&|to|-)\s*\d+)*/giu;

/** Creates the extractive answerer over one statement (and, for English questions, a lexicon). */
export function createExtractiveAnswerer(deps: ExtractiveDeps): ExtractiveAnswerer {
  const { statement, lexicon } = deps;
  const byNumber = new Map(statement.paragraphs.map((p) => [p.number, p]));
  const units = new Map(statement.paragraphs.map((p) => [p.number, splitParagraphUnits(p)]));
  const wordsOf = new Map([...units.values()].flat().map((u) => [u, new Set(segmentChinese(u.text))] as const));
  const idf = createIdf([...units.values()].flat().map((u) => u.text));

  const conceptsOf = (question: string, lang: Lang): WeightedConcept[] =>
    weighConcepts(questionConcepts(question, lang, lexicon), idf);

  const glossLine = (passages: readonly Passage[], concepts: readonly WeightedConcept[], question: string): string => {
    if (!lexicon) return '';
    const shown = passages.map((p) => p.display).join('\n');
    // term → how to say it in English: the question's own words where they matched, else the dictionary's.
    const picked = new Map<string, string>();
    const overlaps = (t: string): boolean => [...picked.keys()].some((p) => p.includes(t) || t.includes(p));
    const tryAdd = (term: string, english?: string): void => {
      if (picked.size >= MAX_GLOSSES || [...term].length < 2 || overlaps(term) || !shown.includes(term)) return;
      const gloss = english ?? (lexicon.gloss(term) === undefined ? undefined : shortGloss(lexicon.gloss(term) ?? ''));
      if (gloss) picked.set(term, gloss);
    };
    // First the question's own terms as they appear in the quotes, weightiest first, in the
    // question's words ("项目 = projects", not the dictionary's first sense "item")…
    const matchedKeys = new Set(passages.flatMap((p) => [...p.matched]));
    for (const c of [...concepts].sort((a, b) => b.weight - a.weight)) {
      if (!matchedKeys.has(c.key) || !c.key.startsWith('e:')) continue;
      const v = c.variants.find((x) => shown.includes(x));
      if (v) tryAdd(v, asWritten(c.key.slice(2), question));
      if (picked.size >= MAX_GLOSSES / 2) break;
    }
    // …then the rare terms of the quotes (names, set phrases): most likely the answer itself.
    // Common two-character words are left out: their first dictionary sense is often not the one meant.
    const words = [...new Set(segmentChinese(shown).filter((w) => /^\p{Script=Han}{3,}$/u.test(w) && idf(w) >= RARE_TERM_IDF))];
    words.sort((a, b) => b.length - a.length || idf(b) - idf(a));
    for (const w of words) tryAdd(w);
    if (picked.size === 0) return '';
    const ordered = [...picked.entries()].sort(([a], [b]) => shown.indexOf(a) - shown.indexOf(b));
    return `Key terms: ${ordered.map(([t, english]) => `${t} = ${english}`).join('; ')}.`;
  };

  const result = (retrieval: Retrieval, answer: string, citations: Citation[], extra: { refused?: boolean; documentPart?: boolean } = {}): AnswerResult => {
    const refused = extra.refused ?? false;
    return {
      answer,
      citations,
      retrieved: retrieval.retrieved,
      refused,
      coverage: refused ? 'not_covered' : 'answered',
      lang: retrieval.lang,
      mode: 'extractive',
      grounded: citations.length > 0 || refused || (extra.documentPart ?? false),
    };
  };

  const refuse = (retrieval: Retrieval): AnswerResult => {
    // Paragraphs that matched nothing at all are not "close": name only those with some score.
    const closest = [...new Set(retrieval.retrieved.filter((r) => r.score > 0).map((r) => r.paragraph))].filter((n) => byNumber.has(n)).slice(0, 2);
    if (retrieval.lang === 'zh') {
      const tail = closest.length > 0 ? `与之最接近的是${closest.map((n) => `第${n}段`).join('、')}。` : '';
      return result(retrieval, `声明中没有提及这一点。${tail}`, [], { refused: true });
    }
    const tail =
      closest.length === 0
        ? ''
        : closest.length === 1
          ? ` The closest paragraph is ${closest[0]}.`
          : ` The closest paragraphs are ${closest.slice(0, -1).join(', ')} and ${closest[closest.length - 1]}.`;
    return result(retrieval, `The statement does not cover this.${tail}`, [], { refused: true });
  };

  const render = (retrieval: Retrieval, passages: readonly Passage[], concepts: readonly WeightedConcept[], lead: { zh: string; en: string }): AnswerResult => {
    const citations = passages.map((p) => ({ paragraph: p.paragraph, quote: p.quote }));
    let answer: string;
    if (retrieval.lang === 'zh') {
      answer =
        passages.length === 1
          ? `${lead.zh}${passages[0]?.display ?? ''}[${passages[0]?.paragraph}]。`
          : `${lead.zh}\n${passages.map((p, i) => `${i + 1}. ${p.display}[${p.paragraph}]${i === passages.length - 1 ? '。' : '；'}`).join('\n')}`;
    } else {
      const body =
        passages.length === 1
          ? `${lead.en.replace('{n}', String(passages[0]?.paragraph))} "${passages[0]?.display ?? ''}" [${passages[0]?.paragraph}]`
          : `${lead.en.replace('{n}', String(passages.length))}\n${passages.map((p) => `- Paragraph ${p.paragraph}: "${p.display}" [${p.paragraph}]`).join('\n')}`;
      const gloss = glossLine(passages, concepts, retrieval.resolvedQuestion);
      answer = gloss ? `${body}\n${gloss}` : body;
    }
    return result(retrieval, answer, citations);
  };

  // The opening sentences of a paragraph, about `budget` characters (at least one sentence).
  const excerpt = (n: number, budget = 120): Passage | undefined => {
    const p = byNumber.get(n);
    const us = units.get(n) ?? [];
    if (!p || us.length === 0) return undefined;
    let end = 0;
    for (const u of us) {
      if (end > 0 && u.end > budget) break;
      end = u.end;
    }
    const quote = trimEndPunctuation(p.text.slice(0, end));
    return { paragraph: n, display: end < p.text.length ? `${quote}……` : quote, quote, matched: new Set() };
  };

  const answerParagraphs = (retrieval: Retrieval, numbers: readonly number[]): AnswerResult => {
    const valid = [...new Set(numbers)].filter((n) => byNumber.has(n));
    if (valid.length === 0) {
      const count = statement.paragraphs.length;
      const asked = numbers.join(retrieval.lang === 'zh' ? '、' : ', ');
      return result(
        retrieval,
        retrieval.lang === 'zh' ? `声明共有${count}段，没有第${asked}段。` : `The statement has ${count} paragraphs; there is no paragraph ${asked}.`,
        [],
        { refused: true },
      );
    }
    const question = retrieval.resolvedQuestion.replace(REFERENCE_WORDS, ' ');
    const concepts = conceptsOf(question, retrieval.lang);
    const passages: Passage[] = [];
    for (const n of valid) {
      const p = byNumber.get(n);
      if (!p) continue;
      if (p.text.length <= SHORT_PARAGRAPH) {
        const quote = trimEndPunctuation(p.text);
        passages.push({ paragraph: n, display: quote, quote, matched: new Set() });
        continue;
      }
      // A long paragraph: the sentences the rest of the question points at, else its opening.
      const scored = (units.get(n) ?? [])
        .map((unit) => ({ unit, ...scoreText(unit.text, concepts, wordsOf.get(unit)) }))
        .filter((s) => s.coverage > 0)
        .sort((a, b) => b.coverage - a.coverage)
        .slice(0, 2)
        .map((s) => ({ ...s, total: s.coverage }));
      const passage = scored.length > 0 ? buildPassage(p, scored, concepts, true) : excerpt(n);
      if (passage) passages.push(passage);
    }
    const zhLead = passages.length === 1 ? `第${passages[0]?.paragraph}段：` : '声明中这几段的内容：';
    const enLead = passages.length === 1 ? 'Paragraph {n} reads:' : 'The paragraphs read:';
    return render(retrieval, passages, concepts, { zh: zhLead, en: enLead });
  };

  const titleGlosses = (text: string): string => {
    if (!lexicon) return '';
    // Longest dictionary terms, left to right, skipping single characters.
    const parts: string[] = [];
    const chars = [...text];
    for (let i = 0; i < chars.length; ) {
      let found = '';
      for (let len = Math.min(12, chars.length - i); len >= 2; len--) {
        const t = chars.slice(i, i + len).join('');
        if (lexicon.gloss(t)) {
          found = t;
          break;
        }
      }
      if (found) {
        parts.push(`${found} = ${shortGloss(lexicon.gloss(found) ?? '')}`);
        i += [...found].length;
      } else i++;
    }
    return parts.length > 0 ? ` (${parts.join('; ')})` : '';
  };

  const answerTitle = (retrieval: Retrieval, kind: 'title' | 'source'): AnswerResult => {
    const text = kind === 'title' ? statement.title : statement.source;
    const zh = retrieval.lang === 'zh';
    let answer = zh
      ? kind === 'title'
        ? `声明的标题是：${text}。`
        : `声明的来源（电头）是：${text}。`
      : `${kind === 'title' ? 'The title of the statement is' : 'The source line of the statement is'} "${text}"${titleGlosses(text)}.`;
    const citations: Citation[] = [];
    const intent = detectIntent(retrieval.resolvedQuestion, retrieval.lang);
    if (kind === 'title' && intent.names && retrieval.covered) {
      // The full names in the title are spelled out again in the body: point to where.
      const names = [...new Set(segmentChinese(text))].filter((w) => [...w].length >= 5);
      const retrievedFirst = [...new Set([...retrieval.retrieved.map((r) => r.paragraph), ...byNumber.keys()])];
      for (const n of retrievedFirst) {
        const u = (units.get(n) ?? []).find((x) => names.some((nm) => x.text.includes(nm)));
        if (!u) continue;
        const quote = trimEndPunctuation(u.text);
        citations.push({ paragraph: n, quote });
        answer += zh ? `正文第${n}段也使用了这些名称：${quote}[${n}]。` : `\nParagraph ${n} uses the same names: "${quote}" [${n}]`;
        break;
      }
    }
    return result(retrieval, answer, citations, { documentPart: true });
  };

  const answerQuestion = (retrieval: Retrieval): AnswerResult => {
    const question = retrieval.resolvedQuestion || retrieval.question;
    const concepts = conceptsOf(question, retrieval.lang);
    const intent = detectIntent(question, retrieval.lang);
    const priors = retrievalPriors(retrieval.retrieved);
    const scored: ScoredSentence[] = [];
    for (const [n, prior] of priors) {
      for (const unit of units.get(n) ?? []) {
        const c = scoreText(unit.text, concepts, wordsOf.get(unit));
        scored.push({ unit, coverage: c.coverage, matched: c.matched, total: c.coverage + prior });
      }
    }
    const chosen = selectSentences(scored, concepts, intent);
    if (chosen.length === 0) {
      // Nothing in the words to go on (e.g. an English question the dictionary cannot map):
      // trust retrieval and show the opening of its best paragraph.
      const top = [...priors.keys()][0];
      const passage = top === undefined ? undefined : excerpt(top);
      if (!passage) return refuse(retrieval);
      return render(retrieval, [passage], concepts, {
        zh: `声明中与此最相关的是第${passage.paragraph}段：`,
        en: 'The closest passage of the statement is paragraph {n}:',
      });
    }
    const groups = new Map<number, ScoredSentence[]>();
    for (const s of chosen) groups.set(s.unit.paragraph, [...(groups.get(s.unit.paragraph) ?? []), s]);
    const bestOf = (n: number): number => Math.max(...(groups.get(n) ?? []).map((s) => s.total));
    const order = [...groups.keys()].sort(intent.multi ? (a, b) => a - b : (a, b) => bestOf(b) - bestOf(a));
    const passages = order.flatMap((n) => {
      const p = byNumber.get(n);
      return p ? [buildPassage(p, groups.get(n) ?? [], concepts, intent.list)] : [];
    });
    return render(retrieval, passages, concepts, {
      zh: passages.length > 1 && intent.multi ? `声明中有${passages.length}处相关表述：` : '根据声明：',
      en:
        passages.length > 1
          ? intent.multi
            ? 'The statement addresses this in {n} paragraphs:'
            : 'The statement says:'
          : 'Paragraph {n} of the statement says:',
    });
  };

  return {
    answer(retrieval: Retrieval, _request: AskRequest): AnswerResult {
      const ref = retrieval.reference;
      if (ref?.kind === 'paragraph') return answerParagraphs(retrieval, ref.numbers.length > 0 ? ref.numbers : (ref.missing ?? []));
      if (ref?.kind === 'title' || ref?.kind === 'source') return answerTitle(retrieval, ref.kind);
      if (!retrieval.covered) return refuse(retrieval);
      return answerQuestion(retrieval);
    },
  };
}

/** A lower-cased phrase of the question as the user wrote it ("gwadar port" → "Gwadar Port"). Pure. */
export function asWritten(phrase: string, question: string): string {
  const pattern = phrase
    .split(' ')
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\W+');
  return new RegExp(pattern, 'iu').exec(question)?.[0] ?? phrase;
}

// Dictionary glosses can run long; the first sense is enough next to a quote.
function shortGloss(gloss: string): string {
  const first = gloss.split(/\s*[;/,]\s*/)[0] ?? gloss;
  return first.length > 48 ? `${first.slice(0, 45).trimEnd()}…` : first;
}
