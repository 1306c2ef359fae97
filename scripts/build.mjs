// Bundles the server entry points (dependencies stay external) and the web page into dist/.
import { build } from 'esbuild';
import { cp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: { server: 'src/main.ts', ingest: 'src/ingest/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
if (existsSync('web/src/main.ts')) {
  await mkdir('dist/web', { recursive: true });
  await build({
    entryPoints: ['web/src/main.ts'],
    outfile: 'dist/web/app.js',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2020',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  await cp('web/index.html', 'dist/web/index.html');
  if (existsSync('web/styles.css')) await cp('web/styles.css', 'dist/web/styles.css');
}
