/** The header's server status in a reader's words, and the technical detail for the about panel. Pure. */
import type { Health } from './api.js';

export interface HealthText {
  /** One short line for the header. */
  readonly text: string;
  readonly state: 'ok' | 'warn' | 'down';
  /** Label/value rows for the about panel (technical detail). */
  readonly details: ReadonlyArray<readonly [string, string]>;
}

const BUILTIN_EMBEDDER = /^builtin-/;

/** `health` undefined with `problem` says why it could not be read. */
export function describeHealth(health: Health | undefined, problem?: 'starting' | 'unreachable'): HealthText {
  if (health === undefined || health.status !== 'ok') {
    if (problem === 'unreachable') return { text: 'Server unreachable', state: 'down', details: [] };
    return { text: 'Starting: preparing the statement…', state: 'warn', details: [] };
  }
  const llm = typeof health.llm === 'string' && health.llm !== '' ? health.llm : undefined;
  const details: Array<readonly [string, string]> = [
    ['Answers', llm ? `Written by the language model ${llm}, then checked against the statement` : 'Quoted from the statement, without a language model (offline mode)'],
  ];
  if (llm) details.push(['Model', llm]);
  if (health.paragraphs !== undefined) details.push(['Statement', `${health.paragraphs} paragraphs`]);
  if (health.embedder) {
    details.push([
      'Search',
      BUILTIN_EMBEDDER.test(health.embedder) ? `Built-in offline embedder (${health.embedder})` : `Embedding model ${health.embedder}`,
    ]);
  }
  const limits = health.limits;
  if (limits?.maxQuestionChars !== undefined) details.push(['Question length', `Up to ${limits.maxQuestionChars} characters`]);
  if (limits?.maxHistoryTurns !== undefined) details.push(['Follow-ups', `The last ${limits.maxHistoryTurns} messages are sent as context`]);
  if (health.indexBuiltAt) {
    const date = new Date(health.indexBuiltAt);
    if (!Number.isNaN(date.getTime())) details.push(['Index built', date.toISOString().replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC')]);
  }
  return { text: llm ? `Answers by ${llm}` : 'Offline answers from the statement', state: 'ok', details };
}
