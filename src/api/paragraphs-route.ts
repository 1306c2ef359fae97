import { Hono } from 'hono';
import { AppError } from '../errors.js';
import type { Paragraph, Statement } from '../types.js';
import { requireState, type RouteContext } from './context.js';
import type { AppEnv } from './deps.js';
import { jsonOnce, replyJson } from './respond.js';
import { parseWith } from './schemas.js';

const MAX_PARAGRAPH_DIGITS = 6;

// An index never changes once loaded (a new one brings new objects): each statement and paragraph is
// serialised the first time it is asked for.

/** A paragraph as the contract shows it: number, text, and `text_en` when an English rendering exists. */
function paragraphBody(p: Paragraph): Record<string, unknown> {
  return p.en !== undefined && p.en.length > 0 ? { number: p.number, text: p.text, text_en: p.en.join(' ') } : { number: p.number, text: p.text };
}

function statementBody(statement: Statement): Record<string, unknown> {
  return {
    title: statement.title,
    source: statement.source,
    paragraphs: statement.paragraphs.map(paragraphBody),
    ...(statement.titleEn === undefined ? {} : { title_en: statement.titleEn }),
    ...(statement.sourceEn === undefined ? {} : { source_en: statement.sourceEn }),
  };
}

/** `GET /api/paragraphs` and `GET /api/paragraphs/:n`. */
export function createParagraphsRoute(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/api/paragraphs', (c) => {
    const { statement } = requireState(ctx);
    return replyJson(c, jsonOnce(statement, () => statementBody(statement)));
  });
  app.get('/api/paragraphs/:n', (c) => {
    const digits = parseWith(ctx.schemas.paragraphNumber, c.req.param('n'));
    const { statement } = requireState(ctx);
    // Longer numbers cannot be a paragraph: they are not compared, only quoted back as written.
    const n = digits.length <= MAX_PARAGRAPH_DIGITS ? Number(digits) : undefined;
    const paragraph = statement.paragraphs.find((p) => p.number === n);
    if (paragraph === undefined) {
      throw new AppError(
        'not_found',
        `There is no paragraph ${digits}: the statement has paragraphs 1 to ${statement.paragraphs.length}.`,
      );
    }
    return replyJson(c, jsonOnce(paragraph, () => paragraphBody(paragraph)));
  });
  return app;
}
