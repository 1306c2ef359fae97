import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocumentError } from '../../src/errors.js';
import { parseStatement } from '../../src/ingest/parse-statement.js';
import { parseChineseNumeral } from '../../src/text/numerals.js';

describe('parseStatement on the real statement', () => {
  const s = parseStatement(readFileSync('data/statement.zh.txt', 'utf8'));
  it('keeps title, 31 numbered paragraphs and the source line apart', () => {
    expect(s.title).toBe('中华人民共和国和巴基斯坦伊斯兰共和国联合新闻声明');
    expect(s.source).toBe('（新华社北京10月20日电）');
    expect(s.paragraphs).toHaveLength(31);
    expect(s.paragraphs.map((p) => p.number)).toEqual(Array.from({ length: 31 }, (_, i) => i + 1));
  });
  it('strips the number and the full-width indentation, keeps the text exactly', () => {
    expect(s.paragraphs[6]?.text.startsWith('双方认为，瓜达尔港是地区互联互通的重要节点')).toBe(true);
    for (const p of s.paragraphs) expect(p.text).not.toMatch(/^[\s\u3000\d]/u);
  });
});

describe('parseStatement on good documents', () => {
  it.each([
    ['BOM, CRLF, blank lines, trailing spaces', '\ufeff标题\r\n\r\n　　1.第一段。  \r\n　　2.第二段。\r\n\r\n（来源）\r\n', 2, '第一段。'],
    ['numbers with 、', '标题\n1、甲。\n2、乙。\n', 2, '甲。'],
    ['numbers as （一）', '标题\n（一）甲。\n（二）乙。\n（三）丙。\n', 3, '甲。'],
    ['numbers as 一、', '标题\n一、甲。\n二、乙。\n', 2, '甲。'],
    ['full-width period', '标题\n1．甲。\n2．乙。\n', 2, '甲。'],
    ['an English statement', 'Joint Statement\n\n1. The two sides met.\n2. They agreed.\n(Xinhua, Beijing)\n', 2, 'The two sides met.'],
    ['a wrapped paragraph line continues the paragraph', 'Title\n1. The two sides\nmet in Beijing.\n2. Done.\n', 2, 'The two sides met in Beijing.'],
  ])('%s', (_name, text, count, first) => {
    const s = parseStatement(text);
    expect(s.paragraphs).toHaveLength(count);
    expect(s.paragraphs[0]?.text).toBe(first);
  });
  it('reads the source line of an English statement', () => {
    expect(parseStatement('T\n1. A.\n2. B.\n(Xinhua, Beijing)\n').source).toBe('(Xinhua, Beijing)');
  });
  it('does not take a decimal for a paragraph number', () => {
    const s = parseStatement('T\n1. Growth was\n2.5 percent.\n2. Next.\n');
    expect(s.paragraphs).toHaveLength(2);
    expect(s.paragraphs[0]?.text).toBe('Growth was 2.5 percent.');
  });
});

describe('parseStatement refuses malformed documents, naming the line', () => {
  it.each([
    ['a skipped number', '标题\n1.甲。\n3.丙。\n', /line 3: paragraph number 3 skips 2/],
    ['a repeated number', '标题\n1.甲。\n2.乙。\n2.乙。\n', /line 4: paragraph number 2 is repeated/],
    ['out of order', '标题\n1.甲。\n2.乙。\n3.丙。\n1.甲。\n', /line 5: paragraph number 1 is (repeated|out of order)/],
    ['no numbered paragraphs', '只有一行标题\n', /no numbered paragraphs/],
    ['an empty file', '', /no numbered paragraphs/],
    ['text after the source line', '标题\n1.甲。\n（来源）\n多余的话\n', /line 4: unexpected text after the source line/],
  ])('%s', (_name, text, message) => {
    expect(() => parseStatement(text)).toThrow(DocumentError);
    expect(() => parseStatement(text)).toThrow(message);
  });
});

describe('parseChineseNumeral', () => {
  it.each([
    ['一', 1], ['十', 10], ['十二', 12], ['二十', 20], ['二十一', 21], ['三十一', 31], ['一百零三', 103], ['abc', undefined], ['', undefined],
  ])('%s → %s', (s, n) => expect(parseChineseNumeral(s)).toBe(n));
});
