import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStatement } from '../../src/ingest/parse-statement.js';
import { alignRendering, parseRenderingText } from '../../src/ingest/parse-rendering.js';
import { MADE_UP_GLOSSARY, MADE_UP_ZH } from '../helpers/made-up-statement.js';
import { OFFLINE_ENV, ROOT, tempDir } from '../helpers/ops-harness.js';
import { startStubOpenAiServer, type StubOpenAiServer } from '../helpers/stub-openai-server.js';

/*
 * `npm run render` drafts a rendering through a language model: here a scripted OpenAI-compatible stub
 * that "translates" each labelled sentence it is sent, and once forgets a line, as models do.
 */

const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const work = tempDir('render');
const doc = join(work.dir, 'other.zh.txt');
let stub: StubOpenAiServer;
let forgetOnce = true;

function run(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, 'src/ingest/render-cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...OFFLINE_ENV, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

// A faithful-enough "translation": each labelled line comes back labelled, with its figures kept.
function translate(user: string): string {
  if (user.includes('[title]')) return '[title] A Joint Statement\n[source] (Haifeng Agency, Yalan City, 7 May)';
  const lines = [...user.matchAll(/^\[(\d+\.\d+)\] (.*)$/gmu)].map((m) => {
    const figures = (m[2]!.match(/\d+/gu) ?? []).join(' ');
    const names = MADE_UP_GLOSSARY.filter(([, zh]) => m[2]!.includes(zh)).map(([en]) => en).join(' and ');
    return `[${m[1]}] Sentence ${m[1]} about ${names || 'the two sides'} ${figures}.`.replace(/ \./u, '.');
  });
  // Paragraph 3's first reply forgets a line: the command asks again.
  if (forgetOnce && user.includes('[3.2]')) {
    forgetOnce = false;
    return lines.slice(0, 1).join('\n');
  }
  return `Here is the translation:\n${lines.join('\n')}`;
}

beforeAll(async () => {
  writeFileSync(doc, MADE_UP_ZH);
  writeFileSync(join(work.dir, 'glossary.tsv'), MADE_UP_GLOSSARY.map(([en, zh]) => `${en}\t${zh}`).join('\n'));
  stub = await startStubOpenAiServer({
    defaultReply: (request) => {
      const user = request.body?.messages?.find((m) => m.role === 'user')?.content ?? '';
      return { type: 'stream', chunks: [translate(user)] };
    },
  });
});
afterAll(async () => {
  await stub.close();
  work.remove();
});

describe('npm run render', () => {
  it('says what to configure when no language model is set', async () => {
    const { code, stderr } = await run([doc], {});
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^Render failed: No language model is configured: set OPENAI_BASE_URL/u);
    expect(stderr).not.toMatch(/\n\s+at /u);
  });

  it('drafts one labelled line per sentence, paragraph by paragraph, and checks the draft', async () => {
    const { code, stdout } = await run([doc], { OPENAI_BASE_URL: stub.baseURL, LLM_MODEL: 'stub-model' });
    expect(code).toBe(0);
    expect(stdout).toContain('paragraph 6/6');
    const out = join(work.dir, 'other.en.txt');
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# English rendering of other\.zh\.txt, drafted by the language model stub-model: review every line/u);
    const statement = parseStatement(MADE_UP_ZH);
    // The file is what ingest reads, and passes its checks: every sentence, figure and name.
    const aligned = alignRendering(statement, parseRenderingText(text), MADE_UP_GLOSSARY);
    expect(aligned.paragraphs[2]?.en).toEqual(['Sentence 3.1 about North Bay Port.', 'Sentence 3.2 about North Bay Port.']);
    expect(stdout).toContain("The draft passes ingest's checks");
  }, 60_000);

  it('never replaces a draft a person may be reviewing, unless told to', async () => {
    const out = join(work.dir, 'other.en.txt');
    expect(existsSync(out)).toBe(true);
    const { code, stderr } = await run([doc], { OPENAI_BASE_URL: stub.baseURL });
    expect(code).toBe(1);
    expect(stderr).toContain('already exists');
    const forced = await run([doc, '--force', '--out', join(work.dir, 'elsewhere.txt')], { OPENAI_BASE_URL: stub.baseURL });
    expect(forced.code).toBe(0);
    expect(existsSync(join(work.dir, 'elsewhere.txt'))).toBe(true);
  }, 60_000);
});
