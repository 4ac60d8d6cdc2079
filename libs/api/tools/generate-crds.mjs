#!/usr/bin/env node
// Regenerates libs/api/src/core/k8s-models.json (from @kubernetes/client-node) and every CRD in
// charts/kuack/files/crds/ from the kinds registered in libs/api. Run: npx nx run api:generate-crds
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../../..');
fs.mkdirSync(path.join(root, 'node_modules/.cache'), { recursive: true });
execFileSync(process.execPath, [path.join(import.meta.dirname, 'extract-k8s-models.mjs')], {
  stdio: 'inherit',
});
// Inside node_modules so the bundle resolves its npm dependencies from the workspace.
const tmp = fs.mkdtempSync(path.join(root, 'node_modules/.cache/kuack-crds-'));
const out = path.join(tmp, 'write-crds.cjs');
try {
  await build({
    absWorkingDir: root,
    stdin: {
      contents: "const { writeCrds } = require('./libs/api/src/crd/write-crds'); module.exports = writeCrds;",
      resolveDir: root,
      loader: 'ts',
    },
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    tsconfig: path.join(root, 'tsconfig.base.json'),
    logLevel: 'warning',
  });
  const writeCrds = createRequire(import.meta.url)(out);
  const files = writeCrds(root);
  console.log(`wrote ${files.length} CRDs to charts/kuack/files/crds/`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
