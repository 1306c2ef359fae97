import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256, sha256Base64url } from '../src/digest.js';

describe('sha256', () => {
  it.each(['', 'abc', '瓜达尔港有哪些项目？', 'a'.repeat(10_000), 'lone \ud800 surrogate'])('gives what createHash gives (%#)', (text) => {
    expect(sha256(text).equals(createHash('sha256').update(text).digest())).toBe(true);
    expect(sha256Base64url(text)).toBe(createHash('sha256').update(text).digest('base64url'));
  });
  it('matches a known digest', () => {
    expect(sha256('abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
