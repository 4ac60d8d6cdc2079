#!/usr/bin/env node
// Function runtime benchmark: throughput of the Kuack function runtime (libs/functions/src/runtime, bundled
// as function images run it) serving a Knative-style function, against a bare node:http server doing the same
// work, measured side by side in the same run; and cold start (spawn → first 200) of both.
// Load: autocannon. Medians of RUNS runs, each run alternating bare and runtime.
//
//   node tools/bench/function-runtime-bench.mjs [--runs 3] [--seconds 5] [--connections 16] [--starts 10]
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
const RUNS = arg('runs', 3);
const SECONDS = arg('seconds', 5);
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
const results = { bare: { GET: [], POST: [], p99: [] }, runtime: { GET: [], POST: [], p99: [] } };
for (let run = 0; run < RUNS; run++) {
  for (const kind of ['bare', 'runtime']) {
    const server = await startServer(kind);
    await load(server.url, 'GET'); // warm-up at the same load
    for (const method of ['GET', 'POST']) {
      const r = await load(server.url, method);
      if (r.non2xx > 0 || r.errors > 0)
        throw new Error(`${kind} ${method}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      results[kind][method].push(r.requests.average);
      if (method === 'POST') results[kind].p99.push(r.latency.p99);
    }
    await stop(server);
  }
}
const cold = { bare: [], runtime: [] };
for (let i = 0; i < STARTS; i++) {
  for (const kind of ['bare', 'runtime']) {
    const server = await startServer(kind);
    cold[kind].push(server.coldMs);
    await stop(server);
  }
}
fs.rmSync(work, { recursive: true, force: true });

const row = (name, b, r, unit = 'req/s') =>
  `| ${name} | ${Math.round(b)} ${unit} | ${Math.round(r)} ${unit} | ${(r / b).toFixed(2)}× |`;
console.log(
  `node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}; ${RUNS} runs × ${SECONDS} s, ${CONNECTIONS} connections; ${STARTS} cold starts`,
);
console.log('| measure | bare node:http | Kuack function runtime | runtime ÷ bare |');
console.log('| --- | --- | --- | --- |');
console.log(row('GET → "OK" (median req/s)', median(results.bare.GET), median(results.runtime.GET)));
console.log(
  row('POST JSON → JSON echo (median req/s)', median(results.bare.POST), median(results.runtime.POST)),
);
console.log(row('POST p99 latency (median)', median(results.bare.p99), median(results.runtime.p99), 'ms'));
console.log(row('cold start: spawn → first 200 (median)', median(cold.bare), median(cold.runtime), 'ms'));
