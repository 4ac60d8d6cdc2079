import type { Command } from 'commander';
import { CliError, type CliContext } from '../../context';
import { asCliErrors, functionRoot } from './build-options';

interface SubscribeFlags {
  path?: string;
  source: string;
  filter: string[];
}

export function register(func: Command, ctx: CliContext): void {
  func
    .command('subscribe')
    .description(
      'subscribe the function to CloudEvents of a Broker (func.yaml deploy.subscriptions; Triggers at deploy)',
    )
    .option('-p, --path <dir>', 'the function folder (default: the current folder)')
    .option('-s, --source <broker>', 'the Broker to subscribe to', 'default')
    .option(
      '-f, --filter <attribute=value>',
      'CloudEvent attribute filter (repeatable)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .action((flags: SubscribeFlags) => asCliErrors(() => subscribe(ctx, flags)));
}

/** `type=a` flags → a filter map; the same attribute twice is refused, naming it. */
export function parseFilters(flags: string[]): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new CliError(`--filter ${flag}: use attribute=value, e.g. type=com.example.ping`, 2);
    const key = flag.slice(0, eq);
    if (key in filters) throw new CliError(`--filter: attribute ${key} is given twice`, 2);
    filters[key] = flag.slice(eq + 1);
  }
  return filters;
}

async function subscribe(ctx: CliContext, flags: SubscribeFlags): Promise<void> {
  const fns = await import('@kuack/functions');
  const root = functionRoot(flags);
  const config = await fns.readFunctionForBuild(root);
  const filters = parseFilters(flags.filter);
  const subscriptions = [...(config.deploy?.subscriptions ?? [])];
  const same = subscriptions.findIndex(
    (s) => s.source === flags.source && JSON.stringify(s.filters ?? {}) === JSON.stringify(filters),
  );
  if (same < 0)
    subscriptions.push({ source: flags.source, ...(Object.keys(filters).length ? { filters } : {}) });
  fns.writeFuncYaml(root, { ...config, deploy: { ...(config.deploy ?? {}), subscriptions } });
  ctx.stdout.write(
    same < 0
      ? `subscribed ${config.name} to broker ${flags.source}${Object.keys(filters).length ? ` (${flags.filter.join(', ')})` : ''}; deploy to create the Trigger\n`
      : `${config.name} is already subscribed to that\n`,
  );
}
