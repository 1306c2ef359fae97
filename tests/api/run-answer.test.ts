import { describe, expect, it } from 'vitest';
import { runAnswer } from '../../src/api/run-answer.js';
import { AppError, ClientGoneError } from '../../src/errors.js';
import type { AnswerHooks, AnswerResult, Answerer } from '../../src/types.js';
import { sampleResult } from '../helpers/api-fakes.js';

/** An answerer that hands its hooks to the test and settles when told. */
function heldAnswerer() {
  let hooks: AnswerHooks | undefined;
  let finish!: (r: AnswerResult) => void;
  const answerer: Answerer = {
    answer: (_request, h) => {
      hooks = h;
      return new Promise<AnswerResult>((r) => (finish = r));
    },
  };
  return { answerer, hooks: () => hooks!, finish: (r: AnswerResult) => finish(r) };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('runAnswer', () => {
  it('returns the answer; nothing was stopped', async () => {
    const held = heldAnswerer();
    const running = runAnswer(held.answerer, { question: 'q' }, { timeoutMs: 1_000 });
    await tick();
    expect(held.hooks().stopReason?.()).toBeUndefined();
    held.finish(sampleResult);
    await expect(running).resolves.toBe(sampleResult);
  });

  it('the deadline rejects with a 504, reported by stopReason and by a signal read afterwards', async () => {
    const held = heldAnswerer();
    const running = runAnswer(held.answerer, { question: 'q' }, { timeoutMs: 20 });
    await expect(running).rejects.toMatchObject({ code: 'upstream_error', status: 504 });
    expect(held.hooks().stopReason?.()).toBeInstanceOf(AppError);
    const signal = held.hooks().signal!;
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(held.hooks().stopReason?.());
  });

  it('a client gone aborts a signal read before, and unwatches when done', async () => {
    const held = heldAnswerer();
    let listener: (() => void) | undefined;
    let unwatched = 0;
    const watchClient = (l: () => void): (() => void) => {
      listener = l;
      return () => void (unwatched += 1);
    };
    const running = runAnswer(held.answerer, { question: 'q' }, { timeoutMs: 1_000, watchClient });
    await tick();
    const signal = held.hooks().signal!;
    expect(signal.aborted).toBe(false);
    listener!();
    await expect(running).rejects.toBeInstanceOf(ClientGoneError);
    expect(signal.aborted).toBe(true);
    expect(unwatched).toBe(1);
  });

  it('a client already gone stops the answer at once', async () => {
    const held = heldAnswerer();
    const running = runAnswer(held.answerer, { question: 'q' }, { timeoutMs: 1_000, watchClient: (l) => (l(), () => {}) });
    await expect(running).rejects.toBeInstanceOf(ClientGoneError);
  });
});
