import { createHash, randomBytes } from 'node:crypto';
import { constants, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import type { z } from 'zod';
import { IndexError } from '../errors.js';
import type { Bm25Index } from '../match/bm25.js';
import type { Synonyms } from '../match/concepts.js';
import type { Expansions } from '../match/document-model.js';
import type { LexiconData } from '../text/lexicon.js';
import type { Statement } from '../types.js';
import type { BuiltinEmbedderState } from './embedders/builtin-embedder.js';
import {
  INDEX_FILES,
  INDEX_FORMAT_VERSION,
  LexicalSchema,
  MAX_FILE_BYTES,
  ManifestSchema,
  PointerSchema,
  StatementSchema,
  type Manifest,
} from './index-schema.js';

const { HierarchicalNSW } = hnswlib;
export type VectorIndex = InstanceType<typeof HierarchicalNSW>;

export { INDEX_FORMAT_VERSION, type Manifest } from './index-schema.js';
const POINTER = 'current.json';

/** Everything retrieval needs, loaded once per process. */
export interface LoadedIndex {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly statement: Statement;
  readonly bm25: Bm25Index;
  readonly lexicon: LexiconData;
  readonly builtin: BuiltinEmbedderState | undefined;
  readonly vectors: VectorIndex;
  /** Per sentence, the ways people would say what it says (absent when the document has none). */
  readonly expansions?: Expansions | undefined;
  /** English words → the document's English words they are synonyms of (WordNet). */
  readonly synonyms?: Synonyms | undefined;
}

export interface IndexContents {
  readonly statement: Statement;
  readonly documentPath: string;
  readonly documentSha256: string;
  readonly embedder: { readonly id: string; readonly dimension: number };
  readonly vectors: readonly Float32Array[];
  readonly bm25: Bm25Index;
  readonly lexicon: LexiconData;
  readonly builtin: BuiltinEmbedderState | undefined;
  readonly expansions?: Expansions | undefined;
  readonly synonyms?: Synonyms | undefined;
  readonly buildMs: number;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

interface Lexical {
  readonly bm25: Bm25Index;
  readonly lexicon: LexiconData;
  readonly builtin: BuiltinEmbedderState | null;
  readonly expansions?: Expansions | null;
  readonly synonyms?: Synonyms | null;
}

/**
 * Writes the index atomically: every file goes into a fresh build folder, then one small pointer file
 * (`current.json`) is replaced by rename. A crash mid-build leaves the previous index in force.
 */
export function writeIndex(indexDir: string, contents: IndexContents): Manifest {
  mkdirSync(indexDir, { recursive: true });
  const name = `build-${Date.now()}-${randomBytes(4).toString('hex')}`;
  const tmp = join(indexDir, `.tmp-${name}`);
  mkdirSync(tmp);
  try {
    const vectors = new HierarchicalNSW('cosine', contents.embedder.dimension);
    vectors.initIndex({ maxElements: Math.max(1, contents.vectors.length), m: 16, efConstruction: 200, randomSeed: 42 });
    contents.vectors.forEach((v, i) => vectors.addPoint(Array.from(v), i));
    vectors.writeIndexSync(join(tmp, 'vectors.hnsw'));
    const lexical: Lexical = {
      bm25: contents.bm25,
      lexicon: contents.lexicon,
      builtin: contents.builtin ?? null,
      expansions: contents.expansions ?? null,
      synonyms: contents.synonyms ?? null,
    };
    writeFileSync(join(tmp, 'statement.json'), JSON.stringify(contents.statement));
    writeFileSync(join(tmp, 'lexical.json'), JSON.stringify(lexical));
    const files: Record<string, { bytes: number; sha256: string }> = {};
    for (const f of ['statement.json', 'lexical.json', 'vectors.hnsw']) {
      const buf = readFileSync(join(tmp, f));
      files[f] = { bytes: buf.length, sha256: sha256(buf) };
    }
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      builtAt: new Date().toISOString(),
      document: { path: contents.documentPath, sha256: contents.documentSha256 },
      embedder: contents.embedder,
      counts: {
        paragraphs: contents.statement.paragraphs.length,
        lexiconKeys: Object.keys(contents.lexicon.toZh).length,
        features: Object.keys(contents.bm25.postings).length,
      },
      files,
      buildMs: contents.buildMs,
    };
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
    renameSync(tmp, join(indexDir, name));
    const pointerTmp = join(indexDir, `.${POINTER}.${randomBytes(4).toString('hex')}`);
    writeFileSync(pointerTmp, JSON.stringify({ build: name }));
    renameSync(pointerTmp, join(indexDir, POINTER));
    removeOldBuilds(indexDir, name);
    return manifest;
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new IndexError(`Could not write the index in ${indexDir}: ${(err as Error).message}`, { cause: err });
  }
}

// Older builds are removed, but not ones a moment old: another process may still be reading them.
function removeOldBuilds(indexDir: string, keep: string): void {
  const cutoff = Date.now() - 60_000;
  for (const entry of readdirSync(indexDir)) {
    if (entry === keep || !(entry.startsWith('build-') || entry.startsWith('.tmp-build-'))) continue;
    const path = join(indexDir, entry);
    try {
      if (statSync(path).mtimeMs < cutoff) rmSync(path, { recursive: true, force: true });
    } catch {
      // Already gone: another process cleaned it.
    }
  }
}

const REBUILD = 'rebuild with `npm run ingest`.';
/** Bytes read and hashed per step: the event loop runs between steps, so a large file never stalls it. */
const CHUNK_BYTES = 256 * 1024;
// Linux names an open file /proc/self/fd/N: hnswlib then reads the very file that was checked.
const PROC_FD = existsSync('/proc/self/fd');

interface OpenedFile {
  readonly path: string;
  readonly handle: FileHandle;
  readonly size: number;
}

/**
 * Opens one index file safely: a regular file (not a symbolic link, a FIFO or a device), no larger
 * than `maxBytes`, of exactly `expectedBytes` when the manifest says; stat before read, and the file
 * opened is checked to be the one stat'ed (O_NOFOLLOW, same inode), so a swap in between is refused.
 */
async function openChecked(path: string, maxBytes: number, expectedBytes?: number): Promise<OpenedFile> {
  let st;
  try {
    st = await lstat(path);
  } catch (err) {
    throw new IndexError(`The index file ${path} is missing; ${REBUILD}`, { cause: err });
  }
  if (st.isSymbolicLink()) throw new IndexError(`The index file ${path} is a symbolic link; index files must be regular files inside the index folder; ${REBUILD}`);
  if (!st.isFile()) throw new IndexError(`The index file ${path} is not a regular file; ${REBUILD}`);
  if (expectedBytes !== undefined && st.size > expectedBytes) {
    throw new IndexError(`The index file ${path} is larger than its manifest says (${st.size} bytes, manifest says ${expectedBytes}); refused unread; ${REBUILD}`);
  }
  if (expectedBytes !== undefined && st.size < expectedBytes) {
    throw new IndexError(`The index file ${path} is truncated or damaged (${st.size} bytes, manifest says ${expectedBytes}); ${REBUILD}`);
  }
  if (st.size > maxBytes) throw new IndexError(`The index file ${path} is ${st.size} bytes, more than an index file may hold (${maxBytes}); refused unread; ${REBUILD}`);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    throw new IndexError(`The index file ${path} cannot be opened (${(err as Error).message}); ${REBUILD}`, { cause: err });
  }
  const opened = await handle.stat();
  if (!opened.isFile() || opened.ino !== st.ino || opened.dev !== st.dev || opened.size !== st.size) {
    await handle.close();
    throw new IndexError(`The index file ${path} changed while it was being opened; ${REBUILD}`);
  }
  return { path, handle, size: st.size };
}

/** Reads an opened file in steps, hashing as it goes; keeps the bytes only when asked to. */
async function readHashed(file: OpenedFile, keep: boolean): Promise<{ bytes: Buffer | undefined; sha256: string }> {
  const hash = createHash('sha256');
  const bytes = keep ? Buffer.allocUnsafe(file.size) : undefined;
  const scratch = keep ? undefined : Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(1, file.size)));
  let offset = 0;
  while (offset < file.size) {
    const length = Math.min(CHUNK_BYTES, file.size - offset);
    const target = bytes ?? scratch!;
    const at = bytes ? offset : 0;
    const { bytesRead } = await file.handle.read(target, at, length, offset);
    if (bytesRead === 0) break;
    hash.update(target.subarray(at, at + bytesRead));
    offset += bytesRead;
  }
  if (offset !== file.size) throw new IndexError(`The index file ${file.path} is truncated or damaged (it shrank while read); ${REBUILD}`);
  // A file that grew after it was stat'ed is not the file the manifest describes.
  const { bytesRead: beyond } = await file.handle.read(Buffer.alloc(1), 0, 1, file.size);
  if (beyond > 0) throw new IndexError(`The index file ${file.path} is larger than its manifest says (it grew while read); ${REBUILD}`);
  return { bytes, sha256: hash.digest('hex') };
}

/** A small JSON file read safely and validated by `schema`. */
async function readJsonFile<S extends z.ZodType>(path: string, maxBytes: number, schema: S, what: string, expected?: { bytes: number; sha256: string }): Promise<z.output<S>> {
  const file = await openChecked(path, maxBytes, expected?.bytes);
  let text: string;
  try {
    const { bytes, sha256: digest } = await readHashed(file, true);
    if (expected !== undefined && digest !== expected.sha256) throw new IndexError(`The index file ${path} does not match its checksum; ${REBUILD}`);
    text = bytes!.toString('utf8');
  } finally {
    await file.handle.close();
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new IndexError(`The ${what} ${path} is not valid JSON; ${REBUILD}`, { cause: err });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new IndexError(`The ${what} ${path} is malformed${where} (${issue?.message ?? 'wrong shape'}); ${REBUILD}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** The current build folder: named by `current.json`, a real folder (no symbolic link) inside the index folder. */
async function currentBuild(indexDir: string): Promise<string> {
  const pointer = join(indexDir, POINTER);
  let realIndex: string;
  try {
    realIndex = await realpath(indexDir);
    await lstat(pointer);
  } catch {
    throw new IndexError(`No index in ${indexDir}: run \`npm run ingest\` (or \`npm start\`, which builds it).`);
  }
  const { build } = await readJsonFile(pointer, MAX_FILE_BYTES['current.json'], PointerSchema, 'index pointer');
  const dir = join(indexDir, build);
  let st;
  try {
    st = await lstat(dir);
  } catch (err) {
    throw new IndexError(`The index pointer ${pointer} names ${build}, which is missing; ${REBUILD}`, { cause: err });
  }
  if (st.isSymbolicLink() || !st.isDirectory() || (await realpath(dir)) !== join(realIndex, build)) {
    throw new IndexError(`The index build ${dir} is not a folder inside ${indexDir} (symbolic links are refused); ${REBUILD}`);
  }
  return dir;
}

/** Reads the manifest of the current index, or undefined when there is none or it cannot be trusted. */
export async function readManifest(indexDir: string): Promise<Manifest | undefined> {
  try {
    const dir = await currentBuild(indexDir);
    return await readJsonFile(join(dir, 'manifest.json'), MAX_FILE_BYTES['manifest.json'], ManifestSchema, 'index manifest');
  } catch {
    return undefined;
  }
}

/** Why an index must be rebuilt for this document and embedder, or undefined when it is current. */
export function staleReason(manifest: Manifest | undefined, expected: { documentSha256: string; embedderId: string }): string | undefined {
  if (!manifest) return 'no index yet';
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) return `index format ${String(manifest.formatVersion)} ≠ ${INDEX_FORMAT_VERSION}`;
  // A manifest of the right version but the wrong shape is damaged: rebuild it too.
  if (manifest.document?.sha256 !== expected.documentSha256) return 'the document changed';
  if (manifest.embedder?.id !== expected.embedderId) return `embedder changed (${String(manifest.embedder?.id)} → ${expected.embedderId})`;
  return undefined;
}

/**
 * Loads the current index. Every file is checked before it is read (a regular file inside the build
 * folder, no larger than the manifest says), read in steps off the event loop, and verified against
 * its checksum; JSON is validated (src/ingest/index-schema.ts). Anything wrong is a clear IndexError,
 * never a native crash in hnswlib or a stall: a server reloading keeps its current index.
 */
export async function loadIndex(indexDir: string): Promise<LoadedIndex> {
  const dir = await currentBuild(indexDir);
  const manifestPath = join(dir, 'manifest.json');
  const manifest = await readJsonFile(manifestPath, MAX_FILE_BYTES['manifest.json'], ManifestSchema, 'index manifest').catch((err: unknown) => {
    if (err instanceof IndexError && /missing/.test(err.message)) throw new IndexError(`The index manifest ${manifestPath} is missing or unreadable; ${REBUILD}`, { cause: err });
    throw err;
  });
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexError(`The index in ${dir} has format ${String(manifest.formatVersion)}, this version reads ${INDEX_FORMAT_VERSION}; ${REBUILD}`);
  }
  // Every file the loader reads must be listed and verified: none is trusted unchecked.
  for (const file of INDEX_FILES) {
    if (!manifest.files[file]) throw new IndexError(`The index manifest ${manifestPath} does not list ${file}; ${REBUILD}`);
  }
  const statement = await readJsonFile(join(dir, 'statement.json'), MAX_FILE_BYTES['statement.json'], StatementSchema, 'index file', manifest.files['statement.json']);
  const lexical = await readJsonFile(join(dir, 'lexical.json'), MAX_FILE_BYTES['lexical.json'], LexicalSchema, 'index file', manifest.files['lexical.json']);

  const vectorsPath = join(dir, 'vectors.hnsw');
  const expected = manifest.files['vectors.hnsw']!;
  const file = await openChecked(vectorsPath, MAX_FILE_BYTES['vectors.hnsw'], expected.bytes);
  const vectors = new HierarchicalNSW('cosine', manifest.embedder.dimension);
  try {
    const { sha256: digest } = await readHashed(file, false);
    if (digest !== expected.sha256) throw new IndexError(`The index file ${vectorsPath} does not match its checksum; ${REBUILD}`);
    // Read off the event loop (hnswlib's worker), from the file just verified.
    await vectors.readIndex(PROC_FD ? `/proc/self/fd/${file.handle.fd}` : vectorsPath);
  } catch (err) {
    if (err instanceof IndexError) throw err;
    throw new IndexError(`The vector index ${vectorsPath} cannot be read (${(err as Error).message}); ${REBUILD}`, { cause: err });
  } finally {
    await file.handle.close();
  }
  if (vectors.getCurrentCount() !== statement.paragraphs.length) {
    throw new IndexError(`The vector index in ${dir} holds ${vectors.getCurrentCount()} vectors for ${statement.paragraphs.length} paragraphs; ${REBUILD}`);
  }
  vectors.setEf(Math.max(50, statement.paragraphs.length));
  return {
    dir,
    manifest,
    // Validated above; the schema's loose objects are the domain types plus any fields added later.
    statement: statement as Statement,
    bm25: lexical.bm25 as Bm25Index,
    lexicon: lexical.lexicon as LexiconData,
    builtin: (lexical.builtin ?? undefined) as BuiltinEmbedderState | undefined,
    vectors,
    expansions: (lexical.expansions ?? undefined) as Expansions | undefined,
    synonyms: (lexical.synonyms ?? undefined) as Synonyms | undefined,
  };
}
