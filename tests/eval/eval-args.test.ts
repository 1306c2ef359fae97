import { describe, expect, it } from 'vitest';
import { DEFAULT_SETS, parseEvalArgs } from '../../eval/eval-args.js';
import { UsageError } from '../../src/errors.js';

describe('parseEvalArgs', () => {
  it('runs the default sets, no JSON, when given nothing', () => {
    expect(parseEvalArgs([])).toEqual({ help: false, sets: DEFAULT_SETS, json: undefined, verbose: false });
  });
  it('takes one or several --set files, and --json with or without its file', () => {
    expect(parseEvalArgs(['--', '--set', 'a.jsonl', '--json', '--set', 'x/b.jsonl', '--verbose'])).toEqual({ help: false, sets: ['a.jsonl', 'x/b.jsonl'], json: 'eval/results.json', verbose: true });
    expect(parseEvalArgs(['--json', 'out.json'])).toMatchObject({ sets: DEFAULT_SETS, json: 'out.json' });
  });
  it('--help wins over anything else on the line', () => {
    expect(parseEvalArgs(['--set', '--help']).help).toBe(true);
  });
  it.each([[['--set']], [['--set', '--json']], [['--set=']], [['--verbose', '--set']]])('--set without its file is a one-line usage error, not every set: %j', (argv) => {
    expect(() => parseEvalArgs(argv)).toThrow(UsageError);
    expect(() => parseEvalArgs(argv)).toThrow(/^--set needs a value\. See `npm run eval -- --help`\.$/);
  });
  it('refuses two sets of the same name, whose figures would be counted as one', () => {
    expect(() => parseEvalArgs(['--set', 'a/x.jsonl', '--set', 'b/x.jsonl'])).toThrow(/^Two question sets are named 'x'/);
  });
  it('refuses an unknown flag and a stray argument', () => {
    expect(() => parseEvalArgs(['--fast'])).toThrow(/^Unknown option '--fast'\. See/);
    expect(() => parseEvalArgs(['eval/dev.jsonl'])).toThrow(/^Unexpected argument 'eval\/dev\.jsonl'/);
  });
});
