/**
 * Sorts a short list in place by insertion: no work array, as the built-in sort makes on every call.
 * `before` must order every pair strictly (a tie-break on a unique field), so any correct sort gives the
 * same order; past `limit` items the built-in sort is used. Returns the list. Pure but for the list.
 */
export function sortSmall<T>(list: T[], before: (a: T, b: T) => number, limit = 64): T[] {
  if (list.length > limit) return list.sort(before);
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    let j = i - 1;
    while (j >= 0 && before(list[j]!, x) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
  return list;
}
