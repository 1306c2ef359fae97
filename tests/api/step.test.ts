import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/api/deps.js';
import { after, chain, type Reply, type Step } from '../../src/api/step.js';
import { layerCovers } from '../../src/api/create-app.js';

const c = {} as Context<AppEnv>;
const onError = (_c: Context<AppEnv>, err: unknown): Response => new Response(`error: ${(err as Error).message}`, { status: 500 });
const isPromise = (r: Reply): boolean => typeof (r as { then?: unknown }).then === 'function';
const text = async (r: Reply): Promise<string> => (await r).text();

// A step that notes when it runs before and after what it wraps.
const noting = (name: string, seen: string[]): Step => (_c, next) => {
  seen.push(`${name} in`);
  return after(next(), (res) => {
    seen.push(`${name} out ${res.status}`);
    return res;
  });
};

describe('chain', () => {
  it('runs steps outermost first and answers within the call when the handler does', async () => {
    const seen: string[] = [];
    const run = chain([noting('a', seen), noting('b', seen)], () => new Response('ok'), onError);
    const reply = run(c);
    expect(isPromise(reply)).toBe(false);
    expect(seen).toEqual(['a in', 'b in', 'b out 200', 'a out 200']);
    expect(await text(reply)).toBe('ok');
  });

  it('becomes a promise from the first step or handler that awaits', async () => {
    const seen: string[] = [];
    const run = chain([noting('a', seen)], async () => new Response('later'), onError);
    const reply = run(c);
    expect(isPromise(reply)).toBe(true);
    expect(await text(reply)).toBe('later');
    expect(seen).toEqual(['a in', 'a out 200']);
  });

  it.each([
    ['a handler throwing', () => chainWith(() => { throw new Error('now'); }), 'error: now'],
    ['a handler rejecting', () => chainWith(async () => { throw new Error('later'); }), 'error: later'],
    ['a step throwing', () => chainWith(() => new Response('unreached'), () => { throw new Error('refused'); }), 'error: refused'],
  ])('turns %s into a response the outer steps see', async (_name, make, body) => {
    const { run, seen } = make();
    const reply = run(c);
    expect(await text(reply)).toBe(body);
    expect(seen.at(-1)).toBe('outer out 500');
  });

  it('lets a step answer without calling next', async () => {
    const run = chain([() => new Response('short', { status: 202 })], () => new Response('unreached'), onError);
    expect((run(c) as Response).status).toBe(202);
  });
});

function chainWith(handler: () => Reply, inner?: Step): { run: (c: Context<AppEnv>) => Reply; seen: string[] } {
  const seen: string[] = [];
  const steps: Step[] = [noting('outer', seen)];
  if (inner !== undefined) steps.push(inner);
  return { run: chain(steps, handler, onError), seen };
}

describe('layerCovers', () => {
  it.each([
    ['*', '/anything', true],
    ['/api/*', '/api/ask', true],
    ['/api/*', '/api', true],
    ['/api/*', '/apiary', false],
    ['/api/*', '/v1/models', false],
    ['/v1/*', '/v1/chat/completions', true],
  ])('%s covers %s: %s', (pattern, path, covers) => expect(layerCovers(pattern, path)).toBe(covers));
});
