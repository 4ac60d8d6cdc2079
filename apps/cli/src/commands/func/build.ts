import type { Command } from 'commander';
import type { CliContext } from '../../context';
import {
  addImageOptions,
  asCliErrors,
  chooseBaseImage,
  functionRoot,
  parsePlatforms,
  registryOptions,
  type ImageFlags,
} from './build-options';

interface BuildFlags extends ImageFlags {
  push?: boolean;
}

export function register(func: Command, ctx: CliContext): void {
  addImageOptions(
    func
      .command('build')
      .description(
        'build the function into an OCI image (.func/oci) without Docker; --push sends it to the registry',
      ),
  )
    .option('--push', 'push the image to its registry after building')
    .action((flags: BuildFlags) => asCliErrors(() => build(ctx, flags)));
}

export interface BuildOutcome {
  image: string;
  digest: string;
  /** `registry/repository@digest` when pushed. */
  pinned?: string;
}

/** Builds (and with `push`, pushes) the function; used by `deploy` too. */
export async function buildAndMaybePush(ctx: CliContext, flags: BuildFlags): Promise<BuildOutcome> {
  const [fns, oci] = await Promise.all([import('@kuack/functions'), import('@kuack/oci')]);
  const root = functionRoot(flags);
  const config = await fns.readFunctionForBuild(root, (line) => ctx.stderr.write(`warning: ${line}\n`));
  const image = flags.image ?? fns.defaultImageName(config, flags.registry);
  const baseImage = chooseBaseImage(fns, flags.baseImage, config.build?.baseImage, image);
  const platforms = parsePlatforms(oci, flags.platform);
  const options = registryOptions(flags);
  const result = await fns.buildFunction({
    root,
    image,
    ...(platforms ? { platforms } : {}),
    ...(baseImage ? { baseImage } : {}),
    registryOptions: options,
    log: (line) => ctx.stderr.write(`  ${line}\n`),
  });
  for (const warning of result.warnings) ctx.stderr.write(`warning: ${warning}\n`);
  const layers = Object.entries(result.layers)
    .filter(([, outcome]) => outcome !== 'none')
    .map(([kind, outcome]) => `${kind} ${outcome}`)
    .join(', ');
  ctx.stdout.write(
    `built ${result.image}@${result.digest} (${result.manifests.map((m) => m.platform).join(', ')}; ${layers})\n`,
  );
  if (!flags.push) return { image: result.image, digest: result.digest };
  const pushed = await fns.pushFunctionImage(result.layoutDir, result.image, options);
  const counts = pushed.blobs
    ? ` (${pushed.blobs.uploaded} uploaded, ${pushed.blobs.exists + pushed.blobs.mounted} already there)`
    : '';
  ctx.stdout.write(`pushed ${pushed.pinned}${counts}\n`);
  return { image: result.image, digest: result.digest, pinned: pushed.pinned };
}

async function build(ctx: CliContext, flags: BuildFlags): Promise<void> {
  await buildAndMaybePush(ctx, flags);
}
