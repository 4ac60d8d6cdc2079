import type { Command } from 'commander';
import { CliError, type CliContext } from '../context';

interface StoreFlags {
  store?: string;
}

interface RegistryFlags extends StoreFlags {
  insecureRegistry?: boolean;
  username?: string;
  password?: string;
  platform?: string;
  chunkSize?: string;
}

type Oci = typeof import('@kuack/oci');

/** Heavy libraries load only when an image command runs, so `kuack --help` stays fast. */
const loadOci = (): Promise<Oci> => import('@kuack/oci');

export function register(program: Command, ctx: CliContext): void {
  const image = program
    .command('image')
    .description('work with OCI images: the local image store and registries');
  const storeOption = (c: Command) =>
    c.option('--store <dir>', 'image store directory (default ~/.kuack/images, or $KUACK_IMAGE_STORE)');
  const registryOptions = (c: Command) =>
    storeOption(c)
      .option('--insecure-registry', 'allow plain HTTP to a registry that is not on loopback')
      .option('--username <user>', 'registry user (or $KUACK_REGISTRY_USERNAME, or docker config.json)')
      .option('--password <password>', 'registry password (or $KUACK_REGISTRY_PASSWORD)');

  storeOption(image.command('ls').description('list the images of the local store'))
    .option('-o, --output <format>', 'text or json', 'text')
    .action((flags: StoreFlags & { output: string }) => run(ctx, () => list(ctx, flags)));

  storeOption(image.command('inspect <name>').description('print the manifest and config of a stored image'))
    .option('--platform <os/arch[/variant]>', 'which manifest of a multi-platform image (default: this host)')
    .action((name: string, flags: StoreFlags & { platform?: string }) =>
      run(ctx, () => inspect(ctx, name, flags)),
    );

  registryOptions(
    image.command('pull <reference>').description('pull an image from a registry into the local store'),
  )
    .option(
      '--platform <os/arch[/variant]|all>',
      'platform to pull from a multi-platform image (default: this host)',
    )
    .action((reference: string, flags: RegistryFlags) => run(ctx, () => pull(ctx, reference, flags)));

  registryOptions(
    image
      .command('push <name> [destination]')
      .description(
        'push a stored image (or, with --layout, an OCI layout) to a registry; destination defaults to its name',
      ),
  )
    .option(
      '--layout <dir>',
      'push from this OCI image layout instead of the store (name = its ref.name tag)',
    )
    .option('--chunk-size <bytes>', 'upload blobs in PATCH chunks of this size instead of one PUT')
    .action((name: string, destination: string | undefined, flags: RegistryFlags & { layout?: string }) =>
      run(ctx, () => push(ctx, name, destination, flags)),
    );

  storeOption(
    image
      .command('rm <name...>')
      .description('remove tags from the local store, then delete unreferenced blobs'),
  )
    .option('--no-prune', 'keep the blobs (no garbage collection)')
    .action((names: string[], flags: StoreFlags & { prune: boolean }) =>
      run(ctx, () => remove(ctx, names, flags)),
    );
}

/** Library errors become one-line user errors; programming errors keep their stack. */
async function run(_ctx: CliContext, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof CliError) throw err;
    const e = err as Error;
    if (e instanceof TypeError || e instanceof ReferenceError) throw err;
    throw new CliError(e.message);
  }
}

async function openStore(oci: Oci, flags: StoreFlags) {
  return oci.ImageStore.open(flags.store ?? oci.defaultStoreRoot());
}

/** Store names are full references (`registry/repository:tag`); a short name is completed the docker way. */
function storeName(oci: Oci, name: string): string {
  if (/^sha256:[a-f0-9]{64}$/.test(name)) return name;
  try {
    const ref = oci.parseReference(name);
    return oci.formatReference(ref.tag || ref.digest ? ref : { ...ref, tag: 'latest' });
  } catch {
    return name;
  }
}

async function findInStore(oci: Oci, store: import('@kuack/oci').ImageStore, name: string) {
  return (await store.resolve(name)) ?? (await store.resolve(storeName(oci, name)));
}

function parsePlatformFlag(oci: Oci, value: string | undefined) {
  if (value === undefined) return undefined;
  if (value === 'all') return 'all' as const;
  try {
    return oci.parsePlatform(value);
  } catch (err) {
    throw new CliError(`--platform: ${(err as Error).message}`, 2);
  }
}

async function registryClient(oci: Oci, registry: string, flags: RegistryFlags) {
  if ((flags.username === undefined) !== (flags.password === undefined)) {
    throw new CliError('--username and --password go together', 2);
  }
  const chunkSize = flags.chunkSize !== undefined ? Number(flags.chunkSize) : undefined;
  if (chunkSize !== undefined && (!Number.isInteger(chunkSize) || chunkSize <= 0)) {
    throw new CliError(`--chunk-size: "${flags.chunkSize}" is not a positive number of bytes`, 2);
  }
  return oci.RegistryClient.create(registry, {
    ...(flags.username !== undefined
      ? { credentials: { username: flags.username, password: flags.password! } }
      : {}),
    ...(flags.insecureRegistry ? { insecure: true } : {}),
    ...(chunkSize ? { chunkSize } : {}),
  });
}

async function list(ctx: CliContext, flags: StoreFlags & { output: string }): Promise<void> {
  const oci = await loadOci();
  const store = await openStore(oci, flags);
  const images = await store.list();
  if (flags.output === 'json') {
    ctx.stdout.write(
      JSON.stringify(
        images.map(({ name, descriptor: { mediaType, digest, size } }) => ({
          name,
          mediaType,
          digest,
          size,
        })),
      ) + '\n',
    );
    return;
  }
  const rows = [
    ['NAME', 'DIGEST', 'TYPE', 'SIZE'],
    ...images.map((i) => [
      i.name,
      i.descriptor.digest.slice(0, 19),
      kind(oci, i.descriptor.mediaType),
      String(i.descriptor.size),
    ]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  for (const row of rows)
    ctx.stdout.write(
      row
        .map((cell, col) => cell.padEnd(widths[col]!))
        .join('  ')
        .trimEnd() + '\n',
    );
}

function kind(oci: Oci, mediaType: string): string {
  if (oci.isIndexMediaType(mediaType)) return 'index';
  if (oci.isManifestMediaType(mediaType)) return 'image';
  return mediaType;
}

async function inspect(
  ctx: CliContext,
  name: string,
  flags: StoreFlags & { platform?: string },
): Promise<void> {
  const oci = await loadOci();
  const store = await openStore(oci, flags);
  const descriptor = await findInStore(oci, store, name);
  if (!descriptor) throw new CliError(`image "${name}" is not in the store ${store.root}`);
  const platform = parsePlatformFlag(oci, flags.platform);
  if (platform === 'all')
    throw new CliError('--platform all: inspect shows one platform; name one, e.g. linux/arm64', 2);
  const resolved = await store.resolveImage(descriptor.digest, platform ?? oci.hostPlatform());
  const index = oci.isIndexMediaType(descriptor.mediaType) ? await store.readJson(descriptor) : undefined;
  ctx.stdout.write(
    JSON.stringify(
      {
        name,
        digest: descriptor.digest,
        mediaType: descriptor.mediaType,
        ...(index ? { index } : {}),
        manifestDigest: resolved.manifestDescriptor.digest,
        manifest: resolved.manifest,
        config: resolved.config,
      },
      null,
      2,
    ) + '\n',
  );
}

async function pull(ctx: CliContext, reference: string, flags: RegistryFlags): Promise<void> {
  const oci = await loadOci();
  const ref = oci.parseReference(reference);
  const platform = parsePlatformFlag(oci, flags.platform);
  const store = await openStore(oci, flags);
  const client = await registryClient(oci, ref.registry, flags);
  try {
    const started = Date.now();
    const result = await oci.pullImage(client, ref, store, platform ? { platform } : {});
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    ctx.stdout.write(
      `pulled ${result.name} ${result.descriptor.digest} (${result.fetchedBytes} bytes fetched in ${seconds}s)\n`,
    );
  } finally {
    await client.close();
  }
}

async function push(
  ctx: CliContext,
  name: string,
  destination: string | undefined,
  flags: RegistryFlags & { layout?: string },
): Promise<void> {
  const oci = await loadOci();
  let blobs;
  let descriptor;
  if (flags.layout) {
    const layout = await oci.OciLayout.open(flags.layout);
    descriptor = await layout.resolve(name);
    if (!descriptor) throw new CliError(`the OCI layout ${flags.layout} has no image tagged "${name}"`);
    blobs = layout.blobs;
    if (!destination) throw new CliError('push --layout needs a destination reference', 2);
  } else {
    const store = await openStore(oci, flags);
    descriptor = await findInStore(oci, store, name);
    if (!descriptor) throw new CliError(`image "${name}" is not in the store ${store.root}`);
    blobs = store.blobs;
  }
  const ref = oci.parseReference(destination ?? storeName(oci, name));
  const client = await registryClient(oci, ref.registry, flags);
  try {
    const result = await oci.pushImage(client, ref.repository, blobs, descriptor, {
      tag: ref.tag ?? 'latest',
    });
    const { uploaded, exists, mounted } = result.blobs;
    ctx.stdout.write(
      `pushed ${oci.formatReference({ ...ref, tag: ref.tag ?? 'latest' })}@${result.digest} (blobs: ${uploaded} uploaded, ${exists} already there, ${mounted} mounted)\n`,
    );
  } finally {
    await client.close();
  }
}

async function remove(
  ctx: CliContext,
  names: string[],
  flags: StoreFlags & { prune: boolean },
): Promise<void> {
  const oci = await loadOci();
  const store = await openStore(oci, flags);
  const missing: string[] = [];
  for (const name of names) {
    const removed = (await store.remove(name)) || (await store.remove(storeName(oci, name)));
    if (removed) ctx.stdout.write(`untagged ${name}\n`);
    else missing.push(name);
  }
  if (flags.prune) {
    const { deleted, freedBytes } = await store.gc();
    ctx.stdout.write(`deleted ${deleted.length} blobs (${freedBytes} bytes)\n`);
  }
  if (missing.length > 0) throw new CliError(`not in the store ${store.root}: ${missing.join(', ')}`);
}
