import { segmentChinese, sentenceOffsets } from '../text/segment.js';
import { dropExcluded } from '../text/drop-excluded.js';
import type { Lang, Lexicon, Paragraph } from '../types.js';

/*
 * The scoring half of the extractive answerer: pure functions that cut the statement into
 * sentences, turn a question into weighted "concepts" and measure how much of the question a
 * sentence covers. Kept apart from the wording of answers so each piece can be tested alone.
 */

/** One sentence of a paragraph, with its offsets in the paragraph text (so quotes stay exact). */
export interface SentenceUnit {
  readonly paragraph: number;
  /** Position of the sentence in its paragraph, 0-based. */
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Something the question asks about, matched when any of its variants occurs in a sentence:
 * a Chinese word or bigram (one variant), or an English word/phrase with its Chinese translations.
 */
export interface Concept {
  readonly key: string;
  /** Document strings that express the concept, most likely first. */
  readonly variants: readonly string[];
  /** Multiplier on the concept's IDF weight (bigrams count less than words). */
  readonly boost: number;
  /**
   * Two-character variants must occur as a word of the text, not across a word boundary: a
   * dictionary translation of "China" (国航, Air China) must not match inside 两国航天.
   */
  readonly wholeWord?: boolean;
  /** Part of the topic the question announces ("关于克什米尔和台湾问题，…"). */
  readonly topic?: boolean;
  /** Variants from this index on are only parts of the concept (a phrase's single words) and earn half. */
  readonly partsFrom?: number;
}

/** A concept with its weight over the statement; concepts the statement never contains are dropped. */
export interface WeightedConcept extends Concept {
  readonly weight: number;
  /** Weight earned by each variant when matched: later (less likely) translations earn less. */
  readonly variantWeights: readonly number[];
}

export interface Coverage {
  /** Share of the question's total weight matched, 0..1. */
  readonly coverage: number;
  /** Keys of the matched concepts. */
  readonly matched: ReadonlySet<string>;
}

export interface QuestionIntent {
  /** Asks for the items of a list ("有哪些", "哪几种", "which projects"): quote enumerations whole. */
  readonly list: boolean;
  /** The answer is spread over several places ("声明中哪些地方", "分别", "where does the statement"). */
  readonly multi: boolean;
  /** Asks for names ("全称", "full names"): a title answer may add the paragraph that spells them out. */
  readonly names: boolean;
  /** Asks two or more things ("…多少年了？目前进入了什么阶段？", "…, and what…"): parts may sit in different paragraphs. */
  readonly compound: boolean;
}

/** Splits a paragraph into sentences with their offsets; the texts are exact slices of the paragraph. */
export function splitParagraphUnits(paragraph: Paragraph): SentenceUnit[] {
  return sentenceOffsets(paragraph.text).map(({ start, end }, index) => ({
    paragraph: paragraph.number,
    index,
    start,
    end,
    text: paragraph.text.slice(start, end),
  }));
}

// Words that frame a question without naming its topic, and function words.
const ZH_STOPWORDS = new Set(
  `什么 哪些 哪个 哪种 哪几种 哪几 哪两 哪两种 哪三 哪里 哪儿 哪 谁 如何 怎样 怎么 怎么样 为何 为什么 是否 多少 几 几种 几项 几个
   吗 呢 吧 啊 了 的 地 得 之 是 在 和 与 及 或 对 把 被 将 有 没有 都 也 还 又 就 等 以及 其 该 这 那 这些 那些 此 其中
   分别 各自 一共 共 声明 声明中 联合声明 文件 提到 提及 涉及 表示 指出 说 讲 讲到 谈到 表述 内容 关于 方面 问题 地方 哪些地方 上 下 里 中
   作 作出 进行 如何看待 看待 打算 据 根据 按照 以来 此次 这次 本次 目前 是不是 有没有 一下 请 请问 介绍 具体 主要 包括 哪些方面`
    .split(/\s+/)
    .filter(Boolean),
);

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;

/** Concepts of Chinese (or mixed) text: jieba words of two or more characters, character bigrams, numbers. */
export function chineseConcepts(text: string): Concept[] {
  const out = new Map<string, Concept>();
  const tokens = segmentChinese(text).map((t) => t.trim());
  // Search-mode segmentation also yields the pieces of long words (巴基 基斯 巴基斯 基斯坦 巴基斯坦):
  // only the longest count as words, or one name would weigh five times; bigrams match the pieces.
  const words = tokens.filter((w) => [...w].length >= 2 && HAN.test(w) && !ZH_STOPWORDS.has(w));
  for (const raw of tokens) {
    const word = raw.trim();
    if (ZH_STOPWORDS.has(word)) continue;
    if (/^\d+$/.test(word)) {
      out.set(`n:${word}`, { key: `n:${word}`, variants: [word], boost: 1 });
      continue;
    }
    if ([...word].length < 2 || !HAN.test(word)) continue;
    if (words.some((w) => w.length > word.length && w.includes(word))) continue;
    out.set(`w:${word}`, { key: `w:${word}`, variants: [word], boost: 1 });
  }
  for (const run of text.match(HAN_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) {
      const a = chars[i] ?? '';
      const b = chars[i + 1] ?? '';
      const bigram = a + b;
      // A bigram made only of question words ("哪些", "是否") says nothing; one equal to a word is counted already.
      if (ZH_STOPWORDS.has(bigram) || (ZH_STOPWORDS.has(a) && ZH_STOPWORDS.has(b)) || out.has(`w:${bigram}`)) continue;
      out.set(`b:${bigram}`, { key: `b:${bigram}`, variants: [bigram], boost: 0.5 });
    }
  }
  return [...out.values()];
}

const EN_STOPWORDS = new Set(
  `a an the and or but if of to in on at by for with from as is are was were be been being am do does did done have has had
   this that these those it its they them their there here what which who whom whose when where why how whether not no so than
   very can could will would shall should may might must about into over under all any both each more most other some such only
   also i me my we our you your he him his she her us statement document paragraph paragraphs according say says said mention
   mentions mentioned describe describes described characterize tell sides side regarding way ways kind kinds two
   between among speak speaks spoke talk talks play plays time times report reported named give gave make made take
   took get got thing things`
    .split(/\s+/)
    .filter(Boolean),
);

/** Lower-cased English words of a text, keeping inner dots and hyphens ("d.i.", "ml-1", "counter-terrorism"). */
export function englishTokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+(?:[.'’-][a-z0-9]+)*\.?/g) ?? []).map((w) => w.replace(/['’]s$/, ''));
}

/** Longest English phrase looked up, in words ("community with a shared future" is five). */
const MAX_PHRASE_WORDS = 6;
const MAX_VARIANTS = 8;

/**
 * Concepts of an English question: its words and phrases mapped to the document's Chinese terms
 * through the lexicon, longest phrase first ("belt and road" before "road"), plus any Chinese it
 * contains and its numbers. Words the lexicon does not know are left out (nothing to match on).
 */
export function englishConcepts(text: string, lexicon: Lexicon | undefined): Concept[] {
  const out = new Map<string, Concept>();
  const words = englishTokens(text);
  const used = new Array<boolean>(words.length).fill(false);
  if (lexicon) {
    for (let n = MAX_PHRASE_WORDS; n >= 1; n--) {
      for (let i = 0; i + n <= words.length; i++) {
        if (used.slice(i, i + n).some(Boolean)) continue;
        const span = words.slice(i, i + n);
        const first = span[0] ?? '';
        const last = span[span.length - 1] ?? '';
        if (EN_STOPWORDS.has(first) || EN_STOPWORDS.has(last) || /^\d+$/.test(first)) continue;
        const phrase = span.join(' ');
        const variants = lookup(lexicon, phrase);
        if (variants.length === 0) continue;
        for (let j = i; j < i + n; j++) used[j] = true;
        // The words of a phrase, as weaker variants: "Jammu and Kashmir" also matches a bare 克什米尔.
        const parts = n > 1 ? span.filter((w) => !EN_STOPWORDS.has(w)).flatMap((w) => lookup(lexicon, w)) : [];
        addEnglishConcept(out, phrase, variants, parts, n > 1 ? PHRASE_BOOST : 1);
      }
    }
  }
  for (const w of words) if (/^\d+$/.test(w)) out.set(`n:${w}`, { key: `n:${w}`, variants: [w], boost: 1 });
  for (const c of chineseConcepts((text.match(HAN_RUN) ?? []).join(' '))) out.set(c.key, c);
  return [...out.values()];
}

/** A matched multi-word phrase is a surer translation than a single word. */
const PHRASE_BOOST = 1.5;

function addEnglishConcept(out: Map<string, Concept>, phrase: string, variants: readonly string[], parts: readonly string[], boost: number): void {
  // A single character is an ambiguous translation ("many" → 多): used only when nothing longer is offered.
  const keep = (list: readonly string[]): string[] => {
    const unique = [...new Set(list)];
    const multiChar = unique.filter((v) => [...v].length > 1);
    return multiChar.length > 0 ? multiChar : unique;
  };
  const whole = keep(variants).slice(0, MAX_VARIANTS);
  const pieces = keep(parts).filter((v) => !whole.includes(v) && [...v].length > 1).slice(0, MAX_VARIANTS);
  const multiChar = whole.some((v) => [...v].length > 1);
  out.set(`e:${phrase}`, {
    key: `e:${phrase}`,
    variants: [...whole, ...pieces],
    boost: multiChar ? boost : 0.3,
    wholeWord: true,
    ...(pieces.length > 0 ? { partsFrom: whole.length } : {}),
  });
}

// Plural and inflected forms the dictionary may only know in their base form; hyphenated words
// ("counter-terrorism") may only be known in parts.
function lookup(lexicon: Lexicon, phrase: string): readonly string[] {
  const direct = lexicon.toChinese(phrase);
  if (direct.length > 0 || phrase.includes(' ')) return direct;
  if (phrase.includes('-')) {
    const spaced = lexicon.toChinese(phrase.replace(/-/g, ' '));
    if (spaced.length > 0) return spaced;
    const parts = phrase.split('-').filter((w) => w.length >= 4 && !EN_STOPWORDS.has(w));
    return parts.flatMap((w) => lookup(lexicon, w));
  }
  const bases = [
    phrase.replace(/ies$/, 'y'),
    phrase.replace(/es$/, ''),
    phrase.replace(/s$/, ''),
    phrase.replace(/ing$/, ''),
    phrase.replace(/ed$/, ''),
    // British spellings the dictionary has in American form.
    phrase.replace(/ence$/, 'ense'),
    phrase.replace(/our$/, 'or'),
    phrase.replace(/is(e|ed|es|ing|ation)$/, 'iz$1'),
    phrase.replace(/tre$/, 'ter'),
  ];
  for (const base of bases) {
    if (base !== phrase && base.length >= 3) {
      const found = lexicon.toChinese(base);
      if (found.length > 0) return found;
    }
  }
  return [];
}


/** The topic a question announces up front ("关于航天领域，…", "Regarding Gwadar, …"), if any. */
export function questionTopic(question: string): string | undefined {
  const zh = /^(?:关于|对于|就|在)([^，,。？?]{2,16}?)(?:领域|方面|问题)?(?:上)?[，,]/u.exec(question.trim());
  if (zh) return zh[1];
  const en = /^(?:regarding|concerning|about|as for|as to|with regard to|on the subject of)\s+([^,?]{2,60}),/iu.exec(question.trim());
  return en?.[1];
}

/** How much more the concepts of an announced topic weigh than the rest of the question. */
const TOPIC_BOOST = 2;

/**
 * The question's concepts in the language it is written in: excluded topics removed, an announced
 * topic weighted up.
 */
export function questionConcepts(question: string, lang: Lang, lexicon?: Lexicon): Concept[] {
  const of = (text: string): Concept[] => (lang === 'zh' ? chineseConcepts(text) : englishConcepts(text, lexicon));
  const q = dropExcluded(question);
  const concepts = of(q);
  const topic = questionTopic(q);
  if (topic === undefined) return concepts;
  const topical = new Set(of(topic).map((c) => c.key));
  return concepts.map((c) => (topical.has(c.key) ? { ...c, boost: c.boost * TOPIC_BOOST, topic: true } : c));
}

/**
 * Inverse document frequency over a set of texts (the statement's sentences): `ln((N+1)/(df+0.5))`,
 * 0 for strings no text contains. Memoised, since the same terms are looked up for every question.
 */
export function createIdf(texts: readonly string[]): (term: string) => number {
  const cache = new Map<string, number>();
  const n = texts.length;
  return (term) => {
    let v = cache.get(term);
    if (v === undefined) {
      const df = texts.reduce((k, t) => (t.includes(term) ? k + 1 : k), 0);
      v = df === 0 ? 0 : Math.log((n + 1) / (df + 0.5));
      // Only the statement's own terms are remembered (a bounded set); users' other words are not.
      if (df > 0) cache.set(term, v);
    }
    return v;
  };
}

/** What matching only a part of a phrase ("Kashmir" of "Jammu and Kashmir") earns. */
const PART_FACTOR = 0.5;

/**
 * Weighs concepts by IDF. A concept with several variants (an English word's translations) weighs
 * what its most common variant in the statement weighs: "projects" (项目, 工程) is a common notion
 * even if one rare translation exists. Later (less likely) variants earn a little less when matched.
 */
export function weighConcepts(concepts: readonly Concept[], idf: (term: string) => number): WeightedConcept[] {
  const out: WeightedConcept[] = [];
  for (const c of concepts) {
    const idfs = c.variants.map(idf);
    const present = idfs.filter((v) => v > 0);
    if (present.length === 0) continue;
    const whole = c.partsFrom === undefined ? idfs : idfs.slice(0, c.partsFrom);
    const wholePresent = whole.filter((v) => v > 0);
    const weight = Math.min(...(wholePresent.length > 0 ? wholePresent : present)) * c.boost;
    const variantWeights = idfs.map((v, i) =>
      v <= 0 ? 0 : c.partsFrom !== undefined && i >= c.partsFrom ? weight * PART_FACTOR : weight * (i === 0 ? 1 : i < 3 ? 0.85 : 0.7),
    );
    out.push({ ...c, weight, variantWeights });
  }
  return out;
}

/**
 * How much of the question (its weighted concepts) a text covers. `words` (the text's jieba words)
 * enables the whole-word check of concepts that ask for it.
 */
export function scoreText(text: string, concepts: readonly WeightedConcept[], words?: ReadonlySet<string>): Coverage {
  let total = 0;
  let got = 0;
  const matched = new Set<string>();
  for (const c of concepts) {
    total += c.weight;
    let best = 0;
    c.variants.forEach((v, i) => {
      const w = c.variantWeights[i] ?? 0;
      if (w <= best || !text.includes(v)) return;
      if (c.wholeWord && words && [...v].length <= 2 && !words.has(v)) return;
      best = w;
    });
    if (best > 0) {
      got += best;
      matched.add(c.key);
    }
  }
  return { coverage: total > 0 ? got / total : 0, matched };
}

/** True for concepts that stand for a whole word or term (not a character bigram). */
export function isWordConcept(key: string): boolean {
  return !key.startsWith('b:');
}

/**
 * The heaviest word concepts among `matched`: what a question is about at heart ("恐怖主义" in
 * "声明中哪些地方涉及恐怖主义问题"). Any further paragraph cited must mention one of them.
 */
export function anchorConcepts(matched: Iterable<string>, concepts: readonly WeightedConcept[], share = 0.7): Set<string> {
  const set = new Set(matched);
  const words = concepts.filter((c) => set.has(c.key) && isWordConcept(c.key));
  const max = Math.max(0, ...words.map((c) => c.weight));
  return new Set(words.filter((c) => c.weight >= share * max).map((c) => c.key));
}

/** The share of the question's weight carried by concepts in `keys`. */
export function weightOf(keys: Iterable<string>, concepts: readonly WeightedConcept[]): number {
  const set = new Set(keys);
  let total = 0;
  let got = 0;
  for (const c of concepts) {
    total += c.weight;
    if (set.has(c.key)) got += c.weight;
  }
  return total > 0 ? got / total : 0;
}

/** What kind of answer the question wants; plain pattern tests on its wording. */
export function detectIntent(question: string, lang: Lang): QuestionIntent {
  const q = question.toLowerCase();
  const compound = splitQuestion(question).length > 1;
  if (lang === 'zh') {
    return {
      compound,
      list: /哪些|哪几|哪两|哪三|哪四|几种|几项|几个|几类|有什么|包括什么|包含什么|列举/u.test(q),
      multi: /哪些地方|哪几处|几处|多处|分别|各自|哪些段|哪几段|哪些部分|在哪里提到|哪些场合|几次/u.test(q),
      names: /全称|名称|国名|正式名|名字/u.test(q),
    };
  }
  return {
    compound,
    list: /\bwhich\b|\bwhat (?:areas|fields|sectors|projects|issues|products|measures|steps|kinds?|types?|topics|things)\b|\bhow many\b|\blist\b|\bname the\b/.test(q),
    multi: /\bwhere (?:does|do|did|is|are|in)\b|\beach\b|\brespectively\b|\bin (?:which|what) (?:places|parts|paragraphs|contexts)\b|\bwhich\b.*\b(?:issues|places|parts|paragraphs|passages|topics)\b|\bbesides\b|\bevery (?:place|time)\b|\bhow many times\b/.test(
      q,
    ),
    names: /\bnames?\b|\bcalled\b/.test(q),
  };
}

/** Splits a question into its parts ("…多少年了？目前进入了什么阶段？" → two parts). */
export function splitQuestion(question: string): string[] {
  return question
    .split(/[？?；;]+|(?:，|,)\s*(?:以及|并且|还有|另外|and (?=what|how|which|who|where|when|why|whether|is|are|do|does|did))/iu)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Clause boundaries inside a sentence: after '，' '：' (and '；', though sentences already end there). */
function clauseEnds(sentence: string): number[] {
  const ends: number[] = [];
  for (let i = 0; i < sentence.length; i++) if ('，：；'.includes(sentence[i] ?? '')) ends.push(i + 1);
  if (ends[ends.length - 1] !== sentence.length) ends.push(sentence.length);
  return ends;
}

/**
 * The shortest run of whole clauses of a long sentence that keeps (nearly) all of what the sentence
 * matched of the question; offsets relative to the sentence, trailing comma dropped. Returns the whole
 * sentence when no shorter run keeps at least `keep` of its coverage.
 */
export function bestClauseWindow(
  sentence: string,
  concepts: readonly WeightedConcept[],
  keep = 0.9,
): { start: number; end: number } {
  const full = scoreText(sentence, concepts).coverage;
  const ends = clauseEnds(sentence);
  const starts = [0, ...ends.slice(0, -1)];
  let best = { start: 0, end: sentence.length };
  if (full <= 0) return best;
  for (let i = 0; i < starts.length; i++) {
    for (let j = i; j < ends.length; j++) {
      const start = starts[i] ?? 0;
      let end = ends[j] ?? sentence.length;
      const slice = sentence.slice(start, end);
      if (scoreText(slice, concepts).coverage < keep * full) continue;
      end = start + slice.replace(/[，：；]$/u, '').length;
      if (end - start < best.end - best.start) best = { start, end };
      break; // longer windows from the same start are no shorter
    }
  }
  return best;
}

export { dropExcluded };
