/** "Also relevant" under an answer: retrieved paragraphs the answer does not cite, as buttons that open them. */
import type { AnswerResult, Lang } from '../../src/types.js';
import type { ParagraphSource } from './answer-view.js';
import { paragraphLines } from './citation-chip.js';
import { h } from './dom.js';
import { pickRelated } from './pick-related.js';
import { tooltip } from './tooltips.js';

/** The block, or null when no paragraph is relevant enough (scores are relative: often none). */
export function relatedList(result: AnswerResult, source: ParagraphSource): HTMLElement | null {
  const related = pickRelated(result.retrieved, result.citations);
  if (related.length === 0) return null;
  const lang: Lang = result.lang === 'en' ? 'en' : 'zh';
  const list = h('ul', { class: 'related-list' });
  for (const r of related) {
    const p = source.paragraph(r.paragraph);
    const tip = p === undefined ? null : tooltip(`Paragraph ${r.paragraph}`, ...paragraphLines(p, lang));
    list.append(
      h(
        'li',
        { class: 'cite' },
        h(
          'button',
          {
            type: 'button',
            class: 'related',
            'data-paragraph': r.paragraph,
            'aria-label': `Paragraph ${r.paragraph}`,
            'aria-describedby': tip?.id,
          },
          `¶${r.paragraph}`,
        ),
        tip,
      ),
    );
  }
  return h('div', { class: 'related-block' }, h('span', { class: 'related-label' }, 'Also relevant:'), list);
}
