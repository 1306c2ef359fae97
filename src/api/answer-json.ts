import type { Context } from 'hono';
import { ClientGoneError } from '../errors.js';
import type { AnswerResult, Answerer, AskRequest } from '../types.js';
import type { AppEnv } from './deps.js';
import { setHeader } from './respond.js';
import { watchClient } from './request-info.js';
import { runAnswer } from './run-answer.js';

/** An answerer that can tell at once, without working, whether it already knows an answer (the answer cache). */
export interface Peekable {
  peek?(request: AskRequest): AnswerResult | undefined;
}

/**
 * One non-streamed answer for a JSON route (`/api/ask`, `/v1/chat/completions`): a known answer at
 * once; otherwise run under the deadline, cancelled when the client leaves. Fills in the request
 * log's `mode` / `outcome` (and `cached`).
 */
export async function answerJson(
  c: Context<AppEnv>,
  options: { readonly answerer: Answerer & Peekable; readonly request: AskRequest; readonly timeoutMs: number },
): Promise<AnswerResult> {
  const fields = c.get('logFields');
  setHeader(c, 'cache-control', 'no-store');
  const known = options.answerer.peek?.(options.request);
  if (known !== undefined) {
    fields['mode'] = known.mode;
    fields['outcome'] = 'done';
    fields['cached'] = true;
    return known;
  }
  try {
    const result = await runAnswer(options.answerer, options.request, {
      timeoutMs: options.timeoutMs,
      watchClient: (listener) => watchClient(c, listener),
    });
    fields['mode'] = result.mode;
    fields['outcome'] = 'done';
    return result;
  } catch (err) {
    fields['outcome'] = err instanceof ClientGoneError ? 'client_closed' : 'error';
    throw err;
  }
}
