import { sha256Base64url } from '../digest.js';
import type { AnswerHooks, Answerer, AnswerResult, AskRequest } from '../types.js';

const normalise = (s: string): string => s.trim().replace(/\s+/g, ' ');

/**
 * The cache key of a request: a SHA-256 digest of the question and the conversation,
 * whitespace-normalised. A digest, so a long history costs 43 characters of memory, not itself. Pure.
 */
export function cacheKey(request: AskRequest): string {
  const text = JSON.stringify([normalise(request.question), (request.history ?? []).map((t) => [t.role, normalise(t.content)])]);
  return sha256Base64url(text);
}

/** Memory an entry holds, roughly: the result's JSON as UTF-16, plus the key and the map's bookkeeping. */
function entryBytes(result: AnswerResult): number {
  return 2 * JSON.stringify(result).length + 200;
}

export interface CachedAnswerer extends Answerer {
  /** The remembered answer for a request, without running anything (and marking it recently used). */
  peek(request: AskRequest): AnswerResult | undefined;
  readonly size: () => number;
  /** Approximate memory held by the entries. */
  readonly bytes: () => number;
}

/**
 * Remembers the last offline answers (least recently used out) within `maxEntries` and `maxBytes`.
 * The extractive answer is a pure function of the question, the history and the index, and the
 * cache lives and dies with the index's state, so a hit is the answer a miss would give. LLM
 * answers and fallbacks are not cached: a user asking again should get a fresh attempt.
 */
export function withAnswerCache(
  answerer: Answerer,
  options: { readonly maxEntries: number; readonly maxBytes?: number | undefined },
): CachedAnswerer {
  const maxBytes = options.maxBytes ?? 16 * 2 ** 20;
  const on = options.maxEntries > 0 && maxBytes > 0;
  const cache = new Map<string, { readonly result: AnswerResult; readonly bytes: number }>();
  let bytes = 0;

  const lookup = (key: string): AnswerResult | undefined => {
    const hit = cache.get(key);
    if (hit === undefined) return undefined;
    cache.delete(key);
    cache.set(key, hit);
    return hit.result;
  };
  const remember = (key: string, result: AnswerResult): void => {
    const size = entryBytes(result);
    if (size > maxBytes) return;
    const old = cache.get(key);
    if (old !== undefined) {
      cache.delete(key);
      bytes -= old.bytes;
    }
    cache.set(key, { result, bytes: size });
    bytes += size;
    for (const [oldest, entry] of cache) {
      if (cache.size <= options.maxEntries && bytes <= maxBytes) break;
      cache.delete(oldest);
      bytes -= entry.bytes;
    }
  };

  return {
    size: () => cache.size,
    bytes: () => bytes,
    peek: (request) => (on ? lookup(cacheKey(request)) : undefined),
    async answer(request: AskRequest, hooks?: AnswerHooks): Promise<AnswerResult> {
      if (!on) return answerer.answer(request, hooks);
      const key = cacheKey(request);
      const hit = lookup(key);
      if (hit) {
        hooks?.onRetrieved?.(hit.retrieved);
        hooks?.onDelta?.(hit.answer);
        return hit;
      }
      const result = await answerer.answer(request, hooks);
      if (result.mode === 'extractive' && result.notice === undefined) remember(key, result);
      return result;
    },
  };
}
