import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseStatement } from '../../src/ingest/parse-statement.js';
import type { Statement } from '../../src/types.js';

/** The real statement, parsed once per test file. */
export const statement: Statement = parseStatement(
  readFileSync(fileURLToPath(new URL('../../data/statement.zh.txt', import.meta.url)), 'utf8'),
);

export function paragraphText(n: number): string {
  const p = statement.paragraphs.find((x) => x.number === n);
  if (!p) throw new Error(`no paragraph ${n}`);
  return p.text;
}

/** The contract's citation rules (docs/API.md), asserted on any answer. */
export function contractProblems(
  answer: string,
  citations: readonly { paragraph: number; quote: string }[],
): string[] {
  const problems: string[] = [];
  const markers = new Set([...answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  const cited = citations.map((c) => c.paragraph);
  if (new Set(cited).size !== cited.length) problems.push(`duplicate citations: ${cited.join(',')}`);
  for (const n of markers) if (!cited.includes(n)) problems.push(`marker [${n}] has no citation`);
  for (const c of citations) {
    if (!markers.has(c.paragraph)) problems.push(`citation ${c.paragraph} has no marker`);
    const p = statement.paragraphs.find((x) => x.number === c.paragraph);
    if (!p) problems.push(`citation ${c.paragraph} names no paragraph`);
    else if (c.quote.length === 0 || !p.text.includes(c.quote)) problems.push(`quote of ${c.paragraph} is not in it`);
  }
  return problems;
}
