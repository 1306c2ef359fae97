import { readArgs } from '../src/config.js';
import { UsageError } from '../src/errors.js';
import { setNameOf } from './read-question-set.js';

/** The question sets `npm run eval` asks when no --set is given. */
export const DEFAULT_SETS: readonly string[] = ['eval/own-tune.jsonl', 'eval/own-locked.jsonl', 'eval/own-probe.jsonl', 'eval/own-probe2.jsonl', 'eval/own-probe3.jsonl', 'eval/fresh-locked.jsonl', 'eval/dev.jsonl', 'eval/team.jsonl'];

export interface EvalArgs {
  readonly help: boolean;
  readonly sets: readonly string[];
  readonly json: string | undefined;
  readonly verbose: boolean;
}

/** `npm run eval`'s flags; a mistake (an unknown flag, --set without its file) is a UsageError. Pure. */
export function parseEvalArgs(argv: readonly string[]): EvalArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { help: true, sets: DEFAULT_SETS, json: undefined, verbose: false };
  const { values } = readArgs(
    argv,
    { help: { type: 'boolean', short: 'h' }, set: { type: 'string', multiple: true }, json: { type: 'string' }, verbose: { type: 'boolean' } },
    'npm run eval',
    false,
    { json: 'eval/results.json' },
  );
  const sets = values.set ?? DEFAULT_SETS;
  const names = sets.map(setNameOf);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new UsageError(`Two question sets are named '${twice}': their figures would be one set's. Give each file its own name.`);
  return { help: false, sets, json: values.json, verbose: values.verbose === true };
}
