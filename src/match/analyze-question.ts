import { characterCount } from '../text/characters.js';
import { detectLang } from '../text/detect-lang.js';
import { dropExcluded } from '../text/drop-excluded.js';
import { contentStems, englishWords } from '../text/english.js';
import { segmentChinese, tagChinese } from '../text/segment.js';
import { isChineseStopword, isEnglishStopword } from '../text/stopwords.js';
import type { Lang } from '../types.js';

/*
 * Question analysis: what kind of question this is, by general classes (who / when / where / how many /
 * how much / which / why / how / yes-no / what) in Chinese and English, and what the answer must
 * therefore contain. Pure; the patterns name kinds of question, never one particular question.
 */

export type QuestionClass = 'who' | 'when' | 'where' | 'how_many' | 'how_much' | 'which' | 'why' | 'how' | 'yes_no' | 'what';

/** The evidence an answer to the question must contain, when that can be checked in text. */
export type Wanted = 'number' | 'amount' | 'date' | 'place' | 'city' | 'person' | 'name';

export interface QuestionAnalysis {
  /** The question as asked, trimmed. */
  readonly question: string;
  readonly lang: Lang;
  /** What matching reads: the question without what it sets aside ("除台湾外…", "besides X"). */
  readonly text: string;
  readonly kind: QuestionClass;
  readonly wants?: Wanted;
  /** Asks for the items of a list ("有哪些", "which projects"): enumerations are quoted whole. */
  readonly list: boolean;
  /** The answer is spread over the document ("声明中哪些地方", "where does the statement …", "分别"). */
  readonly multi: boolean;
  /** Asks two or more things ("…多少年了？目前进入了什么阶段？"). */
  readonly compound: boolean;
  /** What a count question counts ("几条走廊" → 走廊; "how many corridors" → corridor), as written. */
  readonly countNoun?: string;
  /** The measure word of a Chinese count question ("几条" → 条). */
  readonly measure?: string;
  /** The attribute asked the value of ("X的日处理能力是多少" → 日处理能力; "the capacity of X" → capacity). */
  readonly focus?: string;
  /** The thing the attribute belongs to, when the question says it in the "X的Y" / "the Y of X" shape. */
  readonly focusOwner?: string;
  /** The topic the question announces up front ("关于X，…", "Regarding X, …"). */
  readonly topic?: string;
  /** What a name is asked for ("协议的名称" → 协议, "which companies" → company): the name must be one of these. */
  readonly category?: string;
  /**
   * Proper names an English question uses (capitalised words inside a sentence). Chinese questions name
   * things the statement does not know through the dictionary's list of names (retrieval's strangers).
   */
  readonly names: readonly string[];
  /**
   * The parts of a list the question coordinates ("反恐、安保以及两军防务合作", "Kashmir, Afghanistan and
   * Palestine"), each as written: every part is something the answer should speak to. Empty when the
   * question coordinates nothing.
   */
  readonly facets: readonly string[];
  /**
   * What the question asks whether the statement speaks of ("Did they talk about cricket?", "有没有提到建交纪念？"
   * → cricket, 建交纪念), as written: when the statement knows none of its words, it does not speak of it.
   */
  readonly about?: string;
}

// --- Chinese -----------------------------------------------------------------------------------

const ZH_HOW_MUCH = /多少钱|多少资金|多少美元|多少人民币|多少卢比|多少亿|多少万|金额|总额|投资额|造价|耗资|花费|花了多少|成本|价值多少|多大投资|资金规模|援助额|贷款额/u;
const ZH_WHEN = /什么时候|啥时候|何时|哪天|哪一天|哪日|哪年|哪一年|几月|几号|几日|日期|多久|多长时间|什么时间|哪个月|何年|年份|时间表|期限/u;
const ZH_HOW_MANY = /第几|多少|(?<![这那])几[个项条种类次家座名位年天届批件所处国份点方面大]|有几|数量|人数|多大|多长|多高|多深|多宽|多远|多重|多快|规模|容量|产能|吞吐量|运力|面积|长度|比例|百分之/u;
const ZH_CITY = /哪个城市|哪座城市|哪些城市|什么城市|哪个省|哪些省|哪座城|哪个市/u;
const ZH_WHERE = /哪里|哪儿|在哪(?![些个一种类方])|什么地方|何地|何处|地点|哪个城市|哪座城市|哪个省|哪些城市|哪个地方|什么场所|哪个场馆/u;
const ZH_WHO = /谁|哪位|哪些人|什么人|何人|哪国|哪个国家|哪一方|哪方|哪些国家|哪个领导人|哪位领导人/u;
const ZH_PERSON = /(?:\p{Script=Han}{0,3}?(?:长|人|主席|总理|书记|大使|首脑|元首|总统|总裁|主任|代表|领导))(?:是谁|叫什么|姓什么|名叫)|谁(?:担任|领导|负责|主持|出任|率团|牵头|挂帅|主管)|(?:姓名|人名)/u;
// "哪些中国公司" as "哪些公司": up to four characters may stand between 哪些/哪个 and the kind of body.
const ZH_NAME = /叫什么|什么名字|名称|全称|哪家|哪所|哪(?:些|个)\p{Script=Han}{0,4}(?:公司|企业|机构|部门|组织|大学|银行)/u;
const ZH_WHY = /为什么|为何|原因|理由|目的是|为了什么|怎么会|何以|动机|出于什么|干嘛|干啥|干什么|做什么来|来做什么|图什么|为啥/u;
const ZH_HOW = /如何|怎样|怎么|通过什么|什么方式|哪些方式|采取了什么|什么办法|什么途径|哪些途径|哪些措施|什么措施/u;
const ZH_YES_NO = /吗[？?！!。\s]*$|是否|有没有|是不是|会不会|能不能|可不可以|有无|有否|没提|提没提/u;
const ZH_LIST = /哪些|哪几|有什么|有哪|包括什么|包含什么|列举|都有|几[个项条种类大]/u;
const ZH_MULTI = /哪些地方|哪几处|几处|多处|分别|各自|哪些段|哪几段|哪些部分|在哪里提到|在哪些段|哪些场合|几次|所有|全部|哪里提到|哪里谈到|都(?:说|讲|谈|提|写)了|都有哪些|都有什么|都包括|有哪些表述|总结|概括|梳理|归纳|汇总|系统(?:地)?(?:了解|介绍)|方方面面|各方面|各个方面/u;

// Nouns that name the kind of answer wanted, not a detail to find: "中方的立场是什么" asks for a stance,
// which any sentence on the subject states.
const ZH_ANSWER_KIND = new Set(
  `立场 态度 作用 意义 目的 内容 情况 看法 评价 措施 成果 进展 原因 方式 办法 关系 地位 定位 结果 表述 回应 反应 计划 安排 原则
   领域 方面 项目 问题 主张 观点 共识 目标 重点 意见 要求 承诺 举措 表态 名称 名字 时间 地点 城市 日期 负责人 核心 基础 方向
   性质 特点 前景 状况 现状 角色 影响 关切 诉求 政策 定义 任务 途径 想法 说法 表示 态势 形势 决定 愿景 理念 精神 框架 作法 做法`
    .split(/\s+/u)
    .filter(Boolean),
);

const ZH_FOCUS = /(\p{Script=Han}{2,8}?)的(\p{Script=Han}{2,6}?)(?:是多少|有多少|为多少|有多大|有多长|有多高|有多深|有多远|是几|是什么|是哪|是怎样|怎么样|如何|多少)/u;
const ZH_COUNT = /(?<![第这那])(?:几|多少)([个项条种类次家座名位年天届批件所处国份点大])?[“"‘'「《]?(\p{Script=Han}{1,6})/u;

// --- English -----------------------------------------------------------------------------------

const EN_HOW_MUCH = /\bhow much\b(?! (?:progress|time|support|of\b))|\bcosts?\b|\bprice[sd]?\b|\bbudget\b|\bworth\b|\bvalue of\b|\bdollars?\b|\bfunding amount\b|\bspend|\bspent\b|\bloan amount\b/u;
const EN_WHEN = /\bwhen\b|\bwhat (?:date|day|year|month|time)\b|\bwhich (?:date|day|year|month)\b|\bhow long ago\b|\bsince when\b|\bby when\b|\btimeline\b|\bdeadline\b|\bhow long (?:did|does|will|was|were)\b|\bon what dates?\b|\bdates? of\b/u;
const EN_HOW_MANY = /\bhow many\b|\bnumber of\b|\bhow (?:large|big|long|far|deep|high|wide|fast|old|often)\b|\bcapacity\b|\bsize of\b|\bpopulation\b|\bpercent(?:age)?\b|\bquantity\b|\bamount of\b|\bhow much (?:progress|time)\b/u;
const EN_CITY = /\b(?:which|what) (?:[a-z-]+ ){0,2}?(?:city|cities|town|towns|province|provinces)\b|\bin which (?:city|town|province)\b/u;
const EN_WHERE = /\bwhere\b|\b(?:which|what) (?:city|cities|place|places|venue|location|province|region|town)\b|\bin which (?:city|place|venue)\b/u;
const EN_WHERE_IN_TEXT = /\bwhere (?:in |else )?(?:does|do|did|is|are)? ?(?:the )?(?:statement|document|text|it)\b|\bwhere else\b/u;
const EN_WHO = /\bwho\b|\bwhom\b|\bwhose\b|\b(?:which|what) (?:side|country|countries|leader|leaders|party|parties|official|officials|person|people|nation)\b/u;
const EN_PERSON = /\bwho (?:is|was|are|were) (?:the |a |an )?(?:[a-z'’-]+ ){0,3}?(?:head|heads|leader|chair|chairman|chairperson|director|minister|president|ambassador|secretary|governor|ceo|founder|boss|commander|spokesperson|premier|prime minister|king)s?\b|\bname of (?:the )?(?:head|leader|chair|chairman|director|minister|ambassador|ceo|official)\b|\bwho (?:heads|chairs|directs|will head|will chair)\b/u;
const EN_NAME = /\bwhat (?:is|was|are|were) (?:the )?(?:full )?(?:name|title)s?\b|\bcalled\b|\bnamed\b|\bname of\b|\b(?:which|what) (?:[a-z-]+ ){0,2}(?:company|companies|agency|agencies|bank|banks|university|universities|organi[sz]ations?|institutions?|ministry|ministries|firm|firms|body|bodies|department|departments|museum)\b/u;
const EN_WHY = /\bwhy\b|\bfor what reason\b|\bwhat (?:is|was|are) the (?:reason|reasons|purpose|aim|goal|motive)\b|\bwhat for\b|\bwhat prompted\b/u;
const EN_HOW = /\bhow (?:do|does|did|will|would|can|could|should|are|is|was|were|to)\b|\bin what way\b|\bby what means\b|\bthrough what\b/u;
const EN_YES_NO = /^(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should|shall|isn't|aren't|doesn't|didn't|hasn't|haven't|won't)\b/u;
const EN_LIST = /\bwhich\b|\bwhat (?:\w+ )?(?:areas|fields|sectors|projects|issues|products|measures|steps|kinds|types|topics|things|items|initiatives|documents|agreements|goods|exports|programs|programmes|forms|ways|means)\b|\blist\b|\bname (?:the|all|some)\b|\bwhat are\b|\bwhat were\b|\benumerate\b/u;
const EN_MULTI = /\beach\b|\brespectively\b|\bin (?:which|what) (?:places|parts|paragraphs|contexts|passages)\b|\bevery (?:place|time|mention)\b|\ball (?:the )?(?:places|mentions|references|parts)\b|\bhow many times\b|\bwhere else\b|\beverything\b|\ball (?:that|what)\b|\bsummari[sz]e\b|\bsummary of\b|\boverview\b|\ball (?:the )?(?:\w+ )?(?:commitments|measures|issues|areas|references|mentions|statements|points|projects|steps)\b|\bin what ways\b/u;

const EN_ANSWER_KIND = new Set(
  `position positions stance view views attitude role significance importance purpose aim goal goals content situation status progress
   outcome outcomes result results plan plans principle principles area areas field fields issue issues point points focus nature state
   relationship relations commitment commitments measure measures step steps approach message name title date place time stand
   thing things reason reasons response reaction opinion assessment policy policies priority priorities detail details part parts
   agreement agreements consensus vision idea ideas basis framework mechanism objective objectives intention intentions
   main key gist summary overview`
    .split(/\s+/u)
    .filter(Boolean),
);

const EN_FOCUS = /\bwhat(?:'s| is| was| are| were) the ((?:[a-z-]+ ){0,2}[a-z-]+) of (?:the )?([a-z0-9 .'-]{2,60}?)(?:\?|$| in | at | for | under )/u;
// "how many of the agreements": the counted noun comes after "of the".
const EN_COUNT = /\bhow many (?:of (?:the |these |those |its |their )?)?([a-z-]+(?: [a-z-]+){0,5})|\bnumber of (?:the )?([a-z-]+(?: [a-z-]+){0,5})/u;

/** The topic a question announces up front ("关于航天领域，…", "Regarding Gwadar, …"), if any. */
export function announcedTopic(question: string): string | undefined {
  const q = question.trim();
  const zh = /^(?:关于|对于|就|在)([^，,。？?]{2,16}?)(?:领域|方面|问题)?(?:上)?[，,]/u.exec(q);
  if (zh) return zh[1];
  const en = /^(?:regarding|concerning|about|as for|as to|with regard to|on the subject of|on)\s+([^,?]{2,60}),/iu.exec(q);
  return en?.[1];
}

/** Splits a question into its parts ("…多少年了？目前进入了什么阶段？" → two parts). */
export function splitQuestion(question: string): string[] {
  return question
    .split(/[？?；;]+|(?:，|,)\s*(?:以及|并且|还有|另外|同时|and (?=what|how|which|who|where|when|why|whether|is|are|do|does|did))/iu)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Capitalised words inside an English question, outside quoted titles; the first word of a sentence is not a name. */
function englishNames(question: string): string[] {
  const out: string[] = [];
  // The inner class excludes every quote mark, so each attempt stops at the next one: linear in the text.
  // An apostrophe between letters ("Dingland's") is part of a word, not a quote mark.
  const unquoted = question.replace(/(?<=\p{L})['’](?=\p{L})/gu, '\u2060').replace(/["“‘'][^"“”‘’']*["”’']/gu, ' ');
  for (const sentence of unquoted.split(/(?<=[.?!])\s+/u)) {
    const words = sentence.replaceAll('\u2060', "'").match(/[A-Za-z][A-Za-z'’.-]*/gu) ?? [];
    words.forEach((word, i) => {
      if (i === 0 || word.length < 2 || !/^[A-Z]/u.test(word) || word === 'I') return;
      out.push(word.replace(/['’]s$/u, '').replace(/\.$/u, ''));
    });
  }
  return out;
}

function classify(q: string, lang: Lang): { kind: QuestionClass; wants?: Wanted } {
  if (lang === 'zh') {
    if (ZH_HOW_MUCH.test(q)) return { kind: 'how_much', wants: 'amount' };
    if (ZH_WHEN.test(q)) return { kind: 'when', wants: 'date' };
    if (ZH_HOW_MANY.test(q)) return { kind: 'how_many', wants: 'number' };
    if (ZH_CITY.test(q)) return { kind: 'where', wants: 'city' };
    if (ZH_WHERE.test(q)) return { kind: 'where', wants: 'place' };
    if (ZH_PERSON.test(q)) return { kind: 'who', wants: 'person' };
    if (ZH_WHO.test(q)) return { kind: 'who' };
    if (ZH_NAME.test(q)) return { kind: 'which', wants: 'name' };
    if (ZH_WHY.test(q)) return { kind: 'why' };
    if (ZH_HOW.test(q)) return { kind: 'how' };
    if (ZH_YES_NO.test(q)) return { kind: 'yes_no' };
    return { kind: 'what' };
  }
  if (EN_HOW_MUCH.test(q)) return { kind: 'how_much', wants: 'amount' };
  if (EN_WHEN.test(q)) return { kind: 'when', wants: 'date' };
  if (EN_HOW_MANY.test(q)) return { kind: 'how_many', wants: 'number' };
  if (EN_CITY.test(q)) return { kind: 'where', wants: 'city' };
  if (EN_WHERE.test(q) && !EN_WHERE_IN_TEXT.test(q)) return { kind: 'where', wants: 'place' };
  if (EN_PERSON.test(q)) return { kind: 'who', wants: 'person' };
  if (EN_WHO.test(q)) return { kind: 'who' };
  if (EN_NAME.test(q)) return { kind: 'which', wants: 'name' };
  if (EN_WHY.test(q)) return { kind: 'why' };
  if (EN_YES_NO.test(q)) return { kind: 'yes_no' };
  if (EN_HOW.test(q)) return { kind: 'how' };
  return { kind: 'what' };
}

/** The content words of an English phrase, as stems ("the daily capacity" → ["daili", "capac"]). */
function zhFocus(q: string): { focus?: string; owner?: string } {
  const m = ZH_FOCUS.exec(q);
  const focus = m?.[2];
  if (!m || focus === undefined || ZH_ANSWER_KIND.has(focus)) return {};
  // "双方的合作…" names no attribute: the focus must be a content word, not a question or function word.
  if (segmentChinese(focus).every((w) => isChineseStopword(w) || characterCount(w) < 2)) return {};
  return { focus, owner: m[1]! };
}

function enFocus(q: string): { focus?: string; owner?: string } {
  const m = EN_FOCUS.exec(q);
  if (!m) return {};
  const stems = contentStems(m[1]!);
  const head = englishWords(m[1]!).at(-1) ?? '';
  if (stems.length === 0 || EN_ANSWER_KIND.has(head)) return {};
  return { focus: m[1]!, owner: m[2]!.trim() };
}

/** The head noun of a Chinese count phrase: the last of the nouns that open it ("合作协议被签署" → 协议). */
export function countHead(phrase: string): string | undefined {
  const nouns: string[] = [];
  for (const { word, tag } of tagChinese(phrase)) {
    if (/^(?:n|nz|ns|nt|nr|vn|ng|nrt)$/u.test(tag) && characterCount(word) >= 2) nouns.push(word);
    else if (nouns.length > 0) break;
  }
  return nouns.at(-1);
}

function zhCount(q: string): { countNoun?: string; measure?: string } {
  const m = ZH_COUNT.exec(q);
  if (!m) return {};
  const noun = countHead(m[2]!);
  return { ...(noun ? { countNoun: noun } : {}), ...(m[1] ? { measure: m[1] } : {}) };
}

function enCount(q: string): { countNoun?: string } {
  const m = EN_COUNT.exec(q);
  const raw = m?.[1] ?? m?.[2];
  if (!raw) return {};
  // "how many kinds of corridor": the corridors are counted (their kinds are what the statement lists).
  const phrase = raw.replace(/^(?:different )?(?:(?:kinds?|types?|sorts?|forms?|categor(?:y|ies)) of )?/u, '');
  // The counted noun ends the noun phrase: "chinese tourists visited" → tourists, "agreements were" → agreements.
  const words: string[] = [];
  const all = englishWords(phrase);
  for (const [i, w] of all.entries()) {
    // "food or animal products": a noun phrase runs on over "and"/"or" between its nouns.
    if ((w === 'and' || w === 'or') && words.length > 0 && all[i + 1] !== undefined && !isEnglishStopword(all[i + 1]!)) continue;
    // A verb ends it; "Gwadar-related" is an adjective, not a verb.
    if (isEnglishStopword(w) || (/(?:ed|ing)$/u.test(w) && !w.includes('-')) || /^(?:time|times)$/u.test(w)) break;
    words.push(w);
  }
  // A plural names what is counted ("chinese leaders met" → leaders); else the last word before a verb.
  const noun = words.find((w) => /[^s]s$/u.test(w) && w.length > 3) ?? words.at(-1);
  return noun ? { countNoun: noun } : {};
}

const ZH_CATEGORY_BEFORE = /(\p{Script=Han}{2,10}?)的(?:具体)?(?:名称|名字|全称)|(\p{Script=Han}{2,10}?)(?:叫什么|叫做什么|名叫)/u;
const ZH_CATEGORY_AFTER = /(?:哪家|哪个|哪些|哪所|什么)(\p{Script=Han}{2,6})/u;
const EN_CATEGORY = /\bname of (?:the |a |an |this |that )?((?:[a-z-]+ ){0,3}[a-z-]+)|\b(?:which|what) ((?:[a-z-]+ ){0,2}(?:company|companies|agency|agencies|bank|banks|university|universities|organi[sz]ations?|institutions?|ministry|ministries|firm|firms|body|bodies|department|departments|museum|project|projects|agreement|agreements|document|documents|initiative|initiatives))\b/u;

/** The kind of thing whose name is asked (its head noun), when the question says it. */
function nameCategory(text: string, lang: Lang): string | undefined {
  if (lang === 'zh') {
    const before = ZH_CATEGORY_BEFORE.exec(text);
    const phrase = before?.[1] ?? before?.[2];
    if (phrase) return countHead(phrase.replace(/^.*?(?:这|那|该|此)\d*[个项份家所]?/u, '')) ?? undefined;
    const after = ZH_CATEGORY_AFTER.exec(text);
    return after ? countHead(after[1]!) : undefined;
  }
  const m = EN_CATEGORY.exec(text);
  const phrase = m?.[1] ?? m?.[2];
  if (!phrase) return undefined;
  const words = englishWords(phrase).filter((w) => !isEnglishStopword(w));
  return words.at(-1);
}

/** Words that join the items of a list in a Chinese question ("、" and the coordinating conjunctions). */
const ZH_JOINERS = new Set(['、', '和', '与', '及', '以及', '或', '或者']);
/** Clause breaks: a list never runs across them. */
const ZH_CLAUSE = /[，,。？?！!；;：:（）()“”"]/u;
const EN_CLAUSE = /[.?!;:()"“”—–]/u;
const EN_JOINERS = new Set([',', 'and', 'or', '&', '/']);
/** A clause longer than this is no list a user writes: it is not read for parts (and not tagged). */
const MAX_LIST_CLAUSE = 300;
/** Parts read at most: a longer list is read by its first parts. */
const MAX_FACETS = 12;
const EN_QUESTION_WORDS = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'whether']);

/**
 * The parts of coordinated lists in a question: within one clause, the runs between list separators
 * ("、", 和, 以及…; commas, "and", "or"), when a clause has two or more. A part keeps the clause's other
 * words ("关于反恐" and "安保以及…"): callers read which of the question's words fall in each. Linear.
 */
export function questionFacets(text: string, lang: Lang): string[] {
  const out: string[] = [];
  if (lang === 'zh') {
    for (const clause of text.split(ZH_CLAUSE)) {
      if (clause.length > MAX_LIST_CLAUSE || !/[、和与及或]/u.test(clause)) continue;
      const parts: string[] = [];
      let current = '';
      for (const { word } of tagChinese(clause)) {
        if (ZH_JOINERS.has(word)) {
          parts.push(current);
          current = '';
        } else current += word;
      }
      parts.push(current);
      const kept = parts.filter((p) => /\p{Script=Han}/u.test(p));
      if (kept.length >= 2) out.push(...kept);
    }
    return out.slice(0, MAX_FACETS);
  }
  for (const clause of text.split(EN_CLAUSE)) {
    if (clause.length > MAX_LIST_CLAUSE) continue;
    const tokens = clause.match(/[A-Za-z0-9][A-Za-z0-9'’.-]*|[,&/]/gu) ?? [];
    const parts: string[][] = [[]];
    for (const t of tokens) {
      const lower = t.toLowerCase();
      if (EN_JOINERS.has(lower)) parts.push([]);
      // A part that asks ("…, and how did Y respond") is a question of its own: the list ended before it.
      else if (parts.length > 1 && EN_QUESTION_WORDS.has(lower)) {
        parts.pop();
        break;
      } else parts.at(-1)!.push(t);
    }
    const kept = parts.filter((p) => p.length > 0);
    if (kept.length >= 2) out.push(...kept.map((p) => p.join(' ')));
  }
  return out.slice(0, MAX_FACETS);
}

// "talk about X", "say anything about X", "mention X"; "提到X吗", "有没有谈到X". X runs to the end of its clause.
const EN_ABOUT = /\b(?:talk(?:ed|s)?|sa(?:y|id|ys)|speak(?:s)?|spoke|discuss(?:ed|es)?|mention(?:ed|s)?|touch(?:ed)? on|br(?:ing|ought) up)(?: anything| something| much)?(?: at all)?(?: about| on| of| regarding)? ([^,.;:?!]{2,80})/u;
const ZH_ABOUT = /(?:提到|提及|谈到|谈及|说到|讲到|涉及|提没提|说没说)(?:了|过)?([^，,。；;：:？?！!]{2,30}?)(?:了|过)?(?:的事|的问题|这件事|这回事|吗|没有|没|呢|[？?]|$)/u;

/** What a question asks whether the statement speaks of, when it asks that ("Did they mention X?"). */
export function aboutTopic(text: string, lang: Lang): string | undefined {
  const m = (lang === 'zh' ? ZH_ABOUT : EN_ABOUT).exec(lang === 'zh' ? text : text.toLowerCase());
  const topic = m?.[1]?.trim();
  // "这一领域", "it", "this": the thing was named before; "mentioned in the statement": no thing is named.
  if (!topic || /^(?:这|那|该|此|其|它)/u.test(topic) || /^(?:in|by|it|this|that|these|those|them)\b/u.test(topic)) return undefined;
  return topic;
}

/** Analyses a question: its class, what the answer must contain, its focus, topic and names. Pure. */
export function analyzeQuestion(question: string): QuestionAnalysis {
  const q = question.trim();
  const lang = detectLang(q);
  const text = dropExcluded(q);
  const lower = text.toLowerCase();
  const { kind, wants } = classify(lang === 'zh' ? text : lower, lang);
  const list = lang === 'zh' ? ZH_LIST.test(text) : EN_LIST.test(lower);
  const multi = lang === 'zh' ? ZH_MULTI.test(text) : EN_MULTI.test(lower) || EN_WHERE_IN_TEXT.test(lower);
  const focus = lang === 'zh' ? zhFocus(text) : enFocus(lower);
  const count = kind === 'how_many' ? (lang === 'zh' ? zhCount(text) : enCount(lower)) : {};
  const topic = announcedTopic(text);
  const category = wants === 'name' || wants === 'person' ? nameCategory(lang === 'zh' ? text : lower, lang) : undefined;
  const names = lang === 'zh' ? [] : englishNames(text);
  const about = aboutTopic(text, lang);
  // Required fields first, then each optional one only when present: spreading a literal per optional
  // field cost more than the rest of the object. (Nothing reads the keys' order.)
  const out: { -readonly [K in keyof QuestionAnalysis]: QuestionAnalysis[K] } = {
    question: q,
    lang,
    text,
    kind,
    list,
    multi,
    compound: splitQuestion(text).length > 1,
    names: [...new Set(names)],
    facets: questionFacets(text, lang),
  };
  if (wants) out.wants = wants;
  const counted: { countNoun?: string; measure?: string } = count;
  if (counted.countNoun !== undefined) out.countNoun = counted.countNoun;
  if (counted.measure !== undefined) out.measure = counted.measure;
  if (focus.focus) out.focus = focus.focus;
  if (focus.owner) out.focusOwner = focus.owner;
  if (topic) out.topic = topic;
  if (category) out.category = category;
  if (about) out.about = about;
  return out;
}

/** True for a focus word that names the kind of answer, not a detail ("立场", "position"). */
export function isAnswerKindWord(word: string): boolean {
  return ZH_ANSWER_KIND.has(word) || EN_ANSWER_KIND.has(word.toLowerCase());
}
