/** Rank fusion helpers; pure. */
import { sortSmall } from '../match/small-sort.js';

/** The largest score, or 0 when none is above 0. */
function positiveMax(scores: readonly number[]): number {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  return max;
}

/** Scales scores to 0..1 by the maximum (all zeros stay zeros). */
export function normaliseByMax(scores: readonly number[]): number[] {
  const max = positiveMax(scores);
  return max > 0 ? scores.map((s) => Math.max(0, s) / max) : scores.map(() => 0);
}

/** A weighted sum of score lists, each normalised by its maximum. */
export function weightedFusion(lists: ReadonlyArray<{ readonly scores: readonly number[]; readonly weight: number }>): number[] {
  const n = lists[0]?.scores.length ?? 0;
  const fused = new Array<number>(n).fill(0);
  for (const { scores, weight } of lists) {
    const max = positiveMax(scores);
    // The sum adds weight × (score ÷ max), as normaliseByMax gives it, list after list.
    for (let i = 0; i < n; i++) fused[i] = fused[i]! + weight * (max > 0 ? Math.max(0, scores[i]!) / max : 0);
  }
  return fused;
}

/** Document indexes ordered by score, best first; ties by index. */
export function rankOrder(scores: readonly number[]): number[] {
  const order = new Array<number>(scores.length);
  for (let i = 0; i < scores.length; i++) order[i] = i;
  // Scores and indexes order every pair strictly.
  return sortSmall(order, (a, b) => scores[b]! - scores[a]! || a - b);
}
