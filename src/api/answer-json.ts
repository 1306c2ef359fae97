import type { Context } from 'hono';
import type { AnswerResult, Answerer, AskRequest } from '../types.js';
import type { AppEnv } from './deps.js';
import { ClientGoneError, runAnswer } from './run-answer.js';

/**
 * One non-streamed answer for a JSON route (`/api/ask`, `/v1/chat/completions`): runs it under the
 * deadline, cancelled when the client leaves, and fills in the request log's `mode` / `outcome`.
 */
export async function answerJson(
  c: Context<AppEnv>,
  options: { readonly answerer: Answerer; readonly request: AskRequest; readonly timeoutMs: number },
): Promise<AnswerResult> {
  const fields = c.get('logFields');
  try {
    const result = await runAnswer(options.answerer, options.request, {
      timeoutMs: options.timeoutMs,
      clientSignal: c.req.raw.signal,
    });
    fields['mode'] = result.mode;
    fields['outcome'] = 'done';
    c.header('Cache-Control', 'no-store');
    return result;
  } catch (err) {
    fields['outcome'] = err instanceof ClientGoneError ? 'client_closed' : 'error';
    throw err;
  }
}
