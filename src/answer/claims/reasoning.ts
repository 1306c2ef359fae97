/*
 * Reasoning blocks: models that think out loud wrap it in <think>…</think> (also <thinking>, <reasoning>).
 * None of it is answer: it is removed before anything else reads the text, so a number inside it never
 * becomes a citation. Pure; each character is looked at once (a partial tag is held back, at most 12
 * characters).
 */

const NAMES = ['think', 'thinking', 'reasoning'] as const;
const OPEN = NAMES.map((n) => `<${n}>`);
const CLOSE = NAMES.map((n) => `</${n}>`);
const TAGS = [...OPEN, ...CLOSE];
const MAX_TAG = Math.max(...TAGS.map((t) => t.length));

export interface ReasoningFilter {
  /** Feeds model text; returns what is answer text for sure (a possible tag start is held back). */
  push(text: string): string;
  /** Ends the input: returns a held-back partial tag; an unclosed block is dropped whole. */
  end(): string;
  /** True while inside a reasoning block (an unclosed one at the start of a stream, for example). */
  readonly inside: boolean;
}

/** Incremental: `<think>` opened at the start and not yet closed shows nothing while streaming. */
export function createReasoningFilter(): ReasoningFilter {
  let inside = false;
  let tag = '';
  return {
    push(text: string): string {
      let out = '';
      let copyFrom = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (tag === '' && c !== '<') continue;
        // Plain text up to here is answer text (or reasoning, dropped).
        if (tag === '' && !inside) out += text.slice(copyFrom, i);
        if (tag !== '' && c === '<') {
          if (!inside) out += tag;
          tag = '<';
          copyFrom = i + 1;
          continue;
        }
        const candidate = (tag + c).toLowerCase();
        if (TAGS.includes(candidate)) {
          inside = OPEN.includes(candidate);
          tag = '';
        } else if (candidate.length < MAX_TAG && TAGS.some((t) => t.startsWith(candidate))) {
          tag += c;
        } else {
          if (!inside) out += tag + c;
          tag = '';
        }
        copyFrom = i + 1;
      }
      if (tag === '' && !inside) out += text.slice(copyFrom);
      return out;
    },
    end(): string {
      const rest = inside ? '' : tag;
      tag = '';
      return rest;
    },
    get inside() {
      return inside;
    },
  };
}

/**
 * The text with every reasoning block removed. A closing tag with no opening one before it (chat
 * templates that open the block in the prompt) means everything before it was reasoning.
 */
export function stripReasoning(text: string): string {
  const lower = text.toLowerCase();
  const first = (tags: readonly string[]): { at: number; length: number } | undefined => {
    let best: { at: number; length: number } | undefined;
    for (const t of tags) {
      const at = lower.indexOf(t);
      if (at >= 0 && (best === undefined || at < best.at)) best = { at, length: t.length };
    }
    return best;
  };
  const close = first(CLOSE);
  const open = first(OPEN);
  const from = close !== undefined && (open === undefined || open.at > close.at) ? close.at + close.length : 0;
  const filter = createReasoningFilter();
  return filter.push(from === 0 ? text : text.slice(from)) + filter.end();
}
