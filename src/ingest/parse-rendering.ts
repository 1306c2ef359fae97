import { DocumentError } from '../errors.js';
import { contentLines } from './content-lines.js';
import { sentenceOffsets } from '../text/segment.js';
import type { Statement } from '../types.js';

/*
 * The English rendering of a statement: one line per Chinese sentence, labelled `[paragraph.sentence]`,
 * plus `title:` and `source:` lines; `#` starts a comment. Parsing checks that it fits the statement —
 * same paragraphs, same sentences, every figure and date present, every glossary name rendered the same
 * way — and refuses one that does not, naming the paragraph. Pure.
 */

export interface Rendering {
  readonly title: string;
  readonly source: string;
  /** paragraph number → its sentences' renderings, in order. */
  readonly paragraphs: ReadonlyMap<number, readonly string[]>;
}

const LABEL = /^\[(\d{1,4})\.(\d{1,3})\]\s*(.*)$/u;

/** Reads the file's lines into a Rendering, refusing malformed lines (the error names the line). */
export function parseRenderingText(input: string): Rendering {
  let title = '';
  let source = '';
  const paragraphs = new Map<number, string[]>();
  contentLines(input).forEach(({ line, lineNo }) => {
    if (/^title:/iu.test(line)) {
      title = line.slice(6).trim();
      return;
    }
    if (/^source:/iu.test(line)) {
      source = line.slice(7).trim();
      return;
    }
    const m = LABEL.exec(line);
    if (!m) throw new DocumentError(`English rendering: expected "[paragraph.sentence] text", "title:" or "source:"`, lineNo);
    const p = Number(m[1]);
    const s = Number(m[2]);
    const text = (m[3] ?? '').trim();
    if (text === '') throw new DocumentError(`English rendering: sentence [${p}.${s}] is empty`, lineNo);
    const list = paragraphs.get(p) ?? [];
    if (s !== list.length + 1) throw new DocumentError(`English rendering: paragraph ${p}: sentence [${p}.${s}] is out of order (expected [${p}.${list.length + 1}])`, lineNo);
    list.push(text);
    paragraphs.set(p, list);
  });
  return { title, source, paragraphs };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The figures of a Chinese text that a rendering must carry: each digit run as digits, except a month
 * ("10月"), which may also be written as its English name.
 */
function figuresOf(text: string): Array<{ digits: string; month?: string }> {
  const out: Array<{ digits: string; month?: string }> = [];
  for (const m of text.matchAll(/(\d+)(月)?/gu)) {
    const digits = m[1]!;
    const month = m[2] && Number(digits) >= 1 && Number(digits) <= 12 ? MONTHS[Number(digits) - 1] : undefined;
    out.push(month ? { digits, month } : { digits });
  }
  return out;
}

function hasFigure(english: string, f: { digits: string; month?: string }): boolean {
  if (new RegExp(`(?<!\\d)${f.digits}(?!\\d)`, 'u').test(english)) return true;
  return f.month !== undefined && english.includes(f.month);
}

/**
 * Checks a rendering against its statement and returns the statement with the rendering attached
 * (`Paragraph.en`, `titleEn`, `sourceEn`). `names` are glossary pairs [English, Chinese] of proper names:
 * wherever the Chinese name occurs, its paragraph's rendering must use one of the name's English forms.
 */
export function alignRendering(statement: Statement, rendering: Rendering, names: ReadonlyArray<readonly [string, string]> = []): Statement {
  const expected = statement.paragraphs.map((p) => p.number);
  const given = [...rendering.paragraphs.keys()];
  for (const n of given) {
    if (!expected.includes(n)) throw new DocumentError(`English rendering: paragraph ${n} does not exist in the statement (it has ${expected.length} paragraphs)`);
  }
  for (const n of expected) {
    if (!rendering.paragraphs.has(n)) throw new DocumentError(`English rendering: paragraph ${n} is missing`);
  }
  if (statement.title && !rendering.title) throw new DocumentError('English rendering: the "title:" line is missing');
  if (statement.source && !rendering.source) throw new DocumentError('English rendering: the "source:" line is missing');
  for (const f of figuresOf(statement.source)) {
    if (!hasFigure(rendering.source, f)) throw new DocumentError(`English rendering: the source line lacks the figure ${f.month ?? f.digits}`);
  }

  const formsOf = new Map<string, string[]>();
  for (const [en, zh] of names) formsOf.set(zh, [...(formsOf.get(zh) ?? []), en]);
  // Longest Chinese names first, so 红其拉甫口岸 is checked before 红其拉甫 claims its place.
  const chineseNames = [...formsOf.keys()].sort((a, b) => b.length - a.length);

  const paragraphs = statement.paragraphs.map((p) => {
    const en = rendering.paragraphs.get(p.number)!;
    const zhCount = sentenceOffsets(p.text).length;
    if (en.length !== zhCount) {
      throw new DocumentError(`English rendering: paragraph ${p.number} has ${zhCount} sentence${zhCount === 1 ? '' : 's'} in the Chinese, ${en.length} in the rendering`);
    }
    const english = en.join(' ');
    for (const f of figuresOf(p.text)) {
      if (!hasFigure(english, f)) throw new DocumentError(`English rendering: paragraph ${p.number} lacks the figure ${f.digits}${f.month ? ` (${f.month})` : ''} of the Chinese`);
    }
    const lower = english.toLowerCase();
    for (const zh of chineseNames) {
      if (!p.text.includes(zh)) continue;
      const forms = formsOf.get(zh)!;
      if (!forms.some((form) => lower.includes(form.toLowerCase()))) {
        throw new DocumentError(`English rendering: paragraph ${p.number} does not render ${zh} as ${forms.map((f) => `"${f}"`).join(' or ')} (data/glossary.tsv)`);
      }
    }
    return { ...p, en: Object.freeze([...en]) };
  });
  return Object.freeze({
    ...statement,
    paragraphs: Object.freeze(paragraphs),
    ...(rendering.title ? { titleEn: rendering.title } : {}),
    ...(rendering.source ? { sourceEn: rendering.source } : {}),
  });
}
