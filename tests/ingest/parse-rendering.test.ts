import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../src/errors.js';
import { alignRendering, parseRenderingText } from '../../src/ingest/parse-rendering.js';
import { parseParaphrases } from '../../src/ingest/parse-paraphrases.js';
import { parseStatement } from '../../src/ingest/parse-statement.js';
import { quoteEn } from '../../src/text/alignment.js';
import { MADE_UP_EN, MADE_UP_GLOSSARY, MADE_UP_PARAPHRASES, MADE_UP_ZH } from '../helpers/made-up-statement.js';

const statement = parseStatement(MADE_UP_ZH);
const align = (rendering: string) => alignRendering(statement, parseRenderingText(rendering), MADE_UP_GLOSSARY);

function refusal(rendering: string): string {
  try {
    align(rendering);
  } catch (err) {
    expect(err).toBeInstanceOf(DocumentError);
    return (err as Error).message;
  }
  throw new Error('the rendering was accepted');
}

describe('an English rendering that fits', () => {
  const aligned = align(MADE_UP_EN);
  it('attaches one English sentence per Chinese sentence, and the title and source line', () => {
    expect(aligned.paragraphs.map((p) => p.en?.length)).toEqual([1, 3, 2, 1, 1, 1]);
    expect(aligned.titleEn).toBe('Joint Statement of the Republic of Yalan and the Kingdom of Berto');
    expect(aligned.sourceEn).toBe('(Haifeng Agency, Yalan City, 7 May)');
  });
  it('maps a Chinese quote to the rendering of the sentences it touches', () => {
    const p2 = aligned.paragraphs[1]!;
    expect(quoteEn(p2, '林安总统会见欧文首相')).toBe('During the visit, President Lin An met with Prime Minister Owen.');
    expect(quoteEn(p2, '欧文首相。外交部长陈明')).toContain('Foreign Minister Chen Ming');
    expect(quoteEn(p2, '不在段落中')).toBeUndefined();
  });
});

describe('a rendering that does not fit is refused, naming the paragraph', () => {
  it.each([
    ['a missing paragraph', MADE_UP_EN.replace(/^\[6\.1\].*$/mu, ''), /paragraph 6 is missing/],
    ['a paragraph the statement lacks', `${MADE_UP_EN}\n[7.1] An extra paragraph.\n`, /paragraph 7 does not exist/],
    ['a sentence too many', MADE_UP_EN.replace('[3.2]', '[3.2] One more sentence.\n[3.3]'), /paragraph 3 has 2 sentences in the Chinese, 3 in the rendering/],
    ['a changed figure', MADE_UP_EN.replace('signed 12 cooperation', 'signed 21 cooperation'), /paragraph 6 lacks the figure 12/],
    ['a date that lost its day', MADE_UP_EN.replace('from 3 to 7 May', 'in May'), /paragraph 1 lacks the figure 3/],
    ['a name rendered another way', MADE_UP_EN.replace('Foreign Minister Chen Ming', 'Foreign Minister Chen Min'), /paragraph 2 does not render 陈明 as "Chen Ming"/],
    ['sentences out of order', MADE_UP_EN.replace('[2.2]', '[2.4]'), /sentence \[2\.4\] is out of order/],
    ['no title line', MADE_UP_EN.replace(/^title:.*$/mu, ''), /"title:" line is missing/],
    ['a malformed line', `${MADE_UP_EN}\nsomething else\n`, /expected "\[paragraph\.sentence\] text"/],
  ])('%s', (_name, rendering, message) => expect(refusal(rendering)).toMatch(message));
});

describe('paraphrases', () => {
  it('are read per sentence, zh and en items split at |', () => {
    const e = parseParaphrases(MADE_UP_PARAPHRASES, statement);
    expect(e['3.2']).toEqual({ zh: ['淡水厂', '新港区', '医院建设'], en: ['water plant', 'harbour', 'hospital'] });
    expect(Object.keys(e)).toEqual(['3.2', '5.1']);
  });
  it.each([
    ['a label the statement lacks', '[9.1] 没有这句。\nzh: a\n', /\[9\.1\] is not a sentence/],
    ['a sentence that no longer matches', '[5.1] 双方谴责恐怖主义。\nzh: a\n', /\[5\.1\] does not echo the statement's sentence/],
    ['items before any label', 'zh: a | b\n', /before any \[label\]/],
  ])('refuse %s', (_name, text, message) => expect(() => parseParaphrases(text, statement)).toThrow(message));
});
