import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, type CliContext } from '../../context';
import { buildAndMaybePush } from './build';
import {
  addImageOptions,
  asCliErrors,
  functionRoot,
  registryOptions,
  type ImageFlags,
} from './build-options';
import { addKubeOptions, connectKube, type KubeFlags } from './kube-target';
import { buildRemotely } from './remote-build';
import { applyFunctionService, waitForServiceReady } from './service-apply';

type Fns = typeof import('@kuack/functions');

export interface DeployFlags extends ImageFlags, KubeFlags {
  build: string;
  push: boolean;
  env: string[];
  remote?: boolean;
  builderUrl?: string;
  builderToken?: string;
  timeout: string;
  wait: boolean;
}

export function register(func: Command, ctx: CliContext): void {
  addKubeOptions(
    addImageOptions(
      func
        .command('deploy')
        .description(
          'build if the source changed, push (or store locally), and create or update the Knative Service; waits for Ready and prints the URL',
        ),
    ),
  )
    .option('--build <when>', 'auto (when the source changed), true or false', 'auto')
    .option('--no-push', 'do not push a registry image (it is already there)')
    .option(
      '-e, --env <NAME=VALUE>',
      'set an env variable (NAME- removes it); saved in func.yaml',
      collect,
      [],
    )
    .option('--remote', 'build with the func-builder service instead of on this machine')
    .option('--builder-url <url>', 'the func-builder service (or $KUACK_FUNC_BUILDER_URL)')
    .option('--builder-token <token>', 'its bearer token (or $KUACK_FUNC_BUILDER_TOKEN)')
    .option('--timeout <seconds>', 'how long to wait for Ready', '120')
    .option('--no-wait', 'do not wait for the Service to become Ready')
    .action((flags: DeployFlags) => asCliErrors(() => deploy(ctx, flags)));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const DIGEST_REFERENCE = /@sha256:[a-f0-9]{64}$/;

/** What deploy does about the image: never build, always, or when the source changed since the last build. */
export function needsBuild(when: string, root: string, image: string, fingerprint: string): boolean {
  if (when === 'true') return true;
  if (when === 'false') return false;
  if (when !== 'auto') throw new CliError(`--build: "${when}" must be auto, true or false`, 2);
  const read = (name: string) => {
    const file = path.join(root, '.func', name);
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
  };
  return read('built-hash') !== fingerprint || read('built-image') !== image;
}

async function deploy(ctx: CliContext, flags: DeployFlags): Promise<void> {
  const fns: Fns = await import('@kuack/functions');
  const root = functionRoot(flags);
  const warn = (line: string) => ctx.stderr.write(`warning: ${line}\n`);
  const config = await fns.readFunctionForBuild(root, warn);
  const envs = fns.applyEnvFlags(config.run?.envs, flags.env);
  const timeoutSeconds = Number(flags.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0)
    throw new CliError(`--timeout: "${flags.timeout}" must be a number of seconds`, 2);

  const pinned = await resolveImage(ctx, fns, root, config, flags);
  ctx.stdout.write(`image ${pinned}\n`);

  const kube = await connectKube(flags);
  const namespace =
    flags.namespace ?? config.deploy?.namespace ?? config.namespace ?? kube.contextNamespace ?? 'default';
  const desired = fns.makeFunctionService({ config, image: pinned, namespace, envs });
  const applied = await applyFunctionService(
    kube.client,
    fns,
    kube.controller,
    desired as never,
    config.deploy?.subscriptions,
  );
  ctx.stdout.write(
    `${applied.created ? 'created' : 'updated'} Service ${namespace}/${config.name}${applied.triggers.length ? ` and Triggers ${applied.triggers.join(', ')}` : ''}\n`,
  );

  await saveDeployment(fns, root, config, { image: pinned, namespace, envs });

  if (!flags.wait) return;
  const { url } = await waitForServiceReady(kube.client, namespace, config.name, {
    timeoutMs: timeoutSeconds * 1000,
    onProgress: (line) => ctx.stderr.write(`  ${line}\n`),
  });
  ctx.stdout.write(`function ${config.name} deployed in namespace "${namespace}" at ${url}\n`);
}

/** The image deploy runs, pinned to its digest: given, built remotely, or built here and pushed/stored. */
async function resolveImage(
  ctx: CliContext,
  fns: Fns,
  root: string,
  config: Awaited<ReturnType<Fns['readFunctionForBuild']>>,
  flags: DeployFlags,
): Promise<string> {
  if (flags.image && DIGEST_REFERENCE.test(flags.image)) return flags.image;
  if (flags.remote) {
    const builderUrl = flags.builderUrl ?? process.env.KUACK_FUNC_BUILDER_URL;
    const token = flags.builderToken ?? process.env.KUACK_FUNC_BUILDER_TOKEN;
    if (!builderUrl) throw new CliError('--remote needs --builder-url (or $KUACK_FUNC_BUILDER_URL)', 2);
    if (!token) throw new CliError('--remote needs --builder-token (or $KUACK_FUNC_BUILDER_TOKEN)', 2);
    const image =
      flags.image ??
      (flags.registry || config.registry || config.image
        ? fns.defaultImageName(config, flags.registry)
        : undefined);
    return buildRemotely(fns, root, {
      builderUrl,
      token,
      ...(image ? { image } : {}),
      ...(flags.platform ? { platform: flags.platform } : {}),
      ...(flags.baseImage ? { baseImage: flags.baseImage } : {}),
      log: (line) => ctx.stderr.write(`  ${line}\n`),
    });
  }
  const image = flags.image ?? fns.defaultImageName(config, flags.registry);
  const local = image.startsWith(`${fns.LOCAL_REGISTRY}/`);
  const files = await fns.listFunctionFiles(root);
  if (needsBuild(flags.build, root, image, fns.fingerprintFiles(files))) {
    await buildAndMaybePush(ctx, { ...flags, image, push: !local && flags.push });
  } else {
    ctx.stderr.write(`  the source did not change since the last build of ${image}: not rebuilding\n`);
    if (flags.build === 'false' && !existsSync(path.join(fns.layoutDir(root), 'index.json'))) {
      if (config.deploy?.image && DIGEST_REFERENCE.test(config.deploy.image)) return config.deploy.image;
      throw new CliError(
        `--build=false but ${root} has no built image: run kuack func build first, or pass --image repo@sha256:…`,
      );
    }
    if (!local && flags.push) {
      const pushed = await fns.pushFunctionImage(fns.layoutDir(root), image, registryOptions(flags));
      return pushed.pinned;
    }
  }
  const layout = fns.layoutDir(root);
  if (local) return (await fns.storeFunctionImage(layout, image)).pinned;
  const { OciLayout } = await import('@kuack/oci');
  const built = await (await OciLayout.open(layout)).resolve(image);
  if (!built) throw new CliError(`${layout} has no image ${image}: run kuack func build`);
  return fns.pinnedReference(image, built.digest);
}

/** Records what was deployed in func.yaml (deploy.image pinned, namespace, run.envs), as func deploy does. */
async function saveDeployment(
  fns: Fns,
  root: string,
  config: Awaited<ReturnType<Fns['readFunctionForBuild']>>,
  deployed: { image: string; namespace: string; envs: ReturnType<Fns['applyEnvFlags']> },
): Promise<void> {
  const hashFile = path.join(root, '.func', 'built-hash');
  const wasCurrent =
    existsSync(hashFile) &&
    readFileSync(hashFile, 'utf8').trim() === fns.fingerprintFiles(await fns.listFunctionFiles(root));
  const func = {
    ...config,
    namespace: deployed.namespace,
    run: { ...(config.run ?? {}), envs: deployed.envs },
    deploy: { ...(config.deploy ?? {}), image: deployed.image, namespace: deployed.namespace },
  };
  fns.writeFuncYaml(root, func);
  // func.yaml is part of the source: keep the build current when only the deploy record changed.
  if (wasCurrent) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(hashFile, `${fns.fingerprintFiles(await fns.listFunctionFiles(root))}\n`);
  }
}
