import type { Command } from 'commander';
import type { CliContext } from '../context';
import { FUNC_SUBCOMMANDS } from './func/index';

/** `kuack func …`: Knative Functions. Each subcommand lives in its own file under ./func/. */
export function register(program: Command, ctx: CliContext): void {
  const func = program
    .command('func')
    .description('Knative Functions: create, run, invoke, build and deploy a function');
  for (const subcommand of FUNC_SUBCOMMANDS) subcommand.register(func, ctx);
}
