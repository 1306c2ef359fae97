import { Hono } from 'hono';
import { AppError } from '../errors.js';
import { requireState, type RouteContext } from './context.js';
import type { AppEnv } from './deps.js';
import { parseWith } from './schemas.js';

const MAX_PARAGRAPH_DIGITS = 6;

/** `GET /api/paragraphs` and `GET /api/paragraphs/:n`. */
export function createParagraphsRoute(ctx: RouteContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/api/paragraphs', (c) => {
    const { statement } = requireState(ctx);
    return c.json({
      title: statement.title,
      source: statement.source,
      paragraphs: statement.paragraphs.map((p) => ({ number: p.number, text: p.text })),
    });
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
    return c.json({ number: paragraph.number, text: paragraph.text });
  });
  return app;
}
