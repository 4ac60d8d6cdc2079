// One measured operation of oci-bench.mjs, in its own process so its peak RSS is its own.
// argv: <bundle> <op> <json args>; prints {"seconds":…, "maxRssMB":…, …} on stdout.
'use strict';
const path = require('node:path');

async function main() {
  const [bundle, op, argsJson] = process.argv.slice(2);
  const oci = require(path.resolve(bundle));
  const args = JSON.parse(argsJson);
  const started = process.hrtime.bigint();
  const extra = {};
  if (op === 'push') {
    const layout = await oci.OciLayout.open(args.layout);
    const root = await layout.resolve('bench');
    const client = new oci.RegistryClient(
      args.registry,
      undefined,
      args.chunkSize ? { chunkSize: args.chunkSize } : {},
    );
    const result = await oci.pushImage(client, args.repository, layout.blobs, root, { tag: 'bench' });
    extra.uploaded = result.blobs.uploaded;
    await client.close();
  } else if (op === 'pull') {
    const store = await oci.ImageStore.open(args.store);
    const client = new oci.RegistryClient(args.registry, undefined);
    const result = await oci.pullImage(
      client,
      oci.parseReference(`${args.registry}/${args.repository}:bench`),
      store,
      {
        platform: { os: 'linux', architecture: 'amd64' },
      },
    );
    extra.fetchedBytes = result.fetchedBytes;
    await client.close();
  } else if (op === 'build-layer') {
    const layout = await oci.OciLayout.create(args.layout);
    const entries = await oci.directoryEntries(args.dir, { prefix: '/func', uid: 1000, gid: 1000 });
    const layer = await oci.writeLayer(layout.blobs, entries);
    extra.digest = layer.descriptor.digest;
  } else {
    throw new Error(`unknown op ${op}`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    JSON.stringify({ seconds, maxRssMB: process.resourceUsage().maxRSS / 1024, ...extra }) + '\n',
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
