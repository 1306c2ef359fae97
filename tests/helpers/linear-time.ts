import { expect } from 'vitest';

/*
 * Timing helpers for the linear-time suites: inputs of pathological shape, and a check that a function
 * finishes within a per-character budget and grows well under quadratically when its input grows 4×.
 */

export const SMALL = 15_000;
export const LARGE = 60_000;
/** Budget at LARGE: a fixed part plus this many milliseconds per character (5 µs). */
const BASE_MS = 60;
const PER_CHAR_MS = 0.005;
/** 4× the input may take at most this many times as long (plus noise): linear is 4, quadratic 16. */
const GROWTH = 8;
const NOISE_MS = 25;

const repeat = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** Inputs of pathological shape, `n` characters long. */
export const SHAPES: Readonly<Record<string, (n: number) => string>> = {
  'spaces': (n) => ' '.repeat(n),
  'spaces then x[7]': (n) => `${' '.repeat(n - 4)}x[7]`,
  'newlines': (n) => '\n'.repeat(n),
  'full-width spaces': (n) => '\u3000'.repeat(n),
  '[': (n) => '['.repeat(n),
  '【': (n) => '【'.repeat(n),
  '( and （': (n) => repeat('(（', n),
  '[7] [7] …': (n) => repeat('[7] ', n),
  '[7 unclosed': (n) => repeat('[7', n),
  '[ then digits': (n) => `[${'7'.repeat(n - 1)}`,
  'digits': (n) => '7'.repeat(n),
  '[^1] footnotes': (n) => repeat('[^1]: x\n', n),
  '第': (n) => '第'.repeat(n),
  '第一': (n) => repeat('第一', n),
  '第7段': (n) => repeat('第7段', n),
  'paragraph ': (n) => repeat('paragraph ', n),
  'para 7, and ': (n) => repeat('para 7, and ', n),
  '<': (n) => '<'.repeat(n),
  '<think>': (n) => repeat('<think>', n),
  '</think': (n) => repeat('</think', n),
  '<system + spaces': (n) => `<system${' '.repeat(n - 7)}`,
  '＜/question＞': (n) => repeat('＜/question＞', n),
  '“ unclosed': (n) => repeat('“a', n),
  '"': (n) => '"'.repeat(n),
  '. ': (n) => repeat('. ', n),
  'A. B. ': (n) => repeat('A. ', n),
  'May 2023 ': (n) => repeat('May 2023 ', n),
  'does not say ': (n) => repeat('does not say ', n),
  '没有提及': (n) => repeat('没有提及', n),
  '- list items': (n) => repeat('- 一项[7]\n', n),
  'Chinese answer': (n) => repeat('双方同意加快推进瓜达尔港配套设施建设[7]。', n),
  'English answer': (n) => repeat('Both sides agreed to speed up the supporting facilities at Gwadar Port [7]. ', n),
  'Han characters': (n) => Array.from({ length: n }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20_000))).join(''),
  'sk- keys': (n) => repeat('sk-abcdefgh ', n),
};

/** Best wall-clock and best CPU milliseconds of `runs` runs. */
export function best(fn: () => unknown, runs = 2): { wall: number; cpu: number } {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const used = process.cpuUsage();
    fn();
    const d = process.cpuUsage(used);
    wall = Math.min(wall, performance.now() - started);
    cpu = Math.min(cpu, (d.user + d.system) / 1000);
  }
  return { wall, cpu };
}

/** Runs `fn` on every shape at both sizes and asserts the budget and the growth. */
export function expectLinear(
  fn: (text: string) => unknown,
  options: { shapes?: readonly string[]; perCharMs?: number; small?: number; large?: number } = {},
): void {
  const small0 = options.small ?? SMALL;
  const large0 = options.large ?? LARGE;
  const names = options.shapes ?? Object.keys(SHAPES);
  const perChar = options.perCharMs ?? PER_CHAR_MS;
  const report: string[] = [];
  for (const name of names) {
    const make = SHAPES[name]!;
    const small = make(small0);
    const large = make(large0);
    fn(small);
    const ts = best(() => fn(small));
    const tl = best(() => fn(large));
    report.push(`${name}: ${ts.cpu.toFixed(1)} → ${tl.cpu.toFixed(1)} ms CPU, ${tl.wall.toFixed(1)} ms wall`);
    expect(tl.wall, `${name} at ${large0} chars: ${tl.wall.toFixed(1)} ms`).toBeLessThan(BASE_MS + perChar * large0);
    expect(tl.cpu, `${name}: ${ts.cpu.toFixed(1)} ms at ${small0}, ${tl.cpu.toFixed(1)} ms at ${large0} (CPU)`).toBeLessThan(GROWTH * ts.cpu + NOISE_MS);
  }
  // Shown with --reporter=verbose; handy when a budget needs a look.
  if (process.env['TIMING_REPORT']) console.log(report.join('\n'));
}

