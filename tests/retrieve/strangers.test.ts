import { beforeAll, describe, expect, it } from 'vitest';
import { madeUpRetriever } from '../helpers/made-up-statement.js';

/*
 * Names the statement never mentions, on the made-up statement: the dictionary's outside names (Dingland),
 * possessives included, and capitalised names the document knows nowhere — a name the lexicon meets only
 * inside a longer gloss of a document term (Kestria) is not thereby known.
 */
let retriever: Awaited<ReturnType<typeof madeUpRetriever>>;
beforeAll(async () => {
  retriever = await madeUpRetriever();
});

describe('strangers', () => {
  it.each([
    ["What is Dingland's view of the corridors?", 'Dingland'],
    ['Did Kestria join the trade corridor?', 'Kestria'],
  ])('%s names %s, which the statement never mentions', async (question, name) => {
    const r = await retriever.retrieve({ question });
    expect(r.strangers.map((s) => s.replace(/['’]s$/u, ''))).toContain(name);
  });

  it.each([
    ['What did the united realm say?', 'united realm'],
    ['Did the Sea Trade Organisation take part?', 'sea trade organization'],
    ['Was the Sea Trade Organization mentioned?', 'sea trade organization'],
    ['戊城有什么项目？', '戊城'],
    ['他们谈到去丁国访问了吗', '丁国'],
  ])('%s names %j, a name of several words or characters the statement never uses', async (question, name) => {
    expect((await retriever.retrieve({ question })).strangers).toContain(name);
  });

  it.each(['Did Owen visit North Bay Port?', "What is Yalan's part in the trade corridor?", 'Was the united front of the realm mentioned?', 'Did the sea trade grow?'])('%s names nobody strange', async (question) => {
    expect((await retriever.retrieve({ question })).strangers).toEqual([]);
  });
});
