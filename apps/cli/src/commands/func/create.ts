import path from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../../context';
import { asUserErrors, loadFunctions } from './load';

interface CreateFlags {
  language: string;
  template: string;
  link: boolean;
}

export function register(func: Command, ctx: CliContext): void {
  func
    .command('create [path]')
    .description('create a function from a template (name = the folder name)')
    .option('-l, --language <language>', 'node or typescript', 'node')
    .option('-t, --template <template>', 'http or cloudevents (typescript also: instance)', 'http')
    .option('--no-link', 'do not link @kuack/functions and kuack (and typescript) into node_modules')
    .action((target: string | undefined, flags: CreateFlags) =>
      asUserErrors(() => create(ctx, target, flags)),
    );
}

async function create(ctx: CliContext, target: string | undefined, flags: CreateFlags): Promise<void> {
  const fns = await loadFunctions();
  const created = fns.createFunction({
    root: path.resolve(target ?? process.cwd()),
    language: flags.language,
    template: flags.template,
    templatesRoot: fns.templatesDir(ctx.rootDir),
  });
  ctx.stdout.write(
    `Created ${flags.language} function "${created.name}" (${flags.template} template) in ${created.root}\n` +
      created.files.map((f) => `  ${f}\n`).join(''),
  );
  if (flags.link) {
    const sdk = await fns.ensureFunctionSdk(ctx.rootDir, ctx.version);
    const linked = fns.linkDevTools(created.root, ctx.rootDir, sdk.dir, flags.language === 'typescript');
    if (linked.length > 0) {
      ctx.stdout.write(`Linked from this Kuack installation: ${linked.map((l) => l.link).join(', ')}\n`);
    }
  }
  const relative = path.relative(process.cwd(), created.root) || '.';
  ctx.stdout.write(
    `\nNext:\n${relative === '.' ? '' : `  cd ${relative}\n`}  npm test            # the function's own tests\n  npx kuack func run  # serve it locally\n  npx kuack func invoke\n`,
  );
}
