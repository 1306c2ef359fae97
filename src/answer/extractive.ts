import { characterCount } from '../text/characters.js';
import type { QuestionAnalysis } from '../match/analyze-question.js';
import { questionConcepts } from '../match/concepts.js';
import { actionConcepts, bestClauseWindow, holdsAnyOf, matchConcepts, type Matches } from '../match/coverage.js';
import { countIn, wantedContext, wantedStrength } from '../match/evidence.js';
import { TUNING } from '../match/tuning.js';
import { analyzeInContext, type DetailedRetrieval, type MatchContext } from '../retrieve/create-retriever.js';
import { quoteEn } from '../text/alignment.js';
import type { LexiconData } from '../text/lexicon.js';
import type { AnswerResult, AskRequest, Citation, Coverage, Lang, Paragraph, Retrieval } from '../types.js';
import { countVariants, decideCoverage, type CoverageDecision } from './decide-coverage.js';
import { retrievalPriors, scoreSentences, selectSentences, type ScoredSentence } from './select-sentences.js';
import { partialLead, wordAnswer, type Passage } from './word-answer.js';

/*
 * The offline answerer: no model, only the statement. Analyse the question → find the sentences that
 * answer what was asked → decide coverage (answered / partial / not covered) → word the answer in the
 * question's language: Chinese answers quote the statement, English answers give the project's English
 * rendering of the same sentences. Every citation quotes exact Chinese words (and their rendering).
 */

export interface ExtractiveAnswerer {
  answer(retrieval: Retrieval, request: AskRequest): AnswerResult;
}

export interface ExtractiveDeps {
  /** The matching core's view of the indexed statement (see createMatchContext). */
  readonly context: MatchContext;
}

/** A quote spanning several sentences of one paragraph is kept as one span up to this length. */
const MAX_QUOTE = 300;
/** Paragraphs up to this length are quoted whole when asked for by number. */
const WHOLE_PARAGRAPH = 400;

/** Removes sentence-final punctuation so the marker can sit before the closing full stop. */
export function trimEndPunctuation(text: string): string {
  return text.replace(/[。；！？!?;，,：:.\s]+$/u, '');
}

function isDetailed(r: Retrieval): r is DetailedRetrieval {
  return 'analysis' in r && 'matches' in r;
}

/** Creates the extractive answerer over one indexed statement. */
export function createExtractiveAnswerer(deps: ExtractiveDeps): ExtractiveAnswerer {
  const { context } = deps;
  const { model, sources } = context;
  const statement = model.statement;
  const byNumber = new Map(statement.paragraphs.map((p) => [p.number, p] as const));
  const hasRendering = statement.paragraphs.some((p) => p.en !== undefined);

  const result = (retrieval: Retrieval, answer: string, citations: Citation[], coverage: Coverage, lang: Lang, documentPart = false): AnswerResult => ({
    answer,
    citations,
    retrieved: retrieval.retrieved,
    refused: coverage !== 'answered',
    coverage,
    lang,
    mode: 'extractive',
    grounded: citations.length > 0 || coverage !== 'answered' || documentPart,
  });

  const citationOf = (p: Paragraph, quote: string): Citation => {
    const en = quoteEn(p, quote);
    return en === undefined ? { paragraph: p.number, quote } : { paragraph: p.number, quote, quote_en: en };
  };

  /** The passage of one paragraph built from its chosen sentences. */
  const passageOf = (p: Paragraph, chosen: readonly ScoredSentence[], matches: Matches, lang: Lang, keepWhole: boolean): Passage => {
    const units = [...chosen].sort((a, b) => a.index - b.index);
    const best = [...chosen].sort((a, b) => b.total - a.total)[0]!;
    const first = model.units[units[0]!.unit]!;
    const last = model.units[units[units.length - 1]!.unit]!;
    const contiguous = units.every((s, i) => i === 0 || s.index === units[i - 1]!.index + 1);
    let quote: string;
    let display: string;
    if (units.length === 1) {
      const u = model.units[best.unit]!;
      // A long Chinese sentence is cut to the clauses that answer; English answers show whole sentences.
      const w = lang === 'zh' && !keepWhole && u.text.length > TUNING.longSentence ? bestClauseWindow(matches, best.unit) : { start: 0, end: u.text.length };
      quote = trimEndPunctuation(u.text.slice(w.start, w.end));
      display = quote;
    } else {
      const span = trimEndPunctuation(p.text.slice(first.start, last.end));
      quote = span.length <= MAX_QUOTE ? span : trimEndPunctuation(model.units[best.unit]!.text);
      display = contiguous ? span : units.map((s) => trimEndPunctuation(model.units[s.unit]!.text)).join('……');
    }
    const english = units.every((s) => model.units[s.unit]!.en !== undefined)
      ? units.map((s, i) => `${i > 0 && s.index !== units[i - 1]!.index + 1 ? '… ' : ''}${model.units[s.unit]!.en!}`).join(' ')
      : undefined;
    return { paragraph: p.number, display, citation: citationOf(p, quote), ...(english ? { english } : {}) };
  };

  const notCovered = (retrieval: Retrieval, lang: Lang): AnswerResult =>
    result(retrieval, lang === 'zh' ? '声明中没有提及这一点。' : 'The statement does not cover this.', [], 'not_covered', lang);

  const answerParagraphs = (retrieval: Retrieval, analysis: QuestionAnalysis, numbers: readonly number[]): AnswerResult => {
    const lang = analysis.lang;
    const valid = [...new Set(numbers)].filter((n) => byNumber.has(n));
    if (valid.length === 0) {
      const count = statement.paragraphs.length;
      const asked = numbers.join(lang === 'zh' ? '、' : ', ');
      const text = lang === 'zh' ? `声明共有${count}段，没有第${asked}段。` : `The statement has ${count} paragraphs; there is no paragraph ${asked}.`;
      return result(retrieval, text, [], 'not_covered', lang);
    }
    const passages: Passage[] = valid.map((n) => {
      const p = byNumber.get(n)!;
      let end = p.text.length;
      if (end > WHOLE_PARAGRAPH) {
        // A very long paragraph: its opening sentences.
        end = 0;
        for (const u of model.unitsOf.get(n) ?? []) {
          if (end > 0 && u.end > MAX_QUOTE) break;
          end = u.end;
        }
      }
      const quote = trimEndPunctuation(p.text.slice(0, end));
      const cut = end < p.text.length;
      const citation = citationOf(p, quote);
      return { paragraph: n, display: cut ? `${quote}……` : quote, citation, ...(citation.quote_en ? { english: cut ? `${citation.quote_en} …` : citation.quote_en } : {}) };
    });
    return result(retrieval, wordAnswer({ lang, passages, style: 'reference', hasRendering }), passages.map((p) => p.citation), 'answered', lang);
  };

  const answerTitle = (retrieval: Retrieval, analysis: QuestionAnalysis, kind: 'title' | 'source'): AnswerResult => {
    const lang = analysis.lang;
    const zh = kind === 'title' ? statement.title : statement.source;
    const en = kind === 'title' ? statement.titleEn : statement.sourceEn;
    let answer: string;
    if (lang === 'zh') answer = kind === 'title' ? `声明的标题是：${zh}。` : `声明的来源（电头）是：${zh}。`;
    else if (en) answer = `${kind === 'title' ? 'The title of the statement is' : 'The source line of the statement is'} "${en}" (the project's unofficial English rendering; the Chinese is authoritative).`;
    else answer = `${kind === 'title' ? 'The title of the statement is' : 'The source line of the statement is'} "${zh}".`;
    const citations: Citation[] = [];
    if (kind === 'title' && analysis.wants === 'name') {
      // The full names in the title are spelled out again in the body: point to where.
      const names = stateNames(statement.title);
      for (const u of model.units) {
        if (names.length === 0 || !names.some((nm) => u.text.includes(nm))) continue;
        const p = byNumber.get(u.paragraph)!;
        const c = citationOf(p, trimEndPunctuation(u.text));
        citations.push(c);
        answer += lang === 'zh' ? `正文第${u.paragraph}段也使用了这些名称：${c.quote}[${u.paragraph}]。` : `\nParagraph ${u.paragraph} uses the same names: ${c.quote_en ?? c.quote} [${u.paragraph}]`;
        break;
      }
    }
    return result(retrieval, answer, citations, 'answered', lang, true);
  };

  const answerQuestion = (retrieval: Retrieval, analysis: QuestionAnalysis, matches: Matches): AnswerResult => {
    const lang = analysis.lang;
    const priors = retrievalPriors(retrieval.retrieved);
    const count = analysis.kind === 'how_many' && analysis.countNoun ? countVariants(analysis, sources) : undefined;
    const wanted = wantedContext(analysis, sources);
    const dateOf = dateActions(matches, analysis, sources.lexicon);
    const typed = (i: number): number => {
      if (count) {
        const u = model.units[i]!;
        return countIn(u.text, count.zh, u.en, count.enStem) !== undefined ? 1 : 0;
      }
      if (analysis.wants === 'date' && !dateOf(i)) return 0;
      return analysis.wants === undefined || wanted === undefined ? 0 : wantedStrength(context.facts[i]!, analysis.wants, wanted, context.commonNames);
    };
    const scored = scoreSentences(matches, priors, typed, analysis.text);
    const chosen = selectSentences(scored, matches, analysis);
    if (chosen.length === 0) return notCovered(retrieval, lang);
    const decision: CoverageDecision = decideCoverage({ analysis, chosen, model, sources, facts: context.facts, matches, candidates: scored });

    const groups = new Map<number, ScoredSentence[]>();
    // A count answers from where it is stated: that sentence (chosen or not) and nothing else.
    const countUnits = decision.count ? (decision.count.units ?? [decision.count.unit]) : [];
    const counted = scored.filter((s) => countUnits.includes(s.unit));
    const all = counted.length > 0 ? counted : chosen;
    for (const s of all) {
      const list = groups.get(s.paragraph);
      if (list === undefined) groups.set(s.paragraph, [s]);
      else list.push(s);
    }
    const bestOf = (n: number): number => Math.max(...(groups.get(n) ?? []).map((s) => s.total));
    const order = [...groups.keys()].sort(analysis.multi ? (a, b) => a - b : (a, b) => bestOf(b) - bestOf(a));
    const passages = order.map((n) => passageOf(byNumber.get(n)!, groups.get(n)!, matches, lang, analysis.list || decision.count !== undefined));
    const lead = decision.coverage === 'partial' ? partialLead(analysis, decision.missing) : undefined;
    const answer = wordAnswer({
      lang,
      passages,
      style: analysis.multi && passages.length > 1 ? 'places' : 'plain',
      hasRendering,
      ...(lead ? { lead } : {}),
      ...(decision.count ? { count: { n: decision.count.count, noun: analysis.countNoun ?? '', ...(analysis.measure ? { measure: analysis.measure } : {}) } } : {}),
    });
    return result(retrieval, answer, passages.map((p) => p.citation), decision.coverage, lang);
  };

  return {
    answer(retrieval: Retrieval, request: AskRequest): AnswerResult {
      const detailed = isDetailed(retrieval) ? retrieval : undefined;
      // A retrieval from elsewhere (a test, another retriever) is analysed here; its resolved question
      // carries a follow-up's context before the question itself.
      const context = retrieval.resolvedQuestion.endsWith(retrieval.question) ? retrieval.resolvedQuestion.slice(0, -retrieval.question.length).trim() : '';
      const analysis = detailed?.analysis ?? analyzeInContext(retrieval.question, context || undefined);
      const ref = retrieval.reference;
      if (ref?.kind === 'paragraph') return answerParagraphs(retrieval, analysis, ref.numbers.length > 0 ? ref.numbers : (ref.missing ?? []));
      if (ref?.kind === 'title' || ref?.kind === 'source') return answerTitle(retrieval, analysis, ref.kind);
      if (!retrieval.covered) return notCovered(retrieval, analysis.lang);
      const matches = detailed?.matches ?? matchConcepts(questionConcepts(analysis, sources), model);
      void request;
      return answerQuestion(retrieval, analysis, matches);
    },
  };
}

/**
 * The full state names in a title ("甲国共和国和乙国共和国联合声明" → 甲国共和国, 乙国共和国): each runs from the
 * start, or from the joining 和/与 after the previous name, to its 共和国. Linear in the title.
 */
export function stateNames(title: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let at = title.indexOf('共和国'); at >= 0; at = title.indexOf('共和国', at + 3)) {
    const from = title[start] === '和' || title[start] === '与' ? start + 1 : start;
    const name = title.slice(from, at + 3);
    if (characterCount(name) >= 5 && /^\p{Script=Han}+$/u.test(name)) out.push(name);
    start = at + 3;
  }
  return out;
}

/**
 * For a "when" question, whether a sentence's date can be the date asked: the sentence must say what the
 * question says is done ("travel", "访问"), not only who: "When will Xi travel to Pakistan?" is not
 * answered by the dates of a visit Xi invited someone to. A question naming no action takes any date.
 */
export function dateActions(matches: Matches, analysis: QuestionAnalysis, lexicon: LexiconData | undefined): (unit: number) => boolean {
  if (analysis.wants !== 'date') return () => true;
  const names = new Set(analysis.names.map((n) => n.toLowerCase()));
  const kinds = lexicon?.kinds;
  const isName = (surface: string): boolean =>
    (kinds !== undefined && Object.hasOwn(kinds, surface)) || surface.split(/\s+/u).every((w) => names.has(w.toLowerCase()));
  const actions = actionConcepts(matches, isName);
  return actions.length === 0 ? () => true : (u) => holdsAnyOf(matches, actions, u);
}
