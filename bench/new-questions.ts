import { join } from 'node:path';
import type autocannon from 'autocannon';
import { readQuestionSet } from '../eval/read-question-set.js';

type CannonRequest = NonNullable<Parameters<typeof autocannon>[0]['requests']>[number];

/** The question sets new questions are drawn from: the shared smoke set and the tuning sets (never the locked ones). */
const SETS = ['dev.jsonl', 'own-tune.jsonl', 'own-probe.jsonl', 'own-probe2.jsonl', 'own-probe3.jsonl'];

/** The questions of the shared and tuning sets, in file order. */
export function newQuestions(root: string): string[] {
  return SETS.flatMap((f) => readQuestionSet(join(root, 'eval', f))).map((q) => q.question);
}

/**
 * Load of new questions: every request (whichever connection sends it) the next of `questions`. With a
 * few hundred of them, a question comes back only after hundreds of others, so no memo of recent texts
 * (segmentation, query terms) still holds it: the cost of questions never asked before.
 */
export function newQuestionRequests(questions: readonly string[]): CannonRequest[] {
  let at = 0;
  return [
    {
      method: 'POST',
      path: '/api/ask',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ question: questions[at++ % questions.length] }) }),
    },
  ];
}
