/** A citation chip: the paragraph number, a tooltip with the quoted words in both languages, data to open it. */
import type { Citation, Lang } from '../../src/types.js';
import type { ParagraphJson } from './api.js';
import { h } from './dom.js';
import { tooltip } from './tooltips.js';

const EXCERPT_ZH = 90;
const EXCERPT_EN = 160;

const excerpt = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max).trimEnd()}…` : text);

/** The tooltip lines for a whole paragraph: the start of its text in each language. */
export function paragraphLines(p: ParagraphJson, answerLang: Lang): HTMLElement[] {
  return quoteLines(excerpt(p.text, EXCERPT_ZH), p.text_en === undefined ? undefined : excerpt(p.text_en, EXCERPT_EN), answerLang);
}

/** The tooltip's quote lines: the answer's language first, each labelled when both show. */
function quoteLines(zh: string | undefined, en: string | undefined, answerLang: Lang): HTMLElement[] {
  const both = zh !== undefined && en !== undefined;
  const zhLine =
    zh === undefined
      ? undefined
      : h(
          'span',
          { class: 'tooltip-quote' },
          both ? h('span', { class: 'tooltip-lang' }, 'Chinese (authoritative)') : null,
          h('span', { lang: 'zh-CN' }, `“${zh}”`),
        );
  const enLine =
    en === undefined
      ? undefined
      : h(
          'span',
          { class: 'tooltip-quote tooltip-en' },
          h('span', { class: 'tooltip-lang' }, 'English (unofficial rendering)'),
          h('span', { lang: 'en' }, `“${en}”`),
        );
  const lines = answerLang === 'en' ? [enLine, zhLine] : [zhLine, enLine];
  return lines.filter((l): l is HTMLElement => l !== undefined);
}

/**
 * The chip for one `[n]` marker. `citation` is the marker's citation (its exact Chinese quote and
 * `quote_en`); without one the tooltip shows the start of the paragraph instead.
 */
export function citationChip(paragraph: number, citation: Citation | undefined, text: ParagraphJson | undefined, answerLang: Lang): HTMLElement {
  const tip = tooltip(
    `Paragraph ${paragraph}`,
    ...(citation ? quoteLines(citation.quote, citation.quote_en, answerLang) : text ? paragraphLines(text, answerLang) : []),
  );
  const button = h(
    'button',
    {
      type: 'button',
      class: 'citation',
      'data-paragraph': paragraph,
      'data-quote': citation?.quote,
      'data-quote-en': citation?.quote_en,
      'aria-label': `Paragraph ${paragraph}`,
      'aria-describedby': tip.id,
    },
    String(paragraph),
  );
  return h('span', { class: 'cite' }, button, tip);
}
