import { describe, expect, it } from 'vitest';
import { otherEditions } from '../../src/retrieve/create-retriever.js';

// A made-up text that numbers one edition of a fair.
const zh = '双方祝贺第二届海湾博览会成功举办。';
const en = 'The two sides congratulated each other on the second Bay Fair.';
const editions = (q: string): string[] => otherEditions(q, `${zh}\n${en}`, `${zh}\n${en}`.toLowerCase());

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
