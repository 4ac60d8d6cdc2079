import type { Command } from 'commander';
import { CliError, type CliContext } from '../../context';
import { asUserErrors, functionRoot, loadFunctions, pathOption, type Functions } from './load';

type FuncYaml = import('@kuack/functions').FuncYaml;

interface Common {
  path?: string;
  output?: string;
}

export function register(func: Command, ctx: CliContext): void {
  const config = func.command('config').description("edit the function's func.yaml: envs, labels, volumes");
  const list = (c: Command) => pathOption(c).option('-o, --output <format>', 'text or json', 'text');

  const envs = config.command('envs').description('environment variables (run.envs)');
  list(envs.command('list', { isDefault: true }).description('list the environment variables')).action(
    (f: Common) =>
      withFunction(ctx, f, (func) => {
        printList(ctx, f, func.run?.envs ?? [], (e) =>
          e.name === undefined ? `(all of) ${e.value}` : `${e.name}=${e.value ?? ''}`,
        );
      }),
  );
  pathOption(envs.command('add').description('add (or replace) an environment variable'))
    .option(
      '--name <name>',
      'variable name (leave out with {{ secret:NAME }} / {{ configMap:NAME }} to import all keys)',
    )
    .requiredOption(
      '--value <value>',
      'a value, {{ env:LOCAL }}, {{ secret:name:key }} or {{ configMap:name:key }}',
    )
    .action((f: Common & { name?: string; value: string }) =>
      withFunction(ctx, f, (func, fns) =>
        fns.addEnv(func, f.name === undefined ? { value: f.value } : { name: f.name, value: f.value }),
      ),
    );
  pathOption(envs.command('remove').description('remove an environment variable'))
    .requiredOption('--name <name>', 'variable name (or the {{ secret:NAME }} value of an import)')
    .action((f: Common & { name: string }) =>
      withFunction(ctx, f, (func, fns) => fns.removeEnv(func, f.name)),
    );

  const labels = config.command('labels').description('labels of the deployed Service (deploy.labels)');
  list(labels.command('list', { isDefault: true }).description('list the labels')).action((f: Common) =>
    withFunction(ctx, f, (func) =>
      printList(ctx, f, func.deploy?.labels ?? [], (l) => `${l.key}=${l.value ?? ''}`),
    ),
  );
  pathOption(labels.command('add').description('add (or replace) a label'))
    .requiredOption('--name <key>', 'label key')
    .requiredOption('--value <value>', 'label value, or {{ env:LOCAL }}')
    .action((f: Common & { name: string; value: string }) =>
      withFunction(ctx, f, (func, fns) => fns.addLabel(func, { key: f.name, value: f.value })),
    );
  pathOption(labels.command('remove').description('remove a label'))
    .requiredOption('--name <key>', 'label key')
    .action((f: Common & { name: string }) =>
      withFunction(ctx, f, (func, fns) => fns.removeLabel(func, f.name)),
    );

  const volumes = config.command('volumes').description('volumes mounted into the function (run.volumes)');
  list(volumes.command('list', { isDefault: true }).description('list the volumes')).action((f: Common) =>
    withFunction(ctx, f, (func, fns) =>
      printList(ctx, f, func.run?.volumes ?? [], (v) => fns.describeVolume(v)),
    ),
  );
  pathOption(
    volumes.command('add').description('mount a secret, config map, persistent volume claim or emptyDir'),
  )
    .requiredOption('--type <type>', 'secret, configmap, pvc or emptydir')
    .option('--source <name>', 'the secret, config map or claim name')
    .requiredOption('--mount-path <path>', 'where to mount it (absolute)')
    .option('--read-only', 'mount a pvc read-only')
    .option('--medium <medium>', 'emptydir medium: "" or Memory')
    .option('--size <quantity>', 'emptydir size limit, e.g. 64Mi')
    .action(
      (
        f: Common & {
          type: string;
          source?: string;
          mountPath: string;
          readOnly?: boolean;
          medium?: string;
          size?: string;
        },
      ) =>
        withFunction(ctx, f, (func, fns) =>
          fns.addVolume(
            func,
            fns.volumeFrom({
              type: f.type,
              source: f.source,
              mountPath: f.mountPath,
              readOnly: f.readOnly,
              medium: f.medium,
              sizeLimit: f.size,
            }),
          ),
        ),
    );
  pathOption(volumes.command('remove').description('remove the volume mounted at a path'))
    .requiredOption('--mount-path <path>', 'the mount path')
    .action((f: Common & { mountPath: string }) =>
      withFunction(ctx, f, (func, fns) => fns.removeVolume(func, f.mountPath)),
    );
}

/** Loads func.yaml, applies `edit` (which may only print), and writes the result when it changed. */
function withFunction(
  ctx: CliContext,
  flags: Common,
  edit: (func: FuncYaml, fns: Functions) => FuncYaml | void,
): Promise<void> {
  return asUserErrors(async () => {
    const fns = await loadFunctions();
    const root = functionRoot(flags);
    const { func, warnings } = fns.requireFuncYaml(root);
    warnings.forEach((w) => ctx.stderr.write(`warning: ${w}\n`));
    let edited: FuncYaml | void;
    try {
      edited = edit(func, fns);
    } catch (err) {
      if (err instanceof fns.FuncYamlError) throw err;
      throw new CliError((err as Error).message);
    }
    if (edited) {
      fns.writeFuncYaml(root, edited);
      ctx.stdout.write(`updated ${root}/func.yaml\n`);
    }
  });
}

function printList<T>(ctx: CliContext, flags: Common, items: T[], line: (item: T) => string): void {
  if (flags.output === 'json') ctx.stdout.write(JSON.stringify(items) + '\n');
  else if (items.length === 0) ctx.stdout.write('(none)\n');
  else ctx.stdout.write(items.map((i) => `${line(i)}\n`).join(''));
}
