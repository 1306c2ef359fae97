import { beforeAll, describe, expect, it } from 'vitest';
import { madeUpRetriever } from '../helpers/made-up-statement.js';

/*
 * On the made-up statement: a hyphenated word the statement lacks is read by its parts.
 */
let retriever: Awaited<ReturnType<typeof madeUpRetriever>>;
beforeAll(async () => {
  retriever = await madeUpRetriever();
});

describe('hyphenated words', () => {
  it('reads a hyphenated word the statement lacks by its parts', async () => {
    const r = await retriever.retrieve({ question: 'What about hospital-to-hospital links?' });
    expect(r.matches.concepts.map((c) => c.key)).toContain('e:hospit');
  });
});
