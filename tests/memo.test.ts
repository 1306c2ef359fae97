import { describe, expect, it } from 'vitest';
import { madeFor, remember } from '../src/memo.js';

describe('remembering', () => {
  it('makes a value once, keeps at most the limit and drops the oldest first', () => {
    const memo = new Map<string, number>();
    let made = 0;
    const get = (key: string): number => remember(memo, key, 2, () => ++made);
    expect([get('a'), get('a'), get('b')]).toEqual([1, 1, 2]);
    expect(get('c')).toBe(3);
    expect([...memo.keys()]).toEqual(['b', 'c']);
    expect(get('a')).toBe(4);
  });

  it('makes one value per owner', () => {
    const table = new WeakMap<object, string[]>();
    const owner = {};
    const first = madeFor(table, owner, () => []);
    expect(madeFor(table, owner, () => ['other'])).toBe(first);
    expect(madeFor(table, {}, () => ['other'])).toEqual(['other']);
  });
});
