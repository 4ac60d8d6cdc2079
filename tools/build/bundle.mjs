#!/usr/bin/env node
// Bundles an app (apps/NAME/src/main.ts) with its @kuack/* libs into dist/apps/NAME/main.js (CommonJS,
// Node 20). npm packages stay external: they are required from node_modules at run time, except for apps that
// run inside images (SELF_CONTAINED), where there is no node_modules: those carry their packages in the bundle.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../..');
const SELF_CONTAINED = new Set(['apps/queue-proxy']);
const [projectDir] = process.argv.slice(2);
if (!projectDir || !fs.existsSync(path.join(root, projectDir, 'src/main.ts'))) {
  console.error(`usage: bundle.mjs apps/NAME (with src/main.ts); got ${projectDir ?? 'nothing'}`);
  process.exit(2);
}
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const outdir = path.join(root, 'dist', projectDir);
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: [path.join(projectDir, 'src/main.ts')],
  outfile: path.join(outdir, 'main.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: SELF_CONTAINED.has(projectDir.replace(/\/$/, '')) ? undefined : 'external',
  tsconfig: path.join(root, 'tsconfig.base.json'),
  sourcemap: 'linked',
  define: { KUACK_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
});
console.log(`bundled ${projectDir} → ${path.relative(root, outdir)}/main.js`);
