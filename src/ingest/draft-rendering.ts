import { sentenceOffsets } from '../text/segment.js';
import type { Statement } from '../types.js';

/*
 * Drafting an English rendering of another statement with a language model, for a person to review:
 * one request per paragraph, its sentences labelled [p.s]; the reply must give one labelled English
 * line per sentence, which is what ingest's alignment checks need. Pure: prompts in, lines out.
 */

export interface DraftMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

/** The sentences of a paragraph as ingest splits them, labelled `[p.s]`. */
export function labelledSentences(paragraph: { readonly number: number; readonly text: string }): string[] {
  return sentenceOffsets(paragraph.text).map(({ start, end }, i) => `[${paragraph.number}.${i + 1}] ${paragraph.text.slice(start, end)}`);
}

const SYSTEM = [
  'You translate an official Chinese diplomatic statement into English, sentence by sentence, faithfully and in the register of a diplomatic text.',
  'Rules:',
  '1. Reply with exactly one line per input sentence, in the same order, each starting with the same label, e.g. "[3.2] …". Nothing else: no notes, no blank lines.',
  '2. Each line renders exactly its own sentence: move nothing between sentences; one English sentence per line, no semicolons, ending with a full stop.',
  '3. Keep every figure and date as digits (2023, 20, 10 …). Use the usual English forms of names, and the given forms where a glossary is given.',
].join('\n');

/** The messages asking for one paragraph's rendering. `names` are glossary pairs [English, Chinese]. */
export function draftMessages(paragraph: { readonly number: number; readonly text: string }, names: ReadonlyArray<readonly [string, string]> = []): DraftMessage[] {
  const used = names.filter(([, zh]) => paragraph.text.includes(zh));
  const glossary = used.length > 0 ? `\n\nGlossary (use these English forms):\n${used.map(([en, zh]) => `${zh} = ${en}`).join('\n')}` : '';
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `Translate these sentences of paragraph ${paragraph.number}:${glossary}\n\n${labelledSentences(paragraph).join('\n')}` },
  ];
}

/** The messages asking for the title and the source line. */
export function draftHeadMessages(statement: Pick<Statement, 'title' | 'source'>): DraftMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `Translate these two lines:\n\n[title] ${statement.title}\n[source] ${statement.source}` },
  ];
}

/**
 * The rendering lines of a reply, checked against the paragraph: one per sentence, labelled in order.
 * Throws an Error saying what is wrong (the caller may ask again).
 */
export function parseDraftReply(reply: string, paragraph: { readonly number: number; readonly text: string }): string[] {
  const expected = sentenceOffsets(paragraph.text).length;
  const lines = new Map<number, string>();
  for (const raw of reply.slice(0, 20_000).split(/\r?\n/u)) {
    const m = /^\s*\[(\d{1,4})\.(\d{1,3})\]\s*(.+?)\s*$/u.exec(raw);
    if (!m || Number(m[1]) !== paragraph.number) continue;
    lines.set(Number(m[2]), m[3]!.replace(/;\s*/gu, ', '));
  }
  const out: string[] = [];
  for (let s = 1; s <= expected; s++) {
    const line = lines.get(s);
    if (line === undefined) throw new Error(`paragraph ${paragraph.number}: the reply has no line [${paragraph.number}.${s}]`);
    out.push(line);
  }
  if (lines.size > expected) throw new Error(`paragraph ${paragraph.number}: the reply has ${lines.size} lines for ${expected} sentences`);
  return out;
}

/** The title and source line of a reply to draftHeadMessages. */
export function parseHeadReply(reply: string): { title: string; source: string } {
  const pick = (label: string): string => new RegExp(`^\\s*\\[${label}\\]\\s*(.+?)\\s*$`, 'mu').exec(reply.slice(0, 5_000))?.[1] ?? '';
  return { title: pick('title'), source: pick('source') };
}

/** The rendering file, in the format ingest reads (data/statement.en.txt). */
export function formatRendering(input: {
  readonly documentName: string;
  readonly title: string;
  readonly source: string;
  readonly paragraphs: ReadonlyArray<{ readonly number: number; readonly lines: readonly string[] }>;
  readonly model: string;
}): string {
  const head = [
    `# English rendering of ${input.documentName}, drafted by the language model ${input.model}: review every line before use.`,
    '# Unofficial: the Chinese text is authoritative. One line per Chinese sentence, labelled [paragraph.sentence].',
    `title: ${input.title}`,
    `source: ${input.source}`,
  ];
  const body = input.paragraphs.map((p) => p.lines.map((l, i) => `[${p.number}.${i + 1}] ${l}`).join('\n'));
  return `${head.join('\n')}\n\n${body.join('\n\n')}\n`;
}
