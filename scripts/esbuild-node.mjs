// The esbuild options of every server bundle: `npm run build`, the test harness's private bundle and
// the bench's load target, so each runs the code `npm start` runs.
export const NODE_BUNDLE = Object.freeze({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // esbuild turns a /\p{…}/ literal into `new RegExp(…)` for every target (Unicode data differs between
  // engines), which inside a function builds the pattern on every call. Node 20 has these escapes.
  supported: { 'regexp-unicode-property-escapes': true },
  logLevel: 'warning',
});
