import type { Command } from 'commander';
import { CliError, type CliContext } from '../../context';
import { asCliErrors, functionRoot } from './build-options';
import { addKubeOptions, connectKube, type KubeFlags } from './kube-target';
import { SERVICE_GVK, TRIGGER_GVK } from './service-apply';

interface DeleteFlags extends KubeFlags {
  path?: string;
}

export function register(func: Command, ctx: CliContext): void {
  addKubeOptions(
    func
      .command('delete [name]')
      .description('delete a deployed function: its Service and Triggers (name default: func.yaml)'),
  )
    .option('-p, --path <dir>', 'the function folder whose func.yaml names the function')
    .action((name: string | undefined, flags: DeleteFlags) => asCliErrors(() => remove(ctx, name, flags)));
}

async function remove(ctx: CliContext, nameArg: string | undefined, flags: DeleteFlags): Promise<void> {
  const fns = await import('@kuack/functions');
  let name = nameArg;
  let namespace = flags.namespace;
  if (!name) {
    const config = await fns.readFunctionForBuild(functionRoot(flags));
    name = config.name;
    namespace ??= config.deploy?.namespace ?? config.namespace;
  }
  const kube = await connectKube(flags);
  namespace ??= kube.contextNamespace ?? 'default';
  // Triggers are owned by the Service (garbage collected on a cluster); deleting them too is explicit and quick.
  const triggers = await kube.client
    .list(TRIGGER_GVK, { namespace, labelSelector: `function.knative.dev/name=${name}` })
    .then((l) => l.items)
    .catch(() => []);
  for (const t of triggers)
    await kube.client.delete(TRIGGER_GVK, t.metadata.name!, namespace).catch(() => undefined);
  try {
    await kube.client.delete(SERVICE_GVK, name, namespace);
  } catch (err) {
    if (kube.controller.isNotFound(err))
      throw new CliError(`function ${name} is not deployed in namespace ${namespace}`);
    throw err;
  }
  ctx.stdout.write(
    `deleted function ${name} in namespace ${namespace}${triggers.length ? ` and ${triggers.length} Trigger(s)` : ''}\n`,
  );
}
