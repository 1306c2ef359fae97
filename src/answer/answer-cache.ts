import type { AnswerHooks, Answerer, AnswerResult, AskRequest } from '../types.js';

/** The cache key of a request: the question and the conversation, whitespace-normalised. Pure. */
export function cacheKey(request: AskRequest): string {
  const norm = (s: string): string => s.trim().replace(/\s+/g, ' ');
  return JSON.stringify([norm(request.question), (request.history ?? []).map((t) => [t.role, norm(t.content)])]);
}

/**
 * Remembers the last `maxEntries` offline answers (least recently used out). The extractive answer is a
 * pure function of the question, the history and the index, and the cache lives and dies with the
 * index's state, so a hit is the answer a miss would give. LLM answers and fallbacks are not cached:
 * a user asking again should get a fresh attempt.
 */
export function withAnswerCache(answerer: Answerer, options: { maxEntries: number }): Answerer & { readonly size: () => number } {
  const cache = new Map<string, AnswerResult>();
  return {
    size: () => cache.size,
    async answer(request: AskRequest, hooks?: AnswerHooks): Promise<AnswerResult> {
      if (options.maxEntries <= 0) return answerer.answer(request, hooks);
      const key = cacheKey(request);
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        hooks?.onRetrieved?.(hit.retrieved);
        hooks?.onDelta?.(hit.answer);
        return hit;
      }
      const result = await answerer.answer(request, hooks);
      if (result.mode === 'extractive' && result.notice === undefined) {
        cache.set(key, result);
        if (cache.size > options.maxEntries) cache.delete(cache.keys().next().value as string);
      }
      return result;
    },
  };
}
