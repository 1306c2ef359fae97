/** Rank fusion helpers; pure. */

/** Scales scores to 0..1 by the maximum (all zeros stay zeros). */
export function normaliseByMax(scores: readonly number[]): number[] {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  return max > 0 ? scores.map((s) => Math.max(0, s) / max) : scores.map(() => 0);
}

/** A weighted sum of score lists, each normalised by its maximum. */
export function weightedFusion(lists: ReadonlyArray<{ readonly scores: readonly number[]; readonly weight: number }>): number[] {
  const n = lists[0]?.scores.length ?? 0;
  const fused = new Array<number>(n).fill(0);
  for (const { scores, weight } of lists) {
    let max = 0;
    for (const s of scores) if (s > max) max = s;
    // The sum adds weight × (score ÷ max), as normaliseByMax gives it, list after list.
    for (let i = 0; i < n; i++) fused[i] = fused[i]! + weight * (max > 0 ? Math.max(0, scores[i]!) / max : 0);
  }
  return fused;
}

/** Up to this many, indexes are ordered by insertion, in place: no work array as the built-in sort makes. */
const INSERTION_SORT_MAX = 64;

/** Document indexes ordered by score, best first; ties by index. */
export function rankOrder(scores: readonly number[]): number[] {
  const n = scores.length;
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const before = (a: number, b: number): number => scores[b]! - scores[a]! || a - b;
  if (n > INSERTION_SORT_MAX) return order.sort(before);
  // Scores and indexes order every pair strictly: any correct sort gives this one order.
  for (let i = 1; i < n; i++) {
    const x = order[i]!;
    let j = i - 1;
    while (j >= 0 && before(order[j]!, x) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = x;
  }
  return order;
}
