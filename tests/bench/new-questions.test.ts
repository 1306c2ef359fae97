import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readQuestionSet } from '../../eval/read-question-set.js';
import { newQuestionRequests, newQuestions } from '../../bench/new-questions.js';

describe('the load of new questions', () => {
  it('asks each question in turn, whichever connection sends the request', () => {
    const [request] = newQuestionRequests(['甲', 'b', 'c']);
    const send = (context: Record<string, unknown>): string => String(request!.setupRequest!({ method: 'POST', path: '/api/ask' }, context).body);
    const first = {};
    const second = {};
    expect([send(first), send(second), send(first), send(second)].map((b) => (JSON.parse(b) as { question: string }).question)).toEqual(['甲', 'b', 'c', '甲']);
  });

  it('draws on a few hundred distinct questions, none of them from the locked sets', () => {
    const questions = newQuestions(process.cwd());
    expect(new Set(questions).size).toBeGreaterThan(300);
    const locked = new Set(['own-locked.jsonl', 'fresh-locked.jsonl'].flatMap((f) => readQuestionSet(join('eval', f)).map((q) => q.question)));
    expect(questions.filter((q) => locked.has(q))).toEqual([]);
  });
});
