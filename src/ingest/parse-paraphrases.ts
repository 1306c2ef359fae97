import { DocumentError } from '../errors.js';
import { contentLines } from './content-lines.js';
import type { Expansions } from '../match/document-model.js';
import { sentenceKey } from '../match/document-model.js';
import { sentenceOffsets } from '../text/segment.js';
import type { Statement } from '../types.js';

/*
 * The paraphrase file: for each sentence of the statement, the ways people would say what it says
 * (document expansion). Blocks of a label line echoing the sentence — `[7.2] <the Chinese sentence>`,
 * `[title] …`, `[source] …` — then `zh: a | b | …` and `en: a | b | …`. The echo is checked against
 * the statement, so a changed statement cannot silently keep stale paraphrases. Pure.
 */

const MAX_ITEMS = 40;
const MAX_ITEM_CHARS = 80;

/** Parses and checks a paraphrase file against its statement; the error names the line and the sentence. */
export function parseParaphrases(input: string, statement: Statement): Expansions {
  const sentences = new Map<string, string>([
    ['title', statement.title],
    ['source', statement.source],
  ]);
  for (const p of statement.paragraphs) {
    sentenceOffsets(p.text).forEach(({ start, end }, i) => sentences.set(sentenceKey(p.number, i), p.text.slice(start, end)));
  }
  const out: Record<string, { zh: string[]; en: string[] }> = {};
  let current: string | undefined;
  contentLines(input).forEach(({ line, lineNo }) => {
    const label = /^\[(title|source|\d{1,4}\.\d{1,3})\]\s*(.*)$/u.exec(line);
    if (label) {
      const key = label[1]!;
      const sentence = sentences.get(key);
      if (sentence === undefined) throw new DocumentError(`paraphrases: [${key}] is not a sentence of the statement`, lineNo);
      if ((label[2] ?? '') !== sentence.trim()) {
        throw new DocumentError(`paraphrases: [${key}] does not echo the statement's sentence (the statement changed?): update its block`, lineNo);
      }
      if (out[key]) throw new DocumentError(`paraphrases: [${key}] appears twice`, lineNo);
      out[key] = { zh: [], en: [] };
      current = key;
      return;
    }
    const items = /^(zh|en):\s*(.*)$/u.exec(line);
    if (!items) throw new DocumentError('paraphrases: expected "[label] sentence", "zh: …" or "en: …"', lineNo);
    if (current === undefined) throw new DocumentError('paraphrases: a "zh:"/"en:" line before any [label]', lineNo);
    const list = (items[2] ?? '')
      .split('|')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (list.length > MAX_ITEMS || list.some((s) => s.length > MAX_ITEM_CHARS)) {
      throw new DocumentError(`paraphrases: [${current}] has more than ${MAX_ITEMS} items or an item over ${MAX_ITEM_CHARS} characters`, lineNo);
    }
    out[current]![items[1] as 'zh' | 'en'].push(...list);
  });
  return out;
}
