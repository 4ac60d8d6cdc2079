#!/usr/bin/env node
// Embedded cluster benchmark: ready time (cold: fresh data dir incl. key generation; warm: existing state),
// writes/s (sequential and 16 in flight), listing 10,000 ConfigMaps, and watch event latency with 100 watchers.
// The same API figures for the real kube-apiserver of the testenv when KUBECONFIG is set (same run).
// Medians of RUNS runs.
//
//   eval "$(npm run -s testenv -- env)"; node tools/bench/embedded-cluster-bench.mjs [--runs 3] [--objects 10000]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) =>
  process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : fallback;
const RUNS = arg('runs', 3);
const OBJECTS = arg('objects', 10_000);
const WATCHERS = arg('watchers', 100);
const EVENTS = arg('events', 20);

execFileSync(process.execPath, [path.join(ROOT, 'tools/build/bundle.mjs'), 'apps/embedded-cluster'], {
  cwd: ROOT,
  stdio: 'ignore',
});
const MAIN = path.join(ROOT, 'dist/apps/embedded-cluster/main.js');
const bundle = path.join(ROOT, 'dist/bench/embedded-cluster-bench-run.cjs');
await build({
  entryPoints: [path.join(ROOT, 'tools/bench/embedded-cluster-bench-run.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: bundle,
  tsconfig: path.join(ROOT, 'tsconfig.base.json'),
  logLevel: 'silent',
});
const b = (await import(bundle)).default;

const median = (xs) => {
  const s = [...xs].sort((a, c) => a - c);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) =>
  [...xs].sort((a, c) => a - c)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const port = () => 20000 + Math.floor(Math.random() * 20000);

// Ready time: spawn → /readyz 200.
const cold = [];
const warm = [];
for (let i = 0; i < RUNS; i++) {
  const dir = b.tempDir();
  const p = port();
  cold.push(await b.readyTimeMs(MAIN, dir, p));
  warm.push(await b.readyTimeMs(MAIN, dir, p));
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(
  `ready (spawn → /readyz 200): cold ${median(cold).toFixed(0)} ms, warm ${median(warm).toFixed(0)} ms  [runs: cold ${cold.map((x) => x.toFixed(0)).join(', ')}; warm ${warm.map((x) => x.toFixed(0)).join(', ')}]`,
);

async function apiFigures(label, kubeconfig) {
  const c = await b.connect(kubeconfig);
  const seq = [];
  const par = [];
  const lists = [];
  const lat = [];
  for (let r = 0; r < RUNS; r++) {
    const ns = `bench-${label}-${process.pid}-${r}`;
    await b.createNamespace(c, ns);
    seq.push(await b.writes(c, ns, 'seq', 500, 1));
    par.push(await b.writes(c, ns, 'par', OBJECTS - 500, 16));
    for (let i = 0; i < 3; i++) lists.push(await b.listMs(c, ns, OBJECTS));
    const wns = `${ns}-w`;
    await b.createNamespace(c, wns);
    lat.push(...(await b.watchLatencies(c, wns, WATCHERS, EVENTS)));
    await b.deleteNamespace(c, ns);
    await b.deleteNamespace(c, wns);
  }
  c.agent.destroy();
  return { seq: median(seq), par: median(par), list: median(lists), p50: pct(lat, 50), p99: pct(lat, 99) };
}

const results = {};
{
  const dir = b.tempDir();
  const p = port();
  const { spawn } = await import('node:child_process');
  const child = spawn(
    process.execPath,
    [MAIN, '--data-dir', dir, '--port', String(p), '--crd-dir', path.join(dir, 'none')],
    { stdio: 'ignore' },
  );
  await b.readyTimeMs; // readiness below
  for (;;) {
    try {
      const c = await b.connect(path.join(dir, 'kubeconfig'));
      if ((await b.request(c, 'GET', '/readyz')).status === 200) break;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  try {
    results.embedded = await apiFigures('embedded', path.join(dir, 'kubeconfig'));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
if (process.env.KUBECONFIG) results.kube = await apiFigures('kube', process.env.KUBECONFIG);
else console.log('KUBECONFIG not set: no kube-apiserver figures');

const row = (name, r) =>
  `${name.padEnd(16)} ${r.seq.toFixed(0).padStart(10)} ${r.par.toFixed(0).padStart(12)} ${r.list.toFixed(0).padStart(12)} ${r.p50.toFixed(1).padStart(10)} ${r.p99.toFixed(1).padStart(10)}`;
console.log(
  `\n${'server'.padEnd(16)} ${'writes/s 1'.padStart(10)} ${'writes/s 16'.padStart(12)} ${`list ${OBJECTS} ms`.padStart(12)} ${'watch p50'.padStart(10)} ${'watch p99'.padStart(10)}`,
);
for (const [name, r] of Object.entries(results)) console.log(row(name, r));
if (results.kube) {
  const e = results.embedded;
  const k = results.kube;
  console.log(
    `\nratios embedded/kube: writes 1 ${(e.seq / k.seq).toFixed(2)}×, writes 16 ${(e.par / k.par).toFixed(2)}×, list ${(e.list / k.list).toFixed(2)}× the time, watch p50 ${(e.p50 / k.p50).toFixed(2)}× the latency`,
  );
}
console.log(`(${RUNS} runs, ${WATCHERS} watchers × ${EVENTS} events, medians)`);
