import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

function instance(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Chinese word segmentation (jieba, search mode); the dictionary is loaded once per process. */
export function segmentChinese(text: string): string[] {
  return instance().cutForSearch(text, true);
}

/** Words with jieba's part-of-speech tags (`ns` place, `nr` person, `nt` body, `nz` other proper noun …). */
export function tagChinese(text: string): Array<{ word: string; tag: string }> {
  return instance().tag(text, true);
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
