import { madeFor, remember } from '../../memo.js';
import { characterCount } from '../../text/characters.js';
import { englishWords, isStopword, stem } from '../../text/english.js';
import { EN_FILLER, ZH_FILLER } from '../../text/stopwords.js';
import { segmentChinese } from '../../text/segment.js';
import type { ClaimReason, Lang, Lexicon, Paragraph } from '../../types.js';
import { extractFigures, figureKey, isFigureWord } from './figures.js';
import { translate } from './lexicon-cache.js';
import { matchReference, startsReference } from './markers.js';
import { findQuotes, foldEnglish, isChinesePiece, quotePieces } from './quotes.js';

/*
 * Does the cited text say what the claim says? Pure. Four checks, strictest first:
 * 1. quotes — words in quotation marks must be the paragraph's own (Chinese exactly; English against the
 *    project's rendering when there is one);
 * 2. figures — every number and date of the claim must be among the paragraph's (in either language);
 * 3. names — a place, person or body the lexicon knows as a name, or an English capitalised name, must be
 *    in the paragraph (unless it is everywhere in the statement: the two countries);
 * 4. content — the claim's content words (Chinese words; English words through the rendering and the
 *    lexicon) must mostly be there, and it must not bring two or more the statement never uses.
 * Lookups go through sets of each paragraph's substrings, so a claim costs time proportional to its length.
 */

/** Below this IDF-weighted share of the claim's content found in the cited text, a claim is unsupported. */
export const SUPPORT_THRESHOLD = 0.3;
/** Content words the whole statement never uses: this many make a claim unsupported. */
export const NOVEL_LIMIT = 2;
/** Fewer content words than this that can be looked up: too little to judge the claim's content by share. */
const MIN_KNOWN = 3;
/** At least this many content words missing from the cited text (and half of them) make a claim unsupported. */
const MISSING_LIMIT = 3;
/** A name found in at least this share of paragraphs (China, Pakistan) is never held against a paragraph. */
const UBIQUITOUS_SHARE = 0.25;
const MAX_TERM = 8;
/** An English quotation this long (in words) claims the statement's wording, not just a term's translation. */
const QUOTED_WORDING_WORDS = 4;


interface Evidence {
  readonly number: number;
  readonly text: string;
  readonly en: string | undefined;
  has(term: string): boolean;
  hasStem(s: string): boolean;
  readonly figures: ReadonlySet<string>;
  readonly enFolded: string | undefined;
}

function substrings(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    for (let len = 1; len <= MAX_TERM && i + len <= text.length; len++) out.add(text.slice(i, i + len));
  }
  return out;
}

function createEvidence(number: number, text: string, en: string | undefined): Evidence {
  let terms: Set<string> | undefined;
  let stems: Set<string> | undefined;
  const figures = new Set<string>();
  for (const f of extractFigures(text)) figures.add(figureKey(f.value));
  if (en) for (const f of extractFigures(en)) figures.add(figureKey(f.value));
  return {
    number,
    text,
    en,
    figures,
    enFolded: en === undefined ? undefined : foldEnglish(en),
    has(term) {
      if (term.length > MAX_TERM) return text.includes(term);
      terms ??= substrings(text);
      return terms.has(term);
    },
    hasStem(s) {
      if (en === undefined) return false;
      stems ??= new Set(englishWords(en).map((w) => stem(w)));
      return stems.has(s);
    },
  };
}

/** The statement prepared for checking: one evidence per paragraph, and the whole. Build once per statement. */
export interface StatementEvidence {
  paragraph(n: number): Evidence | undefined;
  /** The title and source line (what answers about the document itself rest on). */
  readonly document: Evidence;
  /** Every paragraph, title and source together. */
  readonly all: Evidence;
  /** In how many paragraphs a Chinese term (or, with `stem`, an English stem) occurs. */
  frequency(term: string, kind: 'zh' | 'en'): number;
  readonly size: number;
  /** True when at least one paragraph has an English rendering. */
  readonly rendered: boolean;
}

/** The statement's lines outside its paragraphs. */
interface DocumentLines {
  title?: string | undefined;
  source?: string | undefined;
  titleEn?: string | undefined;
  sourceEn?: string | undefined;
}

const cache = new WeakMap<readonly Paragraph[], StatementEvidence>();

export function statementEvidence(paragraphs: readonly Paragraph[], document: DocumentLines = {}): StatementEvidence {
  return madeFor(cache, paragraphs, () => buildEvidence(paragraphs, document));
}

function buildEvidence(paragraphs: readonly Paragraph[], document: DocumentLines): StatementEvidence {
  const byNumber = new Map(paragraphs.map((p) => [p.number, createEvidence(p.number, p.text, p.en?.join(' '))] as const));
  const docText = [document.title ?? '', document.source ?? ''].join('\n');
  const docEn = [document.titleEn, document.sourceEn].filter(Boolean).join('\n') || undefined;
  const all = createEvidence(
    0,
    [...paragraphs.map((p) => p.text), docText].join('\n'),
    [...paragraphs.map((p) => p.en?.join(' ') ?? ''), docEn ?? ''].join('\n').trim() || undefined,
  );
  const frequencies = new Map<string, number>();
  return {
    paragraph: (n) => byNumber.get(n),
    document: createEvidence(0, docText, docEn),
    all,
    size: paragraphs.length,
    rendered: paragraphs.some((p) => p.en !== undefined && p.en.length > 0),
    // The statement's own vocabulary is bounded; hostile text could make the memo grow, so it is bounded too.
    frequency: (term, kind) =>
      remember(frequencies, `${kind}:${term}`, 50_000, () => {
        let f = 0;
        for (const e of byNumber.values()) if (kind === 'zh' ? e.has(term) : e.hasStem(term)) f++;
        return f;
      }),
  };
}

// ---------------------------------------------------------------------------------------------

interface Unit {
  /** As written in the claim (for the explanation). */
  readonly label: string;
  readonly kind: 'zh' | 'en';
  /** Chinese terms that stand for it (the word itself, or the lexicon's translations). */
  readonly terms: readonly string[];
  /** English stems (matched against renderings). */
  readonly stems: readonly string[];
  readonly name: boolean;
}

/** Blanks out prose references ("paragraph 28", "第29段"): their numbers are not the claim's figures. */
function maskReferences(text: string): string {
  let out = '';
  let copy = 0;
  for (let i = 0; i < text.length; i++) {
    if (!startsReference(text[i]!, text[i - 1])) continue;
    const m = matchReference(text.slice(i, i + 40), true);
    if (typeof m !== 'object') continue;
    out += `${text.slice(copy, i)} `;
    copy = i + m.length;
    i = copy - 1;
  }
  return out + text.slice(copy);
}

const HAN_WORD = /^\p{Script=Han}{2,}$/u;
// Dictionary senses that make a common word look like a name ("成功": also a town in Taiwan).
const MINOR_PLACE = /\b(?:town|village|county|township|surname)\b/iu;

/** Is this Chinese term of the document a proper noun? By its gloss: a name, not a minor place. */
function isName(term: string, lexicon: Lexicon | undefined): boolean {
  if (!lexicon) return false;
  const gloss = lexicon.gloss(term);
  return gloss !== undefined && /^[A-Z]/u.test(gloss) && !MINOR_PLACE.test(gloss);
}

function chineseUnits(text: string, lexicon: Lexicon | undefined): Unit[] {
  const words = [...new Set(segmentChinese(text))].filter((w) => HAN_WORD.test(w) && !ZH_FILLER.has(w));
  // Search-mode segmentation also lists the parts of long words: keep the longest.
  words.sort((a, b) => b.length - a.length);
  const covered = new Set<string>();
  const out: Unit[] = [];
  for (const w of words) {
    if (covered.has(w)) continue;
    if (w.length <= MAX_TERM) for (let i = 0; i < w.length; i++) for (let j = i + 2; j <= w.length; j++) covered.add(w.slice(i, j));
    out.push({ label: w, kind: 'zh', terms: [w], stems: [], name: isName(w, lexicon) });
  }
  return out;
}

const LATIN_WORD = /[A-Za-z][A-Za-z'’-]*/gu;

function englishUnits(text: string, lexicon: Lexicon | undefined): Unit[] {
  const tokens: Array<{ word: string }> = [];
  for (const m of text.matchAll(LATIN_WORD)) tokens.push({ word: m[0].replace(/['’]s$/u, '').toLowerCase() });
  const out: Unit[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (isStopword(t.word) || t.word.length < 2 || EN_FILLER.has(t.word) || isFigureWord(t.word)) {
      i++;
      continue;
    }
    let taken = 1;
    let terms: readonly string[] = [];
    if (lexicon) {
      // Longest phrase first: "belt and road" before "road".
      for (let n = Math.min(3, tokens.length - i); n >= 1; n--) {
        const phrase = tokens.slice(i, i + n);
        if (isStopword(phrase[n - 1]!.word)) continue;
        const words = phrase.map((p) => p.word).join(' ');
        let found = translate(lexicon, words);
        // "one-China", "Sino-Pakistani": the parts of a hyphenated word when the whole is unknown.
        if (found.length === 0 && n === 1 && words.includes('-')) found = words.split('-').flatMap((part) => translate(lexicon, part));
        if (found.length === 0) continue;
        // Single characters (建, 力, 进 …) match almost anything: only when nothing longer stands for the word.
        const multi = found.filter((x) => characterCount(x) > 1);
        terms = multi.length > 0 ? multi : found;
        taken = n;
        break;
      }
    }
    const phrase = tokens.slice(i, i + taken);
    const label = phrase.map((p) => p.word).join(' ');
    // A name when the lexicon translates it to a proper noun whose gloss is this very word ("Karakoram").
    const name = terms.some((term) => isName(term, lexicon) && (lexicon?.gloss(term) ?? '').toLowerCase().startsWith(label));
    out.push({
      label,
      kind: 'en',
      terms,
      stems: phrase.filter((p) => !isStopword(p.word)).map((p) => stem(p.word)),
      name,
    });
    i += taken;
  }
  return out;
}

/** Does the evidence hold the unit? undefined when it cannot tell (an English word without lexicon entry or rendering). */
function holds(unit: Unit, e: Evidence, renderings: boolean): boolean | undefined {
  if (unit.kind === 'zh') {
    const w = unit.label;
    if (e.has(w)) return true;
    if (w.length < 3) return false;
    // A longer word paraphrased: most of its character pairs are there ("配套设施建设" / "设施建设").
    let pairs = 0;
    let found = 0;
    for (let i = 0; i + 1 < w.length; i++) {
      pairs++;
      if (e.has(w.slice(i, i + 2))) found++;
    }
    return found * 2 >= pairs;
  }
  const byTerm = unit.terms.some((t) => e.has(t));
  if (byTerm) return true;
  if (renderings && e.en !== undefined && unit.stems.length > 0) return unit.stems.every((s) => e.hasStem(s));
  return unit.terms.length > 0 ? false : undefined;
}

/** Does the statement never use the unit, not even a character pair of it ("核电站", "海军基地")? */
function isNovel(unit: Unit, all: Evidence, renderings: boolean): boolean {
  if (unit.kind === 'en') return holds(unit, all, renderings) === false;
  const w = unit.label;
  for (let i = 0; i + 1 < w.length; i++) if (all.has(w.slice(i, i + 2))) return false;
  return true;
}

export interface ClaimVerdict {
  readonly supported: boolean;
  readonly reason?: ClaimReason;
  readonly detail?: string;
}

export interface CheckClaimInput {
  /** The claim without markers. */
  readonly text: string;
  /** Valid cited paragraphs (non-empty), or `document` for an answer about the title or source line. */
  readonly cited: readonly number[] | 'document';
  readonly evidence: StatementEvidence;
  readonly lexicon?: Lexicon | undefined;
  /** Language of the explanation. */
  readonly lang: Lang;
  /** `quotes`: only quotations are checked (a "the statement does not say X" sentence names absent things on purpose). */
  readonly checks?: 'all' | 'quotes';
}

// Models quote Chinese with ASCII punctuation now and then: compare in the statement's own.
const ZH_PUNCTUATION: Readonly<Record<string, string>> = { ',': '，', ';': '；', ':': '：', '(': '（', ')': '）', '!': '！', '?': '？' };
function foldChinese(piece: string): string {
  let out = '';
  for (const ch of piece) {
    if (ch === ' ' || ch === '\t' || ch === '\u3000') continue;
    out += ZH_PUNCTUATION[ch] ?? ch;
  }
  return out;
}

function where(cited: readonly number[] | 'document', lang: Lang): string {
  if (cited === 'document') return lang === 'zh' ? '标题和电头' : 'the title and source line';
  if (lang === 'zh') return `第${cited.join('、')}段`;
  return cited.length === 1 ? `paragraph ${cited[0]}` : `paragraphs ${cited.slice(0, -1).join(', ')} and ${cited.at(-1)}`;
}

const list = (items: readonly string[], lang: Lang): string =>
  items
    .slice(0, 4)
    .map((s) => (lang === 'zh' ? `“${s}”` : `"${s}"`))
    .join(lang === 'zh' ? '、' : ', ');

/** The verdict on one claim against the paragraphs it cites. */
export function checkClaim(input: CheckClaimInput): ClaimVerdict {
  const { evidence, lang, lexicon } = input;
  const cited = input.cited === 'document' ? [evidence.document] : input.cited.map((n) => evidence.paragraph(n)).filter((e): e is Evidence => e !== undefined);
  if (cited.length === 0) return { supported: false, reason: 'dropped_citation' };
  const at = where(input.cited, lang);
  const text = maskReferences(input.text);

  // 1. Quotations.
  for (const q of findQuotes(text).slice(0, 16)) {
    for (const piece of quotePieces(q.text)) {
      let ok: boolean;
      if (isChinesePiece(piece)) ok = cited.some((e) => e.text.includes(foldChinese(piece)));
      else if (cited.some((e) => e.enFolded !== undefined)) ok = cited.some((e) => e.enFolded?.includes(foldEnglish(piece)) === true);
      // No English text to quote: a quoted name or term is a translation, a quoted sentence claims wording that is not there.
      else ok = piece.split(/\s+/u).length < QUOTED_WORDING_WORDS;
      if (!ok) {
        return {
          supported: false,
          reason: 'quote',
          detail: lang === 'zh' ? `引号内的文字不是${at}的原文：“${piece}”` : `The quoted words are not the wording of ${at}: "${piece}"`,
        };
      }
    }
  }

  if (input.checks === 'quotes') return { supported: true };

  // 2. Figures.
  const missing = extractFigures(text, { claim: true })
    .filter((f) => !cited.some((e) => e.figures.has(figureKey(f.value))))
    .map((f) => f.text);
  if (missing.length > 0) {
    return {
      supported: false,
      reason: 'number',
      detail: lang === 'zh' ? `${at}中没有${list(missing, lang)}这一数字` : `${at[0]!.toUpperCase()}${at.slice(1)} does not give the figure ${list(missing, lang)}`,
    };
  }

  // 3 and 4. Names and content.
  const renderings = evidence.rendered;
  const units = [...chineseUnits(text, lexicon), ...englishUnits(text, lexicon)];
  const absentNames: string[] = [];
  const novel: string[] = [];
  const absent: string[] = [];
  let known = 0;
  // English content words neither the lexicon nor a rendering can look up ("naval" for this statement).
  const unknownWords: string[] = [];
  let total = 0;
  let found = 0;
  for (const u of units) {
    const inCited = cited.map((e) => holds(u, e, renderings));
    if (inCited.every((h) => h === undefined)) {
      unknownWords.push(u.label);
      continue;
    }
    const isThere = inCited.some((h) => h === true);
    known++;
    const frequency =
      u.kind === 'zh' ? evidence.frequency(u.label, 'zh') : Math.max(...u.terms.map((t) => evidence.frequency(t, 'zh')), ...u.stems.map((s) => evidence.frequency(s, 'en')), 0);
    const weight = Math.max(Math.log((evidence.size + 1) / (frequency + 0.5)), 0.05);
    total += weight;
    if (isThere) {
      found += weight;
      continue;
    }
    // Words in a quarter of the paragraphs (the two countries, 合作) are the statement's frame, not evidence.
    if (frequency >= Math.max(3, UBIQUITOUS_SHARE * evidence.size)) continue;
    absent.push(u.label);
    if (u.name) absentNames.push(u.label);
    if (isNovel(u, evidence.all, renderings)) novel.push(u.label);
  }
  if (absentNames.length > 0) {
    return {
      supported: false,
      reason: 'entity',
      detail: lang === 'zh' ? `${at}没有提到${list(absentNames, lang)}` : `${at[0]!.toUpperCase()}${at.slice(1)} does not mention ${list(absentNames, lang)}`,
    };
  }
  const share = total === 0 ? 1 : found / total;
  // Too few words that could be looked up say nothing either way; words the statement never uses, or
  // half the claim's content missing from the cited text (or unknown to the lexicon), do.
  const judged = known >= MIN_KNOWN;
  const unknown = unknownWords.length;
  // An unknown word may be a paraphrase the dictionary lacks: it counts half towards the limit.
  const missingShare = absent.length + unknown / 2 >= MISSING_LIMIT && (absent.length + unknown) * 2 >= known + unknown;
  const unsupportedContent = novel.length >= NOVEL_LIMIT || (judged && share < SUPPORT_THRESHOLD) || (absent.length > 0 && missingShare);
  if (unsupportedContent) {
    const named = novel.length >= NOVEL_LIMIT ? novel : [...absent, ...unknownWords];
    return {
      supported: false,
      reason: 'content',
      detail:
        lang === 'zh'
          ? `${at}没有这些内容${named.length > 0 ? `：${list(named, lang)}` : ''}`
          : `${at[0]!.toUpperCase()}${at.slice(1)} does not say this${named.length > 0 ? ` (${list(named, lang)})` : ''}`,
    };
  }
  return { supported: true };
}
