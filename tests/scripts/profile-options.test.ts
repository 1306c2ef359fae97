import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfileArgs, profileServerEnv } from '../../scripts/profile-options.js';
import { UsageError } from '../../src/errors.js';
import { OFFLINE_ENV, ROOT } from '../helpers/ops-harness.js';

describe('parseProfileArgs', () => {
  it('has defaults, and reads every flag', () => {
    expect(parseProfileArgs([])).toEqual({ help: false, seconds: 10, cache: 'on', path: undefined, top: 25 });
    expect(parseProfileArgs(['--', '--seconds', '2.5', '--cache', 'off', '--path', '/api/paragraphs/7', '--top=5'])).toEqual({
      help: false,
      seconds: 2.5,
      cache: 'off',
      path: '/api/paragraphs/7',
      top: 5,
    });
  });

  it.each<[string[], RegExp]>([
    [['--seconds', 'abc'], /^--seconds must be a number of seconds above 0 and at most 3600, not 'abc'\./],
    [['--seconds', '-5'], /^--seconds must be .* not '-5'\./],
    [['--seconds', '0'], /^--seconds must be .* not '0'\./],
    [['--seconds', 'Infinity'], /^--seconds must be .* not 'Infinity'\./],
    [['--top', '-3'], /^--top must be a whole number of 1 or more, not '-3'\./],
    [['--top', '2.5'], /^--top must be a whole number of 1 or more, not '2\.5'\./],
    [['--top', 'NaN'], /^--top must be .* not 'NaN'\./],
    [['--cache', 'of'], /^--cache must be on or off, not 'of'\./],
    [['--path', 'api/ask'], /^--path must start with '\/'/],
    [['--seconds'], /^--seconds needs a value\./],
    [['--bogus'], /^Unknown option '--bogus'\./],
  ])('refuses %j by name, on one line', (argv, message) => {
    expect(() => parseProfileArgs(argv)).toThrow(UsageError);
    expect(() => parseProfileArgs(argv)).toThrow(message);
    expect(() => parseProfileArgs(argv)).toThrow(/See `npm run profile -- --help`\.$/);
  });
});

describe('profileServerEnv', () => {
  it('leaves out an API_TOKEN of the environment (the load sends none) and runs one offline process', () => {
    const env = profileServerEnv({ API_TOKEN: 'a-token-of-32-characters-abcdefg', WORKERS: 'auto', OPENAI_API_KEY: 'sk-x', PATH: '/bin' }, parseProfileArgs(['--cache', 'off']), 4321, '/tmp/x');
    expect(env['API_TOKEN']).toBeUndefined();
    expect(env).toMatchObject({ PORT: '4321', HOST: '127.0.0.1', INDEX_DIR: '/tmp/x', WORKERS: '1', OPENAI_API_KEY: '', ANSWER_CACHE_SIZE: '0', PATH: '/bin' });
  });
});

describe('npm run profile with a mistake', () => {
  it.each([[['--bogus']], [['--seconds', 'abc']]])('%j: one line, exit 1, no stack trace', async (args) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/profile.ts', ...args], { cwd: ROOT, env: { ...process.env, ...OFFLINE_ENV } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^[^\n]+See `npm run profile -- --help`\.\n$/);
  });
});
