import { beforeAll, describe, expect, it } from 'vitest';
import { madeUpRetriever } from '../helpers/made-up-statement.js';

/*
 * On the made-up statement (9 sentences): a question whose only known words are common ones (双方, 合作)
 * while what it asks about is unknown is off-topic; one that names something the statement holds is not,
 * though a detail of it is missing. A hyphenated word the statement lacks is read by its parts.
 */
let retriever: Awaited<ReturnType<typeof madeUpRetriever>>;
beforeAll(async () => {
  retriever = await madeUpRetriever();
});

describe('off-topic: only common words known', () => {
  it.each([
    ['双方在人工智能方面有什么合作？', false],
    ['北湾港新码头什么时候完工？', true],
    ['What about the North Bay Port wharf?', true],
  ])('%s → covered %s', async (question, covered) => {
    expect((await retriever.retrieve({ question })).covered).toBe(covered);
  });
});

describe('hyphenated words', () => {
  it('reads a hyphenated word the statement lacks by its parts', async () => {
    const r = await retriever.retrieve({ question: 'What about hospital-to-hospital links?' });
    expect(r.matches.concepts.map((c) => c.key)).toContain('e:hospit');
  });
});
