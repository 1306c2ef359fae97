import { describe, expect, it } from 'vitest';
import { chooseLanguage, isLanguage } from '../../web/src/statement-language.js';

describe('chooseLanguage', () => {
  it.each([
    ['no choice, no question: the authoritative Chinese', null, undefined, true, 'zh'],
    ['no choice, an English question', null, 'en', true, 'en'],
    ['no choice, a Chinese question', null, 'zh', true, 'zh'],
    ['a choice wins over the question', 'zh', 'en', true, 'zh'],
    ['both, chosen', 'both', 'zh', true, 'both'],
    ['English chosen, Chinese question', 'en', 'zh', true, 'en'],
    ['an unknown stored value is no choice', 'fr', 'en', true, 'en'],
    ['an empty stored value is no choice', '', undefined, true, 'zh'],
    ['no rendering: Chinese, whatever was chosen', 'en', 'en', false, 'zh'],
  ] as const)('%s', (_name, stored, latest, hasEnglish, expected) => {
    expect(chooseLanguage(stored, latest, hasEnglish)).toBe(expected);
  });
});

describe('isLanguage', () => {
  it.each([
    ['zh', true],
    ['en', true],
    ['both', true],
    ['EN', false],
    ['', false],
    [null, false],
    [undefined, false],
    [1, false],
  ])('%j → %s', (value, expected) => {
    expect(isLanguage(value)).toBe(expected);
  });
});
