/** Rank fusion helpers; pure. */

/** Scales scores to 0..1 by the maximum (all zeros stay zeros). */
export function normaliseByMax(scores: readonly number[]): number[] {
  const max = Math.max(0, ...scores);
  return max > 0 ? scores.map((s) => Math.max(0, s) / max) : scores.map(() => 0);
}

/** A weighted sum of score lists, each normalised by its maximum. */
export function weightedFusion(lists: ReadonlyArray<{ readonly scores: readonly number[]; readonly weight: number }>): number[] {
  const n = lists[0]?.scores.length ?? 0;
  const fused = new Array<number>(n).fill(0);
  for (const { scores, weight } of lists) normaliseByMax(scores).forEach((s, i) => (fused[i]! += weight * s));
  return fused;
}

/** Document indexes ordered by score, best first; ties by index. */
export function rankOrder(scores: readonly number[]): number[] {
  const order = new Array<number>(scores.length);
  for (let i = 0; i < scores.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}
