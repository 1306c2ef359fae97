import { idf, type Bm25Index } from './bm25.js';
import type { FeatureBag } from '../text/features.js';
import type { NameKind } from '../text/lexicon.js';

/**
 * The share of a question's information (IDF-weighted features) that a paragraph contains. Features the
 * document never uses count at full weight, so a question about something absent scores low. Pure.
 */
export function queryCoverage(index: Bm25Index, query: FeatureBag, doc: number): number {
  let total = 0;
  let hit = 0;
  for (const [feature, qw] of query) {
    const w = idf(index, feature) * qw;
    total += w;
    if (index.postings[feature]?.some(([d]) => d === doc)) hit += w;
  }
  return total > 0 ? hit / total : 0;
}

/**
 * The kind of fact a question asks for, when that kind can be checked in the text: an amount, a date,
 * a place (a city), or a name (who; the name of a body). `other` is not checked.
 */
export type AnswerType = 'amount' | 'date' | 'place' | 'name' | 'other';

const AMOUNT_QUESTION =
  /多少(钱|资金|金额|亿|万)|金额|总额|投资额|总投资|价值|规模|资金|how much (money|funding|did|was|is|has|will)|total (value|amount|cost|investment)|\bvalue of\b|\bworth\b|\bcost\b|\bbudget\b|\bdollars?\b|\bsize of\b/u;
const DATE_QUESTION =
  /几月|哪天|哪一天|日期|什么时候|何时|哪一年|哪年|\bwhat date\b|\bwhich date\b|\bon what day\b|\bwhen (did|was|will|is|are|were)\b|\bwhat year\b|\bwhich month\b/u;
const PLACE_QUESTION = /城市|哪座城|哪个省|哪些省|\b(which|what) (cit(y|ies)|towns?|provinces?)\b|\bin what city\b/u;
const NAME_QUESTION =
  /谁|哪位|哪些人|叫什么|什么名字|名称|负责人|\bwho\b|\bwhom\b|\bwhose\b|\bname of\b|\bnamed?\b|\bcalled\b|\b(which|what)(?: [a-z-]+){0,2} (agenc(y|ies)|universit(y|ies)|compan(y|ies)|firms?|banks?|institutions?|organi[sz]ations?|ministr(y|ies)|officials?|ministers?|persons?|people)\b/u;

/** What kind of fact a question asks for, when that kind is easy to check for in the text. Pure. */
export function answerType(question: string): AnswerType {
  const q = question.toLowerCase();
  if (AMOUNT_QUESTION.test(q)) return 'amount';
  if (DATE_QUESTION.test(q)) return 'date';
  if (PLACE_QUESTION.test(q)) return 'place';
  if (NAME_QUESTION.test(q)) return 'name';
  return 'other';
}

const AMOUNT_IN_TEXT = /\d+(\.\d+)?\s*(亿|万|千)?\s*(元|美元|卢比|人民币|美金)|(亿|万)(元|美元)|\$\s*\d|\bdollars?\b|\bUSD\b|\bRMB\b/iu;
const DATE_IN_TEXT = /\d{1,4}\s*年|\d{1,2}\s*月\s*\d{0,2}\s*日?|[一二三四五六七八九十]+月/u;

/** Proper nouns a paragraph holds that could answer a place or name question (already not in the question). */
export interface NameEvidence {
  readonly places: readonly string[];
  readonly names: readonly string[];
}

/**
 * True when the paragraph holds the kind of fact asked for: any amount, any date, or — given the
 * candidate names — a place or name the question does not already contain. Without name evidence
 * (an index built before name kinds) place and name questions pass. Pure.
 */
export function textHasAnswerType(text: string, type: AnswerType, evidence?: NameEvidence): boolean {
  if (type === 'amount') return AMOUNT_IN_TEXT.test(text);
  if (type === 'date') return DATE_IN_TEXT.test(text);
  if (type === 'place') return evidence ? evidence.places.some((p) => text.includes(p)) : true;
  if (type === 'name') return evidence ? [...evidence.names, ...evidence.places].some((p) => text.includes(p)) : true;
  return true;
}

/**
 * The proper nouns that may answer a question: those of the document that the question does not name
 * itself (in its text or its translated terms) and that are specific — named in at most `maxParagraphs`
 * paragraphs, so "China" and "Pakistan", which every paragraph names, answer no "who". Pure.
 */
export function candidateNames(input: {
  kinds: Readonly<Record<string, NameKind>>;
  paragraphCount: Readonly<Record<string, number>>;
  question: string;
  questionTerms: ReadonlySet<string>;
  maxParagraphs?: number;
}): NameEvidence {
  const max = input.maxParagraphs ?? 3;
  const places: string[] = [];
  const names: string[] = [];
  for (const [term, kind] of Object.entries(input.kinds)) {
    if ((input.paragraphCount[term] ?? 0) > max) continue;
    if (input.question.includes(term) || input.questionTerms.has(term)) continue;
    (kind === 'place' ? places : names).push(term);
  }
  return { places, names };
}

// Nouns that name the kind of answer wanted, not its topic: "中方的立场是什么" asks about a stance.
const META_FOCUS = new Set(
  `立场 态度 作用 意义 目的 内容 情况 看法 评价 措施 成果 进展 原因 方式 办法 关系 地位 定位 结果 表述 回应 反应 计划 安排 原则 领域 方面 项目 问题 主张 观点 共识 目标 重点 意见 要求 承诺 举措 表态 名称 名字 时间 地点 城市 日期 负责人`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * The thing a Chinese question asks the value of — "X的规模是多少" → "规模", "每年的开放期是几月" → "开放期",
 * "北京的天气怎么样" → "天气" — unless it only names the kind of answer (立场, 情况…). Pure.
 */
export function focusTerm(question: string): string | undefined {
  const m = /的(\p{Script=Han}{2,4}?)(?:是多少|有多少|有多大|有多长|是几|是什么|是哪|怎么样|如何)/u.exec(question);
  const focus = m?.[1];
  return focus && !META_FOCUS.has(focus) ? focus : undefined;
}

/**
 * The share of a question's content words that the document knows at all: a Chinese word it contains
 * (or all of whose bigrams it contains), an English word that translates to one of its terms. A question
 * on another subject ("What is the capital of France?") shares few; 1 when there are no content words. Pure.
 */
export function topicalShare(input: {
  readonly chineseWords: readonly string[];
  readonly englishWords: readonly string[];
  readonly translatedWords: ReadonlySet<string>;
  readonly known: (feature: string) => boolean;
}): number {
  let total = 0;
  let matched = 0;
  for (const word of input.chineseWords) {
    const chars = [...word];
    total += 1;
    const bigrams = chars.slice(0, -1).map((c, i) => `b:${c}${chars[i + 1]}`);
    if (input.known(`w:${word}`) || (bigrams.length > 0 && bigrams.every(input.known))) matched += 1;
  }
  for (const word of input.englishWords) {
    total += 1;
    if (input.translatedWords.has(word) || input.known(`e:${word}`)) matched += 1;
  }
  return total === 0 ? 1 : matched / total;
}

/**
 * Capitalised words inside an English question (names: "France", "FIFA") that the document does not
 * know. A question about a name the statement never mentions is not covered by it. Pure.
 */
export function unknownNames(question: string, isKnown: (word: string) => boolean): string[] {
  const out: string[] = [];
  // Quoted titles ('Like the Fragrant Hills: …') are capitalised as titles, not as names.
  const unquoted = question.replace(/(["“‘'])[^"”’']*["”’']/g, ' ');
  const sentences = unquoted.split(/(?<=[.?!])\s+/);
  for (const sentence of sentences) {
    const words = sentence.match(/[A-Za-z][A-Za-z'’-]*/g) ?? [];
    words.forEach((word, i) => {
      // The first word of a sentence is capitalised anyway; "I" is no name.
      if (i === 0 || word.length < 3 || !/^[A-Z]/.test(word)) return;
      if (!isKnown(word)) out.push(word);
    });
  }
  return out;
}
