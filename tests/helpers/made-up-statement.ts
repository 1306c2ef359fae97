/**
 * A made-up joint statement between two made-up countries, with an English rendering, paraphrases and a
 * hand-made lexicon: the matching core's unit tests run on it, never on the real statement's questions.
 */
import { alignRendering, parseRenderingText } from '../../src/ingest/parse-rendering.js';
import { parseParaphrases } from '../../src/ingest/parse-paraphrases.js';
import { parseStatement } from '../../src/ingest/parse-statement.js';
import type { Synonyms } from '../../src/match/concepts.js';
import { createDocumentModel } from '../../src/match/document-model.js';
import { createMatchContext } from '../../src/retrieve/create-retriever.js';
import { phraseKey, type LexiconData } from '../../src/text/lexicon.js';

// Paragraphs are indented with ideographic spaces (U+3000), as the real statement is.
const I = '\u3000\u3000';
export const MADE_UP_ZH = `雅兰共和国和柏托王国联合声明

${I}1.应雅兰共和国总统林安邀请，柏托王国首相欧文于2031年5月3日至7日访问雅兰。
${I}2.访问期间，林安总统会见欧文首相。外交部长陈明同欧文首相举行会谈。双方重申，互信是两国关系的基础。
${I}3.双方同意加快建设北湾港配套设施。双方满意地回顾了北湾港新码头、海水淡化厂、友谊医院等项目进展情况。
${I}4.双方决心共同建设贸易走廊、能源走廊、数字走廊、绿色走廊。
${I}5.双方谴责一切形式的恐怖主义，同意加强反恐合作。
${I}6.访问期间，双方签署12项合作协议，涵盖农业、交通、教育等领域。
${I}（海风社雅兰城5月7日电）
`;

export const MADE_UP_EN = `# A rendering for tests.
title: Joint Statement of the Republic of Yalan and the Kingdom of Berto
source: (Haifeng Agency, Yalan City, 7 May)

[1.1] At the invitation of President Lin An of the Republic of Yalan, Prime Minister Owen of the Kingdom of Berto visited Yalan from 3 to 7 May 2031.

[2.1] During the visit, President Lin An met with Prime Minister Owen.
[2.2] Foreign Minister Chen Ming held talks with Prime Minister Owen.
[2.3] The two sides reaffirmed that mutual trust is the foundation of relations between the two countries.

[3.1] The two sides agreed to speed up the construction of supporting facilities at North Bay Port.
[3.2] The two sides reviewed with satisfaction the progress of projects such as the new wharf at North Bay Port, the desalination plant and the Friendship Hospital.

[4.1] The two sides are determined to jointly build a trade corridor, an energy corridor, a digital corridor and a green corridor.

[5.1] The two sides condemned terrorism in all its forms and agreed to strengthen counter-terrorism cooperation.

[6.1] During the visit, the two sides signed 12 cooperation agreements, covering agriculture, transport, education and other fields.
`;

export const MADE_UP_PARAPHRASES = `[3.2] 双方满意地回顾了北湾港新码头、海水淡化厂、友谊医院等项目进展情况。
zh: 淡水厂 | 新港区 | 医院建设
en: water plant | harbour | hospital

[5.1] 双方谴责一切形式的恐怖主义，同意加强反恐合作。
zh: 打击恐怖分子 | 安全合作
en: fighting terrorists | security
`;

export const MADE_UP_GLOSSARY: ReadonlyArray<readonly [string, string]> = [
  ['Yalan', '雅兰'],
  ['Berto', '柏托'],
  ['Lin An', '林安'],
  ['Owen', '欧文'],
  ['Chen Ming', '陈明'],
  ['North Bay Port', '北湾港'],
];

const entry = (english: string, terms: Array<[string, number]>): [string, Array<[string, number]>] => [phraseKey(english), terms];

/** A hand-made lexicon: English keys (stemmed as the real one is) to the statement's terms. */
export const MADE_UP_LEXICON: LexiconData = {
  toZh: Object.fromEntries([
    entry('port', [['港', 0.35], ['码头', 0.8]]),
    entry('north bay port', [['北湾港', 1]]),
    entry('corridor', [['走廊', 1]]),
    entry('agreement', [['协议', 1]]),
    entry('hospital', [['医院', 1]]),
    entry('desalination plant', [['海水淡化厂', 1]]),
    entry('terrorism', [['恐怖主义', 1]]),
    entry('visit', [['访问', 1]]),
    entry('Owen', [['欧文', 1]]),
    entry('Yalan', [['雅兰', 1]]),
    entry('Berto', [['柏托', 1]]),
    // A name met only inside a longer gloss of a document term: no translation of it.
    entry('Kestria', [['北湾港', 0.31]]),
  ]),
  gloss: { 北湾港: 'North Bay Port', 海水淡化厂: 'desalination plant' },
  kinds: { 雅兰: 'place', 柏托: 'name', 林安: 'name', 欧文: 'name', 陈明: 'name', 北湾港: 'name', 雅兰城: 'place' },
  outside: { zh: ['丁国', '戊城'], en: ['Dingland', 'United Realm', 'Sea Trade Organization (STO)'], compounds: ['climat chang', 'hospit bed'] },
};

export const MADE_UP_SYNONYMS: Synonyms = { [phraseKey('harbor')]: [[phraseKey('port'), 1]] };

export function madeUpStatement(withRendering = true) {
  const zh = parseStatement(MADE_UP_ZH);
  return withRendering ? alignRendering(zh, parseRenderingText(MADE_UP_EN), MADE_UP_GLOSSARY) : zh;
}

export function madeUpExpansions() {
  return parseParaphrases(MADE_UP_PARAPHRASES, madeUpStatement());
}

export function madeUpModel() {
  return createDocumentModel(madeUpStatement(), madeUpExpansions());
}

export function madeUpContext(withRendering = true) {
  return createMatchContext({
    statement: madeUpStatement(withRendering),
    lexicon: MADE_UP_LEXICON,
    expansions: withRendering ? madeUpExpansions() : undefined,
    synonyms: MADE_UP_SYNONYMS,
  });
}

/** A retriever over the made-up statement, built in memory as ingest would build its index. */
export async function madeUpRetriever(withRendering = true) {
  const hnswlib = (await import('hnswlib-node')).default;
  const { buildBm25 } = await import('../../src/match/bm25.js');
  const { passageTerms } = await import('../../src/match/query-terms.js');
  const { fitBuiltinEmbedder, createBuiltinEmbedder } = await import('../../src/ingest/embedders/builtin-embedder.js');
  const { createRetriever } = await import('../../src/retrieve/create-retriever.js');
  const statement = madeUpStatement(withRendering);
  const expansions = withRendering ? madeUpExpansions() : undefined;
  const passages = statement.paragraphs.map((p) => ({ text: p.text, en: p.en?.join(' ') }));
  const bm25 = buildBm25(passages.map((p) => passageTerms(p, 0.5)));
  const builtin = fitBuiltinEmbedder(passages.map((p) => `${p.text}\n${p.en ?? ''}`), 256);
  const sources = { lexicon: MADE_UP_LEXICON, synonyms: MADE_UP_SYNONYMS, rendering: withRendering };
  const embedder = createBuiltinEmbedder(builtin, sources);
  const vectors = new hnswlib.HierarchicalNSW('cosine', builtin.dimension);
  vectors.initIndex({ maxElements: passages.length, m: 16, efConstruction: 100, randomSeed: 1 });
  const embedded = await embedder.embed(passages.map((p) => `${p.text}\n${p.en ?? ''}`), 'passage');
  embedded.forEach((v, i) => vectors.addPoint(Array.from(v), i));
  const index = { statement, bm25, lexicon: MADE_UP_LEXICON, expansions, synonyms: MADE_UP_SYNONYMS, vectors, builtin } as unknown as Parameters<typeof createRetriever>[0]['index'];
  return createRetriever({ index, embedder });
}
