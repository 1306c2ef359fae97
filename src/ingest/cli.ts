import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, readArgs } from '../config.js';
import { describeFatal, UsageError } from '../errors.js';
import { chooseEmbedder } from './create-embedder.js';
import { rebuildIndex } from './rebuild-index.js';

// `npm run ingest [-- <file>]`: (re)builds the index for a statement, printing what it did.

const HELP = `Usage: npm run ingest [-- <statement.txt>]
       npm run ingest -- --help

Builds the index in INDEX_DIR (default index/) from the statement file given, or DOCUMENT (default
data/statement.zh.txt), and prints paragraphs, embedder, size and time. A running server picks the new
index up within seconds. EMBEDDER, EMBEDDING_MODEL and MODELS_DIR choose the embedder (see the README).
`;

const log = {
  info: (m: string) => void process.stdout.write(`${m}\n`),
  warn: (m: string) => void process.stderr.write(`warning: ${m}\n`),
};

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

try {
  const { values, positionals } = readArgs(process.argv.slice(2), { help: { type: 'boolean', short: 'h' } }, 'npm run ingest', true);
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  if (positionals.length > 1) throw new UsageError(`Give one statement file, not ${positionals.length}. See \`npm run ingest -- --help\`.`);
  const config = loadConfig(positionals[0] ? { ...process.env, DOCUMENT: positionals[0] } : process.env);
  const started = performance.now();
  const choice = await chooseEmbedder(config, log);
  const m = await rebuildIndex(config, choice, log);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const pointer = JSON.parse(readFileSync(join(config.indexDir, 'current.json'), 'utf8')) as { build: string };
  const build = join(config.indexDir, pointer.build);
  process.stdout.write(
    [
      `Indexed ${config.documentPath}`,
      `  paragraphs: ${m.counts.paragraphs}`,
      `  embedder:   ${m.embedder.id} (${m.embedder.dimension} dimensions)`,
      `  lexicon:    ${m.counts.lexiconKeys} English keys; ${m.counts.features} lexical features`,
      `  size:       ${(dirBytes(build) / 1024).toFixed(0)} KiB in ${build}`,
      `  time:       ${seconds} s (index build ${m.buildMs} ms)`,
      '',
    ].join('\n'),
  );
} catch (err) {
  process.stderr.write(`${describeFatal(err, { prefix: 'Ingest failed', debug: process.env['LOG_LEVEL'] === 'debug' })}\n`);
  process.exit(1);
}
