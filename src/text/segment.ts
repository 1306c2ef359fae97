import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

function instance(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

// A question is segmented by several stages (terms, concepts, analysis): remember the last few short texts.
const MEMO_SIZE = 256;
const MEMO_MAX_CHARS = 400;
function memoised<T>(compute: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    if (text.length > MEMO_MAX_CHARS) return compute(text);
    const hit = memo.get(text);
    if (hit !== undefined) return hit;
    const value = compute(text);
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
    memo.set(text, value);
    return value;
  };
}

const cut = memoised((text) => Object.freeze(instance().cutForSearch(text, true)));
const tag = memoised((text) => Object.freeze(instance().tag(text, true)));

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
