import { describe, expect, it } from 'vitest';
import type { Health } from '../../web/src/api.js';
import { describeHealth } from '../../web/src/health-text.js';

const offline: Health = {
  status: 'ok',
  paragraphs: 31,
  embedder: 'builtin-hash-v2',
  llm: null,
  mode: 'extractive',
  indexBuiltAt: '2026-12-02T13:35:54.450Z',
  limits: { maxQuestionChars: 2000, maxHistoryTurns: 20 },
};

describe('describeHealth', () => {
  it.each([
    ['offline', offline, undefined, 'Offline answers from the statement', 'ok'],
    ['an LLM', { ...offline, llm: 'gpt-4o-mini', mode: 'llm' }, undefined, 'Answers by gpt-4o-mini', 'ok'],
    ['an empty model name is no model', { ...offline, llm: '' }, undefined, 'Offline answers from the statement', 'ok'],
    ['starting (503)', undefined, 'starting', 'Starting: preparing the statement…', 'warn'],
    ['a status other than ok', { status: 'starting' }, undefined, 'Starting: preparing the statement…', 'warn'],
    ['unreachable', undefined, 'unreachable', 'Server unreachable', 'down'],
  ] as const)('%s', (_name, health, problem, text, state) => {
    const described = describeHealth(health, problem);
    expect(described.text).toBe(text);
    expect(described.state).toBe(state);
  });

  it('puts the technical detail in rows for the About panel', () => {
    expect(describeHealth(offline).details).toEqual([
      ['Answers', 'Quoted from the statement, without a language model (offline mode)'],
      ['Statement', '31 paragraphs'],
      ['Search', 'Built-in offline embedder (builtin-hash-v2)'],
      ['Question length', 'Up to 2000 characters'],
      ['Follow-ups', 'The last 20 messages are sent as context'],
      ['Index built', '2026-12-02 13:35 UTC'],
    ]);
    expect(describeHealth({ ...offline, llm: 'm', embedder: 'Xenova/multilingual-e5-small', indexBuiltAt: null, limits: {} }).details).toEqual([
      ['Answers', 'Written by the language model m, then checked against the statement'],
      ['Model', 'm'],
      ['Statement', '31 paragraphs'],
      ['Search', 'Embedding model Xenova/multilingual-e5-small'],
    ]);
    expect(describeHealth({ status: 'ok' }).details).toEqual([['Answers', 'Quoted from the statement, without a language model (offline mode)']]);
  });
});
