/*
 * The JSON line of a log entry whose values are all plain (strings, numbers, booleans, null): what
 * pino writes for it, built by one JSON.stringify. Request lines are such entries, one per request, so
 * they skip pino's general serialiser; anything else (errors, nested objects) still goes through pino.
 * Pure.
 */

/** True when every value of `obj` is a string, number, boolean, null or undefined. */
export function isFlat(obj: Readonly<Record<string, unknown>>): boolean {
  for (const key in obj) {
    const value = obj[key];
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && value !== null && value !== undefined) return false;
  }
  return true;
}

/**
 * What a line holds before its time and after it, ahead of the entry's own fields, as pino orders
 * them: `{"level":"info"`, then the time fragment (`,"time":…`), then the logger's fixed fields
 * (`,"worker":2`, or nothing). `base` must be flat.
 */
export function lineParts(level: string, base: Readonly<Record<string, unknown>> | null): { readonly start: string; readonly fixed: string } {
  const fixed = base === null ? '{}' : JSON.stringify(base);
  return { start: `{"level":${JSON.stringify(level)}`, fixed: fixed.length > 2 ? `,${fixed.slice(1, -1)}` : '' };
}

/** The whole line (with its newline) of a flat entry: its parts, its time fragment, its own fields. */
export function flatLine(parts: { readonly start: string; readonly fixed: string }, time: string, obj: Readonly<Record<string, unknown>>): string {
  const json = JSON.stringify(obj);
  return json.length > 2 ? `${parts.start}${time}${parts.fixed},${json.slice(1)}\n` : `${parts.start}${time}${parts.fixed}}\n`;
}
