/*
 * Exact substring search over one fixed text (a document searched once per question for names, phrases
 * and ordinals): an index of its three-unit grams, and sets of its single units and pairs, built with
 * the index (some 20 ms for 50,000 characters), so no search pays for it. A miss over a text of some 50,000 characters cost `includes` a full scan (15–20 µs);
 * here it is a few look-ups. Answers are those of `text.includes(needle)` and of every `text.indexOf`
 * position, always: candidates from the index are checked against the text itself. Pure.
 */

export interface SubstringIndex {
  readonly text: string;
  /** Same as `text.includes(needle)`. */
  includes(needle: string): boolean;
  /** Every position at which `needle` starts in `text` (overlapping ones too), in increasing order. */
  positionsOf(needle: string): number[];
}

const GRAM = 3;
/** Grams of a long needle looked up at most: enough to find a rare one, few enough to stay cheap. */
const MAX_GRAMS_READ = 8;

interface Built {
  /** Positions of each gram, the gram read as a number (three UTF-16 units, 48 bits: exact in a double). */
  readonly grams: ReadonlyMap<number, readonly number[]>;
  /** Every one- and two-unit substring of the text. */
  readonly short: ReadonlySet<string>;
}

function gramAt(s: string, i: number): number {
  return (s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1)) * 0x10000 + s.charCodeAt(i + 2);
}

function build(text: string): Built {
  const grams = new Map<number, number[]>();
  const short = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    short.add(text[i]!);
    if (i + 2 <= text.length) short.add(text.slice(i, i + 2));
    if (i + GRAM > text.length) continue;
    const gram = gramAt(text, i);
    const list = grams.get(gram);
    if (list === undefined) grams.set(gram, [i]);
    else list.push(i);
  }
  return { grams, short };
}

/** An index over `text`. */
export function substringIndex(text: string): SubstringIndex {
  const built = build(text);
  const index = (): Built => built;

  /**
   * The fewest places a needle of three or more units may start: the positions of its rarest gram among
   * those read, shifted back to the needle's start. Undefined when a gram never occurs (no match at all).
   */
  const candidates = (needle: string): { list: readonly number[]; shift: number } | undefined => {
    const { grams } = index();
    const last = needle.length - GRAM;
    // The grams at the start and end and evenly between, each needle position at most once.
    const step = Math.max(1, Math.ceil(last / (MAX_GRAMS_READ - 1)));
    let best: { list: readonly number[]; shift: number } | undefined;
    for (let k = 0; ; k = Math.min(last, k + step)) {
      const list = grams.get(gramAt(needle, k));
      if (list === undefined) return undefined;
      if (best === undefined || list.length < best.list.length) best = { list, shift: k };
      if (k === last) break;
    }
    return best;
  };

  return {
    text,
    includes(needle) {
      if (needle.length === 0) return true;
      if (needle.length < GRAM) return index().short.has(needle);
      const found = candidates(needle);
      if (found === undefined) return false;
      for (const p of found.list) if (p >= found.shift && text.startsWith(needle, p - found.shift)) return true;
      return false;
    },
    positionsOf(needle) {
      const out: number[] = [];
      if (needle.length < GRAM) {
        if (needle.length > 0 && !index().short.has(needle)) return out;
        for (let at = text.indexOf(needle); at >= 0 && at < text.length; at = text.indexOf(needle, at + 1)) out.push(at);
        if (needle.length === 0) out.push(text.length);
        return out;
      }
      const found = candidates(needle);
      if (found === undefined) return out;
      for (const p of found.list) if (p >= found.shift && text.startsWith(needle, p - found.shift)) out.push(p - found.shift);
      return out;
    },
  };
}
