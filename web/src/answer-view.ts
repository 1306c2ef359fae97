/** An answer's final text: `[n]` markers become citation chips, flagged claims are marked and explained. */
import type { AnswerResult, Citation, Claim, Lang } from '../../src/types.js';
import type { ParagraphJson } from './api.js';
import { describeClaim } from './answer-checks.js';
import type { AnswerPart } from './answer-text.js';
import { layoutAnswer, splitRenderingNote } from './answer-text.js';
import { citationChip } from './citation-chip.js';
import { h } from './dom.js';
import { tooltip } from './tooltips.js';

/** The last word, or last CJK character with any closing punctuation, before a citation marker. */
const TAIL = /(?:[^\s\u3400-\u9fff]{1,24}[ \u00a0]?|[\u3400-\u9fff][^\s\u3400-\u9fff]{0,4})$/;

export interface ParagraphSource {
  has(n: number): boolean;
  paragraph(n: number): ParagraphJson | undefined;
}

/**
 * Fills `container` with the answer; returns the rendering note ("(Unofficial English rendering; …)")
 * when the answer ends with one, for the caller to show apart from the answer text.
 */
export function renderAnswer(container: HTMLElement, result: AnswerResult, source: ParagraphSource): string | undefined {
  const { body, note } = splitRenderingNote(result.answer);
  const lang: Lang = result.lang ?? (/[\u3400-\u9fff]/.test(body) ? 'zh' : 'en');
  const known = (n: number): boolean => source.has(n) || result.citations.some((c) => c.paragraph === n);
  // The k-th [n] marker goes with the k-th citation of paragraph n (a paragraph can be quoted twice).
  const seen = new Map<number, number>();
  const citationFor = (paragraph: number): Citation | undefined => {
    const k = seen.get(paragraph) ?? 0;
    seen.set(paragraph, k + 1);
    const forParagraph = result.citations.filter((c) => c.paragraph === paragraph);
    return forParagraph[k] ?? forParagraph[0];
  };
  const chip = (paragraph: number): HTMLElement => citationChip(paragraph, citationFor(paragraph), source.paragraph(paragraph), lang);

  const frag = document.createDocumentFragment();
  for (const run of layoutAnswer(body, result.claims ?? [], known)) {
    if (!run.claim) {
      appendParts(frag, run.parts, chip);
      continue;
    }
    const [flag, tip] = claimFlag(run.claim, lang);
    const span = h('span', { class: `claim is-${run.claim.status}`, 'data-tip': tip.id });
    const last = appendParts(span, run.parts, chip);
    (last ?? span).append(flag);
    span.append(tip);
    frag.append(span);
  }
  container.replaceChildren(frag);
  return note;
}

/**
 * Appends text and chips; a chip stays on the line of the word (or CJK character) it follows, and of the
 * chip before it. Returns the last such no-wrap group, so a flag can join it.
 */
function appendParts(target: Node, parts: readonly AnswerPart[], chip: (paragraph: number) => HTMLElement): HTMLElement | undefined {
  let group: HTMLElement | undefined;
  for (const part of parts) {
    if (part.kind === 'text') {
      const tail = TAIL.exec(part.text);
      const cut = tail ? tail.index : part.text.length;
      target.appendChild(document.createTextNode(part.text.slice(0, cut)));
      group = h('span', { class: 'nobr' }, part.text.slice(cut));
      target.appendChild(group);
      continue;
    }
    if (!group) {
      group = h('span', { class: 'nobr' });
      target.appendChild(group);
    }
    group.append(chip(part.paragraph));
  }
  return group;
}

/** The flag after a claim (a button, so the reason is reachable by keyboard) and its tooltip. */
function claimFlag(claim: Claim, lang: Lang): [HTMLButtonElement, HTMLElement] {
  const text = describeClaim(claim, lang);
  const tip = tooltip(
    text.title,
    text.detail === undefined ? null : h('span', { class: 'tooltip-detail', lang: lang === 'zh' ? 'zh-CN' : 'en' }, text.detail),
    text.reason === undefined ? null : h('span', { class: 'tooltip-detail', lang: 'en' }, text.reason),
  );
  const flag = h(
    'button',
    { type: 'button', class: `claim-flag is-${claim.status}`, 'aria-describedby': tip.id, 'data-reason': claim.reason },
    text.label,
  );
  return [flag, tip];
}
