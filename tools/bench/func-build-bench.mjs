#!/usr/bin/env node
// Function build benchmark: `kuack func build` of a new TypeScript function (the typescript/http template), as a
// user runs it (the CLI bundle in its own process): cold (empty build cache: the runtime is bundled, every
// layer built), new function with a warm runtime cache, rebuild without change, rebuild after one source file
// changed; the image's layer sizes. Baselines in the same run: `node bin/kuack.js --version` (CLI start) and
// the template's own `tsc` build (what a buildpack runs before it even assembles an image).
// With --registry (testenv): the same builds on a stand-in base image, with --push.
// With --kubeconfig/--gateway-port/--image-store of a running `kuack up`: deploy → first 200 in local mode.
//
//   node tools/bench/func-build-bench.mjs [--runs 5] [--registry 127.0.0.1:25000]
//        [--kubeconfig ~/.kuack/kubeconfig --gateway-port 8080 --image-store ~/.kuack/images]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const flag = (name) =>
  process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined;
const RUNS = Number(flag('runs') ?? 5);
const REGISTRY = flag('registry');
const KUBECONFIG = flag('kubeconfig');
const GATEWAY_PORT = flag('gateway-port');
const IMAGE_STORE = flag('image-store');
// bin/kuack.js rebuilds stale bundles, and any later `kuack` run in the repo may replace dist/ while this runs:
// build once, then run a private copy (three levels below the root, as dist/apps/cli is).
const KUACK = path.join(ROOT, 'tmp', `func-bench-${process.pid}`, 'cli', 'main.js');

require_built();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-func-build-bench-'));

function require_built() {
  execFileSync(process.execPath, [path.join(ROOT, 'bin/kuack.js'), '--version'], { stdio: 'ignore' });
  fs.mkdirSync(path.dirname(KUACK), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'dist/apps/cli/main.js'), KUACK);
}

function timed(args, env = {}, cwd = ROOT) {
  const start = performance.now();
  const res = spawnSync(args[0], args.slice(1), { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (res.status !== 0)
    throw new Error(`${args.join(' ')} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
  return { seconds, stdout: res.stdout, stderr: res.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function newFunction(name) {
  const root = path.join(work, name);
  timed([process.execPath, KUACK, 'func', 'create', root, '-l', 'typescript', '-t', 'http']);
  return root;
}

async function pushBase() {
  // A stand-in base image (no public registry is reachable): built with libs/oci, bundled on the fly.
  const { build } = await import('esbuild');
  // Inside the repo, so the bundle's external packages resolve from its node_modules.
  fs.mkdirSync(path.join(ROOT, 'tmp'), { recursive: true });
  const out = path.join(ROOT, 'tmp', `func-bench-stand-in-${process.pid}.cjs`);
  await build({
    stdin: {
      contents: "module.exports = require('./libs/functions/src/builder/testing/stand-in-base');",
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    logLevel: 'silent',
    tsconfig: path.join(ROOT, 'tsconfig.base.json'),
    packages: 'external',
    absWorkingDir: ROOT,
  });
  const { pushStandInBase } = (await import(out)).default;
  const reference = (await pushStandInBase(REGISTRY, `kuack-bench/node-${process.pid}`)).reference;
  fs.rmSync(out, { force: true });
  return reference;
}

const rows = {};
const add = (name, value) => (rows[name] ??= []).push(value);
let sizes;
const base = REGISTRY ? await pushBase() : undefined;

for (let run = 0; run < RUNS; run++) {
  add('cli start (kuack --version)', timed([process.execPath, KUACK, '--version']).seconds);
  const cache = path.join(work, `cache-${run}`);
  const env = { KUACK_CACHE_DIR: cache };
  const a = newFunction(`bench-a-${run}`);
  add(
    'tsc of the template (npx tsc)',
    timed([process.execPath, path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', a]).seconds,
  );
  fs.rmSync(path.join(a, 'build'), { recursive: true, force: true });
  const build = (root, extra = []) =>
    timed([process.execPath, KUACK, 'func', 'build', '-p', root, ...extra], env);
  add('cold build (empty cache)', build(a).seconds);
  add('rebuild, nothing changed', build(a).seconds);
  fs.appendFileSync(path.join(a, 'src/index.ts'), `// change ${run}\n`);
  const changed = build(a);
  if (!changed.stdout.includes('runtime reused, function built'))
    throw new Error(`unexpected: ${changed.stdout}`);
  add('rebuild, one source file changed', changed.seconds);
  const b = newFunction(`bench-b-${run}`);
  add('new function, warm runtime cache', build(b).seconds);
  if (!sizes) sizes = layerSizes(b);
  if (base) {
    const c = newFunction(`bench-c-${run}`);
    const reg = ['-r', `${REGISTRY}/kuack-bench`, '--base-image', base, '--push'];
    add('registry: cold build + push (2 platforms, stand-in base)', build(c, reg).seconds);
    fs.appendFileSync(path.join(c, 'src/index.ts'), `// change ${run}\n`);
    add('registry: one file changed, build + push', build(c, reg).seconds);
  }
  if (KUBECONFIG && GATEWAY_PORT && IMAGE_STORE) {
    const d = newFunction(`bench-d-${run}`);
    const start = performance.now();
    const out = timed(
      [
        process.execPath,
        KUACK,
        'func',
        'deploy',
        '-p',
        d,
        '--kubeconfig',
        KUBECONFIG,
        '-n',
        'default',
        '--timeout',
        '120',
      ],
      { ...env, KUACK_IMAGE_STORE: IMAGE_STORE },
    );
    const host = new URL(/ at (http\S+)/.exec(out.stdout)[1]).hostname;
    await first200(host);
    add('local mode: deploy → first 200', (performance.now() - start) / 1000);
    spawnSync(process.execPath, [
      KUACK,
      'func',
      'delete',
      '-p',
      d,
      '--kubeconfig',
      KUBECONFIG,
      '-n',
      'default',
    ]);
  }
}

function layerSizes(root) {
  const layout = path.join(root, '.func/oci');
  const blob = (d) =>
    JSON.parse(fs.readFileSync(path.join(layout, 'blobs/sha256', d.digest.slice(7)), 'utf8'));
  const index = blob(JSON.parse(fs.readFileSync(path.join(layout, 'index.json'), 'utf8')).manifests[0]);
  const manifest = blob(index.manifests[0]);
  return manifest.layers.map((l) => l.size);
}

async function first200(host) {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    const status = await new Promise((resolve) => {
      const req = http.get(
        { host: '127.0.0.1', port: Number(GATEWAY_PORT), path: '/', headers: { host }, agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', () => resolve(0));
    });
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${host}: no 200 within 60 s`);
}

const baseline = median(rows['tsc of the template (npx tsc)']);
console.log(
  `func build benchmark: ${RUNS} runs, medians; baseline = the template's own tsc build (${baseline.toFixed(2)} s)`,
);
console.log('| operation | seconds (median) | ÷ tsc |');
console.log('| --- | --- | --- |');
for (const [name, values] of Object.entries(rows)) {
  const m = median(values);
  console.log(`| ${name} | ${m.toFixed(2)} | ${(m / baseline).toFixed(2)} |`);
}
console.log(
  `local image layers (compressed bytes): runtime ${sizes[0]}, function ${sizes[1]}; total ${sizes.reduce((a, b) => a + b, 0)}`,
);
fs.rmSync(work, { recursive: true, force: true });
fs.rmSync(path.dirname(path.dirname(KUACK)), { recursive: true, force: true });
