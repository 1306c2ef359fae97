import { readFileSync, existsSync } from 'node:fs';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { CedictEntry } from '../text/lexicon.js';

/** Loads CC-CEDICT entries from the cc-cedict package's shipped data (no network). */
export async function loadCedictEntries(): Promise<readonly CedictEntry[]> {
  // The data module is plain JS (`export default {...}`); it is large, so it is imported only at ingest.
  // The package's exports hide its data folder, so it is found beside the resolved entry point.
  const entry = fileURLToPath(import.meta.resolve('cc-cedict'));
  const dataFile = join(dirname(entry), '..', 'data', 'all.js');
  const mod = (await import(pathToFileURL(dataFile).href)) as { default: { all: CedictEntry[] } };
  return mod.default.all;
}

/** Reads a glossary file (`english<TAB>chinese` a line, `#` comments); a missing file is an empty glossary. */
export function readGlossary(path: string): Array<[string, string]> {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t').map((s) => s.trim()))
    .filter((p): p is [string, string] => p.length >= 2 && Boolean(p[0]) && Boolean(p[1]))
    .map(([en, zh]) => [en, zh]);
}
