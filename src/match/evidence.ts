import { madeFor, remember } from '../memo.js';
import { characterCount } from '../text/characters.js';
import { numbersIn, parseChineseNumeral } from '../text/numerals.js';
import { tagChinese } from '../text/segment.js';
import { stem } from '../text/english.js';
import { lookupZh } from '../text/lexicon.js';
import type { QuestionAnalysis, Wanted } from './analyze-question.js';
import type { ConceptSources } from './concepts.js';

/*
 * Does a sentence hold the kind of fact a question asks for: an amount, a date, a number, a place, a
 * person, a name? And for count questions, what count does it state? Pure; the patterns describe kinds
 * of fact, in Chinese and in English.
 */

const AMOUNT_ZH = /\d+(?:\.\d+)?\s*(?:亿|万|千)?\s*(?:元|美元|卢比|人民币|美金|欧元)|(?:亿|万)(?:元|美元)/u;
const AMOUNT_EN = /\$\s*\d|\b\d+(?:\.\d+)?\s*(?:million|billion|trillion)\b|\bdollars?\b|\bUSD\b|\brupees?\b|\byuan\b/iu;
// A date proper, and a time said relative to the text ("今年", "recently", "during the visit"), which answers "when" less well.
const DATE_ZH = /\d{1,4}\s*年(?![来间内多])|\d{1,2}\s*月|\d{1,2}\s*日|[一二三四五六七八九十]+月/u;
const DATE_EN = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:19|20)\d{2}\b/iu;
// A length of time ("10年来", "over 10 years"): it answers "how long", not "which year".
const DURATION_ZH = /\d{1,4}\s*(?:年|个月|周|天)(?:来|间|内|多)|\d{1,4}\s*周年/u;
const DURATION_EN = /\b\d+ (?:years?|months?|weeks?|days?)\b/iu;
const ASKS_DURATION = /多久|多长时间|多少年|几年|\bhow long\b|\bhow many (?:years|months|days)\b/iu;
// Only a time tied to something ("今年", "during the visit"): "近期", "目前", "recently" say no time at all.
const RELATIVE_TIME_ZH = /今年|去年|明年|本月|上月|期间/u;
const RELATIVE_TIME_EN = /\bthis year\b|\blast year\b|\bduring\b/iu;
// A date inside a sentence: its numbers say when, not how many.
const DATE_PARTS_ZH = /\d{1,4}\s*年(?![来间内多])|\d{1,2}\s*月|\d{1,2}\s*日/gu;
const DATE_PARTS_EN = /\b\d{1,2}(?:\s*(?:to|-|–)\s*\d{1,2})?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b|\b(?:19|20)\d{2}\b/giu;
// A question about what is still to come ("When will…", "下一次…"): what the statement reports as done does not answer it.
const ASKS_FUTURE = /\bwill\b|\bgoing to\b|\bnext\b|\bupcoming\b|\bscheduled\b|\bplanned for\b|将要|即将|下一次|下次|下一届|下届|今后|未来|打算|计划|准备|预计|将(?:于|在)?(?:何时|什么时候)|(?:何时|什么时候)将/iu;
// A sentence that speaks of what is to come: a plan, a resolve, a wish ("早日", "at an early date").
const SPEAKS_FUTURE = /将|愿|同意|决心|计划|早日|尽快|下一步|未来|今后|明年|\bwill\b|\bshall\b|\bagreed to\b|\bplan|\bfuture\b|\bnext\b|\bearly date\b/iu;
const TITLES_ZH = '主席|总理|总统|书记|部长|外长|大使|委员长|首相|国王|秘书长|主任|局长|院长|馆长';
const TITLE_LIST = TITLES_ZH.split('|');
const PERSON_ZH = new RegExp(`(?:${TITLES_ZH})\\p{Script=Han}{2,4}|\\p{Script=Han}{2,4}(?:${TITLES_ZH})`, 'u');
/** English titles and the Chinese titles they stand for (the statement's sentences are read in Chinese). */
const TITLES_EN: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/\bpresidents?\b/iu, ['主席', '总统']],
  [/\bprime ministers?\b/iu, ['总理', '首相']],
  [/\bpremiers?\b/iu, ['总理']],
  [/\bforeign ministers?\b/iu, ['外长', '部长']],
  [/(?<!prime |foreign )\bministers?\b/iu, ['部长', '外长']],
  [/\bambassadors?\b/iu, ['大使']],
  [/\bsecretar(?:y|ies)\b/iu, ['书记', '秘书长']],
  [/\bchair(?:man|men|person|woman)?\b/iu, ['主席', '委员长']],
  [/\bkings?\b/iu, ['国王']],
  [/\bdirectors?\b/iu, ['主任', '局长', '院长', '馆长']],
];

/** The titles a question names ("大使", "ambassador" → 大使), in Chinese. */
export function titlesIn(text: string): string[] {
  const out = new Set<string>();
  for (const t of TITLE_LIST) if (text.includes(t)) out.add(t);
  for (const [re, zh] of TITLES_EN) if (re.test(text)) for (const t of zh) out.add(t);
  return [...out];
}

const PERSON_EN = /\b(?:President|Prime Minister|Premier|Secretary|Minister|Ambassador|Chairman|Director|General|King)\s+[A-Z][a-z]+/u;
const QUOTED_NAME = /[“"《][^”"》]{2,40}[”"》]/u;
const PROPER_TAG = /^(?:ns|nr|nrt|nrfg|nt|nz)$/u;

/** What a sentence holds, precomputed once per index. */
export interface SentenceFacts {
  /** Proper nouns in the sentence (jieba's name tags and the lexicon's names). */
  readonly names: readonly string[];
  /** Names of cities, capitals and provinces (the lexicon's place names). */
  readonly places: readonly string[];
  /** Quoted titles ("“譬若香山：犍陀罗艺术展”", "《中巴产业合作框架协议》"). */
  readonly titles: readonly string[];
  readonly hasAmount: boolean;
  readonly hasDate: boolean;
  /** A time said relative to the text: "今年", "recently", "during the visit". */
  readonly hasRelativeTime: boolean;
  /** A length of time: "10年来", "10 years". */
  readonly hasDuration: boolean;
  readonly hasNumber: boolean;
  /** Numbers the sentence states outside its dates (Chinese text, then English rendering). */
  readonly numbers: readonly number[];
  /** Speaks of what is to come (a plan, a resolve: "将", "同意", "will"). */
  readonly future: boolean;
  readonly hasPerson: boolean;
  /** The titles of people the sentence names ("主席", "总理"), in Chinese. */
  readonly personTitles: readonly string[];
  readonly hasQuotedName: boolean;
}

/** The facts of one sentence (its Chinese text and, if any, its English rendering). */
export function sentenceFacts(
  text: string,
  en: string | undefined,
  lexiconNames: readonly string[] = [],
  lexiconPlaces: readonly string[] = [],
): SentenceFacts {
  const tagged = /\p{Script=Han}/u.test(text) ? tagChinese(text) : [];
  const names = new Set<string>();
  for (const { word, tag } of tagged) if (characterCount(word) >= 2 && PROPER_TAG.test(tag)) names.add(word);
  for (const n of lexiconNames) if (text.includes(n)) names.add(n);
  // A name inside a longer one ("海湾" in "海湾博物馆") is part of it, not another name.
  for (const n of [...names]) if ([...names].some((o) => o !== n && o.includes(n))) names.delete(n);
  const both = en === undefined ? text : `${text}\n${en}`;
  const numbers = numbersOutsideDates(text, en);
  return {
    names: [...names],
    places: lexiconPlaces.filter((p) => text.includes(p)),
    titles: [...text.matchAll(/[“"《]([^”"》]{2,40})[”"》]/gu)].map((m) => m[1]!),
    hasAmount: AMOUNT_ZH.test(text) || AMOUNT_EN.test(both),
    hasDate: DATE_ZH.test(text) || DATE_EN.test(both),
    hasRelativeTime: RELATIVE_TIME_ZH.test(text) || RELATIVE_TIME_EN.test(both),
    hasDuration: DURATION_ZH.test(text) || DURATION_EN.test(both),
    hasNumber: numbers.length > 0,
    numbers,
    future: SPEAKS_FUTURE.test(both),
    hasPerson: PERSON_ZH.test(text) || PERSON_EN.test(both),
    personTitles: TITLE_LIST.filter((t) => text.includes(t)),
    hasQuotedName: QUOTED_NAME.test(text),
  };
}

/** The numbers a text states outside its dates ("2031年5月3日" says when; "12项" says how many). */
export function numbersOutsideDates(text: string, en?: string): number[] {
  const zh = numbersIn(text.replace(DATE_PARTS_ZH, ' '));
  const english = [...(en ?? '').replace(DATE_PARTS_EN, ' ').matchAll(/\b\d+(?:\.\d+)?\b/gu)].map((m) => Number(m[0]));
  return [...zh, ...english];
}

/** True for a question about what is still to come ("When will…", "下一次在哪儿举行"). */
export function asksFuture(text: string): boolean {
  return ASKS_FUTURE.test(text);
}

/** The question as fact checks read it. */
export interface WantedContext {
  readonly text: string;
  readonly names: readonly string[];
  /** Forms of the kind of thing whose name is asked ("协议", "公司"): a name must contain one. */
  readonly category?: readonly string[] | undefined;
  /** Read once per question by wantedContext; worked out from `text` when absent. */
  readonly future?: boolean;
  readonly titles?: readonly string[];
  readonly numbers?: readonly number[];
}

/** The part of a WantedContext the kind of fact asked for reads off its text, once. */
function withReadings(q: { text: string; names: readonly string[]; category?: readonly string[] | undefined }, wants: Wanted | undefined): WantedContext {
  if (wants === 'date') return { ...q, future: asksFuture(q.text) };
  if (wants === 'person') return { ...q, titles: titlesIn(q.text) };
  if (wants === 'number') return { ...q, numbers: numbersOutsideDates(q.text) };
  return q;
}

/**
 * Whether a sentence answers a "when" question: a date, a time said relative to the text, or — when the
 * question asks how long — a length of time.
 */
export function answersWhen(facts: SentenceFacts, question: string, future = asksFuture(question)): boolean {
  if (future && !facts.future) return false;
  return facts.hasDate || facts.hasRelativeTime || (facts.hasDuration && ASKS_DURATION.test(question));
}

/** A time said relative to the text answers "when" this well (a date proper: 1). */
const RELATIVE_TIME_STRENGTH = 0.4;

/**
 * How well the sentence holds the kind of fact asked for: 1, or less for a time said only relative to the
 * text, or a length of time when the question asks which time.
 */
export function wantedStrength(facts: SentenceFacts, wants: Wanted, question: WantedContext, common: ReadonlySet<string>): number {
  if (wants === 'date') {
    if ((question.future ?? asksFuture(question.text)) && !facts.future) return 0;
    if (facts.hasDate || (facts.hasDuration && ASKS_DURATION.test(question.text))) return 1;
    return facts.hasRelativeTime || facts.hasDuration ? RELATIVE_TIME_STRENGTH : 0;
  }
  return holdsWanted(facts, wants, question, common) ? 1 : 0;
}

/**
 * True when the sentence holds the kind of fact asked for. Places and names must be new to the question
 * and specific (`common` are names most paragraphs mention — China, Pakistan — which answer no "where");
 * a city question needs a city; a name asked for a kind of thing needs a name of that kind.
 */
export function holdsWanted(facts: SentenceFacts, wants: Wanted, question: WantedContext, common: ReadonlySet<string>): boolean {
  const fresh = (list: readonly string[]): string[] =>
    list.filter((n) => !common.has(n) && !question.text.includes(n) && !question.names.includes(n));
  switch (wants) {
    case 'amount':
      return facts.hasAmount;
    case 'date':
      return answersWhen(facts, question.text, question.future ?? asksFuture(question.text));
    case 'number': {
      // A number the question itself gives ("2031年是第几…") is not the answer.
      const given = question.numbers ?? numbersOutsideDates(question.text);
      return facts.numbers.some((n) => !given.includes(n));
    }
    case 'person': {
      // "大使是谁", "Who is the ambassador?": a person with that title.
      const asked = question.titles ?? titlesIn(question.text);
      return facts.hasPerson && (asked.length === 0 || asked.some((t) => facts.personTitles.includes(t)));
    }
    case 'place':
      return fresh(facts.names).length > 0;
    case 'city':
      return fresh(facts.places).length > 0;
    case 'name': {
      const candidates = [...fresh(facts.names), ...facts.titles.filter((t) => !question.text.includes(t))];
      const category = question.category ?? [];
      return category.length === 0 ? candidates.length > 0 : candidates.some((c) => category.some((v) => c.includes(v)));
    }
  }
}

/**
 * People named in a text: proper names right before or after a title ("习近平主席", "书记李希"),
 * longest names first so "卡尔" inside "卡卡尔" is not counted again.
 */
export function personsIn(text: string, names: readonly string[]): string[] {
  const found: string[] = [];
  // A person's name is short, or written with a middle dot ("安瓦尔·哈克·卡卡尔"); a body named before a
  // title ("中央纪委书记") is not a person.
  const personal = (n: string): boolean => (characterCount(n) <= 4 || n.includes('·')) && !/[委局部会院党国方处厅署办]$/u.test(n);
  for (const name of [...names].filter(personal).sort((a, b) => b.length - a.length)) {
    if (found.some((f) => f.includes(name))) continue;
    let at = text.indexOf(name);
    while (at >= 0) {
      const before = text.slice(Math.max(0, at - 3), at);
      const after = text.slice(at + name.length, at + name.length + 3);
      if (TITLE_LIST.some((t) => after.startsWith(t) || before.endsWith(t))) {
        found.push(name);
        break;
      }
      at = text.indexOf(name, at + 1);
    }
  }
  return found;
}

const PERSON_NOUN = /^(?:人|人员|领导人|领导|官员|代表|人士|首脑|元首|人物|people|persons?|leaders?|officials?|ministers?|representatives?|figures?|heads?)$/iu;

/** True for a counted noun that counts people ("几位领导人", "how many leaders"). */
export function isPersonNoun(noun: string): boolean {
  return PERSON_NOUN.test(noun);
}

export interface CountAnswer {
  readonly count: number;
  /** The items counted, when the count comes from an enumeration. */
  readonly items?: readonly string[];
}

const MEASURES = '个项条种类次届年月日天位名家座所批件处份点';
// A number right before the counted noun: digits ("20项合作协议", "20个") or a Chinese numeral with its measure word ("五条").
const NUMBER_BEFORE = new RegExp(`(?:(\\d+)\\s*[${MEASURES}]?|([零〇一二两三四五六七八九十百]{1,5})[${MEASURES}])[^，。；：、\\d]{0,6}$`, 'u');

function clauses(text: string): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || '，。；：！？'.includes(text[i]!)) {
      if (i > start) out.push({ start, text: text.slice(start, i) });
      start = i + 1;
    }
  }
  return out;
}

/** Items of an enumeration ending just before `at` in a clause: "A、B和C等领域" → [A, B, C]. */
function enumerationBefore(clause: string, at: number): string[] | undefined {
  const head = clause.slice(0, at).replace(/等$/u, '');
  if (!head.includes('、')) return undefined;
  const parts = head.split('、');
  const lastParts = parts.pop()!.split(/和|及|以及|与/u);
  const items = [...parts, ...lastParts].map((s) => s.trim()).filter((s) => s.length > 0);
  // The first item starts after the verb or preposition that opens the list ("涵盖A、B…", "在A、B…方面").
  const firstWords = items[0]!.split(/涵盖|包括|包含|通过|在|就|了|于|是/u);
  items[0] = firstWords[firstWords.length - 1]!.trim();
  return items.filter((s) => s.length > 0).length >= 2 ? items.filter((s) => s.length > 0) : undefined;
}

/**
 * The one enumeration among some sentences ("通过A、B、C等方式", "和平、发展、公平的…"): its items, when
 * exactly one clause of them lists three or more things; undefined when none or several do. A count
 * question whose noun the sentences never say ("几项内容", "how many ways") counts what they list.
 */
export function soleEnumeration(texts: readonly string[]): string[] | undefined {
  const found = texts.flatMap(enumerationsIn);
  return found.length === 1 ? found[0] : undefined;
}

/** The enumerations of a text that list three or more things, one per clause. */
export function enumerationsIn(text: string): string[][] {
  const found: string[][] = [];
  for (const clause of clauses(text)) {
    const last = clause.text.lastIndexOf('、');
    if (last < 0 || clause.text.indexOf('、') === last) continue;
    // The last item runs to "等", "的" or the clause's end, at most eight characters.
    const tail = clause.text.slice(last + 1, last + 9);
    const stop = tail.search(/等|的|在内/u);
    const items = enumerationBefore(clause.text, last + 1 + (stop >= 0 ? stop : tail.length));
    if (items) found.push(items);
  }
  return found;
}

/**
 * The count a sentence states for a counted noun: a number right before it ("20项合作协议"), an
 * enumeration right before it ("A、B、C等领域"), or the noun repeated across one clause ("增长走廊、
 * 民生走廊、…"). `variants` are the Chinese forms of the noun; `enStem` its English stem, counted in the
 * rendering when the Chinese gives nothing. Undefined when the sentence states no count for it.
 */
export function countIn(text: string, variants: readonly string[], en?: string, enStem?: string): CountAnswer | undefined {
  for (const clause of clauses(text)) {
    for (const v of variants) {
      const at = clause.text.indexOf(v);
      if (at < 0) continue;
      const before = NUMBER_BEFORE.exec(clause.text.slice(0, at));
      if (before) {
        const raw = before[1] ?? before[2] ?? '';
        const n = /^\d+$/u.test(raw) ? Number(raw) : parseChineseNumeral(raw);
        if (n !== undefined && n > 0) return { count: n };
      }
      const listed = enumerationBefore(clause.text, at);
      if (listed) return { count: listed.length, items: listed };
      const repeats = clause.text.split(v).length - 1;
      if (repeats >= 2) {
        const items = clause.text.split('、').filter((s) => s.includes(v)).map((s) => s.replace(/^.*?(?:建设|打造|包括|涵盖)/u, '').trim());
        return { count: repeats, items };
      }
    }
  }
  if (en && enStem && enStem.length >= 3) {
    const words = en.toLowerCase().match(/[a-z]+/gu) ?? [];
    const repeats = words.filter((w) => w.startsWith(enStem)).length;
    if (repeats >= 3) return { count: repeats };
  }
  return undefined;
}

/**
 * The question as fact checks read it: a named category in Chinese forms (an English one through the
 * lexicon). None for a question that asks for no kind of fact (`analysis.wants`), which no check reads.
 */
export function wantedContext(analysis: QuestionAnalysis, sources: ConceptSources): WantedContext | undefined {
  if (analysis.wants === undefined) return undefined;
  // Retrieval's rerank and the answer read the same question's: the last few analyses' are kept.
  const recent = madeFor(recentWanted, sources, () => new Map());
  return remember(recent, analysis, 4, () => computeWantedContext(analysis, sources));
}
const recentWanted = new WeakMap<ConceptSources, Map<QuestionAnalysis, WantedContext>>();

function computeWantedContext(analysis: QuestionAnalysis, sources: ConceptSources): WantedContext {
  const category = analysis.category;
  if (!category) return withReadings({ text: analysis.text, names: analysis.names }, analysis.wants);
  if (analysis.lang === 'zh') return withReadings({ text: analysis.text, names: analysis.names, category: [category] }, analysis.wants);
  return withReadings({ text: analysis.text, names: analysis.names, category: chineseForms(category, sources) }, analysis.wants);
}

/** The document's Chinese words for an English noun (its stem through the lexicon), words of two characters or more, the first six. */
export function chineseForms(noun: string, sources: ConceptSources): string[] {
  return lookupZh(sources.lexicon, stem(noun))
    .map(([t]) => t)
    .filter((t) => characterCount(t) > 1)
    .slice(0, 6);
}
