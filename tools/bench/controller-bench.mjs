#!/usr/bin/env node
// libs/controller benchmark: reconcile N Widgets (a sample CRD whose reconciler keeps a ConfigMap child and a
// status) from a cold start against the real kube-apiserver of the testenv. Reports the time to converge, the
// informer sync time (list+watch only) and the time the test's writer needs to create the N objects as in-run
// baselines, and the API requests by verb and resource counted in the controller's own client. Medians of RUNS
// runs.
//
//   eval "$(npm run -s testenv -- env)"; node tools/bench/controller-bench.mjs [--objects 1000] [--runs 3] [--workers 4]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) =>
  process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : fallback;
const OBJECTS = arg('objects', 1000);
const RUNS = arg('runs', 3);
const WORKERS = arg('workers', 4);
const kubeconfig = process.env.KUBECONFIG;
if (!kubeconfig) {
  console.error(
    'KUBECONFIG is not set: npm run testenv -- up kube, then eval "$(npm run -s testenv -- env)"',
  );
  process.exit(2);
}

const bundle = path.join(ROOT, 'dist/bench/controller-bench-run.cjs');
await build({
  entryPoints: [path.join(ROOT, 'tools/bench/controller-bench-run.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: bundle,
  tsconfig: path.join(ROOT, 'tsconfig.base.json'),
  logLevel: 'silent',
});
const { run } = (await import(bundle)).default;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = [];
for (let i = 0; i < RUNS; i++) {
  const r = await run(kubeconfig, `bench-ctrl-${process.pid}-${i}`, OBJECTS, WORKERS);
  results.push(r);
  console.error(
    `run ${i + 1}/${RUNS}: seed ${r.seedSeconds.toFixed(2)} s, sync ${r.syncSeconds.toFixed(2)} s, converged ${r.convergeSeconds.toFixed(2)} s, ${r.totalRequests} requests`,
  );
}
const keys = [...new Set(results.flatMap((r) => Object.keys(r.requests)))].sort();
const summary = {
  objects: OBJECTS,
  workers: WORKERS,
  runs: RUNS,
  medianSeedSeconds: Number(median(results.map((r) => r.seedSeconds)).toFixed(3)),
  medianSyncSeconds: Number(median(results.map((r) => r.syncSeconds)).toFixed(3)),
  medianConvergeSeconds: Number(median(results.map((r) => r.convergeSeconds)).toFixed(3)),
  objectsPerSecond: Math.round(OBJECTS / median(results.map((r) => r.convergeSeconds))),
  convergeOverSync: Number(
    (median(results.map((r) => r.convergeSeconds)) / median(results.map((r) => r.syncSeconds))).toFixed(1),
  ),
  medianRequests: Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r.requests[k] ?? 0))])),
  medianTotalRequests: median(results.map((r) => r.totalRequests)),
};
console.log(JSON.stringify(summary, null, 2));
