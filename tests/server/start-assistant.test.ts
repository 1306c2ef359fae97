import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex } from '../../src/ingest/index-store.js';
import { answerLogOf, startAssistant, type RunningAssistant } from '../../src/server/start-assistant.js';
import { createRecordingLogger } from '../helpers/api-fakes.js';
import { OFFLINE_ENV, tempDir } from '../helpers/ops-harness.js';

describe('answerLogOf', () => {
  it.each(['debug', 'info', 'warn', 'error'] as const)('the answerer\'s %s line is logged at %s', (level) => {
    const log = createRecordingLogger();
    answerLogOf(log)(level, 'LLM citations checked', { dropped: [99] });
    expect(log.entries).toEqual([{ level, obj: { msg: 'LLM citations checked', dropped: [99] } }]);
  });
});

describe('index reloads', () => {
  const work = tempDir('reload');
  let assistant: RunningAssistant;
  let loads = 0;
  let active = 0;
  let maxActive = 0;

  beforeAll(async () => {
    assistant = await startAssistant({
      env: { ...OFFLINE_ENV, INDEX_DIR: work.dir },
      // Every reload's read, slowed a little so overlapping ones would show.
      loadIndex: async (dir) => {
        loads++;
        active++;
        maxActive = Math.max(maxActive, active);
        try {
          await new Promise((r) => setTimeout(r, 50));
          return await loadIndex(dir);
        } finally {
          active--;
        }
      },
    });
  }, 120_000);
  afterAll(async () => {
    await assistant?.close(100);
    work.remove();
  });

  it.each([2, 5])('%i triggered at once run one at a time: one in flight, at most one queued', async (calls) => {
    const before = loads;
    maxActive = 0;
    await Promise.all(Array.from({ length: calls }, () => assistant.reload()));
    expect(maxActive).toBe(1);
    expect(loads - before).toBe(2);
    expect((await fetch(`${assistant.url}/healthz`)).status).toBe(200);
  });
});
