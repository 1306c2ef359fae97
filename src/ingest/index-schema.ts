import { z } from 'zod';

/*
 * The index files' shapes, validated where they are read (src/ingest/index-store.ts): one place to
 * extend when a file gains a field. Objects are loose: a field this version does not know (an
 * English rendering, paraphrase data…) passes through untouched, so a newer writer does not break
 * an older reader, and adding a field here is all a reader needs.
 */

export const INDEX_FORMAT_VERSION = 4;

/** `current.json`: which build folder is the index. */
export const PointerSchema = z.object({ build: z.string().regex(/^build-[\w-]+$/, 'must name a build-… folder') });

const count = z.number().int().nonnegative();

/**
 * A large map (BM25 postings, the lexicon, IDF: thousands of keys) checked with a plain loop: zod's
 * per-entry record parsing costs about 100 ms on lexical.json, on the event loop, at every reload.
 */
function mapOf<T>(isValue: (v: unknown) => v is T, what: string) {
  return z.custom<Record<string, T>>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isValue),
    { message: `must map each key to ${what}` },
  );
}
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isPairsOf =
  <A, B>(a: (v: unknown) => v is A, b: (v: unknown) => v is B) =>
  (v: unknown): v is Array<[A, B]> =>
    Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && a(p[0]) && b(p[1]));

export const FileEntrySchema = z.object({ bytes: count, sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** `manifest.json`: what was built from what, and every file's size and checksum. */
export const ManifestSchema = z.looseObject({
  formatVersion: z.number().int(),
  builtAt: z.string(),
  document: z.looseObject({ path: z.string(), sha256: z.string() }),
  embedder: z.looseObject({ id: z.string().min(1), dimension: z.number().int().positive() }),
  counts: z.looseObject({ paragraphs: count, lexiconKeys: count, features: count }),
  files: z.record(z.string(), FileEntrySchema),
  buildMs: z.number().nonnegative(),
});

export const ParagraphSchema = z.looseObject({
  number: z.number().int().positive(),
  text: z.string(),
  en: z.array(z.string()).optional(),
});

/** `statement.json`: the parsed document. */
export const StatementSchema = z.looseObject({
  title: z.string(),
  source: z.string(),
  paragraphs: z.array(ParagraphSchema).min(1),
  titleEn: z.string().optional(),
  sourceEn: z.string().optional(),
});

export const Bm25Schema = z.looseObject({
  k1: z.number(),
  b: z.number(),
  avgLength: z.number(),
  lengths: z.array(z.number()),
  postings: mapOf(isPairsOf(isNumber, isNumber), '[[paragraph index, term frequency], …]'),
  docCount: count,
});

export const LexiconSchema = z.looseObject({
  toZh: mapOf(isPairsOf(isString, isNumber), '[[Chinese term, weight], …]'),
  gloss: mapOf(isString, 'a string'),
  kinds: mapOf((v): v is 'place' | 'name' => v === 'place' || v === 'name', '"place" or "name"').optional(),
  outside: z.looseObject({ zh: z.array(z.string()), en: z.array(z.string()), compounds: z.array(z.string()).optional() }).optional(),
  aliases: mapOf((v): v is string[] => Array.isArray(v) && v.every(isString), 'a list of terms').optional(),
});

/** Per sentence (`7.2`, `title`, `source`): the ways people would say what it says. */
export const ExpansionsSchema = mapOf(
  (v): v is { zh: string[]; en: string[] } =>
    typeof v === 'object' && v !== null && Array.isArray((v as { zh?: unknown }).zh) && Array.isArray((v as { en?: unknown }).en),
  '{ zh: [...], en: [...] }',
);

/** English stem → the document's stems it is a synonym of, with a strength. */
export const SynonymsSchema = mapOf(isPairsOf(isString, isNumber), '[[stem, strength], …]');

export const BuiltinEmbedderSchema = z.looseObject({
  dimension: z.number().int().positive(),
  idf: mapOf(isNumber, 'a number'),
  defaultIdf: z.number(),
});

/** `lexical.json`: BM25 postings, the English→Chinese lexicon, and the built-in embedder's statistics. */
export const LexicalSchema = z.looseObject({
  bm25: Bm25Schema,
  lexicon: LexiconSchema,
  builtin: BuiltinEmbedderSchema.nullable(),
  expansions: ExpansionsSchema.nullable().optional(),
  synonyms: SynonymsSchema.nullable().optional(),
});

export type Manifest = z.output<typeof ManifestSchema>;
export type Pointer = z.output<typeof PointerSchema>;

/** The files of a build, each read only after it is checked against the manifest. */
export const INDEX_FILES = ['statement.json', 'lexical.json', 'vectors.hnsw'] as const;
export type IndexFile = (typeof INDEX_FILES)[number];

/**
 * The most any index file may hold, checked before a byte is read (a manifest can only lower it):
 * the JSON files are parsed on the event loop, so they stay small; the vectors are read off it.
 */
export const MAX_FILE_BYTES: Readonly<Record<IndexFile | 'manifest.json' | 'current.json', number>> = Object.freeze({
  'current.json': 4 * 1024,
  'manifest.json': 1024 * 1024,
  'statement.json': 32 * 2 ** 20,
  'lexical.json': 64 * 2 ** 20,
  'vectors.hnsw': 512 * 2 ** 20,
});
