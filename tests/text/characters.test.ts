import { describe, expect, it } from 'vitest';
import { characterCount } from '../../src/text/characters.js';

describe('characterCount', () => {
  it.each(['', 'a', '甲乙', 'word', '𠀀', '𠀀乙', 'a\uD800b', '甲乙丙丁'])('counts %j as [...text].length does', (text) => {
    expect(characterCount(text)).toBe([...text].length);
  });
});
