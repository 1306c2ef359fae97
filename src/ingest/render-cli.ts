import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createLlmClient } from '../answer/llm-client.js';
import { loadConfig, readArgs } from '../config.js';
import { ConfigError, describeFatal, DocumentError, UsageError } from '../errors.js';
import { companionPaths } from './build-index.js';
import { readGlossary } from './cedict-source.js';
import { draftHeadMessages, draftMessages, formatRendering, labelledSentences, parseDraftReply, parseHeadReply } from './draft-rendering.js';
import { alignRendering, parseRenderingText } from './parse-rendering.js';
import { parseStatement } from './parse-statement.js';
import { glossaryNames, glossaryPathFor } from './build-index.js';
import { checkDocument } from './rebuild-index.js';

// `npm run render -- <statement.txt>`: drafts an English rendering through the configured language model.

const HELP = `Usage: npm run render -- <statement.txt> [--out <file>] [--force]

Drafts the English rendering of a statement, paragraph by paragraph, through the configured language
model (OPENAI_BASE_URL and/or OPENAI_API_KEY, LLM_MODEL), into <statement>.en.txt beside it (for
data/other.zh.txt: data/other.en.txt), for a person to review before ingest uses it. Ingest checks any
rendering it reads: same paragraphs and sentences, every figure and date, glossary names the same way.

  --out <file>   write the draft here instead
  --force        replace a file that already exists
  --help         this text
`;

const say = (m: string): void => void process.stdout.write(`${m}\n`);

try {
  const { values, positionals } = readArgs(
    process.argv.slice(2),
    { help: { type: 'boolean', short: 'h' }, out: { type: 'string' }, force: { type: 'boolean' } },
    'npm run render',
    true,
  );
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  if (positionals.length !== 1) throw new UsageError('Give the statement file to render. See `npm run render -- --help`.');
  const documentPath = positionals[0]!;
  const config = loadConfig({ ...process.env, DOCUMENT: documentPath });
  if (!config.llm) {
    throw new ConfigError('No language model is configured: set OPENAI_BASE_URL (a local server: Ollama, llama.cpp, vLLM) or OPENAI_API_KEY (OpenAI), and LLM_MODEL.');
  }
  await checkDocument(documentPath);
  const out = values.out ?? companionPaths(documentPath).rendering;
  if (existsSync(out) && !values.force) throw new UsageError(`${out} already exists: review or move it, or pass --force to replace it.`);
  const statement = parseStatement(readFileSync(documentPath, 'utf8'));
  const names = glossaryNames(readGlossary(glossaryPathFor(documentPath)));
  const llm = createLlmClient(config.llm);
  const ask = async (messages: ReturnType<typeof draftMessages>): Promise<string> => (await llm.streamAnswer(messages)).text;

  say(`Drafting an English rendering of ${documentPath} with ${llm.model} (${statement.paragraphs.length} paragraphs)…`);
  const head = parseHeadReply(await ask(draftHeadMessages(statement)));
  const paragraphs: Array<{ number: number; lines: string[] }> = [];
  const problems: string[] = [];
  for (const p of statement.paragraphs) {
    let lines: string[] | undefined;
    // One more try when the reply does not give one labelled line per sentence.
    for (let attempt = 1; attempt <= 2 && !lines; attempt++) {
      try {
        lines = parseDraftReply(await ask(draftMessages(p, names)), p);
      } catch (err) {
        if (attempt === 2) problems.push((err as Error).message);
      }
    }
    paragraphs.push({ number: p.number, lines: lines ?? labelledSentences(p).map(() => 'TODO: the model gave no usable line for this sentence.') });
    say(`  paragraph ${p.number}/${statement.paragraphs.length}${lines ? '' : ': no usable reply, marked TODO'}`);
  }
  const text = formatRendering({
    documentName: basename(documentPath),
    title: head.title || 'TODO: title',
    source: head.source || 'TODO: source line',
    paragraphs,
    model: llm.model,
  });
  // Written whole or not at all.
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, out);
  say(`Wrote ${out}.`);
  try {
    alignRendering(statement, parseRenderingText(text), names);
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
    problems.push(err.message);
  }
  say(
    problems.length === 0
      ? 'The draft passes ingest\'s checks. Review its wording, then run `npm run ingest`.'
      : `Review before use (ingest refuses the draft until these are fixed):\n${problems.map((m) => `  - ${m}`).join('\n')}`,
  );
} catch (err) {
  process.stderr.write(`${describeFatal(err, { prefix: 'Render failed', debug: process.env['LOG_LEVEL'] === 'debug' })}\n`);
  process.exit(1);
}
