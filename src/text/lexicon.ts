import { characterCount } from './characters.js';
import type { Lexicon } from '../types.js';
import { contentStems } from './english.js';

/** One CC-CEDICT entry as the cc-cedict package ships it: [traditional, simplified, pinyin, english, …]. */
export type CedictEntry = readonly [string, string, string, unknown, ...unknown[]];

/** The serialisable lexicon stored in the index: English key → document terms with weights; term → gloss. */
export interface LexiconData {
  readonly toZh: Record<string, Array<[string, number]>>;
  readonly gloss: Record<string, string>;
  /**
   * Proper nouns of the document: `place` when the dictionary glosses them as a city, capital or
   * province, `name` for other names (people, bodies, countries). Absent in indexes built before kinds.
   */
  readonly kinds?: Record<string, NameKind>;
  /**
   * Proper names the dictionary knows and the document never uses (countries, cities, bodies): a question
   * naming one asks about something the statement does not cover. Chinese headwords, English names.
   */
  readonly outside?: {
    readonly zh: readonly string[];
    readonly en: readonly string[];
    /**
     * English compound nouns (stem keys, "climat chang") whose words the document uses but never together:
     * matched whole, they tell a question about something else. Absent in older indexes.
     */
    readonly compounds?: readonly string[];
  };
  /** Chinese words standing for a document term ("伊斯兰堡", the capital, for 巴基斯坦). */
  readonly aliases?: Record<string, readonly string[]>;
}

export type NameKind = 'place' | 'name';

const PLACE_NOUN = /\b(?:city|capital|municipality|province|prefecture)$/u;

/**
 * A definition naming a place: one of its phrases, cut before where it lies ("… in Pakistani province of
 * Baluchistan", "… on Arabian Sea") or what it is of ("capital of …"), ends with a lower-case place noun.
 * "Gwadar, free trade port city in …" and "capital of the PRC" name places; "Palace Museum, in the Forbidden
 * City" and "Gwadar Port on Arabian Sea in … province" do not. Pure.
 */
function namesPlace(def: string): boolean {
  return def.split(/[,;]/u).some((phrase) => PLACE_NOUN.test(phrase.split(/\s(?:in|on|of|at|near)\s/u)[0]!.replace(/\([^)]*\)/gu, '').trim()));
}

/**
 * The kind of proper noun a dictionary headword is, from all its entries: proper only when every entry's
 * pinyin is capitalised (CC-CEDICT's mark for names), so "成功" (success; also a town) is not a name. Pure.
 */
export function properNounKind(entries: ReadonlyArray<{ pinyin: string; defs: readonly string[] }>): NameKind | undefined {
  if (entries.length === 0 || !entries.every((e) => /^[A-Z]/.test(e.pinyin))) return undefined;
  return entries.some((e) => e.defs.some(namesPlace)) ? 'place' : 'name';
}

const MAX_TERM_LENGTH = 10;
const MAX_PHRASE_WORDS = 4;

function flattenDefinitions(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.flatMap(flattenDefinitions);
  return [];
}

// Definitions that only point elsewhere or describe grammar carry no meaning to match on.
function usable(def: string): boolean {
  return !/^(variant of|old variant of|see |surname |CL:|abbr\. for|used in|classifier for|\(bound form\))/i.test(def);
}

/** Splits one definition into English phrases worth matching: "Gwadar, free trade port city" → ["gwadar", "free trade port city"]. */
export function definitionPhrases(def: string): string[] {
  const noParens = def.replace(/\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  return noParens
    .split(/[,;]/)
    .map((s) => s.replace(/^\s*(to|a|an|the|lit\.|fig\.)\s+/i, '').trim())
    .filter((s) => s.length > 0);
}

/** Every substring of a text up to `max` characters long. */
function substringSet(text: string, max: number): Set<string> {
  const out = new Set<string>();
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    let s = '';
    for (let len = 1; len <= max && i + len <= chars.length; len++) {
      s += chars[i + len - 1];
      out.add(s);
    }
  }
  return out;
}

/** Every substring of the document that is a dictionary headword (or glossary term). */
function documentTerms(text: string, headwords: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    let s = '';
    for (let len = 1; len <= MAX_TERM_LENGTH && i + len <= chars.length; len++) {
      s += chars[i + len - 1];
      if (headwords.has(s)) found.add(s);
    }
  }
  return found;
}

function add(map: Map<string, Map<string, number>>, key: string, term: string, weight: number): void {
  if (key.length === 0) return;
  let terms = map.get(key);
  if (!terms) map.set(key, (terms = new Map()));
  terms.set(term, Math.max(terms.get(term) ?? 0, weight));
}

/** Key under which an English phrase is stored and looked up: its content words, stemmed, space-joined. */
export function phraseKey(phrase: string): string {
  return contentStems(phrase).join(' ');
}

/**
 * Builds the English→Chinese lexicon restricted to terms that occur in the document. Pure.
 * A term matched by a whole short definition ("Kashmir", "photovoltaic") weighs 1; by one word of a
 * longer definition, less — so a rare name outweighs a common word that happens to appear in a gloss.
 */
export function buildLexicon(input: {
  documentText: string;
  entries: Iterable<CedictEntry>;
  glossary?: ReadonlyArray<readonly [english: string, chinese: string]>;
}): LexiconData {
  const defsByTerm = new Map<string, string[]>();
  const readings = new Map<string, Array<{ pinyin: string; defs: string[] }>>();
  // Only headwords that occur in the document matter: one set of its substrings beats 120,000 searches.
  const inDocument = substringSet(input.documentText, MAX_TERM_LENGTH);
  for (const entry of input.entries) {
    const simplified = entry[1];
    if (!inDocument.has(simplified)) continue;
    const read = readings.get(simplified) ?? [];
    read.push({ pinyin: String(entry[2]), defs: flattenDefinitions(entry[3]) });
    readings.set(simplified, read);
    const defs = flattenDefinitions(entry[3]).filter(usable);
    if (defs.length === 0) continue;
    const list = defsByTerm.get(simplified);
    if (list) list.push(...defs);
    else defsByTerm.set(simplified, [...defs]);
  }
  const glossary = (input.glossary ?? []).filter(([, zh]) => input.documentText.includes(zh));
  for (const [en, zh] of glossary) {
    const list = defsByTerm.get(zh) ?? [];
    list.unshift(en);
    defsByTerm.set(zh, list);
  }
  const terms = documentTerms(input.documentText, new Set(defsByTerm.keys()));
  const toZh = new Map<string, Map<string, number>>();
  const gloss: Record<string, string> = {};
  const kinds: Record<string, NameKind> = {};
  for (const [term, list] of [...readings.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const kind = characterCount(term) > 1 ? properNounKind(list) : undefined;
    if (kind) kinds[term] = kind;
  }
  // A glossary entry written with a capital ("Khunjerab", "Li Qiang") is a name; lower case is a term.
  for (const [en, zh] of glossary) if (/^[A-Z]/.test(en) && !kinds[zh]) kinds[zh] = 'name';
  for (const term of terms) {
    const defs = defsByTerm.get(term) ?? [];
    // Single characters are ambiguous: keep them, but weak.
    const termWeight = characterCount(term) === 1 ? 0.35 : 1;
    const firstDef = defs[0];
    if (firstDef !== undefined && characterCount(term) > 1) gloss[term] = firstDef.replace(/\s*\([^)]*\)/g, '').trim();
    defs.forEach((def, defIndex) => {
      // Later senses of a word are less likely the one meant.
      const senseWeight = defIndex === 0 ? 1 : defIndex < 3 ? 0.8 : 0.6;
      for (const phrase of definitionPhrases(def)) {
        const words = contentStems(phrase);
        if (words.length === 0) continue;
        if (words.length <= MAX_PHRASE_WORDS) add(toZh, words.join(' '), term, termWeight * senseWeight);
        if (words.length > 1) {
          // Each word of a longer phrase points at the term too, more weakly the longer the phrase.
          const w = (termWeight * senseWeight) / Math.sqrt(words.length) / 1.5;
          for (const word of words.slice(0, 6)) add(toZh, word, term, w);
        }
      }
    });
  }
  const out: Record<string, Array<[string, number]>> = {};
  for (const [key, m] of [...toZh.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out[key] = [...m.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([t, w]) => [t, Math.round(w * 1000) / 1000] as [string, number]);
  }
  return { toZh: out, gloss, kinds };
}

/** The document terms an English key translates to; own keys only ("constructor" is no translation). */
export function lookupZh(data: Pick<LexiconData, 'toZh'> | undefined, key: string): ReadonlyArray<readonly [string, number]> {
  return data && Object.hasOwn(data.toZh, key) ? (data.toZh[key] ?? []) : [];
}

/** Wraps stored lexicon data in the Lexicon interface. */
export function createLexicon(data: LexiconData): Lexicon {
  return {
    toChinese(english: string): readonly string[] {
      return lookupZh(data, phraseKey(english)).map(([t]) => t);
    },
    gloss(chinese: string): string | undefined {
      return Object.hasOwn(data.gloss, chinese) ? data.gloss[chinese] : undefined;
    },
  };
}

/**
 * The least weight of a translation from a whole definition (a later sense weighs 0.6); one word of a
 * longer definition weighs at most 0.47 ("Taiwan" in a gloss of 成功 is no translation of Taiwan).
 */
export const WHOLE_DEFINITION = 0.5;

const UNUSABLE_NAME = /surname|\(name\)|variant|old name|abbr|see |used in|dynasty|emperor|reign/iu;

/**
 * The proper names of the dictionary that the document does not use: headwords with capitalised pinyin
 * whose every sense is a short capitalised name ("印度: India", "美国: United States; USA; US"), and,
 * for capitals ("伊斯兰堡: Islamabad, capital of Pakistan"), the document term of their country, so a
 * question may name a government by its capital. `knownEnglish` says whether an English name is the
 * document's own (its rendering uses it). Pure.
 */
export function outsideNames(input: {
  documentText: string;
  entries: Iterable<CedictEntry>;
  toZh: LexiconData['toZh'];
  knownEnglish: (name: string) => boolean;
}): { outside: { zh: string[]; en: string[] }; aliases: Record<string, string[]>; englishAliases: Record<string, Array<[string, number]>> } {
  const zh = new Set<string>();
  const en = new Set<string>();
  const aliases: Record<string, string[]> = {};
  const englishAliases: Record<string, Array<[string, number]>> = {};
  const inDocument = substringSet(input.documentText, MAX_TERM_LENGTH);
  for (const entry of input.entries) {
    const word = entry[1];
    if (!/^[A-Z]/u.test(String(entry[2])) || characterCount(word) < 2) continue;
    // One definition string may hold several senses: "United States; USA; US".
    const defs = flattenDefinitions(entry[3]).flatMap((d) => d.split(/\s*;\s*/u)).filter(Boolean);
    if (defs.length === 0 || defs.some((d) => UNUSABLE_NAME.test(d))) continue;
    const capital = defs.map((d) => /^([A-Z][\w'.-]+(?: [A-Z][\w'.-]+)*), capital of ([A-Z][\w ]+?)\s*(?:$|[,;(])/u.exec(d)).find(Boolean);
    if (capital) {
      const country = lookupZh(input, phraseKey(capital[2]!));
      const terms = country.filter(([t, w]) => characterCount(t) > 1 && w >= WHOLE_DEFINITION).slice(0, 3);
      if (terms.length > 0) {
        aliases[word] = terms.map(([t]) => t);
        englishAliases[phraseKey(capital[1]!)] = terms.map(([t, w]) => [t, Math.round(w * 0.8 * 1000) / 1000]);
        continue;
      }
    }
    if (inDocument.has(word)) continue;
    if (!defs.every((d) => /^[A-Z]/u.test(d) && d.split(/\s+/u).length <= 4)) continue;
    zh.add(word);
    for (const d of defs) if (!input.knownEnglish(d)) en.add(d);
  }
  const sorted = (set: Set<string>): string[] => [...set].sort();
  return { outside: { zh: sorted(zh), en: sorted(en) }, aliases, englishAliases };
}

/**
 * The document's own terms to teach the segmenter: its proper names (with a name tag) and its longer
 * dictionary terms (three characters or more; jieba knows most two-character words already).
 */
export function segmenterTerms(data: LexiconData): Array<[string, string]> {
  const out = new Map<string, string>();
  for (const term of Object.keys(data.gloss)) if (characterCount(term) >= 3) out.set(term, 'n');
  for (const [term, kind] of Object.entries(data.kinds ?? {})) out.set(term, kind === 'place' ? 'ns' : 'nz');
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}
