// Bundles the extension and the CLI. `--production` minifies (release builds, `npm run package`);
// `--watch` rebuilds on change. `vscode` stays external: the host provides it at run time.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'info',
  define: { PRICE_ATLAS_VERSION: JSON.stringify(version) },
};

const configs = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    // The first statement of the bundle: when its evaluation started, for the activation figures.
    banner: { js: 'globalThis.__priceAtlasLoadStart = performance.now();' },
  },
  // Index builds run on worker threads; both bundles load this file from their own folder.
  { ...common, entryPoints: ['src/core/prices/write/index-worker.ts'], outfile: 'dist/index-worker.js' },
  // Loaded by the extension on first use (src/ui/lazy.ts), so activation does not pay for them.
  { ...common, entryPoints: ['src/ui/bundles/engine.ts'], outfile: 'dist/engine.js' },
  { ...common, entryPoints: ['src/ui/bundles/iac.ts'], outfile: 'dist/iac.js' },
  { ...common, entryPoints: ['src/ui/bundles/aws.ts'], outfile: 'dist/aws.js' },
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
];

if (watch) {
  for (const config of configs) {
    const ctx = await esbuild.context(config);
    await ctx.watch();
  }
} else {
  await Promise.all(configs.map((config) => esbuild.build(config)));
}
