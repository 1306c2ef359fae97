/*
 * A streamed answer's deltas are final once sent: a client of OpenAI's stream appends them and has no way
 * to take text back. When the final answer differs from what was streamed (an LLM answer whose markers
 * were corrected at the end, the offline answer after a model that failed part way), the offsets sent
 * with the last chunk must still point into the text the client holds. Pure; linear in the two texts.
 */

/** Where the final answer lies in the text the client ends up with. */
export interface StreamPlacement {
  /** What still has to be streamed (empty when the answer is already there). */
  readonly append: string;
  /** The client's text offset of `answer` offset `i`, for a start (`i` < answer.length). */
  startOf(i: number): number;
  /** The client's text offset of `answer` offset `i`, for an end (`i` > 0). */
  endOf(i: number): number;
  /** Where the answer's part of the client's text begins. */
  readonly base: number;
}

const shifted = (append: string, base: number): StreamPlacement => ({
  append,
  base,
  startOf: (i) => base + i,
  endOf: (i) => base + i,
});

/**
 * Places `answer` in the text `streamed` so far: as is when nothing was streamed; at its end when the
 * streamed text ends with it (the whole answer, or the offline one after the model's unfinished text);
 * character by character when it is what was streamed with pieces taken out (markers dropped, a cut
 * trimmed); otherwise after the streamed text, set apart by a blank line, as the corrected answer.
 */
export function placeAnswerInStream(streamed: string, answer: string): StreamPlacement {
  if (streamed.length === 0) return shifted(answer, 0);
  if (streamed.endsWith(answer)) return shifted('', streamed.length - answer.length);
  // Is the answer the streamed text with pieces taken out? Two pointers, each character looked at once.
  const at = new Array<number>(answer.length);
  let j = 0;
  for (let i = 0; i < answer.length; i++) {
    while (j < streamed.length && streamed[j] !== answer[i]) j++;
    if (j === streamed.length) return shifted(`\n\n${answer}`, streamed.length + 2);
    at[i] = j++;
  }
  const startOf = (i: number): number => at[i] ?? streamed.length;
  const endOf = (i: number): number => (i === 0 ? startOf(0) : (at[i - 1] ?? streamed.length - 1) + 1);
  return { append: '', base: startOf(0), startOf, endOf };
}
