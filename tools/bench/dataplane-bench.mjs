#!/usr/bin/env node
// Data-plane benchmark (issue #11): latency added by the queue-proxy, and by the activator + queue-proxy, at a
// fixed request rate, for a handler that answers at once and one that sleeps 100 ms; and the maximum throughput
// of each path against the same upstream called directly. Every piece is its own process (the bundles of
// apps/queue-proxy, apps/activator and apps/embedded-cluster, and a plain node:http upstream). Load: autocannon.
// Medians of RUNS runs; within a run the paths are measured one after the other.
//
//   node tools/bench/dataplane-bench.mjs [--runs 3] [--seconds 5] [--rate 1000]
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
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
const RATE = arg('rate', 1000);

for (const app of ['apps/embedded-cluster', 'apps/queue-proxy', 'apps/activator']) {
  execFileSync(process.execPath, [path.join(ROOT, 'tools/build/bundle.mjs'), app], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}
const runBundle = path.join(ROOT, 'dist/bench/dataplane-bench-run.cjs');
await build({
  entryPoints: [path.join(ROOT, 'tools/bench/dataplane-bench-run.ts')],
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

function start(args, pattern, env = {}) {
  const child = spawn(process.execPath, args, { env: { ...process.env, LOG_LEVEL: 'error', ...env } });
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-dataplane-bench-'));
const [, kubeconfig] = await start(
  [
    path.join(ROOT, 'dist/apps/embedded-cluster/main.js'),
    '--data-dir',
    dir,
    '--port',
    '0',
    '--crd-dir',
    path.join(ROOT, 'charts/kuack/files/crds'),
  ],
  /kubeconfig: (\S+)/,
);
const [, upstreamPort] = await start(
  [
    '-e',
    "const s=require('node:http').createServer((q,r)=>{const end=()=>{r.writeHead(200,{'content-type':'text/plain'});r.end('ok')};" +
      "if(q.url==='/sleep')setTimeout(end,100);else end()});" +
      "s.keepAliveTimeout=60000;s.listen(0,'127.0.0.1',()=>console.log('port='+s.address().port))",
  ],
  /port=(\d+)/,
);
const [, qpPort] = await start(
  [path.join(ROOT, 'dist/apps/queue-proxy/main.js')],
  /listening serving=(\d+)/,
  {
    SERVING_NAMESPACE: 'bench',
    SERVING_REVISION: 'hello-00001',
    SERVING_CONFIGURATION: 'hello',
    SERVING_POD: 'hello-00001-bench',
    SERVING_POD_IP: '127.0.0.1',
    QUEUE_BIND_ADDRESS: '127.0.0.1',
    QUEUE_SERVING_PORT: '0',
    QUEUE_ADMIN_PORT: '0',
    METRICS_PORT: '0',
    USER_PORT: upstreamPort,
    CONTAINER_CONCURRENCY: '0',
    REVISION_TIMEOUT_SECONDS: '300',
  },
);
await setup(kubeconfig, Number(qpPort));
const [, activatorPort] = await start(
  [
    path.join(ROOT, 'dist/apps/activator/main.js'),
    '--kubeconfig',
    kubeconfig,
    '--address',
    '127.0.0.1:0',
    '--autoscaler-url',
    'http://127.0.0.1:9', // nothing listens: the stats pushes fail quietly
  ],
  /activator listening on [\d.]+:(\d+)/,
);
// Reference: the smallest keep-alive node:http proxy (no header handling, no timeouts, no stats), for the cost
// of one Node.js hop on this machine.
const [, minimalPort] = await start(
  [
    '-e',
    "const http=require('node:http');const a=new http.Agent({keepAlive:true,maxSockets:Infinity});" +
      `const s=http.createServer((q,r)=>{const u=http.request({host:'127.0.0.1',port:${upstreamPort},method:q.method,path:q.url,headers:q.headers,agent:a},(ur)=>{r.writeHead(ur.statusCode,ur.headers);ur.pipe(r)});q.pipe(u)});` +
      "s.keepAliveTimeout=60000;s.listen(0,'127.0.0.1',()=>console.log('port='+s.address().port))",
  ],
  /port=(\d+)/,
);
const REVISION_HEADERS = { 'knative-serving-revision': 'hello-00001', 'knative-serving-namespace': 'bench' };
const targets = {
  direct: { port: Number(upstreamPort), headers: {} },
  'minimal node proxy': { port: Number(minimalPort), headers: {} },
  'queue-proxy': { port: Number(qpPort), headers: {} },
  'activator+queue-proxy': { port: Number(activatorPort), headers: REVISION_HEADERS },
};

// The activator learns the Endpoints through its informer: wait until it routes.
for (let i = 0; ; i++) {
  const status = await new Promise((resolve) =>
    http
      .get({ host: '127.0.0.1', port: activatorPort, headers: REVISION_HEADERS, timeout: 2000 }, (r) => {
        r.resume();
        resolve(r.statusCode);
      })
      .on('error', () => resolve(0)),
  );
  if (status === 200) break;
  if (i > 100) throw new Error(`the activator does not route (last status ${status})`);
  await new Promise((r) => setTimeout(r, 100));
}

function load(target, opts) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${target.port}/`,
        headers: target.headers,
        connections: 10,
        duration: SECONDS,
        ...opts,
      },
      (err, result) => {
        if (err) reject(err);
        else if (result.non2xx > 0 || result.errors > 0)
          reject(
            new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors on port ${target.port}`),
          );
        else resolve(result);
      },
    );
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const t of Object.values(targets)) await load(t, { duration: 1 }); // warm pools and JIT

const names = Object.keys(targets);

// Unloaded latency: single requests on one keep-alive connection, the paths interleaved request by request so
// load swings of the shared machine hit them alike.
const sequential = Object.fromEntries(names.map((n) => [n, []]));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const once = (t, path) =>
  new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http
      .get({ host: '127.0.0.1', port: t.port, path, headers: t.headers, agent }, (r) => {
        r.resume();
        r.on('end', () => resolve(Number(process.hrtime.bigint() - t0) / 1e6));
      })
      .on('error', reject);
  });
for (let i = 0; i < 500 * RUNS; i++) for (const n of names) sequential[n].push(await once(targets[n], '/'));
agent.destroy();
const results = Object.fromEntries(names.map((n) => [n, { max: [], instant: [], sleep: [] }]));
for (let i = 0; i < RUNS; i++) {
  for (const name of names) {
    const t = targets[name];
    results[name].max.push(await load(t, {}));
    results[name].instant.push(await load(t, { overallRate: RATE }));
    // 1,000 req/s of 100 ms requests keep ~100 in flight: one connection each.
    results[name].sleep.push(
      await load(t, { overallRate: RATE, connections: 150, url: `http://127.0.0.1:${t.port}/sleep` }),
    );
  }
}

console.log(
  `dataplane bench: ${RUNS} runs × ${SECONDS} s per measurement, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`,
);
const pct = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];
for (const n of names) {
  const d = sequential.direct;
  console.log(
    `sequential single requests ${n}: p50 ${pct(sequential[n], 0.5).toFixed(2)} ms (+${(pct(sequential[n], 0.5) - pct(d, 0.5)).toFixed(2)}), ` +
      `p95 ${pct(sequential[n], 0.95).toFixed(2)} ms (+${(pct(sequential[n], 0.95) - pct(d, 0.95)).toFixed(2)})`,
  );
}
const maxDirect = median(results.direct.max.map((r) => r.requests.average));
for (const name of names) {
  const m = median(results[name].max.map((r) => r.requests.average));
  console.log(
    `max throughput ${name}: ${m.toFixed(0)} req/s (${(m / maxDirect).toFixed(2)} of direct); runs ${results[name].max.map((r) => r.requests.average.toFixed(0)).join(', ')}`,
  );
}
for (const kind of ['instant', 'sleep']) {
  for (const p of ['p50', 'p90', 'p99']) {
    const d = median(results.direct[kind].map((r) => r.latency[p]));
    const parts = names.slice(1).map((name) => {
      const v = median(results[name][kind].map((r) => r.latency[p]));
      return `${name} ${v.toFixed(2)} (+${(v - d).toFixed(2)})`;
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
for (const c of children) c.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 500));
fs.rmSync(dir, { recursive: true, force: true });
process.exit(0);
