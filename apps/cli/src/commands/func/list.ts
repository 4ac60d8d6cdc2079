import type { Command } from 'commander';
import type { CliContext } from '../../context';
import { asCliErrors } from './build-options';
import { describeFunction, type FunctionDescription } from './describe';
import { addKubeOptions, connectKube, type KubeFlags } from './kube-target';
import { SERVICE_GVK, type ServiceObject } from './service-apply';

interface ListFlags extends KubeFlags {
  allNamespaces?: boolean;
  output: string;
}

export function register(func: Command, ctx: CliContext): void {
  addKubeOptions(
    func.command('list').description('list deployed functions (Services labelled function.knative.dev/name)'),
  )
    .option('-A, --all-namespaces', 'list functions of every namespace')
    .option('-o, --output <format>', 'text or json', 'text')
    .action((flags: ListFlags) => asCliErrors(() => list(ctx, flags)));
}

/** The table `list` prints (pure). */
export function formatList(rows: FunctionDescription[]): string {
  if (rows.length === 0) return 'no functions\n';
  const table = [
    ['NAME', 'NAMESPACE', 'RUNTIME', 'URL', 'READY'],
    ...rows.map((r) => [r.name, r.namespace, r.runtime ?? '-', r.url ?? '-', r.ready.split(' ')[0]!]),
  ];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return `${table
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

async function list(ctx: CliContext, flags: ListFlags): Promise<void> {
  const kube = await connectKube(flags);
  const namespace = flags.allNamespaces ? undefined : (flags.namespace ?? kube.contextNamespace ?? 'default');
  const services = await kube.client.list<ServiceObject>(SERVICE_GVK, {
    ...(namespace ? { namespace } : {}),
    labelSelector: 'function.knative.dev/name',
  });
  const rows = services.items
    .map((s) => describeFunction(s, []))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  ctx.stdout.write(flags.output === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : formatList(rows));
}
