import type { LoadedIndex } from '../ingest/index-store.js';
import { madeFor } from '../memo.js';
import { analyzeQuestion, type QuestionAnalysis } from '../match/analyze-question.js';
import { scoreBm25 } from '../match/bm25.js';
import { questionConcepts, type ConceptSources } from '../match/concepts.js';
import { aboutUnknown, matchConcepts, topicalShare, unitShares, type Matches } from '../match/coverage.js';
import { createDocumentModel, type DocumentModel } from '../match/document-model.js';
import { sentenceFacts, wantedContext, wantedStrength, type SentenceFacts } from '../match/evidence.js';
import { queryTerms } from '../match/query-terms.js';
import { englishStems, mergeTerms } from '../match/terms.js';
import { TUNING } from '../match/tuning.js';
import type { DirectReference, Embedder, Retrieval, RetrieveRequest, Retriever, SparseVector } from '../types.js';
import { isElliptical, resolveFollowUp } from './follow-up.js';
import { rankOrder, weightedFusion } from './fuse-ranks.js';
import { parseReference } from './references.js';
import { characterCount } from '../text/characters.js';
import type { SubstringIndex } from '../text/substring-index.js';
import { addDocumentTerms, segmentChinese, withoutQuestionWords } from '../text/segment.js';
import { lookupZh, segmenterTerms, WHOLE_DEFINITION } from '../text/lexicon.js';

/*
 * Retrieval: analyse the question, rank paragraphs (BM25 and vectors over the text, its English
 * rendering and its expansions), rerank the best of them by how well their sentences answer what was
 * asked, and say whether the statement speaks of the subject at all. Every score comes from the one
 * matching core in src/match.
 */

function normalised(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  return v.map((x) => x / norm);
}

/** A year written in digits ("2024", "2024年"). */
const YEAR = /(?<!\d)(?:19|20)\d{2}(?!\d)/gu;

/**
 * Characters Chinese spells foreign names with (阿尔维, 伊姆兰汗, 塔利班): a word the statement does not
 * use, made of these alone, is a foreign name it never mentions. Left out: characters that with another
 * of them make common words or units (南: 西南; 本: 基本; 卢: 卢比).
 */
const TRANSLITERATION = new Set([
  ...'阿埃艾爱安昂奥巴拜班邦贝比彼宾波伯博布查达戴丹德迪蒂丁多厄恩尔法范菲费芬弗福盖甘戈格贡古哈海汉豪赫亨胡霍基吉加贾杰金卡凯坎康考科克肯库奎昆拉莱赖兰朗劳勒雷里利莲列林鲁路伦罗洛马玛迈麦曼梅蒙米密缪莫默姆穆纳奈尼妮涅宁纽努诺欧帕派潘庞佩彭皮珀普齐奇恰乔切琴丘萨塞赛桑瑟森沙莎尚舍什施斯苏索塔泰坦汤唐特提图托瓦旺威韦维沃乌伍西希谢辛休雅亚扬耶伊因尤约扎詹兹佐夏汗茨夫',
]);

/**
 * Two countries named by their one-character abbreviations before what is between them ("俄乌冲突",
 * "中美关系", "印巴问题"): a pair the statement never writes is a relation it does not cover. A third such
 * character before the pair makes it no pair ("中巴以合作为…": 以 is a preposition there).
 */
const COUNTRY_ABBREVIATIONS = '中美俄日韩朝印巴英法德意加澳乌以伊土沙埃越菲泰缅叙欧非蒙哈';
const BETWEEN_COUNTRIES = '冲突|关系|战争|问题|争端|谈判|会谈|边境|局势|矛盾|对抗|危机|贸易|合作';
const COUNTRY_PAIR = new RegExp(`(?<![${COUNTRY_ABBREVIATIONS}])[${COUNTRY_ABBREVIATIONS}]{2}(?=${BETWEEN_COUNTRIES})`, 'gu');
/** A question none of whose words could follow a pair is not searched for one. */
const MAY_NAME_PAIR = new RegExp(BETWEEN_COUNTRIES);

/** An ordinal before what it numbers: "fourth Belt…", "4th forum", "第四届论坛". */
const ORDINAL_EN = /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)) ([a-z][a-z-]*)/giu;
/** The same ordinals in a document, up to the space before what they number. */
const ORDINAL_EN_BEFORE = /\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)) /gu;
const ORDINAL_ZH = /第([一二三四五六七八九十\d]{1,3})([届次轮期])/gu;
const MAX_ORDINALS = 8;

/** The document's text and its lower-cased text, each searchable without a scan. */
export interface SearchableText {
  readonly text: SubstringIndex;
  readonly lower: SubstringIndex;
}

/**
 * Where a document numbers things: the positions just after each English ordinal and its space (in the
 * lower-cased text), and the measure words its Chinese ordinals use ("第三届" → 届). Read once per text.
 */
interface DocumentOrdinals {
  readonly enHeads: readonly number[];
  readonly zhMeasures: ReadonlySet<string>;
}
const ordinalsOf = new WeakMap<SubstringIndex, DocumentOrdinals>();
function documentOrdinals(doc: SearchableText): DocumentOrdinals {
  return madeFor(ordinalsOf, doc.lower, () => ({
    enHeads: [...doc.lower.text.matchAll(ORDINAL_EN_BEFORE)].map((m) => m.index + m[0].length),
    // A numeral run and a measure word never share a character: each 第 opens at most one match.
    zhMeasures: new Set([...doc.text.text.matchAll(ORDINAL_ZH)].map((m) => m[2]!)),
  }));
}

const isAsciiWordChar = (ch: string | undefined): boolean => ch !== undefined && /^[A-Za-z0-9_]$/.test(ch);

/**
 * Another edition of something the statement numbers: the question's ordinal is not the statement's
 * ("the fourth Belt and Road Forum" where it speaks of the third; "第四届" where it says "第三届"). Pure.
 */
export function otherEditions(question: string, doc: SearchableText): string[] {
  const found: string[] = [];
  let read = 0;
  const { enHeads, zhMeasures } = documentOrdinals(doc);
  const lower = doc.lower.text;
  for (const m of question.toLowerCase().matchAll(ORDINAL_EN)) {
    // A question names a few editions at most.
    if (++read > MAX_ORDINALS) break;
    const [asked, , head] = m;
    if (doc.lower.includes(asked!)) continue;
    // Some ordinal of the document numbers the same thing: `head` after it, ending where a word does.
    const end = (at: number): boolean => isAsciiWordChar(lower[at - 1]) !== isAsciiWordChar(lower[at]);
    if (enHeads.some((at) => lower.startsWith(head!, at) && end(at + head!.length))) found.push(asked!);
  }
  for (const m of question.matchAll(ORDINAL_ZH)) {
    if (++read > 2 * MAX_ORDINALS) break;
    if (doc.text.includes(m[0])) continue;
    if (zhMeasures.has(m[2]!)) found.push(m[0]);
  }
  return found;
}

/** True for a word the lexicon's name list and the statement both lack, spelled as foreign names are. */
function looksTransliterated(word: string): boolean {
  const chars = [...word];
  return chars.length >= 2 && chars.length <= 8 && chars.every((c) => TRANSLITERATION.has(c));
}

/** The non-zero dimensions of a vector, in increasing order. */
function nonZero(vector: Float32Array): SparseVector {
  const dims: number[] = [];
  const values: number[] = [];
  for (let d = 0; d < vector.length; d++) {
    if (vector[d] !== 0) {
      dims.push(d);
      values.push(vector[d]!);
    }
  }
  return { dims, values };
}

/**
 * Vectors laid out dimension by dimension (every vector's value of dimension d side by side, at d × n):
 * a query's few dimensions are read as a few runs of memory, not a scattered value from each vector.
 */
function byDimension(vectors: readonly Float32Array[]): Float32Array {
  const n = vectors.length;
  const out = new Float32Array((vectors[0]?.length ?? 0) * n);
  vectors.forEach((v, i) => v.forEach((x, d) => (out[d * n + i] = x)));
  return out;
}

/** Up to this many paragraphs, vector search is an exact scan in memory. */
const EXACT_SCAN_LIMIT = 5000;

/** What the matching core knows about the indexed statement, built once per index. */
export interface MatchContext {
  readonly model: DocumentModel;
  readonly sources: ConceptSources;
  /** Facts of each sentence, in model.units order. */
  readonly facts: readonly SentenceFacts[];
  /** Names most paragraphs mention (China, Pakistan): they answer no "where" or "which". */
  readonly commonNames: ReadonlySet<string>;
  /** The latest year the document names: it cannot speak of events in later years. */
  readonly latestYear?: number;
  /**
   * True when the document writes `lower` (lower-case) as whole words, not inside longer ones: a set
   * look-up of its first word first, so most names never scan the text.
   */
  readonly writes: (lower: string) => boolean;
  /** Proper names the document never uses (lexicon.outside): Chinese words; English names (multi-word ones lower-cased). */
  readonly outside: {
    readonly zh: ReadonlySet<string>;
    readonly en: ReadonlySet<string>;
    /**
     * The first two UTF-16 units of each Chinese name, as codes (first → seconds): a question's runs are
     * searched only where a name may start, without making a string per position.
     */
    readonly zhStarts: ReadonlyMap<number, ReadonlySet<number>>;
    /** The Chinese names shorter than two UTF-16 units. */
    readonly zhShort: ReadonlySet<string>;
    /** First letters of the one-word English names (as the dictionary writes them, capitalised). */
    readonly enInitials: ReadonlySet<string>;
    /** First words (lower-cased) of the multi-word English names, each with the second words that follow it. */
    readonly enStarts: ReadonlyMap<string, ReadonlySet<string>>;
  };
}

/** Builds the matching context of a loaded index. */
export function createMatchContext(index: Pick<LoadedIndex, 'statement' | 'lexicon' | 'expansions' | 'synonyms'>): MatchContext {
  // Segment as ingest did: the statement's own terms are words.
  addDocumentTerms(segmenterTerms(index.lexicon));
  const model = createDocumentModel(index.statement, index.expansions);
  const kinds = index.lexicon.kinds ?? {};
  const lexiconNames = Object.keys(kinds);
  const lexiconPlaces = lexiconNames.filter((n) => kinds[n] === 'place');
  const facts = model.units.map((u) => sentenceFacts(u.text, u.en, lexiconNames, lexiconPlaces));
  const perParagraph = new Map<string, Set<number>>();
  model.units.forEach((u, i) => {
    for (const n of facts[i]!.names) {
      const set = perParagraph.get(n) ?? new Set<number>();
      set.add(u.paragraph);
      perParagraph.set(n, set);
    }
  });
  const paragraphs = index.statement.paragraphs.length;
  const commonNames = new Set([...perParagraph.entries()].filter(([, s]) => s.size > Math.max(2, paragraphs / 4)).map(([n]) => n));
  const rendering = index.statement.paragraphs.some((p) => p.en !== undefined);
  const outsideZh = index.lexicon.outside?.zh ?? [];
  // A name as users write it: without the dictionary's abbreviation in brackets ("Shanghai Cooperation
  // Organization (SCO)"); never one the document uses itself.
  const documentWords = new Set(model.allTextLower.match(/[\p{L}\p{N}]+/gu) ?? []);
  const writes = (lower: string): boolean => {
    const first = lower.match(/^[\p{L}\p{N}]+/u)?.[0];
    return first !== undefined && documentWords.has(first) && wordIn(model.find.lower, lower);
  };
  const outsideEn = (index.lexicon.outside?.en ?? [])
    .map((n) => n.replace(/\s*\([^()]{0,40}\)/gu, '').trim())
    .filter((n) => n.length > 1 && !writes(n.toLowerCase()));
  const zhStarts = new Map<number, Set<number>>();
  for (const n of outsideZh) {
    if (n.length < 2) continue;
    const seconds = zhStarts.get(n.charCodeAt(0)) ?? new Set<number>();
    seconds.add(n.charCodeAt(1));
    zhStarts.set(n.charCodeAt(0), seconds);
  }
  const enStarts = new Map<string, Set<string>>();
  for (const n of outsideEn) {
    if (!n.includes(' ')) continue;
    const [first, second] = n.toLowerCase().split(' ');
    const seconds = enStarts.get(first!) ?? new Set<string>();
    seconds.add(second!);
    enStarts.set(first!, seconds);
  }
  const outside = {
    zh: new Set(outsideZh),
    zhStarts,
    zhShort: new Set(outsideZh.filter((n) => n.length < 2)),
    enInitials: new Set(outsideEn.filter((n) => !n.includes(' ')).map((n) => n[0]!)),
    enStarts,
    en: new Set(outsideEn.map((n) => (n.includes(' ') ? n.toLowerCase() : n))),
  };
  // The vocabulary by kind, without its prefixes: a look-up needs no new string.
  const byKind = (prefix: string): Set<string> => new Set([...model.vocabulary].filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length)));
  const [words, bigrams, stems] = [byKind('w:'), byKind('b:'), byKind('e:')];
  const knows = (word: string): boolean => words.has(word) || (word.length <= 4 && characterCount(word) === 2 && bigrams.has(word));
  const knowsStem = (s: string): boolean => stems.has(s);
  const years = [...model.allText.matchAll(YEAR)].map((m) => Number(m[0]));
  return {
    model,
    sources: { lexicon: index.lexicon, synonyms: index.synonyms, rendering, knows, knowsStem },
    facts,
    commonNames,
    writes,
    outside,
    ...(years.length > 0 ? { latestYear: Math.max(...years) } : {}),
  };
}

/** Retrieval plus the analysis behind it: the answerer reads the same match table instead of redoing it. */
export interface DetailedRetrieval extends Retrieval {
  readonly analysis: QuestionAnalysis;
  readonly matches: Matches;
  /** Share of the question found in the best paragraph. */
  readonly coverage: number;
  /** Share of the question's words the document knows at all. */
  readonly topical: number;
  /** Names in the question the document never mentions. */
  readonly strangers: readonly string[];
}

/**
 * The analysis of a question in its conversation: an elliptical follow-up ("那机场呢？") keeps the earlier
 * question's class; one that asks its own question ("What did he say about Kashmir?") does not.
 */
export function analyzeInContext(question: string, context: string | undefined): QuestionAnalysis {
  const analysis = analyzeQuestion(question);
  if (!context || analysis.kind !== 'what' || !isElliptical(question)) return analysis;
  const earlier = analyzeQuestion(context);
  return {
    ...analysis,
    kind: earlier.kind,
    ...(earlier.wants ? { wants: earlier.wants } : {}),
    list: analysis.list || earlier.list,
    multi: analysis.multi || earlier.multi,
  };
}

/** A word without trailing dots and apostrophes or a possessive "'s" ("Dingland's" → Dingland). Linear. */
function bareWord(word: string): string {
  let end = word.length;
  const trim = (): void => {
    while (end > 0 && (word[end - 1] === '.' || word[end - 1] === "'" || word[end - 1] === '’')) end -= 1;
  };
  trim();
  if (end >= 2 && (word[end - 1] === 's' || word[end - 1] === 'S') && (word[end - 2] === "'" || word[end - 2] === '’')) {
    end -= 2;
    trim();
  }
  return word.slice(0, end);
}

/**
 * Names in the question the document never mentions: proper names the dictionary knows and the statement
 * does not use (in Chinese, as words of the question; in English, as names written with a capital, or
 * multi-word names in any case), and capitalised English words the document knows nowhere.
 */
function strangersOf(question: string, analysis: QuestionAnalysis, matches: Matches, ctx: Pick<MatchContext, 'outside' | 'sources' | 'latestYear' | 'writes'>): string[] {
  const { outside } = ctx;
  const { model } = matches;
  const found = new Set<string>();
  const han = /\p{Script=Han}/u.test(question);
  if (han) {
    // The question's words (segmented once for every stage), and, for names jieba does not know as words
    // ("上海合作组织"), every run of three to eight Han characters.
    for (const w of segmentChinese(withoutQuestionWords(question))) {
      // Only a word that begins as some name does is looked up (names of one unit are few and listed).
      const may = w.length >= 2 ? outside.zhStarts.get(w.charCodeAt(0))?.has(w.charCodeAt(1)) === true : outside.zhShort.has(w);
      if (may && outside.zh.has(w)) found.add(w);
    }
    for (const run of question.match(/\p{Script=Han}{3,}/gu) ?? []) {
      for (let i = 0; i + 3 <= run.length; i++) {
        if (outside.zhStarts.get(run.charCodeAt(i))?.has(run.charCodeAt(i + 1)) !== true) continue;
        for (let n = 3; n <= 8 && i + n <= run.length; n++) {
          const sub = run.slice(i, i + n);
          if (outside.zh.has(sub)) found.add(sub);
        }
      }
    }
  }
  const words = question.match(/[A-Za-z][A-Za-z'’.-]*/gu) ?? [];
  for (let i = 0; i < words.length; i++) {
    if (outside.enInitials.has(words[i]![0]!) && outside.en.has(bareWord(words[i]!))) found.add(words[i]!);
    const seconds = outside.enStarts.get(words[i]!.toLowerCase());
    // A name goes on with one of its second words (read as in the phrase below).
    if (seconds === undefined || i + 1 >= words.length || !seconds.has(izationSpelling(words[i + 1]!.toLowerCase()))) continue;
    for (let n = 2; n <= 4 && i + n <= words.length; n++) {
      const phrase = izationSpelling(words.slice(i, i + n).join(' ').toLowerCase());
      if (outside.en.has(phrase)) found.add(phrase);
    }
  }
  const known = (name: string): boolean => {
    // "Gwadar-related", "Pakistan-based": a hyphenated word is known by its capitalised parts.
    const parts = name.split('-').filter((p) => /^[A-Z]/u.test(p));
    if (name.includes('-') && parts.length > 0 && parts.length < name.split('-').length && parts.every(known)) return true;
    const stems = englishStems(name);
    if (stems.length > 0 && stems.every((s) => model.vocabulary.has(`e:${s}`))) return true;
    // An English name the lexicon translates, by a whole definition, to a document term is known
    // ("Gwadar" → 瓜达尔); one word of a longer gloss is not ("India" in the gloss of a historic region).
    const lexicon = ctx.sources.lexicon;
    const key = stems.join(' ');
    const translations = lookupZh(lexicon, key);
    if (translations.some(([t, w]) => w >= WHOLE_DEFINITION && characterCount(t) > 1 && model.find.text.includes(t))) return true;
    return ctx.writes(name.toLowerCase().replace(/[-.'’]+$/u, ''));
  };
  for (const name of analysis.names) if (!/\p{Script=Han}/u.test(name) && !known(name)) found.add(name);
  // A foreign name the dictionary lacks too, spelled as such names are ("阿尔维").
  for (const c of matches.concepts) {
    if (c.own && c.word && c.df === 0 && /^\p{Script=Han}+$/u.test(c.surface) && looksTransliterated(c.surface) && !ctx.sources.knows?.(c.surface)) found.add(c.surface);
  }
  if (han && MAY_NAME_PAIR.test(question)) for (const m of question.matchAll(COUNTRY_PAIR)) if (!model.find.text.includes(m[0])) found.add(m[0]);
  for (const edition of otherEditions(question, model.find)) found.add(edition);
  // A year after the latest the statement names: it cannot speak of what happened then.
  if (ctx.latestYear !== undefined) for (const m of question.matchAll(YEAR)) if (Number(m[0]) > ctx.latestYear) found.add(m[0]);
  return [...found];
}

/** The dictionary spells "-ization"; users also write "organisation". */
function izationSpelling(lower: string): string {
  return lower.includes('isation') ? lower.replace(/isation(s?)\b/gu, 'ization$1') : lower;
}

/** True when `word` occurs in the text as a whole word (not inside a longer one: "sco" is not in "scope"). */
function wordIn(index: SubstringIndex, word: string): boolean {
  if (word.length === 0) return false;
  const { text } = index;
  const isWordChar = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
  for (const at of index.positionsOf(word)) {
    if (!isWordChar(text[at - 1]) && !isWordChar(text[at + word.length])) return true;
  }
  return false;
}

/** The source line as `sourceOnly` reads it: its Chinese text and the terms of its English line. */
interface SourceLine {
  readonly zh: string;
  readonly en: ReadonlySet<string>;
}

/**
 * A question about what only the source line names (its agency: "新华社", "Xinhua") is about the source
 * line: words of the question no sentence holds, found there, weighing more than what the body holds of
 * the question ("新华社报道，双方签署了几项协议？" is about the agreements). Pure.
 */
function sourceOnly(matches: Matches, source: SourceLine): DirectReference | undefined {
  const { zh, en } = source;
  if (!zh && en.size === 0) return undefined;
  let there = 0;
  let body = 0;
  for (const c of matches.concepts) {
    if (!c.own || !c.word || c.kindWord) continue;
    const inSource = c.df === 0 && c.variants.some((v) => (v.substring !== undefined ? characterCount(v.substring) >= 2 && zh.includes(v.substring) : (v.terms ?? []).length > 0 && (v.terms ?? []).every((t) => en.has(t))));
    if (inSource) there += c.weight;
    else if (c.df > 0) body += c.weight;
  }
  return there > 0 && there > body ? { kind: 'source' } : undefined;
}

/** Hybrid retrieval over a loaded index with the matching core. */
export function createRetriever(deps: { index: LoadedIndex; embedder: Embedder; context?: MatchContext }): Omit<Retriever, 'retrieve'> & {
  retrieve(request: RetrieveRequest): Promise<DetailedRetrieval>;
  readonly context: MatchContext;
} {
  const { index, embedder } = deps;
  const ctx = deps.context ?? createMatchContext(index);
  const { model, sources } = ctx;
  const paragraphs = index.statement.paragraphs;
  const n = paragraphs.length;
  // A statement has a few dozen paragraphs: an exact scan over their vectors is faster than a call into
  // the HNSW index (which serves collections large enough to need it), and gives the same cosines.
  const exact = n <= EXACT_SCAN_LIMIT ? byDimension(paragraphs.map((_, i) => normalised(Float32Array.from(index.vectors.getPoint(i))))) : undefined;
  /** Cosine of the query with each paragraph (0 for opposite directions), from the query's non-zero dimensions. */
  const sparseSimilarities = ({ dims, values }: SparseVector): number[] => {
    const out = new Array<number>(n).fill(0);
    if (!exact) {
      const vector = new Float32Array(embedder.dimension);
      dims.forEach((d, k) => (vector[d] = values[k]!));
      return denseSimilarities(vector);
    }
    let norm = 0;
    for (const x of values) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    // Each paragraph's dot product adds the same products in the same order (dimension by dimension).
    const dot = new Array<number>(n).fill(0);
    for (let k = 0; k < dims.length; k++) {
      const x = values[k]!;
      const base = dims[k]! * n;
      for (let i = 0; i < n; i++) dot[i] = dot[i]! + exact[base + i]! * x;
    }
    for (let i = 0; i < n; i++) out[i] = Math.max(0, dot[i]! / norm);
    return out;
  };
  const denseSimilarities = (vector: Float32Array): number[] => {
    // Query vectors of the built-in embedder are sparse: read only their non-zero dimensions.
    if (exact) return sparseSimilarities(nonZero(vector));
    const out = new Array<number>(n).fill(0);
    const { neighbors, distances } = index.vectors.searchKnn(Array.from(vector), n);
    neighbors.forEach((label, i) => (out[label] = Math.max(0, 1 - (distances[i] ?? 1))));
    return out;
  };
  const sourceLine: SourceLine = {
    zh: index.statement.source,
    en: new Set(englishStems(index.statement.sourceEn ?? '').map((s) => `e:${s}`)),
  };
  const unitRange = new Map<number, number[]>();
  model.units.forEach((u, i) => {
    const list = unitRange.get(u.paragraph);
    if (list) list.push(i);
    else unitRange.set(u.paragraph, [i]);
  });

  return {
    context: ctx,
    async retrieve(request: RetrieveRequest): Promise<DetailedRetrieval> {
      const question = request.question.trim();
      const { resolved, context } = resolveFollowUp(question, request.history);
      const analysis = analyzeInContext(question, context);
      const concepts = questionConcepts(analysis, sources, context);
      const matches = matchConcepts(concepts, model);
      const reference = parseReference(question, n) ?? sourceOnly(matches, sourceLine);

      // First stage: BM25 over each paragraph's text, rendering and expansions, and the vector search.
      let bag = queryTerms(analysis.text, sources);
      if (context) bag = mergeTerms(new Map(bag), queryTerms(context, sources), TUNING.contextWeight);
      const anchor = reference?.kind === 'title' ? index.statement.title : reference?.kind === 'source' ? index.statement.source : '';
      if (anchor) bag = mergeTerms(new Map(bag), queryTerms(anchor, sources), 1);
      const lexical = scoreBm25(index.bm25, bag, { idfExponent: TUNING.idfExponent });
      const queryText = anchor ? `${resolved} ${anchor}` : resolved;
      let dense: number[];
      if (embedder.embedQuerySparse !== undefined) dense = sparseSimilarities(embedder.embedQuerySparse(queryText));
      else {
        const [vector] = await embedder.embed([queryText], 'query');
        dense = vector ? denseSimilarities(vector) : new Array<number>(n).fill(0);
      }
      const first = weightedFusion([
        { scores: lexical, weight: TUNING.lexicalWeight },
        { scores: dense, weight: 1 - TUNING.lexicalWeight },
      ]);

      // Second stage: the best first-stage paragraphs, reranked by how well their sentences answer.
      const wanted = wantedContext(analysis, sources);
      const firstOrder = rankOrder(first);
      const firstMax = Math.max(1e-9, first[firstOrder[0] ?? 0] ?? 0);
      const scores = first.map((s) => (s / firstMax) * TUNING.rerankFirstStage);
      const paragraphCoverage = new Array<number>(n).fill(0);
      for (const i of firstOrder.slice(0, TUNING.rerankDepth)) {
        const units = unitRange.get(paragraphs[i]!.number) ?? [];
        let best = 0;
        let typed = 0;
        // Each sentence alone and the paragraph whole, in one pass over the question's concepts.
        const { each, whole } = unitShares(matches, units);
        for (let k = 0; k < units.length; k++) {
          const s = each[k]!;
          if (s > best) {
            best = s;
            typed = analysis.wants === undefined || wanted === undefined ? 0 : wantedStrength(ctx.facts[units[k]!]!, analysis.wants, wanted, ctx.commonNames);
          }
        }
        paragraphCoverage[i] = whole;
        scores[i] = scores[i]! + TUNING.rerankBestSentence * best + TUNING.rerankParagraph * whole + typed * TUNING.rerankTypeBonus;
      }
      let order = rankOrder(scores);
      if (reference?.kind === 'paragraph') {
        const refs = reference.numbers.map((num) => num - 1);
        order = [...refs, ...order.filter((i) => !refs.includes(i))];
      }
      const top = order.slice(0, Math.min(n, Math.max(5, TUNING.topK)));
      const bestScore = Math.max(1e-9, scores[order[0] ?? 0] ?? 0);
      const retrieved = top.map((i) => ({
        paragraph: paragraphs[i]!.number,
        score: Math.round((reference?.kind === 'paragraph' && reference.numbers.includes(i + 1) ? 1 : (scores[i] ?? 0) / bestScore) * 1000) / 1000,
      }));

      const best = order[0] ?? 0;
      const coverage = paragraphCoverage[best]!;
      const topical = topicalShare(matches);
      const strangers = strangersOf(analysis.text, analysis, matches, ctx);
      // Not covered: a name the statement never uses, a thing asked about ("did they mention X?") none of
      // whose words it knows, or too little of the question found — unless most of it is found in one
      // paragraph, however many of the user's own words the statement lacks.
      const covered =
        reference !== undefined ||
        (strangers.length === 0 && !aboutUnknown(matches, analysis.about) && ((coverage >= TUNING.minCoverage && topical >= TUNING.minTopical) || coverage >= TUNING.sureCoverage));
      const result: { -readonly [K in keyof DetailedRetrieval]: DetailedRetrieval[K] } = {
        question,
        resolvedQuestion: resolved,
        lang: analysis.lang,
        retrieved,
        covered,
        analysis,
        matches,
        coverage: Math.round(coverage * 1000) / 1000,
        topical: Math.round(topical * 1000) / 1000,
        strangers,
      };
      // Set when there is one, not spread in: a spread literal cost more than the rest of the object.
      if (reference) result.reference = reference;
      return result;
    },
  };
}

