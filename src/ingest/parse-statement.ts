import { DocumentError } from '../errors.js';
import type { Paragraph, Statement } from '../types.js';
import { parseChineseNumeral } from '../text/numerals.js';


// A numbered paragraph: "1.", "1．", "1、", "1)", "（一）", "(1)", "一、". The number must be followed by text.
const NUMBERED = [
  /^(\d{1,4})\s*[.．、)）]\s*(.*)$/u,
  /^[（(](\d{1,4})[)）]\s*(.*)$/u,
  /^[（(]([零〇一二两三四五六七八九十百]+)[)）]\s*(.*)$/u,
  /^([零〇一二两三四五六七八九十百]+)\s*[、.．]\s*(.*)$/u,
];

function matchNumbered(line: string): { number: number; text: string } | undefined {
  for (const re of NUMBERED) {
    const m = re.exec(line);
    if (!m) continue;
    const raw = m[1] ?? '';
    const number = /^\d+$/.test(raw) ? Number(raw) : parseChineseNumeral(raw);
    const text = (m[2] ?? '').trim();
    // "2023. " alone or a decimal like "1.5%" must not start a paragraph.
    if (number === undefined || text.length === 0 || /^\d/.test(text)) continue;
    return { number, text };
  }
  return undefined;
}

// Leading/trailing whitespace including full-width spaces (U+3000) and NBSP.
function clean(line: string): string {
  return line.replace(/^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0]+$/gu, '');
}

// The source/dateline: a bracketed line such as "（新华社北京10月20日电）" or "(Xinhua, Beijing, Oct 20)".
function isSourceLine(line: string): boolean {
  return /^[（(【[].*[）)】\]]$/u.test(line) && matchNumbered(line) === undefined;
}

/**
 * Splits a statement into title, numbered paragraphs and closing source line.
 * Pure: takes the file's text, returns the structure or throws a DocumentError naming the line.
 */
export function parseStatement(input: string): Statement {
  const lines = input.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  let title = '';
  let source = '';
  const paragraphs: Paragraph[] = [];
  let lastLine = 0;

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const line = clean(raw);
    if (line.length === 0) return;
    const numbered = matchNumbered(line);
    if (numbered) {
      if (source) throw new DocumentError(`paragraph ${numbered.number} comes after the source line`, lineNo);
      const expected = paragraphs.length + 1;
      if (numbered.number !== expected) {
        const seen = paragraphs.some((p) => p.number === numbered.number);
        const what = seen
          ? `paragraph number ${numbered.number} is repeated`
          : numbered.number > expected
            ? `paragraph number ${numbered.number} skips ${expected}`
            : `paragraph number ${numbered.number} is out of order`;
        throw new DocumentError(`${what} (expected ${expected})`, lineNo);
      }
      paragraphs.push({ number: numbered.number, text: numbered.text });
      lastLine = lineNo;
      return;
    }
    if (paragraphs.length === 0) {
      if (title) throw new DocumentError(`unexpected text before paragraph 1 (the title is already "${title}")`, lineNo);
      title = line;
      return;
    }
    if (isSourceLine(line) && !source) {
      source = line;
      return;
    }
    if (source) throw new DocumentError('unexpected text after the source line', lineNo);
    // An unnumbered line inside the body continues the previous paragraph (a wrapped line).
    const prev = paragraphs[paragraphs.length - 1];
    if (prev) {
      const joiner = /[\p{Script=Han}，。；：、）》」]$/u.test(prev.text) ? '' : ' ';
      paragraphs[paragraphs.length - 1] = { number: prev.number, text: prev.text + joiner + line };
      lastLine = lineNo;
    }
  });

  if (paragraphs.length === 0) throw new DocumentError('no numbered paragraphs found (expected lines such as "1." or "（一）")');
  void lastLine;
  return Object.freeze({ title, source, paragraphs: Object.freeze(paragraphs) });
}
