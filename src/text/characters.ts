/**
 * How many characters (code points) `text` holds, as `[...text].length` counts them, without making an
 * array: hot paths count the characters of every word of a question.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
