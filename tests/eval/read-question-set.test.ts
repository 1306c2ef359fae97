import { describe, expect, it } from 'vitest';
import { parseQuestionSet } from '../../eval/read-question-set.js';
import { UserFacingError } from '../../src/errors.js';

const ok = { id: 'q-1', lang: 'zh', question: '瓜达尔港有哪些项目？', gold: [7], kind: 'fact', coverage: 'answered' };
const line = (q: object): string => JSON.stringify(q);

function problem(text: string): string {
  try {
    parseQuestionSet(text, 'sets/mine.jsonl');
  } catch (err) {
    expect(err).toBeInstanceOf(UserFacingError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('parseQuestionSet', () => {
  it('reads each line as a question tagged with the set, skipping blank lines and keeping extra fields', () => {
    const qs = parseQuestionSet(`${line(ok)}\n\n  \n${line({ ...ok, id: 'q-2', notes: '第7段' })}\n`, 'sets/mine.jsonl');
    expect(qs.map((q) => [q.id, q.set])).toEqual([['q-1', 'mine'], ['q-2', 'mine']]);
    expect(qs[1]).toMatchObject({ notes: '第7段' });
  });

  it('names the line an editor shows, blank lines counted', () => {
    expect(problem(`${line(ok)}\n\n\n{"id": "q-2",\n`)).toMatch(/^sets\/mine\.jsonl:4: not valid JSON \(/);
  });

  it.each<[string, string, RegExp]>([
    ['a missing question', line({ ...ok, question: undefined }), /^sets\/mine\.jsonl:3: "question" is missing\.$/],
    ['a missing gold and kind', line({ id: 'x', lang: 'en', question: 'q?' }), /^sets\/mine\.jsonl:3: "gold" is missing; "kind" is missing\.$/],
    ['a bad language', line({ ...ok, lang: 'fr' }), /^sets\/mine\.jsonl:3: "lang": .*"zh".*"en"/],
    ['a paragraph that is not a number', line({ ...ok, gold: [7, '8'] }), /^sets\/mine\.jsonl:3: "gold\.1": .*number/],
    ['a blank question', line({ ...ok, question: '  ' }), /^sets\/mine\.jsonl:3: "question": must not be blank\.$/],
    ['an unknown coverage', line({ ...ok, coverage: 'maybe' }), /^sets\/mine\.jsonl:3: "coverage": /],
    ['an array', '[1, 2]', /^sets\/mine\.jsonl:3: not a JSON object\.$/],
  ])('%s: file:line and what is wrong, on one line', (_name, bad, message) => {
    const text = `${line(ok)}\n\n${bad}\n${line(ok)}`;
    const said = problem(text);
    expect(said).toMatch(message);
    expect(said).not.toContain('\n');
  });

  it('a file with no questions says so', () => {
    expect(problem('\n\n')).toBe('sets/mine.jsonl: no questions in the file.');
  });
});
