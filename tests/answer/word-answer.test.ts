import { describe, expect, it } from 'vitest';
import { countPhrase } from '../../src/answer/word-answer.js';

describe('countPhrase', () => {
  it.each([
    [5, 'corridors', 'five corridors'],
    [1, 'corridors', 'one corridor'],
    [1, 'facilities', 'one facility'],
    [1, 'branches', 'one branch'],
    [1, 'agreement', 'one agreement'],
    [1, 'glass', 'one glass'],
    [20, 'agreements', '20 agreements'],
    [3, '', 'three'],
    [5, 'corridor', 'five corridors'],
    [2, 'facility', 'two facilities'],
    [4, 'branch', 'four branches'],
    [2, 'day', 'two days'],
  ])('%i %s → %s', (n, noun, phrase) => expect(countPhrase(n, noun)).toBe(phrase));
});
