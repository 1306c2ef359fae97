import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { remember } from '../memo.js';

let jieba: Jieba | undefined;

function instance(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

// A question is segmented by several stages (terms, concepts, analysis): remember the last few short texts.
const MEMO_SIZE = 256;
const MEMO_MAX_CHARS = 2_100;
function memoised<T>(compute: (text: string) => T, size = MEMO_SIZE): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => (text.length > MEMO_MAX_CHARS ? compute(text) : remember(memo, text, size, () => compute(text)));
}

let cut = memoised((text) => Object.freeze(instance().cutForSearch(text, true)));
let tag = memoised((text) => Object.freeze(instance().tag(text, true)));

const added = new Set<string>();
/** How often jieba is told the document's own terms occur: enough to win over splitting them up. */
const TERM_FREQUENCY = 20_000;

/**
 * Teaches the segmenter a document's own terms (its names and long terms: "瓜达尔港", "红其拉甫口岸"),
 * so questions and the statement are cut the same way ("瓜达尔港有…" is not 瓜达尔 + 港有). Ingest and
 * serving both call it with the terms stored in the index, before segmenting anything.
 */
export function addDocumentTerms(terms: Iterable<readonly [word: string, tag: string]>): void {
  const lines: string[] = [];
  for (const [word, t] of terms) {
    if (added.has(word) || !/^\p{Script=Han}{2,}$/u.test(word)) continue;
    added.add(word);
    lines.push(`${word} ${TERM_FREQUENCY} ${t}`);
  }
  if (lines.length === 0) return;
  instance().loadDict(Buffer.from(`${lines.join('\n')}\n`));
  // Earlier cuts may differ now.
  cut = memoised((text) => Object.freeze(instance().cutForSearch(text, true)));
  tag = memoised((text) => Object.freeze(instance().tag(text, true)));
}

// Question words never belong to a topic; cut at them first, so jieba cannot glue them to a topic word
// ("哪些项目", "港有哪"). Whole "when" phrases go first ("什么时候", not "什么" leaving "时候").
const QUESTION_WORDS = /什么时候|什么时间|啥时候|何时|有何|何种|何处|多长时间|多久|几月|几号|哪一天|哪一年|哪些|哪个|哪里|哪儿|哪位|哪家|哪年|哪天|什么|如何|怎样|怎么|为何|为什么|是否|多少|有没有|是不是|几[个项种条位类次]|[吗呢吧啥咋哪]/gu;

/**
 * A question with its question words turned into breaks, ready to segment. Several stages ask for the
 * same question's: the last few are remembered, and the same string comes back (so the segmenter's
 * memo finds it without hashing a new one).
 */
export const withoutQuestionWords = memoised((text: string): string => text.replace(QUESTION_WORDS, '，'), 16);

/** Chinese word segmentation (jieba, search mode); the dictionary is loaded once per process. */
export function segmentChinese(text: string): readonly string[] {
  return cut(text);
}

/** Words with jieba's part-of-speech tags (`ns` place, `nr` person, `nt` body, `nz` other proper noun …). */
export function tagChinese(text: string): ReadonlyArray<{ readonly word: string; readonly tag: string }> {
  return tag(text);
}

/** Splits text into sentences, keeping the end punctuation with its sentence; pure. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[^。！？!?；;]+[。！？!?；;]*[”’」』）)]*|[。！？!?；;]+/gu;
  for (const m of text.matchAll(re)) {
    const s = m[0];
    if (s.trim().length > 0) out.push(s);
  }
  return out;
}

/** Each sentence's offsets in `text`, in order, so a run of sentences is an exact slice of it; pure. */
export function sentenceOffsets(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let cursor = 0;
  for (const sentence of splitSentences(text)) {
    const at = text.indexOf(sentence, cursor);
    if (at < 0) continue; // cannot happen: splitSentences returns slices in order
    out.push({ start: at, end: at + sentence.length });
    cursor = at + sentence.length;
  }
  return out;
}
