import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ensureIndex } from '../../src/server/ensure-index.js';
import { OFFLINE_ENV, ROOT, serverBundle, spawnServer, tempDir } from '../helpers/ops-harness.js';

/*
 * The front door as a person meets it: every command answers --help with usage and exit 0, and every
 * mistake a user can make (a bad flag, a bad setting, a missing file, a model that will not load, a
 * port in use) is one clear line on stderr, a non-zero exit, and no stack trace unless LOG_LEVEL=debug.
 */

const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const STACK = /\n\s+at /;

function run(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...OFFLINE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out: ${args.join(' ')}\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** One line, naming what to do: a single non-empty line of stderr, no stack. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(STACK);
}

describe('command-line manners', () => {
  const work = tempDir('cli');
  const index = join(work.dir, 'index');
  let script: string;

  beforeAll(async () => {
    script = await serverBundle();
    await ensureIndex(loadConfig({ ...OFFLINE_ENV, INDEX_DIR: index }), { info() {}, warn() {} });
  }, 60_000);
  afterAll(() => work.remove());

  it('every command answers --help with usage and exit 0: npm start, ingest, eval, bench', async () => {
    const commands = [[script, '--help'], [TSX, 'src/ingest/cli.ts', '--help'], [TSX, 'eval/run-eval.ts', '-h'], [TSX, 'bench/run-bench.ts', '--help']];
    const results = await Promise.all(commands.map((args) => run(args)));
    results.forEach(({ code, stdout, stderr }, i) => {
      expect(code, commands[i]!.join(' ')).toBe(0);
      expect(stdout).toMatch(/^Usage: /);
      expect(stderr).toBe('');
    });
  });

  it.each<[string, Record<string, string>, string[], RegExp]>([
    ['a bad flag', {}, ['--port', '80'], /^Unknown option '--port'\. See `npm start -- --help`\.$/],
    ['a bad setting', { PORT: 'abc' }, [], /^Invalid configuration: PORT: .*\.$/],
    ['a blank API_TOKEN', { API_TOKEN: ' ' }, [], /^Invalid configuration: API_TOKEN is set but blank/],
    ['a short API_TOKEN', { API_TOKEN: 'secret' }, [], /API_TOKEN: must be at least 16 characters/],
    ['a missing document', { DOCUMENT: '/nonexistent/statement.txt' }, [], /^The document \/nonexistent\/statement\.txt does not exist: set DOCUMENT/],
    ['a model that will not load', { EMBEDDER: 'transformers', MODELS_DIR: '/nonexistent-models' }, [], /Xenova\/multilingual-e5-small/],
  ])('npm start with %s: one line, exit 1', async (_name, env, args, message) => {
    const { code, stderr } = await run([script, ...args], { INDEX_DIR: index, ...env });
    expect(code).toBe(1);
    expectOneLine(stderr, message);
  });

  it('npm start with the port in use: one line naming the port, exit 1', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as { port: number };
    try {
      const { code, stderr } = await run([script], { INDEX_DIR: index, PORT: String(port) });
      expect(code).toBe(1);
      expectOneLine(stderr, new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use: .*PORT=`));
    } finally {
      blocker.close();
    }
  });

  it('LOG_LEVEL=debug adds the stack trace', async () => {
    const { code, stderr } = await run([script], { INDEX_DIR: index, DOCUMENT: '/nonexistent/statement.txt', LOG_LEVEL: 'debug' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^The document \/nonexistent\/statement\.txt does not exist/);
    expect(stderr).toMatch(STACK);
  });

  it('ingest of a missing file: one line naming the file, exit 1', async () => {
    const { code, stderr } = await run([TSX, 'src/ingest/cli.ts', '/nonexistent.txt'], { INDEX_DIR: join(work.dir, 'other') });
    expect(code).toBe(1);
    expectOneLine(stderr, /^Ingest failed: The document \/nonexistent\.txt does not exist/);
  });

  it('ingest and eval with a bad flag: one line, exit 1', async () => {
    const [ingest, evalRun] = await Promise.all([run([TSX, 'src/ingest/cli.ts', '--fast']), run([TSX, 'eval/run-eval.ts', '--fast'])]);
    expect(ingest.code).toBe(1);
    expectOneLine(ingest.stderr, /Unknown option '--fast'.*--help/);
    expect(evalRun.code).toBe(1);
    expectOneLine(evalRun.stderr, /Unknown option '--fast'.*--help/);
  });

  it('eval runs a question set through POST /api/ask and checks the contract on every answer', async () => {
    const set = join(work.dir, 'tiny.jsonl');
    writeFileSync(
      set,
      [
        { id: 't-1', lang: 'zh', question: '瓜达尔港有哪些项目？', gold: [7], kind: 'fact', coverage: 'answered' },
        { id: 't-2', lang: 'en', question: 'Who won the 2022 World Cup?', gold: [], kind: 'off_topic', coverage: 'not_covered' },
      ]
        .map((q) => JSON.stringify(q))
        .join('\n'),
    );
    const { code, stdout } = await run([TSX, 'eval/run-eval.ts', '--set', set], { INDEX_DIR: index });
    expect(code).toBe(0);
    expect(stdout).toMatch(/contract violations 0/);
    expect(stdout).toMatch(/^tiny\s+1\s+1\.000/mu);
  });

  it('a terminal start is a few plain lines, the ready line last; page requests stay out of the log', async () => {
    const server = await spawnServer({ INDEX_DIR: index, LOG_FORMAT: 'pretty', LOG_LEVEL: 'info', EMBEDDER: 'auto', MODELS_DIR: join(work.dir, 'no-models') }, { script });
    try {
      await fetch(`${server.url}/`).then((r) => r.text());
      await fetch(`${server.url}/nope.css`).then((r) => r.text());
      await fetch(`${server.url}/api/paragraphs/7`).then((r) => r.text());
      await new Promise((r) => setTimeout(r, 300));
      const lines = server.stdout().split('\n').filter((l) => l.trim() !== '');
      const readyAt = lines.findIndex((l) => l.startsWith('The assistant is ready: open http://'));
      expect(readyAt, server.stdout()).toBeGreaterThan(0);
      expect(readyAt).toBeLessThanOrEqual(4);
      for (const line of lines) expect(line).not.toMatch(/^\{/);
      expect(lines.some((l) => /INFO.*built-in offline embedder.*ALLOW_REMOTE_MODELS/.test(l))).toBe(true);
      expect(server.stdout()).not.toMatch(/WARN/);
      // API requests are logged at info; the page and its files only at debug.
      expect(lines.slice(readyAt + 1).some((l) => /GET \/api\/paragraphs\/7 200/.test(l))).toBe(true);
      expect(server.stdout()).not.toMatch(/GET \/ |nope\.css/);
    } finally {
      await server.kill();
    }
  });
});
