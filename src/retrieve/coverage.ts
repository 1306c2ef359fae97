import { idf, type Bm25Index } from './bm25.js';
import type { Features } from '../text/features.js';

/**
 * The share of a question's information (IDF-weighted features) that a paragraph contains. Features the
 * document never uses count at full weight, so a question about something absent scores low. Pure.
 */
export function queryCoverage(index: Bm25Index, query: Features, doc: number): number {
  let total = 0;
  let hit = 0;
  for (const [feature, qw] of query) {
    // Bigrams overlap words; count words and English stems fully, bigrams at half.
    const w = idf(index, feature) * qw;
    total += w;
    if (index.postings[feature]?.some(([d]) => d === doc)) hit += w;
  }
  return total > 0 ? hit / total : 0;
}

export type AnswerType = 'amount' | 'date' | 'name-list' | 'other';

/** What kind of fact a question asks for, when that kind is easy to check for in the text. Pure. */
export function answerType(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/多少(钱|资金|金额|亿|万)|金额|总额|投资额|总投资|价值|规模|资金|how much (money|funding|did|was|is|has|will)|total (value|amount|cost|investment)|\bvalue of\b|\bworth\b|\bcost\b|\bbudget\b|\bdollars?\b|\bsize of\b/u.test(q)) {
    return 'amount';
  }
  if (/几月|哪天|哪一天|日期|什么时候|何时|哪一年|哪年|\bwhat date\b|\bwhich date\b|\bon what day\b|\bwhen (did|was|will|is)\b|\bwhat year\b|\bwhich month\b/u.test(q)) return 'date';
  return 'other';
}

const AMOUNT_IN_TEXT = /\d+(\.\d+)?\s*(亿|万|千)?\s*(元|美元|卢比|人民币|美金)|(亿|万)(元|美元)|\$\s*\d|\bdollars?\b|\bUSD\b|\bRMB\b/iu;
const DATE_IN_TEXT = /\d{1,4}\s*年|\d{1,2}\s*月\s*\d{0,2}\s*日?|[一二三四五六七八九十]+月/u;

/** True when the paragraph holds the kind of fact asked for (any amount, any date). Pure. */
export function textHasAnswerType(text: string, type: AnswerType): boolean {
  if (type === 'amount') return AMOUNT_IN_TEXT.test(text);
  if (type === 'date') return DATE_IN_TEXT.test(text);
  return true;
}
