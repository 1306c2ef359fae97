import { describe, expect, it } from 'vitest';
import { dropExcluded } from '../../src/text/drop-excluded.js';

describe('dropExcluded', () => {
  it.each([
    ['除了甲乙问题以外，双方还谈了什么？', ' 双方还谈了什么？'],
    ['除甲乙外，还有什么？', ' 还有什么？'],
    ['Besides the harbour, what else was agreed?', '  what else was agreed?'],
    ['What else, APART FROM the harbour, was agreed?', 'What else,   was agreed?'],
    ['Which projects other than railways?', 'Which projects  ?'],
    ['Everything EXCEPT trade?', 'Everything  ?'],
    ['What did the two sides agree on?', 'What did the two sides agree on?'],
    ['双方同意了什么？', '双方同意了什么？'],
  ])('%j → %j', (question, kept) => expect(dropExcluded(question)).toBe(kept));
});
