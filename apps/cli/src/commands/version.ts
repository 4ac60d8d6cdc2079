import type { Command } from 'commander';
import type { CliContext } from '../context';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('version')
    .description('print the version of Kuack')
    .option('-o, --output <format>', 'text or json', 'text')
    .action((opts: { output: string }) => {
      if (opts.output === 'json') {
        ctx.stdout.write(JSON.stringify({ version: ctx.version, node: process.versions.node }) + '\n');
      } else {
        ctx.stdout.write(`kuack ${ctx.version}\n`);
      }
    });
}
