import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OFFLINE_ENV, ROOT, tempDir } from '../helpers/ops-harness.js';

/* `npm run eval` as a person runs it: its mistakes are one line and a non-zero exit. */

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
  it('a question file with blank lines and a line missing its fields: file:line, exit 1, no stack', async () => {
    const set = join(work.dir, 'broken.jsonl');
    writeFileSync(set, `${JSON.stringify({ id: 'b-1', lang: 'zh', question: '瓜达尔港有哪些项目？', gold: [7], kind: 'fact' })}\n\n\n${JSON.stringify({ id: 'b-2', lang: 'en', question: 'Who?' })}\n`);
    const { code, stderr } = await runEval(['--set', set]);
    expect(code).toBe(1);
    expectOneLine(stderr, new RegExp(`^Eval failed: ${set.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4: "gold" is missing; "kind" is missing\\.$`));
  });
});
