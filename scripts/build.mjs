// Bundles the server entry points (dependencies stay external) and the web page into dist/.
// `node scripts/build.mjs --web` rebuilds only dist/web (the browser tests use it).
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { NODE_BUNDLE } from './esbuild-node.mjs';

const webOnly = process.argv.includes('--web');

if (!webOnly) {
  await rm('dist', { recursive: true, force: true });
  // Entry points that do not exist yet are skipped, so the page can be built while the server is written.
  const entryPoints = Object.fromEntries(
    Object.entries({ server: 'src/main.ts', ingest: 'src/ingest/cli.ts' }).filter(([, file]) => existsSync(file)),
  );
  if (Object.keys(entryPoints).length > 0) {
    await build({
      ...NODE_BUNDLE,
      entryPoints,
      outdir: 'dist',
      // Code loaded on demand (transformers.js, only with an embedding model) stays in its own chunk,
      // so a start without a model does not load it.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      sourcemap: true,
    });
  }
}

if (existsSync('web/src/main.ts')) {
  await rm('dist/web', { recursive: true, force: true });
  await mkdir('dist/web', { recursive: true });
  await build({
    entryPoints: ['web/src/main.ts'],
    outfile: 'dist/web/app.js',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  // The stylesheet goes through esbuild too: minified, and checked for syntax errors.
  await build({
    entryPoints: ['web/styles.css'],
    outfile: 'dist/web/styles.css',
    bundle: true,
    minify: true,
    target: ['chrome100', 'firefox100', 'safari15'],
    logLevel: 'warning',
  });
  await cp('web/index.html', 'dist/web/index.html');
}
