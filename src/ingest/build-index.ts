import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildBm25 } from '../match/bm25.js';
import type { Synonyms } from '../match/concepts.js';
import type { Expansions } from '../match/document-model.js';
import { sentenceKey } from '../match/document-model.js';
import { passageTerms } from '../match/query-terms.js';
import { TUNING } from '../match/tuning.js';
import { buildLexicon, outsideNames, phraseKey, segmenterTerms, type CedictEntry, type LexiconData } from '../text/lexicon.js';
import type { Statement } from '../types.js';
import { addDocumentTerms, sentenceOffsets } from '../text/segment.js';
import { parseStatement } from './parse-statement.js';
import { alignRendering, parseRenderingText } from './parse-rendering.js';
import { parseParaphrases } from './parse-paraphrases.js';
import { buildForeignCompounds, buildSynonyms, loadWordNet } from './wordnet-synonyms.js';
import { createBuiltinEmbedder, fitBuiltinEmbedder } from './embedders/builtin-embedder.js';
import type { EmbedderChoice } from './create-embedder.js';
import { sha256, writeIndex, type Manifest } from './index-store.js';

export interface BuildIndexOptions {
  readonly documentPath: string;
  readonly indexDir: string;
  readonly embedder: EmbedderChoice;
  readonly glossary: ReadonlyArray<readonly [string, string]>;
  readonly loadDictionary: () => Promise<Iterable<CedictEntry>>;
  readonly onProgress?: (step: string) => void;
}

/** The files read beside a document: its English rendering and its paraphrases, when they exist. */
export function companionPaths(documentPath: string): { rendering: string; paraphrases: string } {
  const base = documentPath.replace(/(?:\.zh)?\.txt$/u, '');
  return { rendering: `${base}.en.txt`, paraphrases: `${base}.paraphrases.txt` };
}

/** The glossary beside a document: `glossary.tsv` in the document's folder (data/glossary.tsv for the shipped statement). */
export function glossaryPathFor(documentPath: string): string {
  return join(dirname(documentPath), 'glossary.tsv');
}

/**
 * What the build makes of the same sources: bump it when a change to ingest (the lexicon, the aliases, the
 * terms indexed) changes what it writes, so indexes built by the earlier code are rebuilt.
 */
const BUILD_REVISION = 9;

/** The texts an index is built from, read once: the document and, when present, what lies beside it. */
interface SourceTexts {
  readonly document: string;
  readonly rendering?: string | undefined;
  readonly paraphrases?: string | undefined;
  readonly glossary?: string | undefined;
}

function readSources(documentPath: string): SourceTexts {
  const { rendering, paraphrases } = companionPaths(documentPath);
  const optional = (path: string): string | undefined => (existsSync(path) ? readFileSync(path, 'utf8') : undefined);
  return {
    document: readFileSync(documentPath, 'utf8'),
    rendering: optional(rendering),
    paraphrases: optional(paraphrases),
    glossary: optional(glossaryPathFor(documentPath)),
  };
}

function digestOf(sources: SourceTexts): string {
  const parts = [`build ${BUILD_REVISION}`, sources.document, sources.rendering ?? '', sources.paraphrases ?? '', sources.glossary ?? ''];
  return sha256(parts.join('\u0000'));
}

/**
 * One digest of everything an index is built from (document, rendering, paraphrases, glossary, and the
 * build's revision): a change to any rebuilds it.
 */
export function sourceDigest(documentPath: string): string {
  return digestOf(readSources(documentPath));
}

/** Glossary entries that are proper names (written with a capital): the rendering must use them. */
export function glossaryNames(glossary: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  return glossary.filter(([en]) => /^[A-Z]/u.test(en));
}

/** The text each paragraph is indexed and embedded by: its Chinese, its rendering, its expansions. */
function passages(statement: Statement, expansions: Expansions | undefined): Array<{ text: string; en?: string; expansions: string[] }> {
  return statement.paragraphs.map((p) => {
    const items = sentenceOffsets(p.text).flatMap((_, i) => {
      const e = expansions?.[sentenceKey(p.number, i)];
      return e ? [...e.zh, ...e.en] : [];
    });
    return { text: p.text, ...(p.en ? { en: p.en.join(' ') } : {}), expansions: items };
  });
}

// The dictionary work depends only on the document's text, its English and the glossary: a process that
// rebuilds the same document (a server re-ingesting, the tests) reuses it.
const resourceMemo = new Map<string, Promise<{ lexicon: LexiconData; synonyms: Synonyms }>>();

function lexicalResources(input: {
  documentText: string;
  documentEnglish: string;
  glossary: ReadonlyArray<readonly [string, string]>;
  loadDictionary: () => Promise<Iterable<CedictEntry>>;
}): Promise<{ lexicon: LexiconData; synonyms: Synonyms }> {
  const key = sha256([input.documentText, input.documentEnglish, JSON.stringify(input.glossary)].join('\u0000'));
  let pending = resourceMemo.get(key);
  if (!pending) {
    pending = buildLexicalResources(input);
    // A failed build is not remembered: the next ingest tries again.
    pending.catch(() => resourceMemo.delete(key));
    if (resourceMemo.size >= 4) resourceMemo.delete(resourceMemo.keys().next().value as string);
    resourceMemo.set(key, pending);
  }
  return pending;
}

async function buildLexicalResources(input: {
  documentText: string;
  documentEnglish: string;
  glossary: ReadonlyArray<readonly [string, string]>;
  loadDictionary: () => Promise<Iterable<CedictEntry>>;
}): Promise<{ lexicon: LexiconData; synonyms: Synonyms }> {
  const entries = [...(await input.loadDictionary())];
  const base = buildLexicon({ documentText: input.documentText, entries, glossary: input.glossary });
  // Every run of one to four words of the document's English, for "is this name the document's own?".
  const knownPhrases = new Set<string>();
  for (const line of input.documentEnglish.split(/[\n.;,:()"|]+/u)) {
    const words = line.split(/\s+/u).filter(Boolean);
    for (let i = 0; i < words.length; i++) for (let n = 1; n <= 4 && i + n <= words.length; n++) knownPhrases.add(words.slice(i, i + n).join(' '));
  }
  const { outside, aliases, englishAliases } = outsideNames({
    documentText: input.documentText,
    entries,
    toZh: base.toZh,
    knownEnglish: (name) => knownPhrases.has(name.toLowerCase()) || Object.hasOwn(base.toZh, phraseKey(name)),
  });
  const english = input.documentEnglish.trim();
  const wordnet = english ? loadWordNet() : undefined;
  const compounds = english ? buildForeignCompounds(input.documentEnglish, wordnet) : [];
  const lexicon: LexiconData = { ...base, toZh: { ...englishAliases, ...base.toZh }, outside: { ...outside, compounds }, aliases };
  const synonyms = english ? buildSynonyms(input.documentEnglish, wordnet) : {};
  return { lexicon, synonyms };
}

/** Parses the document (and its rendering and paraphrases), builds lexicon, BM25 and vectors, and writes the index atomically. */
export async function buildIndex(options: BuildIndexOptions): Promise<Manifest> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => {});
  // Read once: what is parsed is what the digest describes.
  const sources = readSources(options.documentPath);
  let statement = parseStatement(sources.document);
  progress(`parsed ${statement.paragraphs.length} paragraphs`);

  if (sources.rendering !== undefined) {
    statement = alignRendering(statement, parseRenderingText(sources.rendering), glossaryNames(options.glossary));
    progress(`English rendering: ${statement.paragraphs.reduce((k, p) => k + (p.en?.length ?? 0), 0)} sentences aligned`);
  }
  const expansions = sources.paraphrases !== undefined ? parseParaphrases(sources.paraphrases, statement) : undefined;
  if (expansions) progress(`paraphrases: ${Object.keys(expansions).length} sentences expanded`);

  const texts = statement.paragraphs.map((p) => p.text);
  const english = statement.paragraphs.flatMap((p) => p.en ?? []);
  const documentText = [statement.title, ...texts, statement.source].join('\n');
  const expansionEnglish = Object.values(expansions ?? {}).flatMap((e) => e.en);
  const documentEnglish = [...english, ...expansionEnglish, statement.titleEn ?? '', statement.sourceEn ?? ''].join('\n').toLowerCase();
  const { lexicon, synonyms } = await lexicalResources({ documentText, documentEnglish, glossary: options.glossary, loadDictionary: options.loadDictionary });
  progress(`lexicon: ${Object.keys(lexicon.toZh).length} English keys, ${lexicon.outside?.zh.length ?? 0} names outside the statement`);
  progress(`synonyms: ${Object.keys(synonyms).length} English words (WordNet)`);
  // The statement's own terms are segmented as words from here on, as the server will (createMatchContext).
  addDocumentTerms(segmenterTerms(lexicon));

  const docs = passages(statement, expansions);
  const bm25 = buildBm25(docs.map((d) => passageTerms(d, TUNING.expansionTermWeight)));
  const embedTexts = docs.map((d) => [d.text, d.en ?? '', d.expansions.join(' | ')].filter(Boolean).join('\n'));
  const builtin = options.embedder.kind === 'builtin' ? fitBuiltinEmbedder(embedTexts) : undefined;
  const embedder = builtin
    ? createBuiltinEmbedder(builtin, { lexicon, synonyms })
    : options.embedder.kind === 'model'
      ? options.embedder.embedder
      : undefined;
  if (!embedder) throw new Error('no embedder');
  const vectors: Float32Array[] = [];
  const batch = 8;
  for (let i = 0; i < embedTexts.length; i += batch) {
    vectors.push(...(await embedder.embed(embedTexts.slice(i, i + batch), 'passage')));
    progress(`embedded ${Math.min(i + batch, embedTexts.length)}/${embedTexts.length}`);
  }
  return writeIndex(options.indexDir, {
    statement,
    documentPath: options.documentPath,
    documentSha256: digestOf(sources),
    embedder: { id: embedder.id, dimension: embedder.dimension },
    vectors,
    bm25,
    lexicon,
    builtin,
    expansions,
    synonyms,
    buildMs: Math.round(performance.now() - started),
  });
}
