import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

let jieba: Jieba | undefined;

/** Chinese word segmentation (jieba, search mode); the dictionary is loaded once per process. */
export function segmentChinese(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cutForSearch(text, true);
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
