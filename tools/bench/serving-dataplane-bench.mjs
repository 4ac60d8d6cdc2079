#!/usr/bin/env node
// Data plane through the real platform (issue #11): `kuack up` with one-Pod Services of a minimal Node.js
// program, loaded with autocannon. Paths, all to the same kind of user container:
//   direct                    client → the user container of the `serve` Pod (its Pod IP, port 8080)
//   gateway → queue-proxy     client → gateway → queue-proxy → user container (SKS Serve, TBC 0)
//   gateway → activator → qp  client → gateway → activator → queue-proxy → user container (SKS Proxy, TBC -1)
// Per run and path: maximum throughput (10 connections), latency at a fixed rate for a handler that answers at
// once (10 connections) and one that sleeps 100 ms (150 connections). Medians over RUNS runs; in each run the
// paths follow each other. Then the cold start: COLD Services wait at zero Pods, and each is called once
// (revision at zero → response head through the gateway), for ROUNDS rounds.
//
//   node tools/bench/serving-dataplane-bench.mjs [--runs 3] [--seconds 5] [--rate 1000] [--cold 5] [--rounds 2]
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) =>
  process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : fallback;
const RUNS = arg('runs', 3);
const SECONDS = arg('seconds', 5);
const RATE = arg('rate', 1000);
const COLD = arg('cold', 5);
const ROUNDS = arg('rounds', 2);

// `kuack up` rebuilds stale bundles itself; do it first so nothing below waits for a build.
execFileSync(process.execPath, [path.join(ROOT, 'bin/kuack.js'), '--help'], { cwd: ROOT, stdio: 'ignore' });
const bundle = path.join(ROOT, 'dist/bench/serving-dataplane-bench-run.cjs');
await build({
  entryPoints: [path.join(ROOT, 'tools/bench/serving-dataplane-bench-run.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: bundle,
  tsconfig: path.join(ROOT, 'tsconfig.base.json'),
  logLevel: 'silent',
});
const { run } = (await import(bundle)).default;
const log = (line) => console.error(`[${new Date().toISOString()}] ${line}`);
const platform = await run({ root: ROOT, coldServices: COLD, log });

const targets = {
  direct: { url: `http://${platform.direct.host}:${platform.direct.port}`, headers: {} },
  'gateway → queue-proxy': {
    url: `http://127.0.0.1:${platform.gatewayPort}`,
    headers: { host: platform.serve.hostHeader },
  },
  'gateway → activator → queue-proxy': {
    url: `http://127.0.0.1:${platform.gatewayPort}`,
    headers: { host: platform.proxy.hostHeader },
  },
};
const names = Object.keys(targets);

/** One autocannon measurement; the latencies of every response are kept for exact percentiles (p95). */
function load(target, path, opts) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon(
      { url: target.url + path, headers: target.headers, connections: 10, duration: SECONDS, ...opts },
      (err, result) => {
        if (err) reject(err);
        else resolve({ ...result, latencies });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

try {
  for (const t of Object.values(targets)) await load(t, '/', { duration: 1 }); // warm pools and JIT
  const results = Object.fromEntries(names.map((n) => [n, { max: [], instant: [], sleep: [] }]));
  for (let i = 0; i < RUNS; i++) {
    for (const name of names) {
      const t = targets[name];
      results[name].max.push(await load(t, '/', {}));
      results[name].instant.push(await load(t, '/', { overallRate: RATE }));
      results[name].sleep.push(await load(t, '/sleep?ms=100', { overallRate: RATE, connections: 150 }));
    }
    log(`run ${i + 1}/${RUNS} done`);
  }
  console.log(
    `serving dataplane bench: ${RUNS} runs × ${SECONDS} s per measurement, node ${process.version}, ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const name of names) {
    const bad = ['max', 'instant', 'sleep'].flatMap((k) =>
      results[name][k]
        .filter((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
        .map((r) => `${k}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`),
    );
    if (bad.length) console.log(`  ${name}: ${bad.join('; ')}`);
  }
  const maxDirect = median(results.direct.max.map((r) => r.requests.average));
  for (const name of names) {
    const m = median(results[name].max.map((r) => r.requests.average));
    console.log(
      `max throughput ${name}: ${m.toFixed(0)} req/s (${(m / maxDirect).toFixed(2)} of direct); runs ${results[name].max.map((r) => r.requests.average.toFixed(0)).join(', ')}`,
    );
  }
  for (const kind of ['instant', 'sleep']) {
    for (const [p, q] of [
      ['p50', 0.5],
      ['p95', 0.95],
      ['p99', 0.99],
    ]) {
      const of = (name) => median(results[name][kind].map((r) => pct(r.latencies, q)));
      const d = of('direct');
      const parts = names.slice(1).map((name) => {
        const v = of(name);
        return `${name} ${v.toFixed(2)} (+${(v - d).toFixed(2)}, ×${(v / d).toFixed(2)})`;
      });
      console.log(
        `${kind} handler at ${RATE} req/s, latency ${p} ms: direct ${d.toFixed(2)}; ${parts.join('; ')}`,
      );
    }
    for (const name of names) {
      const rate = median(results[name][kind].map((r) => r.requests.average));
      console.log(`  achieved rate ${name} (${kind}): ${rate.toFixed(0)} req/s`);
    }
  }

  const cold = [];
  for (let round = 0; round < ROUNDS; round++) {
    await platform.allAtZero();
    for (const name of platform.cold) {
      const { ms, status } = await platform.coldStart(name);
      if (status !== 200) throw new Error(`cold start of ${name} answered ${status}`);
      cold.push(ms);
    }
    log(
      `cold round ${round + 1}/${ROUNDS}: ${cold
        .slice(-platform.cold.length)
        .map((x) => x.toFixed(0))
        .join(', ')} ms`,
    );
  }
  console.log(
    `cold start (zero → response head through the gateway), ${cold.length} samples: p50 ${pct(cold, 0.5).toFixed(0)} ms, p95 ${pct(cold, 0.95).toFixed(0)} ms, max ${Math.max(...cold).toFixed(0)} ms`,
  );
} finally {
  await platform.stop();
}
process.exit(0);
