#!/usr/bin/env node
// libs/oci benchmark: push and pull of a 50 MB image against a real registry, and building a layer from 10,000
// small files, each against an independent baseline measured in the same run (skopeo copy; GNU tar | gzip).
// Medians of RUNS runs; every measured operation runs in its own process (peak RSS = that process's).
//
//   OCI_REGISTRY=127.0.0.1:35000 node tools/bench/oci-bench.mjs [--runs 3]
//
// The library runs from an esbuild bundle of libs/oci (built here into dist/bench/), not through Jest or a
// TypeScript loader.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.argv.includes('--runs') ? process.argv[process.argv.indexOf('--runs') + 1] : 3);
const IMAGE_MB = 50;
const SMALL_FILES = 10_000;
const registry = process.env.OCI_REGISTRY;
if (!registry) {
  console.error(
    'OCI_REGISTRY is not set: npm run testenv -- up registry, then export what `npm run testenv -- env` prints',
  );
  process.exit(2);
}

const bundle = path.join(ROOT, 'dist/bench/oci.cjs');
await build({
  entryPoints: [path.join(ROOT, 'libs/oci/src/index.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile: bundle,
  logLevel: 'silent',
});
const oci = (await import(bundle)).default;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-oci-bench-'));
const op = path.join(ROOT, 'tools/bench/oci-bench-op.cjs');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const unique = () => `kuack-bench/img-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

function runOp(name, args) {
  const out = execFileSync(process.execPath, [op, bundle, name, JSON.stringify(args)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out);
}

/** Runs a command under GNU time; returns wall seconds and peak RSS (MB). */
function timed(command, args, options = {}) {
  const started = process.hrtime.bigint();
  const res = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { encoding: 'utf8', ...options });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${res.stderr}`);
  const kb = Number(res.stderr.trim().split('\n').pop());
  return { seconds, maxRssMB: kb / 1024 };
}

try {
  // An image: 5 layers of 10 MB of incompressible bytes (gzip cannot shrink them: 50 MB go over the wire).
  // Every push gets an image of its own, so no blob is already in the registry (skopeo would mount it).
  async function makeImage(name) {
    const dir = path.join(work, name);
    const layout = await oci.OciLayout.create(dir);
    const layers = [];
    for (let i = 0; i < IMAGE_MB / 10; i++) {
      layers.push(
        await oci.writeLayer(layout.blobs, [
          { type: 'file', path: `data/part-${i}.bin`, content: randomBytes(10 << 20) },
        ]),
      );
    }
    const manifest = await oci.writeImageManifest(layout.blobs, {
      platform: { os: 'linux', architecture: 'amd64' },
      layers,
    });
    await layout.tag(manifest, 'bench');
    return { dir, bytes: layers.reduce((n, l) => n + l.descriptor.size, 0), layers: layers.length };
  }

  // 10,000 small files in 100 directories.
  const smallDir = path.join(work, 'small');
  for (let d = 0; d < 100; d++) {
    fs.mkdirSync(path.join(smallDir, `dir-${d}`), { recursive: true });
    for (let f = 0; f < SMALL_FILES / 100; f++) {
      fs.writeFileSync(
        path.join(smallDir, `dir-${d}`, `file-${f}.js`),
        `module.exports = ${d * 1000 + f};\n`,
      );
    }
  }

  const rows = { push: [], pushChunked: [], skopeoPush: [], pull: [], skopeoPull: [], build: [], tar: [] };
  let imageBytes = 0;
  let layerCount = 0;
  for (let run = 0; run < RUNS; run++) {
    const [mine, chunked, theirs] = [
      await makeImage(`a-${run}`),
      await makeImage(`b-${run}`),
      await makeImage(`c-${run}`),
    ];
    imageBytes = mine.bytes;
    layerCount = mine.layers;
    const repo = unique();
    rows.push.push(runOp('push', { layout: mine.dir, registry, repository: repo }));
    rows.pushChunked.push(
      runOp('push', { layout: chunked.dir, registry, repository: unique(), chunkSize: 8 << 20 }),
    );
    rows.skopeoPush.push(
      timed('skopeo', [
        'copy',
        '--quiet',
        '--dest-tls-verify=false',
        `oci:${theirs.dir}:bench`,
        `docker://${registry}/${unique()}:bench`,
      ]),
    );
    rows.pull.push(runOp('pull', { store: path.join(work, `store-${run}`), registry, repository: repo }));
    rows.skopeoPull.push(
      timed('skopeo', [
        'copy',
        '--quiet',
        '--src-tls-verify=false',
        `docker://${registry}/${repo}:bench`,
        `oci:${path.join(work, `skopeo-${run}`)}:bench`,
      ]),
    );
    rows.build.push(runOp('build-layer', { dir: smallDir, layout: path.join(work, `built-${run}`) }));
    rows.tar.push(
      timed('sh', ['-c', `tar -C "${smallDir}" -cf - . | gzip -6 > "${path.join(work, `tar-${run}.tgz`)}"`]),
    );
    for (const image of [mine, chunked, theirs]) fs.rmSync(image.dir, { recursive: true, force: true });
  }
  const digests = new Set(rows.build.map((r) => r.digest));

  // Memory stays bounded: a 4× larger single-layer image must not need 4× the memory.
  const bigLayout = path.join(work, 'big-layout');
  const big = await oci.OciLayout.create(bigLayout);
  const bigBytes = 4 * IMAGE_MB * (1 << 20);
  let left = bigBytes;
  function* chunks() {
    while (left > 0) {
      const n = Math.min(left, 1 << 20);
      left -= n;
      yield randomBytes(n);
    }
  }
  const { Readable } = await import('node:stream');
  const bigLayer = await oci.writeLayer(big.blobs, [
    { type: 'file', path: 'big.bin', size: bigBytes, content: () => Readable.from(chunks()) },
  ]);
  await big.tag(
    await oci.writeImageManifest(big.blobs, {
      platform: { os: 'linux', architecture: 'amd64' },
      layers: [bigLayer],
    }),
    'bench',
  );
  const bigRepo = unique();
  const bigPush = runOp('push', { layout: bigLayout, registry, repository: bigRepo });
  const bigPull = runOp('pull', { store: path.join(work, 'big-store'), registry, repository: bigRepo });
  const line = (label, rs, base, throughput = true) => {
    const s = median(rs.map((r) => r.seconds));
    const cells = [
      label,
      s.toFixed(2),
      throughput ? (imageBytes / (1 << 20) / s).toFixed(0) : '–',
      median(rs.map((r) => r.maxRssMB)).toFixed(0),
    ];
    cells.push(base ? `${(s / median(base.map((r) => r.seconds))).toFixed(2)}×` : 'baseline');
    return `| ${cells.join(' | ')} |`;
  };
  console.log(
    `Image: ${(imageBytes / (1 << 20)).toFixed(1)} MiB in ${layerCount} layers; registry ${registry}; ${RUNS} runs (medians); Node ${process.version}; ${os.cpus().length} cores`,
  );
  console.log('');
  console.log('| operation | seconds | MiB/s | peak RSS MiB | time vs baseline |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(line('push, skopeo copy oci: → docker:', rows.skopeoPush));
  console.log(line('push, kuack (monolithic PUT)', rows.push, rows.skopeoPush));
  console.log(line('push, kuack (8 MiB PATCH chunks)', rows.pushChunked, rows.skopeoPush));
  console.log(line('pull, skopeo copy docker: → oci:', rows.skopeoPull));
  console.log(line('pull, kuack (verify + store)', rows.pull, rows.skopeoPull));
  console.log(line(`layer of ${SMALL_FILES} files, GNU tar + gzip -6`, rows.tar, undefined, false));
  console.log(line(`layer of ${SMALL_FILES} files, kuack buildLayer`, rows.build, rows.tar, false));
  console.log('');
  console.log(
    `Load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `Bounded memory: a ${bigBytes >> 20} MiB single-layer image pushes with ${bigPush.maxRssMB.toFixed(0)} MiB peak RSS and pulls with ${bigPull.maxRssMB.toFixed(0)} MiB (one run each).`,
  );
  console.log(
    `Layer digests over ${RUNS} builds: ${digests.size === 1 ? 'identical' : 'DIFFERENT'} (${[...digests][0]})`,
  );
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
