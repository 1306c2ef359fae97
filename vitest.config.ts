import { defineConfig } from 'vitest/config';

// Suites that time the event loop (health checks answering while hostile text is handled, CPU growth
// with input size): they run after the rest, one file at a time, so other test files do not compete
// with them for the CPU and turn a timing budget into a coin toss on a 2-core machine.
const TIMED = [
  'tests/hostile/model-text.test.ts',
  'tests/hostile/timing.test.ts',
  'tests/hostile/question-timing.test.ts',
  'tests/faults/index-swap.test.ts',
  'tests/soak/soak.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Native addons (hnswlib, onnxruntime, jieba) are safest in forked processes.
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'main', include: ['tests/**/*.test.ts'], exclude: TIMED, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'timed', include: TIMED, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
