import { beforeAll, describe, expect, it } from 'vitest';
import { madeUpRetriever } from '../helpers/made-up-statement.js';

/*
 * A question is about the source line when what it names is found only there and weighs more than what
 * the body holds of it; naming the agency in passing does not turn a question about the body into one
 * about the source line. Made-up statement: its source line is "（海风社雅兰城5月7日电）".
 */
let retriever: Awaited<ReturnType<typeof madeUpRetriever>>;
beforeAll(async () => {
  retriever = await madeUpRetriever();
});

describe('the source line, named by what only it holds', () => {
  it.each(['海风社是哪天发的？', 'What did the Haifeng Agency report?'])('%s is about the source line', async (question) => {
    expect((await retriever.retrieve({ question })).reference).toEqual({ kind: 'source' });
  });

  it.each([
    ['海风社报道，双方签署了几项合作协议？', 6],
    ['According to Haifeng, what did the two sides agree on counter-terrorism cooperation?', 5],
  ])('%s is about the body: paragraph %i first', async (question, top) => {
    const r = await retriever.retrieve({ question });
    expect(r.reference).toBeUndefined();
    expect(r.retrieved[0]?.paragraph).toBe(top);
  });
});
