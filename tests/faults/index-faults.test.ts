import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/api/logger.js';
import { loadConfig } from '../../src/config.js';
import { ensureIndex } from '../../src/server/ensure-index.js';
import { OFFLINE_ENV, startTestAssistant, tempDir } from '../helpers/ops-harness.js';

/*
 * The index is missing or damaged when the server starts: it says so, rebuilds and serves (503
 * `index_not_ready` meanwhile), never crashes.
 */

function recordingLog(): Logger & { lines: Record<string, unknown>[]; text(): string } {
  const lines: Record<string, unknown>[] = [];
  return {
    lines,
    debug: (o) => void lines.push({ level: 'debug', ...o }),
    info: (o) => void lines.push({ level: 'info', ...o }),
    warn: (o) => void lines.push({ level: 'warn', ...o }),
    error: (o) => void lines.push({ level: 'error', ...o }),
    text: () => lines.map((l) => JSON.stringify(l)).join('\n'),
  };
}

const currentBuild = (dir: string): string =>
  join(dir, (JSON.parse(readFileSync(join(dir, 'current.json'), 'utf8')) as { build: string }).build);

const damages: [string, (dir: string) => void, RegExp][] = [
  ['a truncated vector file', (d) => writeFileSync(join(currentBuild(d), 'vectors.hnsw'), Buffer.alloc(10)), /truncated or damaged/],
  [
    'a flipped byte in statement.json',
    (d) => {
      const path = join(currentBuild(d), 'statement.json');
      const buf = readFileSync(path);
      buf[20] = buf[20]! ^ 0xff;
      writeFileSync(path, buf);
    },
    /checksum/,
  ],
  ['a deleted lexical.json', (d) => rmSync(join(currentBuild(d), 'lexical.json')), /missing/],
  ['a garbage pointer file', (d) => writeFileSync(join(d, 'current.json'), '{not json'), /no index yet/],
  ['a pointer escaping the folder', (d) => writeFileSync(join(d, 'current.json'), JSON.stringify({ build: '../../etc' })), /no index yet/],
  ['a garbage manifest', (d) => writeFileSync(join(currentBuild(d), 'manifest.json'), 'garbage'), /no index yet/],
];

describe('index missing or damaged at start', () => {
  const pristine = tempDir('pristine');
  beforeAll(async () => {
    const config = loadConfig({ ...OFFLINE_ENV, INDEX_DIR: pristine.dir });
    await ensureIndex(config, { info() {}, warn() {} });
  });
  afterAll(() => pristine.remove());

  it('missing: serves at once with 503 index_not_ready, then builds and answers', async () => {
    const log = recordingLog();
    const dir = tempDir('missing');
    const early: Promise<{ health: number; ask: number; askBody: string }>[] = [];
    // The server listens before it builds: probe it as soon as it says where.
    const onListening = (o: Record<string, unknown>): void => {
      if (o['msg'] === 'listening' && typeof o['url'] === 'string') {
        const url = o['url'];
        early.push(
          (async () => {
            const health = (await fetch(`${url}/healthz`)).status;
            const res = await fetch(`${url}/api/ask`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ question: '瓜达尔港' }),
            });
            return { health, ask: res.status, askBody: await res.text() };
          })(),
        );
      }
    };
    const probe: Logger = {
      ...log,
      debug(o) {
        log.debug(o);
        onListening(o);
      },
      info(o) {
        log.info(o);
        onListening(o);
      },
    };
    const assistant = await startTestAssistant({ LOG_LEVEL: 'info' }, { log: probe, indexDir: dir.dir });
    try {
      expect(log.text()).toMatch(/Building the index .*no index yet/);
      const [first] = await Promise.all(early);
      expect(first).toBeDefined();
      // Either the probe beat the build (503 with the contract's shape) or the build won (200).
      if (first!.ask === 503) {
        expect(JSON.parse(first!.askBody)).toMatchObject({ error: { code: 'index_not_ready' } });
      } else {
        expect(first!.ask).toBe(200);
      }
      const res = await fetch(`${assistant.url}/api/paragraphs/7`);
      expect(res.status).toBe(200);
    } finally {
      await assistant.close(100);
      dir.remove();
    }
  });

  it.each(damages)('%s: a clear message, a rebuild, and answers', async (_name, damage, message) => {
    const dir = tempDir('damaged');
    try {
      const { cpSync } = await import('node:fs');
      cpSync(pristine.dir, dir.dir, { recursive: true });
      damage(dir.dir);
      const log = recordingLog();
      const assistant = await startTestAssistant({ LOG_LEVEL: 'info' }, { log, indexDir: dir.dir });
      try {
        expect(log.text()).toMatch(message);
        expect(log.text()).toMatch(/rebuil|Building the index/i);
        const health = (await (await fetch(`${assistant.url}/healthz`)).json()) as { status: string; paragraphs: number };
        expect(health).toMatchObject({ status: 'ok', paragraphs: 31 });
        const res = await fetch(`${assistant.url}/api/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ question: '瓜达尔港有哪些项目？' }),
        });
        expect(res.status).toBe(200);
      } finally {
        await assistant.close(100);
      }
    } finally {
      dir.remove();
    }
  });

  it('an unreadable document: startAssistant rejects with a clear error (no crash, port released)', async () => {
    const dir = tempDir('nodoc');
    try {
      await expect(startTestAssistant({ DOCUMENT: join(dir.dir, 'missing.txt') }, { indexDir: dir.dir })).rejects.toThrow(/missing\.txt|ENOENT|document/i);
    } finally {
      dir.remove();
    }
  });
});
