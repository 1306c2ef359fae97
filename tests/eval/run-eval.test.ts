import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ensureIndex } from '../../src/server/ensure-index.js';
import { OFFLINE_ENV, ROOT, tempDir } from '../helpers/ops-harness.js';

/* `npm run eval` as a person runs it: its mistakes are one line and a non-zero exit; its JSON keeps every set's figures. */

const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const STACK = /\n\s+at /;
const work = tempDir('eval');
const index = join(work.dir, 'index');

function runEval(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, 'eval/run-eval.ts', ...args], { cwd: ROOT, env: { ...process.env, ...OFFLINE_ENV, INDEX_DIR: index } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(STACK);
}

afterAll(() => work.remove());

describe('npm run eval: mistakes', () => {
  it.each([[['--set']], [['--set', '--verbose']]])('--set without its file: one line, exit 1, nothing run: %j', async (args) => {
    const { code, stdout, stderr } = await runEval(args);
    expect(code).toBe(1);
    expectOneLine(stderr, /^Eval failed: --set needs a value\. See `npm run eval -- --help`\.$/);
    expect(stdout).toBe('');
  });

  it('a question file with blank lines and a line missing its fields: file:line, exit 1, no stack', async () => {
    const set = join(work.dir, 'broken.jsonl');
    writeFileSync(set, `${JSON.stringify({ id: 'b-1', lang: 'zh', question: '瓜达尔港有哪些项目？', gold: [7], kind: 'fact' })}\n\n\n${JSON.stringify({ id: 'b-2', lang: 'en', question: 'Who?' })}\n`);
    const { code, stderr } = await runEval(['--set', set]);
    expect(code).toBe(1);
    expectOneLine(stderr, new RegExp(`^Eval failed: ${set.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4: "gold" is missing; "kind" is missing\\.$`));
  });
});

describe('npm run eval --json', () => {
  beforeAll(async () => {
    await ensureIndex(loadConfig({ ...OFFLINE_ENV, INDEX_DIR: index }), { info() {}, warn() {} });
  }, 60_000);

  it("writes every set's figures, by language and kind, under its own name", async () => {
    // Two sets with the same language and kind: one answerable question, one off-topic one.
    const answerable = { lang: 'zh', question: '瓜达尔港有哪些项目？', gold: [7], kind: 'fact', coverage: 'answered' };
    const offTopic = { lang: 'zh', question: '2022年世界杯冠军是谁？', gold: [], kind: 'fact', coverage: 'not_covered' };
    writeFileSync(join(work.dir, 'one.jsonl'), `${JSON.stringify({ id: 'o-1', ...answerable })}\n`);
    writeFileSync(join(work.dir, 'two.jsonl'), `${JSON.stringify({ id: 't-1', ...offTopic })}\n`);
    const out = join(work.dir, 'figures.json');
    const { code, stderr } = await runEval(['--set', join(work.dir, 'one.jsonl'), '--set', join(work.dir, 'two.jsonl'), '--json', out]);
    expect(code, stderr).toBe(0);
    const { figures } = JSON.parse(readFileSync(out, 'utf8')) as { figures: Record<string, { all: { answers: { answerable: number; unanswered: number } }; lang: Record<string, { answers: { answerable: number; unanswered: number } }>; kind: Record<string, { answers: { answerable: number; unanswered: number } }> }> };
    expect(Object.keys(figures)).toEqual(['one', 'two']);
    for (const [set, answerableCount] of [['one', 1], ['two', 0]] as const) {
      for (const figure of [figures[set]!.all, figures[set]!.lang['zh']!, figures[set]!.kind['fact']!]) {
        expect(figure.answers).toMatchObject({ answerable: answerableCount, unanswered: 1 - answerableCount });
      }
    }
  }, 60_000);
});
