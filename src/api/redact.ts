/*
 * A last defence for logs: anything shaped like an API key or a bearer token is masked before a
 * warning or an error is written (an upstream 401 body quoting "Incorrect API key provided: sk-…",
 * a header echoed in an error). Linear-time patterns only. Pure.
 */

const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  // OpenAI-style keys: sk-…, sk-proj-…
  [/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-[redacted]'],
  // Authorization header values quoted in messages.
  [/\b(Bearer|Basic)[ \t]+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  // key=value / "api_key": "value" pairs.
  [/\b(api[_-]?key|access[_-]?token|secret)(["']?\s*[:=]\s*["']?)[A-Za-z0-9._~+/=-]{8,}/gi, '$1$2[redacted]'],
];

/** `text` with known secret values and anything shaped like a key or token replaced by `[redacted]`. */
export function redactSecrets(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join('[redacted]');
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Every string inside `value` (objects, arrays, errors; 6 levels deep) redacted; other values as they are. */
export function redactDeep(value: unknown, known: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value, known);
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, known, depth + 1));
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactSecrets(value.message, known) };
    if (value.stack !== undefined) out['stack'] = redactSecrets(value.stack, known);
    if (value.cause !== undefined) out['cause'] = redactDeep(value.cause, known, depth + 1);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, known, depth + 1);
  return out;
}
