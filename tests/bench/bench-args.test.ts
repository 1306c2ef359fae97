import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, SECTIONS } from '../../bench/bench-args.js';
import { UsageError } from '../../src/errors.js';
import { OFFLINE_ENV, ROOT } from '../helpers/ops-harness.js';

describe('parseBenchArgs', () => {
  it('runs every section at full length, no JSON, when given nothing', () => {
    expect(parseBenchArgs([])).toEqual({ help: false, quick: false, json: undefined, only: SECTIONS });
  });
  it.each<[string[], string]>([
    [['--json', '--quick'], 'bench-results.json'],
    [['--quick', '--json'], 'bench-results.json'],
    [['--json', 'out.json', '--quick'], 'out.json'],
    [['--', '--quick', '--json=out.json'], 'out.json'],
  ])('honours --json and --quick together: %j', (argv, json) => {
    // `--json --quick` once wrote the figures to a file named "--quick".
    expect(parseBenchArgs(argv)).toMatchObject({ quick: true, json });
  });
  it('takes a comma-separated --only, spaces allowed', () => {
    expect(parseBenchArgs(['--only', 'load, start', '--json']).only).toEqual(['load', 'start']);
  });
  it.each([[['--only']], [['--only', '--quick']], [['--only=']], [['--only', ',']]])('--only without its sections is a one-line usage error, not every section: %j', (argv) => {
    expect(() => parseBenchArgs(argv)).toThrow(UsageError);
    expect(() => parseBenchArgs(argv)).toThrow(/^--only needs a value[^\n]*See `npm run bench -- --help`\.$/);
  });
  it('refuses an unknown section or flag', () => {
    expect(() => parseBenchArgs(['--only', 'load,disk'])).toThrow(/^Unknown section 'disk': --only takes ingest,retrieval,load,llm,start\. See/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/^Unknown option '--fast'\. See `npm run bench -- --help`\.$/);
  });
});

describe('npm run bench with a mistake', () => {
  it('--only without its sections: one line, exit 1, nothing measured', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bench/run-bench.ts', '--only'], { cwd: ROOT, env: { ...process.env, ...OFFLINE_ENV } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^--only needs a value[^\n]*\. See `npm run bench -- --help`\.\n$/);
    expect(stdout).toBe('');
  });
});
