/*
 * Remembering facts that do not change (a word's stems, what a term matches in one document): the two
 * shapes every cache of the project takes. Pure but for the tables passed in.
 */

/**
 * The value `memo` holds for `key`, made by `make` the first time. At most `limit` entries are kept; the
 * oldest goes first. Values are never `undefined`.
 */
export function remember<K, V>(memo: Map<K, V>, key: K, limit: number, make: () => V): V {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const value = make();
  if (memo.size >= limit) memo.delete(memo.keys().next().value as K);
  memo.set(key, value);
  return value;
}

/** What `table` holds for `owner` (an index, a model, a lexicon), made the first time; it goes with its owner. */
export function madeFor<O extends object, V>(table: WeakMap<O, V>, owner: O, make: () => V): V {
  let value = table.get(owner);
  if (value === undefined) table.set(owner, (value = make()));
  return value;
}
