import type { Command } from 'commander';
import { CliError, type CliContext } from '../../context';
import { asCliErrors, functionRoot } from './build-options';
import { addKubeOptions, connectKube, type KubeFlags } from './kube-target';
import { SERVICE_GVK, TRIGGER_GVK, type ServiceObject } from './service-apply';

interface DescribeFlags extends KubeFlags {
  path?: string;
  output: string;
}

export function register(func: Command, ctx: CliContext): void {
  addKubeOptions(
    func
      .command('describe [name]')
      .description(
        'show a deployed function: image, URL, readiness, subscriptions (name default: func.yaml)',
      ),
  )
    .option('-p, --path <dir>', 'the function folder whose func.yaml names the function')
    .option('-o, --output <format>', 'text or json', 'text')
    .action((name: string | undefined, flags: DescribeFlags) =>
      asCliErrors(() => describe(ctx, name, flags)),
    );
}

export interface FunctionDescription {
  name: string;
  namespace: string;
  runtime?: string;
  image?: string;
  url?: string;
  ready: string;
  subscriptions: Array<{ source?: string; filters: Record<string, string> }>;
}

/** What `describe` prints, from the Service and its Triggers (pure). */
export function describeFunction(
  service: ServiceObject,
  triggers: Array<{ spec?: Record<string, unknown> }>,
): FunctionDescription {
  const template = (service.spec?.template ?? {}) as { spec?: { containers?: Array<{ image?: string }> } };
  const ready = service.status?.conditions?.find((c) => c.type === 'Ready');
  return {
    name: service.metadata.name!,
    namespace: service.metadata.namespace!,
    ...(service.metadata.labels?.['function.knative.dev/runtime']
      ? { runtime: service.metadata.labels['function.knative.dev/runtime'] }
      : {}),
    ...(template.spec?.containers?.[0]?.image ? { image: template.spec.containers[0].image } : {}),
    ...(service.status?.url ? { url: service.status.url } : {}),
    ready: ready
      ? `${ready.status}${ready.reason ? ` (${ready.reason}${ready.message ? `: ${ready.message}` : ''})` : ''}`
      : 'Unknown',
    subscriptions: triggers.map((t) => {
      const spec = (t.spec ?? {}) as { broker?: string; filter?: { attributes?: Record<string, string> } };
      return { ...(spec.broker ? { source: spec.broker } : {}), filters: spec.filter?.attributes ?? {} };
    }),
  };
}

export function formatDescription(d: FunctionDescription): string {
  const lines = [
    `Function name: ${d.name}`,
    `Namespace:     ${d.namespace}`,
    ...(d.runtime ? [`Runtime:       ${d.runtime}`] : []),
    `Image:         ${d.image ?? '-'}`,
    `URL:           ${d.url ?? '-'}`,
    `Ready:         ${d.ready}`,
  ];
  if (d.subscriptions.length > 0) {
    lines.push('Subscriptions:');
    for (const s of d.subscriptions) {
      const filters = Object.entries(s.filters)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      lines.push(`  ${s.source ?? '?'}${filters ? ` (${filters})` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function describe(ctx: CliContext, nameArg: string | undefined, flags: DescribeFlags): Promise<void> {
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
  let service: ServiceObject;
  try {
    service = await kube.client.get<ServiceObject>(SERVICE_GVK, name, namespace);
  } catch (err) {
    if (kube.controller.isNotFound(err))
      throw new CliError(`function ${name} is not deployed in namespace ${namespace}`);
    throw err;
  }
  const triggers = await kube.client
    .list(TRIGGER_GVK, { namespace, labelSelector: `function.knative.dev/name=${name}` })
    .then((l) => l.items as Array<{ spec?: Record<string, unknown> }>)
    .catch(() => []);
  const description = describeFunction(service, triggers);
  ctx.stdout.write(
    flags.output === 'json' ? `${JSON.stringify(description, null, 2)}\n` : formatDescription(description),
  );
}
