/*
 * Text inside quotation marks claims to be the statement's own words: “…” 「…」 『…』 《…》 and "…" (and
 * ‘…’ around Chinese). Found with one scan; a quote longer than MAX_QUOTE or never closed is not one.
 */

const MAX_QUOTE = 400;
const PAIRS: Readonly<Record<string, string>> = { '“': '”', '「': '」', '『': '』', '《': '》', '"': '"', '‘': '’' };
const HAN = /\p{Script=Han}/u;

export interface Quote {
  /** The quoted words, without the marks. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The quotations of a text, in order, not nested. */
export function findQuotes(text: string): Quote[] {
  const out: Quote[] = [];
  // Per closing mark: a failed search found none of it before this position (a newline or its window's
  // end), so a later opening mark does not search that stretch again: each character is read once per mark.
  const searched = new Map<string, number>();
  let i = 0;
  while (i < text.length) {
    const close = PAIRS[text[i]!];
    if (close === undefined) {
      i++;
      continue;
    }
    const limit = Math.min(text.length, i + 1 + MAX_QUOTE);
    let j = i + 1;
    const known = searched.get(close) ?? -1;
    if (known > j) {
      if (text[known] === '\n' || known >= limit) {
        i++;
        continue;
      }
      j = known;
    }
    while (j < limit && text[j] !== close && text[j] !== '\n') j++;
    if (j >= limit || text[j] !== close) {
      searched.set(close, j);
      i++;
      continue;
    }
    const inner = text.slice(i + 1, j);
    // ’ is also the English apostrophe ("Pakistan’s"): single curly quotes count around Chinese only.
    if (text[i] !== '‘' || HAN.test(inner)) out.push({ text: inner, start: i, end: j + 1 });
    i = j + 1;
  }
  return out;
}

const TRIM = new Set([...' \t\u3000,，.。;；:：!！?？、']);

function trimPunctuation(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && TRIM.has(s[a]!)) a++;
  while (b > a && TRIM.has(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** The pieces a quote must match, in order: it may leave words out with an ellipsis ("……", "…", "..."). */
export function quotePieces(quote: string): string[] {
  return quote
    .split(/……|…|\.\.\./u)
    .map(trimPunctuation)
    .filter((p) => p.length >= 2);
}

/** Lower case, one space for any run of whitespace, straight quotes and hyphens: how English is compared. */
export function foldEnglish(s: string): string {
  let out = '';
  let space = false;
  for (const ch of s.toLowerCase()) {
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\u00a0') {
      space = out.length > 0;
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += ch === '’' || ch === '‘' ? "'" : ch === '–' || ch === '—' ? '-' : ch === '“' || ch === '”' ? '"' : ch;
  }
  return out;
}

/** True when the piece has Chinese characters (it is then compared with the Chinese text). */
export function isChinesePiece(piece: string): boolean {
  return HAN.test(piece);
}
