import { madeFor } from '../memo.js';
import { englishWords } from '../text/english.js';
import type { Concept, Variant } from './concepts.js';
import { charPairs, type DocumentModel, type MatchUnit } from './document-model.js';
import { sortSmall } from './small-sort.js';
import { TUNING } from './tuning.js';

/*
 * The one coverage measure: how much of a question (its IDF-weighted concepts) a sentence, a paragraph
 * or any group of sentences contains. Every concept is matched against every sentence once per question;
 * IDF, sentence scores, paragraph scores and "is this known at all" all read that one table. Pure.
 */

export interface WeightedConcept extends Concept {
  /** IDF over the document's sentences × boost; concepts the document never contains keep full weight. */
  readonly weight: number;
  /** Sentences it matches. */
  readonly df: number;
}

export interface Matches {
  readonly model: DocumentModel;
  readonly concepts: readonly WeightedConcept[];
  /**
   * strength[c][u]: how well concept c is expressed in unit u (0 = not at all, 1 = in its text), at
   * single precision. Plain arrays: a typed array per concept cost more to allocate than the matching.
   */
  readonly strength: ReadonlyArray<readonly number[]>;
  readonly totalWeight: number;
}

function inText(u: MatchUnit, v: Variant): boolean {
  if (v.substring !== undefined) return u.text.includes(v.substring);
  return v.terms !== undefined && v.terms.length > 0 && v.terms.every((t) => u.terms.has(t));
}

function inExpansion(u: MatchUnit, v: Variant): boolean {
  if (v.substring !== undefined) return u.expText.includes(v.substring);
  return v.terms !== undefined && v.terms.length > 0 && v.terms.every((t) => u.expTerms.has(t));
}

/** How well one concept is expressed in one sentence: its best variant, in the text or (weaker) the expansions. */
export function conceptStrength(u: MatchUnit, c: Concept): number {
  let best = 0;
  for (const v of c.variants) {
    if (v.strength <= best) continue;
    if (inText(u, v)) best = v.strength;
    else if (v.strength * TUNING.expansionStrength > best && inExpansion(u, v)) best = v.strength * TUNING.expansionStrength;
  }
  return best;
}

function intersect(lists: ReadonlyArray<readonly number[] | undefined>): readonly number[] {
  // One list (a variant of one term, the usual case) is its own intersection.
  if (lists.length === 1) return lists[0] ?? [];
  if (lists.length === 0 || lists.some((l) => l === undefined)) return [];
  const sorted = [...(lists as ReadonlyArray<readonly number[]>)].sort((a, b) => a.length - b.length);
  let out = sorted[0]!;
  for (const l of sorted.slice(1)) {
    const set = new Set(l);
    out = out.filter((x) => set.has(x));
    if (out.length === 0) break;
  }
  return out;
}

/** The units that may hold a variant, from the inverted lists (verified by the caller where lists over-approximate). */
function candidates(postings: ReadonlyMap<string, readonly number[]>, v: Variant): readonly number[] | undefined {
  if (v.terms !== undefined) return v.terms.length === 0 ? [] : intersect(v.terms.map((t) => postings.get(t)));
  const pairs = charPairs(v.substring ?? '');
  // A string without two Han characters in a row ("ML-1", "港") cannot be looked up: read every unit.
  if (pairs.length === 0) return undefined;
  return intersect(pairs.map((k) => postings.get(k)));
}

/** Remembered document lookups per model (a few thousand strings at most). */
const MAX_LOOKUPS = 4096;

/** The units whose text, and those whose expansions, hold a Chinese string (verified, remembered). */
function unitsHolding(model: DocumentModel, substring: string): { text: readonly number[]; expansion: readonly number[] } {
  const known = model.lookups.get(substring);
  if (known) return known;
  const v: Variant = { substring, strength: 1 };
  const text = (candidates(model.postings.text, v) ?? model.everyUnit).filter((i) => inText(model.units[i]!, v));
  const expansion = (candidates(model.postings.expansion, v) ?? model.everyUnit).filter((i) => inExpansion(model.units[i]!, v));
  const found = { text, expansion };
  if (model.lookups.size < MAX_LOOKUPS) model.lookups.set(substring, found);
  return found;
}

/**
 * A concept with its weight: the same fields, written out. A spread (`{ ...c, weight, df }`) of concepts
 * of several shapes (with and without topic, kindWord, detail) was most of matchConcepts' own time.
 * A field added to Concept must be copied here too.
 */
function weighed(c: Concept, weight: number, df: number): WeightedConcept {
  const w: { -readonly [K in keyof WeightedConcept]: WeightedConcept[K] } = {
    key: c.key,
    boost: c.boost,
    variants: c.variants,
    word: c.word,
    own: c.own,
    surface: c.surface,
    weight,
    df,
  };
  if (c.topic !== undefined) w.topic = c.topic;
  if (c.kindWord !== undefined) w.kindWord = c.kindWord;
  if (c.detail !== undefined) w.detail = c.detail;
  return w;
}

/** How strongly a concept's variants are expressed in each unit, and in how many units at all. */
interface ConceptRow {
  readonly row: readonly number[];
  readonly df: number;
}

/**
 * Rows remembered per model by the variants list itself: the lists of English words and phrases, and of
 * Chinese words and pairs, are made once per word (concepts.ts), so a word asked again is not matched
 * again. A fresh list (another shape of concept) is simply matched. Weak keys: nothing is kept longer
 * than its variants are.
 */
const rowsByModel = new WeakMap<DocumentModel, WeakMap<readonly Variant[], ConceptRow>>();

/** Matches one concept's variants against every unit. */
function matchVariants(variants: readonly Variant[], model: DocumentModel): ConceptRow {
  const row = new Array<number>(model.units.length).fill(0);
  // The units it is found in, counted as each is first raised above 0.
  let df = 0;
  const raise = (i: number, to: number): void => {
    if (to > row[i]!) {
      if (row[i] === 0) df++;
      row[i] = to;
    }
  };
  for (const v of variants) {
    // Rounded to single precision, as the scores have always been kept.
    const sure = Math.fround(v.strength);
    const weak = Math.fround(v.strength * TUNING.expansionStrength);
    if (v.substring !== undefined) {
      const found = unitsHolding(model, v.substring);
      for (const i of found.text) raise(i, sure);
      for (const i of found.expansion) raise(i, weak);
      continue;
    }
    for (const i of candidates(model.postings.text, v) ?? []) raise(i, sure);
    for (const i of candidates(model.postings.expansion, v) ?? []) raise(i, weak);
  }
  // A concept found nowhere (most words the statement lacks) shares the model's one row of zeros.
  return df > 0 ? { row, df } : { row: zeroRow(model), df };
}

const zeroRows = new WeakMap<DocumentModel, readonly number[]>();
function zeroRow(model: DocumentModel): readonly number[] {
  return madeFor(zeroRows, model, () => Object.freeze(new Array<number>(model.units.length).fill(0)));
}

/** Matches every concept against every sentence and weighs each concept by IDF over sentences. */
export function matchConcepts(concepts: readonly Concept[], model: DocumentModel): Matches {
  const n = model.units.length;
  const rows = madeFor(rowsByModel, model, () => new WeakMap());
  const strength: Array<readonly number[]> = [];
  const weighted: WeightedConcept[] = [];
  let totalWeight = 0;
  for (const c of concepts) {
    const found = madeFor(rows, c.variants, () => matchVariants(c.variants, model));
    const idf = Math.max(TUNING.minIdf, Math.log((n + 1) / (found.df + 0.5)));
    const weight = idf * c.boost;
    strength.push(found.row);
    weighted.push(weighed(c, weight, found.df));
    totalWeight += weight;
  }
  return { model, concepts: weighted, strength, totalWeight };
}

/** The share of the question a group of units holds, each concept counted at its best unit (no allocation). */
export function shareOf(matches: Matches, unitIndexes: readonly number[]): number {
  let got = 0;
  const { concepts, strength } = matches;
  for (let ci = 0; ci < concepts.length; ci++) {
    // A concept no unit holds adds nothing (got + 0 is got).
    if (concepts[ci]!.df === 0) continue;
    const row = strength[ci]!;
    let best = 0;
    for (const u of unitIndexes) if (row[u]! > best) best = row[u]!;
    got += concepts[ci]!.weight * best;
  }
  return matches.totalWeight > 0 ? got / matches.totalWeight : 0;
}

/** What each unit of a group holds alone, and what the group holds together (see `unitShares`). */
export interface UnitShares {
  /** `each[k]` is `shareOf(matches, [unitIndexes[k]])`. */
  readonly each: readonly number[];
  /** `shareOf(matches, unitIndexes)`. */
  readonly whole: number;
}

/**
 * The share of the question each unit of a group holds alone and the group's together, in one pass
 * over the concepts: the same sums as `shareOf` for each unit and for the group, in the same order, so
 * the same numbers to the last bit.
 */
export function unitShares(matches: Matches, unitIndexes: readonly number[]): UnitShares {
  const n = unitIndexes.length;
  const got = new Array<number>(n).fill(0);
  let all = 0;
  const { concepts, strength } = matches;
  for (let ci = 0; ci < concepts.length; ci++) {
    if (concepts[ci]!.df === 0) continue;
    const row = strength[ci]!;
    const weight = concepts[ci]!.weight;
    let best = 0;
    for (let k = 0; k < n; k++) {
      const v = row[unitIndexes[k]!]!;
      // shareOf of one unit: its best is the unit's strength when above 0, else 0.
      got[k] = got[k]! + weight * (v > 0 ? v : 0);
      if (v > best) best = v;
    }
    all += weight * best;
  }
  const total = matches.totalWeight;
  for (let k = 0; k < n; k++) got[k] = total > 0 ? got[k]! / total : 0;
  return { each: got, whole: total > 0 ? all / total : 0 };
}

export interface CoverageResult {
  /** Share of the question's weight found, 0..1. */
  readonly share: number;
  /** Keys of the concepts found. */
  readonly matched: ReadonlySet<string>;
}

/** Coverage of a group of sentences (by unit index): each concept counts at its best sentence. */
export function coverageOf(matches: Matches, unitIndexes: readonly number[], options: { ownOnly?: boolean } = {}): CoverageResult {
  let got = 0;
  let total = 0;
  const matched = new Set<string>();
  const { concepts, strength } = matches;
  const ownOnly = options.ownOnly === true;
  for (let ci = 0; ci < concepts.length; ci++) {
    const c = concepts[ci]!;
    if (ownOnly && !c.own) continue;
    total += c.weight;
    if (c.df === 0) continue;
    let best = 0;
    const row = strength[ci]!;
    for (const u of unitIndexes) best = Math.max(best, row[u] ?? 0);
    if (best > 0) {
      got += c.weight * best;
      matched.add(c.key);
    }
  }
  return { share: total > 0 ? got / total : 0, matched };
}

/** The share of the question's weight carried by the concepts in `keys`. */
export function weightOf(matches: Matches, keys: readonly string[]): number {
  // A handful of keys is looked through, not made into a set (this runs for every candidate sentence).
  const set = keys.length > 8 ? new Set(keys) : undefined;
  let got = 0;
  for (const c of matches.concepts) if (set === undefined ? keys.includes(c.key) : set.has(c.key)) got += c.weight;
  return matches.totalWeight > 0 ? got / matches.totalWeight : 0;
}

/**
 * The share of the question's own words that the document knows at all — in any sentence, its
 * rendering, its expansions, the title or the source line. A question on another subject shares few. 1
 * when the question has no content words.
 */
export function topicalShare(matches: Matches): number {
  let total = 0;
  let hits = 0;
  for (const c of matches.concepts) {
    if (!c.word || !c.own || c.kindWord || c.detail) continue;
    total += 1;
    if (knownConcept(matches, c)) hits += 1;
  }
  return total === 0 ? 1 : hits / total;
}

/** True when the document knows a concept at all: a sentence holds it, or its words are in the document's vocabulary. */
export function knownConcept(matches: Matches, c: WeightedConcept): boolean {
  if (c.df > 0) return true;
  const { vocabulary } = matches.model;
  return c.variants.some((v) => {
    if (v.terms !== undefined) return v.terms.length > 0 && v.terms.every((t) => vocabulary.has(t));
    const pairs = charPairs(v.substring ?? '');
    return pairs.length > 0 ? pairs.every((k) => vocabulary.has(k)) : matches.model.find.text.includes(v.substring ?? '');
  });
}

/**
 * True when the question asks whether the statement speaks of something (analysis.about) and the document
 * knows none of that thing's words ("Did they talk about cricket?").
 */
export function aboutUnknown(matches: Matches, about: string | undefined): boolean {
  if (!about) return false;
  const within = insideOf(about);
  const inside = matches.concepts.filter((c) => c.own && c.word && !c.kindWord && !c.detail && within(c));
  return inside.length > 0 && !inside.some((c) => knownConcept(matches, c));
}

/**
 * The question's own words that say what is done rather than who or where (not names, not words naming
 * the kind of answer): indexes into `matches.concepts`. "When will Xi travel to Pakistan?" → travel.
 */
export function actionConcepts(matches: Matches, isName: (surface: string) => boolean): number[] {
  const out: number[] = [];
  matches.concepts.forEach((c, i) => {
    if (c.own && c.word && !c.kindWord && !c.detail && !c.key.startsWith('n:') && !isName(c.surface)) out.push(i);
  });
  return out;
}

/** True when unit `u` expresses one of the concepts `which` (indexes into `matches.concepts`). */
export function holdsAnyOf(matches: Matches, which: readonly number[], u: number): boolean {
  return which.some((c) => (matches.strength[c]?.[u] ?? 0) > 0);
}

/** Whether a concept of the question lies in a part of it: a Chinese word inside its text, English words all among its words. */
function insideOf(part: string): (c: Concept) => boolean {
  // Tokenised as the question's English concepts were, so their surfaces compare word for word.
  const words = new Set(englishWords(part));
  return (c) => (/\p{Script=Han}/u.test(c.surface) ? part.includes(c.surface) : c.surface.toLowerCase().split(' ').every((w) => words.has(w)));
}

/**
 * For each part of a coordinated list in the question (analysis.facets), the keys of the question's own
 * topic words that part holds and the document contains: the Chinese words inside its text, the English
 * words and phrases all of whose words are among its words. Parts holding none are left out.
 */
export function facetKeys(matches: Matches, facets: readonly string[]): string[][] {
  // "Belt and Road": parts the document says as one phrase are one part.
  const merged: string[] = [];
  for (const facet of facets) {
    const previous = merged.at(-1);
    const last = previous?.slice(previous.lastIndexOf(' ') + 1);
    const first = facet.slice(0, facet.includes(' ') ? facet.indexOf(' ') : facet.length);
    if (previous !== undefined && last && first && matches.model.find.lower.includes(`${last} and ${first}`.toLowerCase())) merged[merged.length - 1] = `${previous} and ${facet}`;
    else merged.push(facet);
  }
  const out: string[][] = [];
  for (const facet of merged) {
    const within = insideOf(facet);
    const keys = matches.concepts.filter((c) => c.own && c.word && !c.kindWord && !c.detail && c.df > 0 && within(c)).map((c) => c.key);
    if (keys.length > 0) out.push(keys);
  }
  return out;
}

/**
 * The heaviest word concepts among `matched`: what the question is about at heart. A further paragraph
 * cited must mention one of them.
 */
export function anchorConcepts(matches: Matches, matched: Iterable<string>, share = 0.7): Set<string> {
  const set = new Set(matched);
  const words = matches.concepts.filter((c) => set.has(c.key) && c.word);
  const max = Math.max(0, ...words.map((c) => c.weight));
  return new Set(words.filter((c) => c.weight >= share * max).map((c) => c.key));
}

/**
 * The shortest run of whole clauses of a sentence that keeps at least `keep` of what the whole sentence
 * matches of the question's own concepts; offsets relative to the sentence, trailing punctuation dropped.
 * The whole sentence when no shorter run does.
 */
export function bestClauseWindow(matches: Matches, unitIndex: number, keep = 0.9): { start: number; end: number } {
  const unit = matches.model.units[unitIndex]!;
  const own = matches.concepts.filter((c, ci) => c.own && (matches.strength[ci]![unitIndex] ?? 0) > 0);
  const clauses = unit.clauses;
  const whole = { start: 0, end: unit.text.length };
  if (own.length === 0 || clauses.length < 2) return whole;
  // What the run of clauses i..j matches in its own text (expansions belong to whole sentences).
  const got = (i: number, j: number): number => {
    const terms = new Set<string>();
    for (let k = i; k <= j; k++) for (const t of clauses[k]!.terms) terms.add(t);
    const text = unit.text.slice(clauses[i]!.start, clauses[j]!.end);
    let sum = 0;
    for (const c of own) {
      let s = 0;
      for (const v of c.variants) {
        if (v.strength <= s) continue;
        const hit = v.substring !== undefined ? text.includes(v.substring) : (v.terms ?? []).length > 0 && (v.terms ?? []).every((t) => terms.has(t));
        if (hit) s = v.strength;
      }
      sum += c.weight * s;
    }
    return sum;
  };
  const full = got(0, clauses.length - 1);
  if (full <= 0) return whole;
  let best = whole;
  for (let i = 0; i < clauses.length; i++) {
    for (let j = i; j < clauses.length; j++) {
      if (got(i, j) < keep * full) continue;
      const start = clauses[i]!.start;
      const trimmed = unit.text.slice(start, clauses[j]!.end).replace(/[，：；。！？]$/u, '');
      if (trimmed.length < best.end - best.start) best = { start, end: start + trimmed.length };
      break; // longer windows from the same start are no shorter
    }
  }
  return best;
}

const TITLE = /^(?:主席|总理|首相|总统|国王|部长|外长|书记|大使|委员长|秘书长|president|prime minister|premier|minister|secretary|ambassador|king|chairman)$/iu;

/**
 * Where a concept is looked for in a text: each variant's needle, and whether it is searched in the
 * lower-cased text (English stems) or the text itself. A phrase is placed by its first word. Made once
 * per variants list (the lists are made once per word: concepts.ts).
 */
const needlesByVariants = new WeakMap<readonly Variant[], ReadonlyArray<readonly [inLower: boolean, needle: string]>>();
function needlesOf(c: Concept): ReadonlyArray<readonly [inLower: boolean, needle: string]> {
  return madeFor(needlesByVariants, c.variants, () => {
    const list: Array<readonly [boolean, string]> = [];
    for (const v of c.variants) {
      if (v.substring !== undefined) list.push([false, v.substring]);
      else if (v.terms && v.terms.length > 0) {
        const t = v.terms[0]!;
        if (t.startsWith('e:')) list.push([true, t.slice(2)]);
        else if (t.startsWith('w:')) list.push([false, t.slice(2)]);
      }
    }
    return list.filter(([, needle]) => needle.length > 0);
  });
}

/** The first and last places a concept shows in a text (any variant), or undefined. */
function spanIn(text: string, lower: string, c: Concept): { first: number; last: number } | undefined {
  let first = -1;
  let last = -1;
  for (const [inLower, needle] of needlesOf(c)) {
    const haystack = inLower ? lower : text;
    const a = haystack.indexOf(needle);
    if (a < 0) continue;
    const b = haystack.lastIndexOf(needle);
    if (first < 0 || a < first) first = a;
    if (b > last) last = b;
  }
  return first < 0 ? undefined : { first, last };
}

/**
 * The question's own words as orderAgreement and phraseAgreement read them (not words naming the kind of
 * answer, not titles, which stand before a name in one language and after it in the other: "首相欧文",
 * "Prime Minister Owen"), with where each stands in the lower-cased question: the same for every
 * sentence, so read once per question and match table.
 */
interface AskedWords {
  readonly question: string;
  /** In concept order: each word's concept index and its place in the question (-1 when not there as written). */
  readonly ordered: ReadonlyArray<{ readonly ci: number; readonly q: number }>;
  /** Those found in the question, by place (a longer one first where two start together). */
  readonly byPlace: ReadonlyArray<{ readonly q: number; readonly end: number; readonly ci: number }>;
}
const askedWordsOf = new WeakMap<Matches, AskedWords>();
function askedWords(matches: Matches, question: string): AskedWords {
  const known = askedWordsOf.get(matches);
  if (known !== undefined && known.question === question) return known;
  const q = question.toLowerCase();
  const ordered: Array<{ ci: number; q: number }> = [];
  const byPlace: Array<{ q: number; end: number; ci: number }> = [];
  matches.concepts.forEach((c, ci) => {
    if (!c.own || !c.word || c.kindWord || TITLE.test(c.surface)) return;
    const surface = c.surface.toLowerCase();
    const at = q.indexOf(surface);
    ordered.push({ ci, q: at });
    if (at >= 0 && surface.length > 0) byPlace.push({ q: at, end: at + surface.length, ci });
  });
  byPlace.sort((a, b) => a.q - b.q || b.end - a.end);
  const words = { question, ordered, byPlace };
  askedWordsOf.set(matches, words);
  return words;
}

/**
 * Whether a sentence says things in the question's order: the share of pairs of the question's own
 * words found in the same order, scaled to -1..1 (0 when fewer than two are found). In both languages
 * the doer comes before the deed and the deed before what it is done to, so "who invited Kakar" agrees
 * with "at the invitation of Xi, Kakar visited" and not with "Kakar invited Xi". English questions are
 * read against the rendering, Chinese ones against the Chinese.
 */
export function orderAgreement(matches: Matches, unitIndex: number, question: string): number {
  const unit = matches.model.units[unitIndex]!;
  const english = !/\p{Script=Han}/u.test(question) && unit.en !== undefined;
  const text = english ? unit.en! : unit.text;
  const lower = english ? unit.enLower : text.toLowerCase();
  const placed: Array<{ q: number; first: number; last: number }> = [];
  for (const { ci, q } of askedWords(matches, question).ordered) {
    if (q < 0 || (matches.strength[ci]![unitIndex] ?? 0) <= 0) continue;
    const inSentence = spanIn(text, lower, matches.concepts[ci]!);
    if (inSentence) placed.push({ q, first: inSentence.first, last: inSentence.last });
  }
  let pairs = 0;
  let agree = 0;
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const a = placed[i]!;
      const b = placed[j]!;
      if (a.q === b.q) continue;
      // In order when some mention of the earlier word comes before some mention of the later one: a word
      // said twice ("Pakistan … to visit Pakistan") is read where it fits.
      const [x, y] = a.q < b.q ? [a, b] : [b, a];
      pairs++;
      if (x.first < y.last) agree++;
    }
  }
  return pairs === 0 ? 0 : (2 * agree) / pairs - 1;
}

/** Every place a concept shows in a text (any variant; a phrase by its first word), at most `limit`, in order. */
function placesIn(text: string, lower: string, c: Concept, limit = 32): number[] {
  const out: number[] = [];
  for (const [inLower, needle] of needlesOf(c)) {
    const haystack = inLower ? lower : text;
    for (let at = haystack.indexOf(needle); at >= 0 && out.length < limit; at = haystack.indexOf(needle, at + needle.length)) out.push(at);
  }
  // Numbers: equal ones are the same, so any sort gives this order.
  return sortSmall(out, (a, b) => a - b);
}

/** Two of the question's words this close (characters between them) are read as one phrase… */
const PHRASE_GAP = { zh: 4, en: 5 } as const;
/** …and the sentence says that phrase when the second follows the first within this many characters. */
const PHRASE_REACH = { zh: 6, en: 24 } as const;

/**
 * Whether a sentence says the question's phrases as phrases: of the pairs of the question's own words
 * that stand next to each other in the question ("visit Pakistan", "访问巴基斯坦"), the share that stand
 * close together, in the same order, in the sentence. "Will X visit Pakistan" then prefers "invited X to
 * visit Pakistan" to "Y of Pakistan visited China at X's invitation", which holds the same words. 0 when
 * the question has no such pair. Each concept is looked for once, in time linear in the sentence's length.
 */
export function phraseAgreement(matches: Matches, unitIndex: number, question: string): number {
  const unit = matches.model.units[unitIndex]!;
  const zh = /\p{Script=Han}/u.test(question);
  const english = !zh && unit.en !== undefined;
  const text = english ? unit.en! : unit.text;
  const lower = english ? unit.enLower : text.toLowerCase();
  const lang = zh ? 'zh' : 'en';
  const words = askedWords(matches, question).byPlace;
  const places = new Map<number, number[]>();
  const placed = (ci: number): number[] => {
    let list = places.get(ci);
    if (!list) places.set(ci, (list = placesIn(text, lower, matches.concepts[ci]!)));
    return list;
  };
  let pairs = 0;
  let said = 0;
  for (let i = 1; i < words.length; i++) {
    const a = words[i - 1]!;
    const b = words[i]!;
    const gap = b.q - a.end;
    if (gap < 0 || gap > PHRASE_GAP[lang]) continue;
    pairs++;
    if ((matches.strength[a.ci]![unitIndex] ?? 0) <= 0 || (matches.strength[b.ci]![unitIndex] ?? 0) <= 0) continue;
    const first = placed(a.ci);
    const second = placed(b.ci);
    const reach = (a.end - a.q) + PHRASE_REACH[lang];
    // Two pointers over sorted places: some b after some a, within reach.
    let j = 0;
    let found = false;
    for (const pa of first) {
      while (j < second.length && second[j]! <= pa) j++;
      if (j < second.length && second[j]! - pa <= reach) {
        found = true;
        break;
      }
    }
    if (found) said++;
  }
  return pairs === 0 ? 0 : said / pairs;
}
