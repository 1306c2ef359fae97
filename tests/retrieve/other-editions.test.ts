import { describe, expect, it } from 'vitest';
import { otherEditions } from '../../src/retrieve/create-retriever.js';
import { substringIndex } from '../../src/text/substring-index.js';

// A made-up text that numbers one edition of a fair.
const zh = '双方祝贺第二届海湾博览会成功举办。';
const en = 'The two sides congratulated each other on the second Bay Fair.';
const doc = { text: substringIndex(`${zh}\n${en}`), lower: substringIndex(`${zh}\n${en}`.toLowerCase()) };
const editions = (q: string): string[] => otherEditions(q, doc);

describe('another edition of something the statement numbers', () => {
  it.each([
    ['What was agreed at the fifth Bay Fair?', ['fifth bay']],
    ['What happened at the 3rd Bay Fair?', ['3rd bay']],
    ['第三届海湾博览会在哪举行？', ['第三届']],
    ['What happened at the second Bay Fair?', []],
    ['第二届海湾博览会什么时候办的？', []],
    ['What is the first thing they agreed?', []],
    ['第几届博览会？', []],
  ])('%s → %j', (q, found) => expect(editions(q)).toEqual(found));
});

/** The same check read off a scan of the whole text with a pattern per ordinal (what the index replaces). */
function byScanning(question: string, text: string): string[] {
  const lower = text.toLowerCase();
  const found: string[] = [];
  for (const m of question.toLowerCase().matchAll(/\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th)) ([a-z][a-z-]*)/giu)) {
    if (lower.includes(m[0])) continue;
    if (new RegExp(`\\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\\d{1,2}(?:st|nd|rd|th)) ${m[2]}\\b`, 'u').test(lower)) found.push(m[0]);
  }
  for (const m of question.matchAll(/第([一二三四五六七八九十\d]{1,3})([届次轮期])/gu)) {
    if (text.includes(m[0])) continue;
    if (new RegExp(`第[一二三四五六七八九十\\d]{1,3}${m[2]}`, 'u').test(text)) found.push(m[0]);
  }
  return found;
}

describe('another edition, read through the index', () => {
  // Made-up text: ordinals before plain, hyphenated and longer words, at the end of the text, and 第 runs.
  const text = '第十二届论坛和第一二三四届展会。第3轮会谈\nThe 21st forum, the second well-known fair, the third Bay-side walk and the first bay';
  const index = { text: substringIndex(text), lower: substringIndex(text.toLowerCase()) };
  it.each([
    'What of the fifth forum?', 'the 2nd forum', 'the 22nd forum', 'the fourth well', 'the fourth well-known fair', 'the fifth bay', 'the fifth ba',
    'the fifth bay-side', 'the fifth walk', 'the first bay', 'the second bay', '第十三届论坛', '第五届展会', '第4轮', '第2期', 'the tenth fair and the 9th forum',
  ])('%s: as a scan of the whole text finds', (question) => {
    expect(otherEditions(question, index)).toEqual(byScanning(question, text));
  });
});
