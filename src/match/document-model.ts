import { substringIndex, type SubstringIndex } from '../text/substring-index.js';
import { sentenceOffsets } from '../text/segment.js';
import type { Paragraph, Statement } from '../types.js';
import { textTerms } from './terms.js';

/*
 * The statement as the matching core reads it: sentence units, each with the terms of its Chinese text
 * and of its English rendering, and the terms of the ways people would say what it says (document
 * expansion, written from the statement, data/*.paraphrases.txt). Built once per index; pure.
 */

/** Per sentence (key `p.s`, 1-based, and `title`, `source`): Chinese and English expansion phrases. */
export type Expansions = Readonly<Record<string, { readonly zh: readonly string[]; readonly en: readonly string[] }>>;

export interface MatchUnit {
  readonly paragraph: number;
  /** Position of the sentence in its paragraph, 0-based. */
  readonly index: number;
  /** Offsets of the sentence in the paragraph's text: `text` is an exact slice. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The English rendering of this sentence, when the document has one. */
  readonly en?: string;
  /** Terms of the Chinese text and of the English rendering. */
  readonly terms: ReadonlySet<string>;
  /** Terms of the expansion phrases only. */
  readonly expTerms: ReadonlySet<string>;
  /** Expansion phrases joined, for substring matches of longer Chinese strings. */
  readonly expText: string;
  /** Lower-cased English rendering, for phrase matches. */
  readonly enLower: string;
  /** The sentence's clauses (cut at ，：；), offsets relative to the sentence, with their terms: answers quote runs of them. */
  readonly clauses: readonly Clause[];
}

export interface Clause {
  readonly start: number;
  /** End, after the clause's punctuation. */
  readonly end: number;
  readonly terms: ReadonlySet<string>;
}

/** Clause boundaries inside a sentence: after '，' '：' '；' (the last clause runs to the end). */
function clausesOf(sentence: string): Clause[] {
  const out: Clause[] = [];
  let start = 0;
  for (let i = 0; i < sentence.length; i++) {
    if ('，：；'.includes(sentence[i]!) && i + 1 < sentence.length) {
      out.push({ start, end: i + 1, terms: new Set(textTerms(sentence.slice(start, i + 1)).keys()) });
      start = i + 1;
    }
  }
  out.push({ start, end: sentence.length, terms: new Set(textTerms(sentence.slice(start)).keys()) });
  return out;
}

export interface DocumentModel {
  readonly statement: Statement;
  readonly units: readonly MatchUnit[];
  readonly unitsOf: ReadonlyMap<number, readonly MatchUnit[]>;
  /** Every term the document knows (text, rendering, expansions): "is this word in the statement at all?" */
  readonly vocabulary: ReadonlySet<string>;
  /** All the document's Chinese text, rendering and expansions, for substring checks of names. */
  readonly allText: string;
  readonly allTextLower: string;
  /** Substring search over allText and allTextLower: `includes` without a scan of either. */
  readonly find: { readonly text: SubstringIndex; readonly lower: SubstringIndex };
  /**
   * Inverted lists, term → indexes of the units whose text (`text`) or expansions (`expansion`) hold it.
   * Besides the terms, every pair of adjacent Han characters is listed under `c:<pair>`, so a Chinese
   * string is looked up by its pairs and only the sentences holding all of them are read.
   */
  readonly postings: { readonly text: ReadonlyMap<string, readonly number[]>; readonly expansion: ReadonlyMap<string, readonly number[]> };
  /** 0..units.length-1, for lookups that must read every unit. */
  readonly everyUnit: readonly number[];
  /**
   * Which units hold a Chinese string in their text and in their expansions: a property of the document,
   * remembered for the strings questions ask about (bounded).
   */
  readonly lookups: Map<string, { readonly text: readonly number[]; readonly expansion: readonly number[] }>;
}

/** Every pair of adjacent Han characters of a text, as `c:` keys (stop words included). */
export function charPairs(text: string): string[] {
  const out: string[] = [];
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.push(`c:${chars[i]}${chars[i + 1]}`);
  }
  return out;
}

function post(map: Map<string, number[]>, keys: Iterable<string>, unit: number): void {
  for (const k of keys) {
    const list = map.get(k);
    if (!list) map.set(k, [unit]);
    else if (list[list.length - 1] !== unit) list.push(unit);
  }
}

/** The expansion key of a sentence: paragraph number and 1-based sentence index (`7.2`). */
export function sentenceKey(paragraph: number, index: number): string {
  return `${paragraph}.${index + 1}`;
}

function unitsOfParagraph(p: Paragraph, expansions: Expansions | undefined): MatchUnit[] {
  return sentenceOffsets(p.text).map(({ start, end }, index) => {
    const text = p.text.slice(start, end);
    const en = p.en?.[index];
    const exp = expansions?.[sentenceKey(p.number, index)];
    const expText = exp ? [...exp.zh, ...exp.en].join('|') : '';
    const terms = new Set(textTerms(en === undefined ? text : `${text}\n${en}`).keys());
    const expTerms = new Set(exp ? textTerms(expText).keys() : []);
    return {
      paragraph: p.number,
      index,
      start,
      end,
      text,
      ...(en === undefined ? {} : { en }),
      terms,
      expTerms,
      expText,
      enLower: (en ?? '').toLowerCase(),
      clauses: clausesOf(text),
    };
  });
}

/** Builds the model of a statement and its expansions. */
export function createDocumentModel(statement: Statement, expansions?: Expansions): DocumentModel {
  const units: MatchUnit[] = [];
  const unitsOf = new Map<number, MatchUnit[]>();
  for (const p of statement.paragraphs) {
    const list = unitsOfParagraph(p, expansions);
    unitsOf.set(p.number, list);
    units.push(...list);
  }
  const vocabulary = new Set<string>();
  for (const u of units) {
    for (const t of u.terms) vocabulary.add(t);
    for (const t of u.expTerms) vocabulary.add(t);
  }
  const extra = [statement.title, statement.source, statement.titleEn ?? '', statement.sourceEn ?? ''];
  for (const key of ['title', 'source']) {
    const exp = expansions?.[key];
    if (exp) extra.push(...exp.zh, ...exp.en);
  }
  for (const t of textTerms(extra.join('\n')).keys()) vocabulary.add(t);
  const allText = [...units.map((u) => `${u.text}\n${u.en ?? ''}\n${u.expText}`), ...extra].join('\n');
  const text = new Map<string, number[]>();
  const expansion = new Map<string, number[]>();
  units.forEach((u, i) => {
    post(text, u.terms, i);
    post(text, charPairs(u.text), i);
    post(expansion, u.expTerms, i);
    post(expansion, charPairs(u.expText), i);
  });
  for (const k of charPairs(extra.join('\n'))) vocabulary.add(k);
  for (const u of units) for (const k of charPairs(`${u.text}|${u.expText}`)) vocabulary.add(k);
  const allTextLower = allText.toLowerCase();
  return {
    statement,
    units,
    unitsOf,
    vocabulary,
    allText,
    allTextLower,
    find: { text: substringIndex(allText), lower: substringIndex(allTextLower) },
    postings: { text, expansion },
    everyUnit: units.map((_, i) => i),
    lookups: new Map(),
  };
}
