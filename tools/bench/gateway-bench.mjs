#!/usr/bin/env node
// Gateway benchmark: throughput and latency of requests through the gateway (Host routing, one split, appended
// headers, forwarding headers, keep-alive pool) against the same upstream called directly, measured side by
// side in the same run. The upstream answers "ok" at once and runs in its own process, as do the embedded
// cluster and the gateway (the bundles of apps/embedded-cluster and apps/gateway). Load: autocannon.
// Medians of RUNS runs, each run alternating direct and gateway.
//
//   node tools/bench/gateway-bench.mjs [--runs 3] [--seconds 5] [--connections 10] [--rate 1000]
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) =>
  process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : fallback;
const RUNS = arg('runs', 3);
const SECONDS = arg('seconds', 5);
const CONNECTIONS = arg('connections', 10);
const RATE = arg('rate', 1000);
const HOST = 'upstream.bench.localhost';

for (const app of ['apps/embedded-cluster', 'apps/gateway']) {
  execFileSync(process.execPath, [path.join(ROOT, 'tools/build/bundle.mjs'), app], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}
const runBundle = path.join(ROOT, 'dist/bench/gateway-bench-run.cjs');
await build({
  entryPoints: [path.join(ROOT, 'tools/bench/gateway-bench-run.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: runBundle,
  tsconfig: path.join(ROOT, 'tsconfig.base.json'),
  logLevel: 'silent',
});
const { setup } = (await import(runBundle)).default;

const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

/** Spawns a process and resolves with the first stdout line matching `pattern`. */
function start(args, pattern, env = {}) {
  const child = spawn(process.execPath, args, { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
  children.push(child);
  child.stderr.on('data', (d) => process.stderr.write(d));
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = pattern.exec(line);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`${args[args.length - 1]} exited with ${code}`)));
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-gateway-bench-'));
const [, kubeconfig] = await start(
  [path.join(ROOT, 'dist/apps/embedded-cluster/main.js'), '--data-dir', dir, '--port', '0'],
  /kubeconfig: (\S+)/,
);
const [, upstreamPort] = await start(
  [
    '-e',
    "const s=require('node:http').createServer((q,r)=>{r.writeHead(200,{'content-type':'text/plain'});r.end('ok')});" +
      "s.keepAliveTimeout=60000;s.listen(0,'127.0.0.1',()=>console.log('port='+s.address().port))",
  ],
  /port=(\d+)/,
);
const [, gatewayPort] = await start(
  [
    path.join(ROOT, 'dist/apps/gateway/main.js'),
    '--kubeconfig',
    kubeconfig,
    '--http-port',
    '0',
    '--https-port',
    'none',
    '--admin-port',
    'none',
  ],
  /listening http=(\d+)/,
);
await setup(kubeconfig, Number(upstreamPort), HOST);

function load(port, opts) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}/`,
        headers: { host: HOST },
        connections: CONNECTIONS,
        duration: SECONDS,
        ...opts,
      },
      (err, result) => {
        if (err) reject(err);
        else if (result.non2xx > 0 || result.errors > 0)
          reject(new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors on port ${port}`));
        else resolve(result);
      },
    );
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const targets = { direct: Number(upstreamPort), gateway: Number(gatewayPort) };
await load(targets.gateway, { duration: 1 }); // warm the pools and the JIT
await load(targets.direct, { duration: 1 });

const max = { direct: [], gateway: [] };
const fixed = { direct: [], gateway: [] };
for (let i = 0; i < RUNS; i++) {
  for (const name of ['direct', 'gateway']) {
    max[name].push(await load(targets[name], {}));
    fixed[name].push(await load(targets[name], { overallRate: RATE }));
  }
}

const row = (label, results, field) => median(results.map(field));
console.log(
  `gateway bench: ${RUNS} runs × ${SECONDS} s, ${CONNECTIONS} connections, node ${process.version}, ${os.cpus().length} cores`,
);
console.log(
  `max throughput (req/s, median): direct ${row('', max.direct, (r) => r.requests.average).toFixed(0)}, ` +
    `gateway ${row('', max.gateway, (r) => r.requests.average).toFixed(0)}, ratio ${(
      row('', max.gateway, (r) => r.requests.average) / row('', max.direct, (r) => r.requests.average)
    ).toFixed(2)}`,
);
for (const p of ['p50', 'p90', 'p99']) {
  const d = row('', fixed.direct, (r) => r.latency[p]);
  const g = row('', fixed.gateway, (r) => r.latency[p]);
  console.log(
    `at ${RATE} req/s, latency ${p} (ms, median): direct ${d.toFixed(2)}, gateway ${g.toFixed(2)}, added ${(g - d).toFixed(2)}`,
  );
}
console.log(
  `runs (req/s) direct ${max.direct.map((r) => r.requests.average.toFixed(0)).join(', ')}; gateway ${max.gateway
    .map((r) => r.requests.average.toFixed(0))
    .join(', ')}`,
);
for (const c of children) c.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 500));
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
