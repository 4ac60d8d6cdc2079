#!/usr/bin/env node
// Function runtime benchmark: throughput of the Kuack function runtime (libs/functions/src/runtime, bundled
// as function images run it) serving a Knative-style function, against a bare node:http server doing the same
// work, measured side by side in the same run; and cold start (spawn → first 200) of both.
// Load: autocannon. RUNS pairs of short measurements (bare and runtime back to back, order alternating); the
// ratio is the median of the pairs' ratios.
//
//   node tools/bench/function-runtime-bench.mjs [--runs 9] [--seconds 2] [--connections 16] [--starts 10]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) =>
  process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : fallback;
const RUNS = arg('runs', 9);
const SECONDS = arg('seconds', 2);
const CONNECTIONS = arg('connections', 16);
const STARTS = arg('starts', 10);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-fn-bench-'));
const runtime = path.join(work, 'runtime.cjs');
await build({
  entryPoints: [path.join(ROOT, 'libs/functions/src/runtime/main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: runtime,
  logLevel: 'silent',
});
// The function: Knative's documented shape; GET → a string, POST → the parsed JSON body echoed back.
const fnDir = path.join(work, 'fn');
fs.mkdirSync(fnDir);
fs.writeFileSync(
  path.join(fnDir, 'index.js'),
  "module.exports = { handle: async (context, body) => (context.method === 'GET' ? 'OK' : { echo: body }) };\n",
);
// The baseline: the same answers from a bare node:http server (it reads and parses the body too).
const bare = path.join(work, 'bare.cjs');
fs.writeFileSync(
  bare,
  `const http = require('node:http');
http.createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 2 });
    return res.end('OK');
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.stringify({ echo: JSON.parse(Buffer.concat(chunks).toString()) });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`,
);

const servers = {
  bare: (port) => [process.execPath, [bare], { PORT: String(port) }],
  runtime: (port) => [process.execPath, [runtime, fnDir], { PORT: String(port), FUNC_LOG_LEVEL: 'silent' }],
};

function probe(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once('error', () => resolve(0));
  });
}

let nextPort = 31_000 + Math.floor(Math.random() * 2000);
/** Spawns a server and resolves with its URL and the ms from spawn to its first 200. */
async function startServer(kind) {
  const port = nextPort++;
  const [cmd, args, env] = servers[kind](port);
  const t0 = performance.now();
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}/`;
  while ((await probe(url)) !== 200) {
    if (child.exitCode !== null) throw new Error(`${kind} exited`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return { url, child, coldMs: performance.now() - t0 };
}

async function stop(server) {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
}

function load(url, method) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method,
        connections: CONNECTIONS,
        duration: SECONDS,
        ...(method === 'POST'
          ? {
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ message: 'Hello World' }),
            }
          : {}),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Both servers stay up (an idle one costs nothing); each pair of short measurements, in alternating order, gives
// one ratio, so the slow drift of a shared machine's load cancels out within a pair.
const bareServer = await startServer('bare');
const runtimeServer = await startServer('runtime');
for (const server of [bareServer, runtimeServer]) await load(server.url, 'GET'); // warm-up
const results = { bare: { GET: [], POST: [], p99: [] }, runtime: { GET: [], POST: [], p99: [] } };
// CPU time the server process spent per request (µs): far less sensitive to a loaded machine than req/s.
const cpu = { bare: { GET: [], POST: [] }, runtime: { GET: [], POST: [] } };
const CLOCK_TICK_MS = 10; // USER_HZ = 100 on Linux
function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}
const ratios = { GET: [], POST: [] };
for (let run = 0; run < RUNS; run++) {
  for (const method of ['GET', 'POST']) {
    const order = run % 2 === 0 ? ['bare', 'runtime'] : ['runtime', 'bare'];
    const pair = {};
    for (const kind of order) {
      const server = kind === 'bare' ? bareServer : runtimeServer;
      const cpuBefore = cpuMs(server.child.pid);
      const r = await load(server.url, method);
      cpu[kind][method].push(((cpuMs(server.child.pid) - cpuBefore) * 1000) / r.requests.total);
      if (r.non2xx > 0 || r.errors > 0)
        throw new Error(`${kind} ${method}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      pair[kind] = r.requests.average;
      results[kind][method].push(r.requests.average);
      if (method === 'POST') results[kind].p99.push(r.latency.p99);
    }
    ratios[method].push(pair.runtime / pair.bare);
  }
}
await stop(bareServer);
await stop(runtimeServer);
const cold = { bare: [], runtime: [], ratio: [] };
for (let i = 0; i < STARTS; i++) {
  const pair = {};
  for (const kind of i % 2 === 0 ? ['bare', 'runtime'] : ['runtime', 'bare']) {
    const server = await startServer(kind);
    pair[kind] = server.coldMs;
    cold[kind].push(server.coldMs);
    await stop(server);
  }
  cold.ratio.push(pair.runtime / pair.bare);
}
fs.rmSync(work, { recursive: true, force: true });

const row = (name, b, r, ratio, unit = 'req/s') =>
  `| ${name} | ${Math.round(b)} ${unit} | ${Math.round(r)} ${unit} | ${ratio.toFixed(2)}× |`;
console.log(
  `node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}; ${RUNS} pairs × ${SECONDS} s, ${CONNECTIONS} connections; ${STARTS} cold-start pairs`,
);
console.log(
  '| measure (medians) | bare node:http | Kuack function runtime | runtime ÷ bare (median of pair ratios) |',
);
console.log('| --- | --- | --- | --- |');
console.log(row('GET → "OK"', median(results.bare.GET), median(results.runtime.GET), median(ratios.GET)));
console.log(
  row('POST JSON → JSON echo', median(results.bare.POST), median(results.runtime.POST), median(ratios.POST)),
);
console.log(
  row(
    'POST p99 latency',
    median(results.bare.p99),
    median(results.runtime.p99),
    median(results.runtime.p99) / median(results.bare.p99),
    'ms',
  ),
);
console.log(
  row('cold start: spawn → first 200', median(cold.bare), median(cold.runtime), median(cold.ratio), 'ms'),
);
console.log(`pair ratios, GET: ${ratios.GET.map((r) => r.toFixed(2)).join(' ')}`);
console.log(`pair ratios, POST: ${ratios.POST.map((r) => r.toFixed(2)).join(' ')}`);
for (const method of ['GET', 'POST']) {
  const b = median(cpu.bare[method]);
  const r = median(cpu.runtime[method]);
  console.log(
    `CPU per request, ${method}: bare ${b.toFixed(1)} µs, runtime ${r.toFixed(1)} µs → equivalent throughput ${(b / r).toFixed(2)}× of bare`,
  );
}
