#!/usr/bin/env node
// Serving control plane benchmark: time from applying a Knative Service to its Ready=True, in local mode
// through `kuack up` (embedded cluster, node agent, serving-controller, activator, gateway; every Pod a real
// process pair: the tiny Node.js hello program + the queue-proxy). Two measures: SINGLES Services one after
// another (each also timed to its first 200 through the gateway, then deleted), and BURST Services created one
// per second (Knative's anchor: p95 ≤ 25 s on a cluster). During the burst the platform's process tree
// (count, summed RSS) and the host's MemAvailable are sampled; creation stops early when MemAvailable drops
// below --min-free-mib, and the figures then say how many Services were created.
//
//   node tools/bench/serving-bench.mjs [--singles 5] [--burst 100] [--min-free-mib 3072] [--tail-seconds 180]
//                                      [--min-scale N]   (min-scale annotation on the burst Services)
//                                      [--keep-data]     (keep the data dir: component and Pod logs)
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) =>
  process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : fallback;

// `kuack up` rebuilds stale bundles itself; do it first so its start time is not a build time.
execFileSync(process.execPath, [path.join(ROOT, 'bin/kuack.js'), '--help'], { cwd: ROOT, stdio: 'ignore' });

const bundle = path.join(ROOT, 'dist/bench/serving-bench-run.cjs');
await build({
  entryPoints: [path.join(ROOT, 'tools/bench/serving-bench-run.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: bundle,
  tsconfig: path.join(ROOT, 'tsconfig.base.json'),
  logLevel: 'silent',
});
const { run } = (await import(bundle)).default;

/** Nearest-rank percentile. */
const pct = (xs, p) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Number(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)].toFixed(2));
};
const stats = (xs) => ({ n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100) });

const result = await run({
  root: ROOT,
  singles: arg('singles', 5),
  burst: arg('burst', 100),
  minFreeMiB: arg('min-free-mib', 3072),
  tailSeconds: arg('tail-seconds', 180),
  burstMinScale: arg('min-scale', undefined),
  keepData: process.argv.includes('--keep-data'),
  log: (line) => console.error(line),
});

const peak = (key) => Math.max(0, ...result.samples.map((s) => s[key]));
const summary = {
  cores: (await import('node:os')).cpus().length,
  loadAverageAtEnd: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(1))),
  platformStartSeconds: Number(result.platformStartSeconds.toFixed(1)),
  single: {
    applyToReady: stats(result.singleSeconds),
    applyToFirst200: stats(result.singleFirstAnswerSeconds),
  },
  burst: {
    minScale: result.burstMinScale ?? null,
    requested: result.burstRequested,
    created: result.burstCreated,
    ready: result.burstReadySeconds.length,
    applyToReady: stats(result.burstReadySeconds),
    // In creation order: the first and the last 20 created, to see a backlog build up.
    first20: stats(result.burstReadySeconds.slice(0, 20)),
    last20: stats(result.burstReadySeconds.slice(-20)),
    notReady: result.burstNotReady,
    stoppedEarly: result.stoppedEarly ?? null,
    peakProcesses: peak('processes'),
    peakRssMiB: peak('rssMiB'),
    minMemAvailableMiB: Math.min(...result.samples.map((s) => s.memAvailableMiB)),
  },
};
console.log(JSON.stringify(summary, null, 2));
