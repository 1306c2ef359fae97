import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETS } from '../../eval/eval-args.js';
import { readQuestionSet } from '../../eval/read-question-set.js';
import { ROOT } from '../helpers/ops-harness.js';

/* The question sets the project ships pass eval's own check, and the README counts them as they are. */

const sets = Object.fromEntries(DEFAULT_SETS.map((path) => [path, readQuestionSet(join(ROOT, path))]));
const own = [...sets['eval/own-tune.jsonl']!, ...sets['eval/own-locked.jsonl']!];
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').replace(/\s+/gu, ' ');
const stated = (pattern: RegExp): number => {
  const m = pattern.exec(readme);
  expect(m, `README: ${pattern}`).not.toBeNull();
  return Number(m![1]);
};

describe('the shipped question sets', () => {
  it('every set passes the check eval makes of a question file', () => {
    for (const [path, questions] of Object.entries(sets)) expect(questions.length, path).toBeGreaterThan(0);
  });

  it("the README's counts of the own set are the data's", () => {
    const partial = own.filter((q) => q.coverage === 'partial');
    expect(stated(/(\d+) questions written from the statement alone/u)).toBe(own.length);
    expect(stated(/(\d+) about details the statement never gives/u)).toBe(partial.length);
    for (const half of ['own-tune', 'own-locked']) expect(stated(/coverage `partial`: (\d+) per half/u), half).toBe(partial.filter((q) => q.set === half).length);
    expect(stated(/(\d+) of the \d+ as follow-ups/u)).toBe(partial.filter((q) => q.kind === 'followup').length);
    expect(stated(/(\d+) off-topic/u)).toBe(own.filter((q) => q.kind === 'off_topic').length);
    expect(stated(/(\d+) % Chinese/u)).toBe(Math.round((100 * own.filter((q) => q.lang === 'zh').length) / own.length));
  });

  it("the README's counts of the probe set are the data's", () => {
    const probe = sets['eval/own-probe.jsonl']!;
    expect(stated(/`own-probe`: (\d+) newer questions/u)).toBe(probe.length);
    expect(stated(/\((\d+) partial, \d+ not covered\)/u)).toBe(probe.filter((q) => q.coverage === 'partial').length);
    expect(stated(/\(\d+ partial, (\d+) not covered\)/u)).toBe(probe.filter((q) => q.coverage === 'not_covered').length);
  });
});
