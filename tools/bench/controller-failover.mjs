#!/usr/bin/env node
// libs/controller leader election: time until a follower leads after the leader dies (no release; bounded by
// the 15 s lease) and after it stops gracefully (releases the Lease), default timings, real kube-apiserver.
// Medians of RUNS runs.
//
//   eval "$(npm run -s testenv -- env)"; node tools/bench/controller-failover.mjs [--runs 3]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = process.argv.includes('--runs') ? Number(process.argv[process.argv.indexOf('--runs') + 1]) : 3;
const kubeconfig = process.env.KUBECONFIG;
if (!kubeconfig) {
  console.error(
    'KUBECONFIG is not set: npm run testenv -- up kube, then eval "$(npm run -s testenv -- env)"',
  );
  process.exit(2);
}
const bundle = path.join(ROOT, 'dist/bench/controller-failover-run.cjs');
await build({
  entryPoints: [path.join(ROOT, 'tools/bench/controller-failover-run.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: bundle,
  tsconfig: path.join(ROOT, 'tsconfig.base.json'),
  logLevel: 'silent',
});
const { run, cleanup } = (await import(bundle)).default;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ns = `bench-failover-${process.pid}`;
const crash = [];
const graceful = [];
for (let i = 0; i < RUNS; i++) {
  crash.push(await run(kubeconfig, ns, `crash-${i}`, false));
  graceful.push(await run(kubeconfig, ns, `graceful-${i}`, true));
  console.error(`run ${i + 1}/${RUNS}: crash ${crash[i].toFixed(2)} s, graceful ${graceful[i].toFixed(2)} s`);
}
await cleanup(kubeconfig, ns);
console.log(
  JSON.stringify(
    {
      runs: RUNS,
      leaseSeconds: 15,
      retrySeconds: 2,
      medianCrashFailoverSeconds: Number(median(crash).toFixed(2)),
      medianGracefulHandoverSeconds: Number(median(graceful).toFixed(2)),
      crash,
      graceful,
    },
    null,
    2,
  ),
);
