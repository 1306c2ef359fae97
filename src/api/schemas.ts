import type { Context } from 'hono';
import { z } from 'zod';
import { HttpError } from './http-error.js';
import { AppError } from '../errors.js';
import type { ApiConfig } from './deps.js';

type Limits = Pick<ApiConfig, 'maxQuestionChars' | 'maxHistoryTurns'>;

/** Characters as people count them: code points, so one emoji or rare hanzi counts once. */
const charCount = (s: string): number => [...s].length;

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
    .string({ error: (iss) => (iss.input === undefined ? 'question is required' : 'question must be a string') })
    .trim()
    .min(1, 'question must not be empty')
    .refine((s) => charCount(s) <= limits.maxQuestionChars, {
      message: `question must be at most ${limits.maxQuestionChars} characters`,
    });
}

/** Zod schemas for every body and parameter, built from the configured limits. */
export function createSchemas(limits: Limits) {
  const historyTurn = z.object({
    role: z.enum(['user', 'assistant'], { error: 'history role must be "user" or "assistant"' }),
    content: z
      .string({ error: 'history content must be a string' })
      .refine((s) => s.length <= MAX_HISTORY_TURN_CHARS || charCount(s) <= MAX_HISTORY_TURN_CHARS, {
        message: `history content may be at most ${MAX_HISTORY_TURN_CHARS} characters per turn`,
      }),
  });
  const ask = z.object({
    question: questionSchema(limits),
    history: z
      .array(historyTurn, { error: 'history must be an array of {role, content}' })
      .max(limits.maxHistoryTurns, `history may hold at most ${limits.maxHistoryTurns} turns`)
      .optional(),
    stream: z.boolean({ error: 'stream must be a boolean' }).optional(),
  });

  const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
  const chatMessage = z.looseObject({
    role: z.string({ error: 'each message needs a role' }),
    content: z
      .union([z.string(), z.array(contentPart), z.null()], {
        error: 'message content must be a string or an array of content parts',
      })
      .optional(),
  });
  const tokens = (name: string) =>
    z.number({ error: `${name} must be a positive integer` }).int(`${name} must be a positive integer`).positive(`${name} must be a positive integer`).nullable().optional();
  // OpenAI's request options this assistant reads; whether it can honour them is the route's call.
  const chat = z.object({
    model: z.string({ error: 'model must be a string' }).optional(),
    messages: z.array(chatMessage, { error: 'messages must be an array' }).min(1, 'messages must not be empty'),
    stream: z.boolean({ error: 'stream must be a boolean' }).nullable().optional(),
    stream_options: z.looseObject({ include_usage: z.boolean().nullable().optional() }, { error: 'stream_options must be an object' }).nullable().optional(),
    max_tokens: tokens('max_tokens'),
    max_completion_tokens: tokens('max_completion_tokens'),
    n: z.number({ error: 'n must be an integer' }).int('n must be an integer').min(1, 'n must be at least 1').nullable().optional(),
    tools: z.array(z.unknown(), { error: 'tools must be an array' }).nullable().optional(),
    tool_choice: z.unknown().optional(),
    functions: z.array(z.unknown(), { error: 'functions must be an array' }).nullable().optional(),
    function_call: z.unknown().optional(),
    response_format: z.looseObject({ type: z.string({ error: 'response_format.type must be a string' }) }, { error: 'response_format must be an object' }).nullable().optional(),
    logprobs: z.boolean({ error: 'logprobs must be a boolean' }).nullable().optional(),
    top_logprobs: z.number({ error: 'top_logprobs must be a number' }).nullable().optional(),
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

/** Reads a JSON body: 415 for another content type, 400 for malformed JSON or a schema mismatch. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new HttpError('invalid_request', 'Content-Type must be application/json.', { status: 415 });
  }
  const text = await c.req.text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError('invalid_request', 'The request body is not valid JSON.');
  }
  return parseWith(schema, raw);
}
