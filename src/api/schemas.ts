import type { Context } from 'hono';
import { z } from 'zod';
import { AppError, ClientGoneError } from '../errors.js';
import type { ApiConfig, AppEnv } from './deps.js';
import { headerOf, nodeIncoming } from './request-info.js';
import type { Step } from './step.js';

type Limits = Pick<ApiConfig, 'maxQuestionChars' | 'maxHistoryTurns'>;

/** Characters as people count them: code points, so one emoji or rare hanzi counts once. */
function charCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

// Messages never repeat the field's name: formatIssues puts the path in front ("question: must not be empty").

/**
 * Longest earlier turn accepted, in characters: every answer this assistant gives fits (they are cut at
 * 4,000 UTF-16 units; offline answers quote a few sentences), and no turn can make the text handling
 * downstream work on more.
 */
export const MAX_HISTORY_TURN_CHARS = 8_000;

/** A request that does not validate, naming the parameter at fault (OpenAI's `param` on /v1). */
export class InvalidRequestError extends AppError {
  readonly param: string | undefined;
  constructor(message: string, param?: string) {
    super('invalid_request', message);
    this.name = 'InvalidRequestError';
    this.param = param;
  }
}

function questionSchema(limits: Limits) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
    .trim()
    .min(1, 'must not be empty')
    .refine((s) => charCount(s) <= limits.maxQuestionChars, {
      message: `must be at most ${limits.maxQuestionChars} characters`,
    });
}

/** True for an earlier turn longer than MAX_HISTORY_TURN_CHARS characters (the check is cheap for short ones). */
export function turnTooLong(s: string): boolean {
  return s.length > MAX_HISTORY_TURN_CHARS && charCount(s) > MAX_HISTORY_TURN_CHARS;
}

/** Zod schemas for every body and parameter, built from the configured limits. */
export function createSchemas(limits: Limits) {
  const historyTurn = z.object({
    role: z.enum(['user', 'assistant'], { error: 'must be "user" or "assistant"' }),
    content: z
      .string({ error: 'must be a string' })
      .refine((s) => !turnTooLong(s), {
        message: `may be at most ${MAX_HISTORY_TURN_CHARS} characters per turn`,
      }),
  });
  const ask = z.object({
    question: questionSchema(limits),
    history: z
      .array(historyTurn, { error: 'must be an array of {role, content}' })
      .max(limits.maxHistoryTurns, `may hold at most ${limits.maxHistoryTurns} turns`)
      .optional(),
    stream: z.boolean({ error: 'must be a boolean' }).optional(),
  });

  const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
  const chatMessage = z.looseObject({
    role: z.string({ error: 'each message needs a role' }),
    content: z
      .union([z.string(), z.array(contentPart), z.null()], {
        error: 'must be a string or an array of content parts',
      })
      .optional(),
  });
  const tokens = () => z.number({ error: 'must be a positive integer' }).int('must be a positive integer').positive('must be a positive integer').nullable().optional();
  // OpenAI's request options this assistant reads; whether it can honour them is the route's call.
  const chat = z.object({
    model: z.string({ error: 'must be a string' }).optional(),
    messages: z.array(chatMessage, { error: 'must be an array' }).min(1, 'must not be empty'),
    stream: z.boolean({ error: 'must be a boolean' }).nullable().optional(),
    stream_options: z.looseObject({ include_usage: z.boolean().nullable().optional() }, { error: 'must be an object' }).nullable().optional(),
    max_tokens: tokens(),
    max_completion_tokens: tokens(),
    n: z.number({ error: 'must be an integer' }).int('must be an integer').min(1, 'must be at least 1').nullable().optional(),
    tools: z.array(z.unknown(), { error: 'must be an array' }).nullable().optional(),
    tool_choice: z.unknown().optional(),
    functions: z.array(z.unknown(), { error: 'must be an array' }).nullable().optional(),
    function_call: z.unknown().optional(),
    response_format: z.looseObject({ type: z.string({ error: 'must be a string' }) }, { error: 'must be an object' }).nullable().optional(),
    logprobs: z.boolean({ error: 'must be a boolean' }).nullable().optional(),
    top_logprobs: z.number({ error: 'must be a number' }).nullable().optional(),
  });

  // Leading zeros are tolerated ("07" is the positive integer 7); signs, decimals, spaces are not.
  // The output stays a digit string: Number("9".repeat(23)) would be 1e+23, not what was asked for.
  const paragraphNumber = z
    .string()
    .regex(/^\d+$/, 'paragraph number must be a positive integer')
    .transform((digits) => digits.replace(/^0+(?=\d)/, ''))
    .refine((digits) => digits !== '0', 'paragraph number must be a positive integer');

  return { ask, chat, paragraphNumber, question: questionSchema(limits) };
}

export type Schemas = ReturnType<typeof createSchemas>;
export type ChatBody = z.output<Schemas['chat']>;

/** Turns zod issues into one readable sentence: `history.3.role: …; question: …`. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path ?? [];
    throw new InvalidRequestError(formatIssues(parsed.error), path.length > 0 ? path.join('.') : undefined);
  }
  return parsed.data;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const tooLarge = (maxBytes: number): AppError =>
  new AppError('payload_too_large', `The request body is larger than ${maxBytes} bytes.`);

/** The body limit the `bodyLimit` layer set for this request (unlimited outside the API paths). */
function bodyLimitOf(c: Context<AppEnv>): number {
  return c.get('bodyLimit') ?? Number.POSITIVE_INFINITY;
}

/**
 * The API's body limit: 413 at once when the declared Content-Length is over it; `readJson` counts
 * bodies sent without one.
 */
export function bodyLimit(maxBytes: number): Step {
  return function bodyLimitStep(c, next) {
    checkContentLength(c, maxBytes);
    c.set('bodyLimit', maxBytes);
    return next();
  };
}

/**
 * 413 at once when the declared `Content-Length` is over the limit: nothing is read. Bodies without
 * a length (chunked) are counted as they are read, by `readBody`.
 */
export function checkContentLength(c: Context, maxBytes: number): void {
  const declared = headerOf(c, 'content-length');
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(maxBytes);
}

/** Node's code for a request that outlived `server.requestTimeout` (BODY_TIMEOUT_MS). */
const REQUEST_TIMEOUT = 'ERR_HTTP_REQUEST_TIMEOUT';

/**
 * The request body as text, never more than `maxBytes` (413). A body the client stops sending is the
 * client's doing, never a 500: 408 when it did not arrive within BODY_TIMEOUT_MS (Node has already
 * answered 408 and closed the connection; the log says so rather than that the client left), 499 when
 * the client left, 400 otherwise.
 */
export async function readBody(c: Context, maxBytes: number): Promise<string> {
  checkContentLength(c, maxBytes);
  try {
    return await readBodyUnchecked(c, maxBytes);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const incoming = nodeIncoming(c);
    const socketError = incoming?.socket?.errored as (Error & { code?: unknown }) | null | undefined;
    if (socketError?.code === REQUEST_TIMEOUT) {
      throw new AppError('invalid_request', 'The request body did not arrive in time.', { status: 408, cause: err });
    }
    if (incoming?.destroyed === true || c.req.raw.signal.aborted) throw new ClientGoneError();
    throw new AppError('invalid_request', 'The request body could not be read.', { cause: err });
  }
}

async function readBodyUnchecked(c: Context, maxBytes: number): Promise<string> {
  // With a Content-Length, Node's parser holds the body to that length: @hono/node-server reads it
  // straight from the socket without building a fetch Request.
  if (nodeIncoming(c) !== undefined && headerOf(c, 'content-length') !== undefined) return c.req.text();
  const body = c.req.raw.body;
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a JSON body once: 415 `unsupported_media_type` for another content type, 413 over the size
 * limit, 400 for malformed JSON or a schema mismatch; the validated value otherwise.
 */
export async function readJson<S extends z.ZodType>(c: Context<AppEnv>, schema: S, maxBytes: number = bodyLimitOf(c)): Promise<z.output<S>> {
  const type = headerOf(c, 'content-type') ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new AppError('unsupported_media_type', 'Content-Type must be application/json.');
  }
  const text = await readBody(c, maxBytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('invalid_request', 'The request body is not valid JSON.');
  }
  return parseWith(schema, raw);
}
