import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { DocumentError, IndexError } from '../errors.js';
import { rebuildIndex } from '../server/ensure-index.js';
import { chooseEmbedder } from './create-embedder.js';

// `npm run ingest [-- <file>]`: (re)builds the index for a statement, printing what it did.
const args = process.argv.slice(2).filter((a) => a !== '--');
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('Usage: npm run ingest [-- <statement.txt>]\nBuilds the index in INDEX_DIR (default index/) from DOCUMENT (default data/statement.zh.txt).\n');
  process.exit(0);
}
const log = { info: (m: string) => process.stdout.write(`${m}\n`), warn: (m: string) => process.stderr.write(`warning: ${m}\n`) };

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

try {
  const config = loadConfig(args[0] ? { ...process.env, DOCUMENT: args[0] } : process.env);
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
  if (err instanceof ConfigError || err instanceof DocumentError || err instanceof IndexError) {
    process.stderr.write(`Ingest failed: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
