import { describe, expect, it } from 'vitest';
import { answerLanguage } from '../../../src/answer/claims/language.js';
import { findQuotes, foldEnglish, quotePieces } from '../../../src/answer/claims/quotes.js';
import { saysNotGiven } from '../../../src/answer/claims/refusal.js';
import { REFUSAL } from '../../../src/answer/prompt.js';

describe('findQuotes', () => {
  it.each<[string, string[]]>([
    ['称其为“铁杆”兄弟', ['铁杆']],
    ['「一」和『二』和《协议》', ['一', '二', '协议']],
    ['called it "iron brothers" and "all-weather"', ['iron brothers', 'all-weather']],
    ["Pakistan’s view and China’s", []],
    ['‘中巴’关系', ['中巴']],
    ['“never closed', []],
    ['“line\nbreak”', []],
  ])('%j → %j', (text, expected) => {
    expect(findQuotes(text).map((q) => q.text)).toEqual(expected);
  });

  it('splits a quote at ellipses and trims its punctuation', () => {
    expect(quotePieces('加快推进……建设。')).toEqual(['加快推进', '建设']);
    expect(quotePieces('a ... b c')).toEqual(['b c']);
    expect(foldEnglish('  The  “Iron”  Brothers’ ')).toBe('the "iron" brothers\'');
  });
});

describe('saysNotGiven', () => {
  it.each([
    [REFUSAL.en, true],
    [REFUSAL.zh, true],
    ["The statement doesn't mention it.", true],
    ['This is not addressed in the statement.', true],
    ["I don't have enough information to answer that.", true],
    ['The provided paragraphs do not mention a nuclear plant.', true],
    ['The statement makes no mention of costs.', true],
    ['声明未提及此事。', true],
    ['提供的段落中没有关于核电站的信息。', true],
    ['声明中并未涉及。', true],
    ['根据所给段落，无法确定具体金额。', true],
    ['Nothing in the statement addresses a nuclear plant.', true],
    ['The amount cannot be determined from the paragraphs.', true],
    ['声明里没有写具体金额。', true],
    ['声明中未见相关内容。', true],
    ['The statement gives no further details.', false],
    ['声明没有提及更多细节。', false],
    ['The statement does not give further details about the cost of the airport.', true],
    ['双方同意加快推进瓜达尔港配套设施建设[7]。', false],
    ['The two sides agreed to speed up Gwadar Port [7].', false],
  ])('%j → %s', (text, expected) => {
    expect(saysNotGiven(text)).toBe(expected);
  });
});

describe('answerLanguage', () => {
  it.each([
    ['双方同意加快推进瓜达尔港配套设施建设[7]。', 'zh'],
    ['Both sides agreed to speed up the port [7].', 'en'],
    ['Both sides called each other “铁杆” brothers and praised the “一带一路” [3].', 'en'],
    ['声明称之为 "iron brothers" 的关系。', 'zh'],
    ['OK [7].', undefined],
  ])('%j → %s', (text, expected) => {
    expect(answerLanguage(text)).toBe(expected);
  });
});
