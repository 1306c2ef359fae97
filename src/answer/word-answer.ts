import type { QuestionAnalysis, Wanted } from '../match/analyze-question.js';
import { englishCount } from '../text/numerals.js';
import type { Citation, Lang } from '../types.js';

/*
 * Wording an extractive answer in the question's language. Chinese answers quote the statement; English
 * answers give the project's English rendering of the same sentences (labelled as unofficial), or, for a
 * document without a rendering, the Chinese quote in an English frame. Every passage ends with its [n]
 * marker. Pure.
 */

export interface Passage {
  readonly paragraph: number;
  /** The Chinese text shown (sentences joined with "……" when not contiguous). */
  readonly display: string;
  readonly citation: Citation;
  /** The rendering of the same sentences, when the document has one. */
  readonly english?: string;
}

export interface WordInput {
  readonly lang: Lang;
  readonly passages: readonly Passage[];
  /** `places`: the answer is spread over the statement; `reference`: paragraphs asked for by number. */
  readonly style: 'plain' | 'places' | 'reference';
  readonly hasRendering: boolean;
  /** Said first: what the statement does not give (partial answers). */
  readonly lead?: string;
  /** For count questions: the count the statement gives. */
  readonly count?: { readonly n: number; readonly noun: string; readonly measure?: string };
}

/** The label every English answer built from the rendering carries. */
export const RENDERING_NOTE = '(Unofficial English rendering; the Chinese text is authoritative.)';

function endEnglish(text: string, marker: string): string {
  const trimmed = text.replace(/[.。\s]+$/u, '');
  return `${trimmed} ${marker}.`;
}

function chinese(input: WordInput): string {
  const { passages, style } = input;
  const lead = input.lead ?? '';
  if (input.count && passages.length > 0) {
    const p = passages[0]!;
    const head = `声明提到${input.count.n}${input.count.measure ?? (input.count.noun ? '个' : '')}${input.count.noun}：`;
    const rest = passages.slice(1).map((x) => `${x.display}[${x.paragraph}]`).join('；');
    return `${head}${p.display}[${p.paragraph}]${rest ? `；${rest}` : ''}。`;
  }
  if (style === 'reference') {
    return passages.map((p) => `第${p.paragraph}段：${p.display}[${p.paragraph}]。`).join('\n');
  }
  if (passages.length === 1) {
    const p = passages[0]!;
    return lead ? `${lead}声明提到：${p.display}[${p.paragraph}]。` : `根据声明：${p.display}[${p.paragraph}]。`;
  }
  const opening = lead ? `${lead}声明提到：` : style === 'places' ? `声明中有${passages.length}处相关表述：` : '根据声明：';
  return `${opening}\n${passages.map((p, i) => `${i + 1}. ${p.display}[${p.paragraph}]${i === passages.length - 1 ? '。' : '；'}`).join('\n')}`;
}

/** "five corridors", "one corridor": a count in words with its noun in the number it takes. Pure. */
/** The plural of an English noun as a count needs it ("corridor" → corridors); a plural stays as it is. */
function pluralOf(noun: string): string {
  if (/s$/u.test(noun) || /[^a-z]/u.test(noun.slice(-1))) return noun;
  if (/[^aeiou]y$/u.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(?:ch|sh|x|z)$/u.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

export function countPhrase(n: number, noun: string): string {
  const words = englishCount(n);
  if (!noun) return words;
  if (n !== 1) return `${words} ${pluralOf(noun)}`;
  const one = /ies$/u.test(noun) ? noun.replace(/ies$/u, 'y') : /(?:ches|shes|sses|xes)$/u.test(noun) ? noun.slice(0, -2) : /[^s]s$/u.test(noun) ? noun.slice(0, -1) : noun;
  return `${words} ${one}`;
}

function englishOf(p: Passage): string {
  return p.english ?? `"${p.display}"`;
}

function english(input: WordInput): string {
  const { passages, style } = input;
  const usesRendering = passages.some((p) => p.english !== undefined);
  const lines: string[] = [];
  if (input.lead) lines.push(input.lead);
  if (input.count && passages.length > 0) {
    lines.push(`The statement mentions ${countPhrase(input.count.n, input.count.noun)}.`);
  }
  if (style === 'reference') {
    for (const p of passages) lines.push(`Paragraph ${p.paragraph}: ${endEnglish(englishOf(p), `[${p.paragraph}]`)}`);
  } else if (passages.length === 1) {
    const p = passages[0]!;
    const body = endEnglish(englishOf(p), `[${p.paragraph}]`);
    lines.push(p.english !== undefined ? body : `Paragraph ${p.paragraph} of the statement says: ${body}`);
  } else {
    lines.push(input.lead ? 'What it says:' : style === 'places' ? `The statement speaks of this in ${passages.length} paragraphs:` : 'The statement says:');
    for (const p of passages) lines.push(`- ${endEnglish(englishOf(p), `[${p.paragraph}]`)}`);
  }
  const body = lines.join(input.lead && passages.length === 1 ? ' ' : '\n');
  // The note is always a line of its own, whatever joins the lines above it.
  return usesRendering ? `${body}\n${RENDERING_NOTE}` : body;
}

/** The answer text for the chosen passages. */
export function wordAnswer(input: WordInput): string {
  return input.lang === 'zh' ? chinese(input) : english(input);
}

const MISSING_ZH: Record<Wanted | 'count', string> = {
  number: '声明没有给出具体数字。',
  amount: '声明没有提及具体金额。',
  date: '声明没有给出具体日期或时间。',
  place: '声明没有提及具体地点。',
  city: '声明没有提及具体城市。',
  person: '声明没有提及具体人名。',
  name: '声明没有提及具体名称。',
  count: '声明没有给出具体数量。',
};

const MISSING_EN: Record<Wanted | 'count', string> = {
  number: 'The statement gives no figure for this.',
  amount: 'The statement gives no amount for this.',
  date: 'The statement gives no date for this.',
  place: 'The statement does not say where.',
  city: 'The statement does not name a city.',
  person: 'The statement does not name the person.',
  name: 'The statement does not give the name.',
  count: 'The statement does not say how many.',
};

/** What a partial answer says first: the detail the statement does not give, in the question's language. */
export function partialLead(analysis: QuestionAnalysis, missing: Wanted | 'focus' | 'count' | undefined): string {
  const zh = analysis.lang === 'zh';
  // The attribute the question asked the value of says best what is missing ("淡化厂的日处理能力").
  if (analysis.focus && missing !== 'count') {
    return zh
      ? `声明没有提及${analysis.focusOwner ? `${analysis.focusOwner}的` : ''}${analysis.focus}。`
      : `The statement does not give the ${analysis.focus}${analysis.focusOwner ? ` of ${analysis.focusOwner}` : ''}.`;
  }
  if (missing === 'count' && analysis.countNoun) {
    return zh ? `声明没有提及${analysis.countNoun}的具体数量。` : `The statement does not say how many ${analysis.countNoun}.`;
  }
  const key = missing === 'focus' || missing === undefined ? 'number' : missing;
  return zh ? MISSING_ZH[key] : MISSING_EN[key];
}
