import { englishWords, isStopword, stem } from './english.js';
import { englishToChinese, type LexiconData } from './lexicon.js';
import { segmentChinese } from './segment.js';

/** A bag of weighted features: `w:` words, `b:` character bigrams, `e:` English stems. */
export type Features = Map<string, number>;
/** Features only read, never changed (those of a question may be shared between callers). */
export type FeatureBag = ReadonlyMap<string, number>;

// Words that appear in questions but say nothing about the topic.
const ZH_QUESTION_WORDS = new Set(
  `什么 哪些 哪个 哪种 哪几种 哪几 哪两 哪两种 哪里 哪儿 如何 怎样 怎么 怎么样 为何 为什么 是否 多少 几 几种 几项 吗 呢 吧 了 的 地 得 之
   是 在 和 与 及 或 对 把 被 将 有 没有 都 也 还 又 就 等 以及 其 该 这 那 这些 那些 此 哪 谁 分别 一共 共 声明 中 提到 提及 表示 指出 说 讲
   关于 方面 问题 上 下 里 作 作出 进行 如何看待 看待 打算 通过 途径 认为 以来 此次 这次 本次`
    .split(/\s+/)
    .filter(Boolean),
);

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;

function bump(f: Features, key: string, w: number): void {
  f.set(key, (f.get(key) ?? 0) + w);
}

/** Features of Chinese (or mixed) text: jieba words and character bigrams within runs of Han characters. */
export function chineseFeatures(text: string, options: { dropQuestionWords?: boolean; weight?: number } = {}): Features {
  const f: Features = new Map();
  const w = options.weight ?? 1;
  for (const word of segmentChinese(text)) {
    const t = word.trim();
    if (t.length === 0 || !HAN.test(t)) continue;
    if (options.dropQuestionWords && ZH_QUESTION_WORDS.has(t)) continue;
    bump(f, `w:${t}`, w);
  }
  for (const run of text.match(HAN_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) {
      const bg = chars[i]! + chars[i + 1]!;
      if (options.dropQuestionWords && (ZH_QUESTION_WORDS.has(bg) || ZH_QUESTION_WORDS.has(chars[i]!) && ZH_QUESTION_WORDS.has(chars[i + 1]!))) continue;
      // Bigrams weigh as much as words: they carry paraphrases that segmentation splits differently.
      bump(f, `b:${bg}`, w);
    }
  }
  return f;
}

/** The question's Chinese content words (jieba), without question words and single characters. */
export function questionWords(text: string): string[] {
  return [...new Set(segmentChinese(text).map((w) => w.trim()))].filter(
    (w) => [...w].length > 1 && /^\p{Script=Han}+$/u.test(w) && !ZH_QUESTION_WORDS.has(w),
  );
}

function englishFeatures(text: string, weight = 1): Features {
  const f: Features = new Map();
  for (const word of englishWords(text)) {
    if (isStopword(word)) continue;
    bump(f, `e:${stem(word)}`, weight);
  }
  return f;
}

function merge(into: Features, from: Features, scale = 1): Features {
  for (const [k, v] of from) bump(into, k, v * scale);
  return into;
}

// Translated terms are the document's own words, a few thousand at most: segment each once per process.
const termCache = new Map<string, Features>();
function termFeatures(term: string): Features {
  let f = termCache.get(term);
  if (!f) {
    f = chineseFeatures(term);
    if (termCache.size < 20_000) termCache.set(term, f);
  }
  return f;
}

/** Features of a paragraph (the indexed side). */
export function passageFeatures(text: string): Features {
  return merge(chineseFeatures(text), englishFeatures(text));
}

/**
 * Features of a question (the query side): its Chinese words and bigrams, its English words, and the
 * document terms its English words translate to through the lexicon, weighted by translation confidence.
 */
export function questionFeatures(question: string, lexicon: LexiconData | undefined): FeatureBag {
  // Retrieval and the built-in embedder read the same question's features: compute them once.
  const memo = lexicon ? recent.get(lexicon) : undefined;
  const known = memo?.get(question);
  if (known) return known;
  const f = computeQuestionFeatures(question, lexicon);
  if (lexicon) {
    const m = memo ?? new Map<string, Features>();
    if (!memo) recent.set(lexicon, m);
    if (m.size >= 64) m.delete(m.keys().next().value as string);
    m.set(question, f);
  }
  return f;
}

const recent = new WeakMap<LexiconData, Map<string, Features>>();

function computeQuestionFeatures(question: string, lexicon: LexiconData | undefined): Features {
  const f = chineseFeatures(question, { dropQuestionWords: true });
  merge(f, englishFeatures(question));
  if (lexicon && /[A-Za-z]/.test(question)) {
    for (const { term, weight } of englishToChinese(question, lexicon)) {
      // One English word is one piece of evidence, however many sub-words and bigrams its translation
      // splits into (巴基斯坦 gives eight, 南海 two): damp the long ones.
      const parts = termFeatures(term);
      merge(f, parts, weight * Math.sqrt(2 / Math.max(2, parts.size)));
    }
  }
  return f;
}
