import { readArgs } from '../src/config.js';
import { UsageError } from '../src/errors.js';

export const SECTIONS = ['ingest', 'retrieval', 'load', 'llm', 'start'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchArgs {
  readonly help: boolean;
  readonly quick: boolean;
  /** Where to write the figures as JSON, when asked. */
  readonly json: string | undefined;
  readonly only: readonly Section[];
}

/** `npm run bench`'s flags; a mistake (an unknown flag or section, --only without its list) is a UsageError. Pure. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true, quick: false, json: undefined, only: SECTIONS };
  const see = 'See `npm run bench -- --help`.';
  const { values } = readArgs(
    argv,
    { help: { type: 'boolean', short: 'h' }, quick: { type: 'boolean' }, json: { type: 'string' }, only: { type: 'string' } },
    'npm run bench',
    false,
    // `--json --quick` is both: the figures to the default file, and shorter runs.
    { json: 'bench-results.json' },
  );
  const only = values.only?.split(',').map((x) => x.trim()).filter((x) => x !== '');
  if (only !== undefined && only.length === 0) throw new UsageError(`--only needs a value: one or more of ${SECTIONS.join(',')}. ${see}`);
  const badSection = only?.find((x) => !(SECTIONS as readonly string[]).includes(x));
  if (badSection !== undefined) throw new UsageError(`Unknown section '${badSection}': --only takes ${SECTIONS.join(',')}. ${see}`);
  return { help: false, quick: values.quick === true, json: values.json, only: (only as Section[] | undefined) ?? SECTIONS };
}
