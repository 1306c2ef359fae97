import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startTestAssistant, tempDir, type TestAssistant } from '../helpers/ops-harness.js';

/*
 * `npm run ingest` rewrites the index while the server answers: every reader sees the old statement
 * or the new one, whole, never a mix of the two.
 */

describe('re-ingest while serving', () => {
  const work = tempDir('reingest');
  const original = join(work.dir, 'statement.txt');
  const modified = join(work.dir, 'statement-v2.txt');
  let assistant: TestAssistant;

  beforeAll(async () => {
    const text = readFileSync(join(ROOT, 'data', 'statement.zh.txt'), 'utf8');
    writeFileSync(original, text);
    // Touches most paragraphs, so a mix of old and new paragraphs would show.
    const changed = text.replaceAll('双方', '中巴双方').replaceAll('巴方', '巴基斯坦方面');
    expect(changed).not.toBe(text);
    writeFileSync(modified, changed);
    assistant = await startTestAssistant({ DOCUMENT: original }, { indexDir: join(work.dir, 'index') });
  });
  afterAll(async () => {
    await assistant?.close(100);
    work.remove();
  });

  it('readers see the old index or the new one, never a mix', async () => {
    const get = async (path: string): Promise<string> => {
      const res = await fetch(`${assistant.url}${path}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    const oldAll = await get('/api/paragraphs');
    const oldSeven = await get('/api/paragraphs/7');

    // The ingest runs in its own process, as `npm run ingest` would, into the same INDEX_DIR.
    const ingest = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/ingest/cli.ts', modified], {
      cwd: ROOT,
      env: { ...process.env, INDEX_DIR: assistant.indexDir, EMBEDDER: 'builtin', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let ingestOut = '';
    ingest.stdout.on('data', (d: Buffer) => (ingestOut += d.toString()));
    ingest.stderr.on('data', (d: Buffer) => (ingestOut += d.toString()));
    const ingested = new Promise<number | null>((r) => ingest.once('exit', (code) => r(code)));

    const seen: string[] = [];
    const sevens: string[] = [];
    let stop = false;
    const reader = async (): Promise<void> => {
      while (!stop) {
        seen.push(await get('/api/paragraphs'));
        sevens.push(await get('/api/paragraphs/7'));
      }
    };
    const readers = Array.from({ length: 6 }, () => reader());
    try {
      const code = await ingested;
      expect(code, ingestOut).toBe(0);
      await assistant.reload();
      // Keep reading a little after the swap.
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      stop = true;
      await Promise.all(readers);
      if (ingest.exitCode === null) ingest.kill('SIGKILL');
    }

    const newAll = await get('/api/paragraphs');
    const newSeven = await get('/api/paragraphs/7');
    expect(newAll).not.toBe(oldAll);
    expect(newAll).toContain('中巴双方');
    expect(seen.length).toBeGreaterThan(20);
    const mixed = seen.filter((body) => body !== oldAll && body !== newAll);
    expect(mixed).toEqual([]);
    expect(seen).toContain(oldAll);
    expect(sevens.filter((body) => body !== oldSeven && body !== newSeven)).toEqual([]);
    // Once swapped, never back: the last reads are all new.
    expect(seen.at(-1)).toBe(newAll);

    const answer = await fetch(`${assistant.url}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question: '瓜达尔港有哪些项目？' }),
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { citations: { paragraph: number; quote: string }[] };
    const paragraphs = (JSON.parse(newAll) as { paragraphs: { number: number; text: string }[] }).paragraphs;
    for (const c of body.citations) expect(paragraphs.find((p) => p.number === c.paragraph)?.text).toContain(c.quote);
  });
});
