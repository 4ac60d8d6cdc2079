import type { Command } from 'commander';
import { CliError, type CliContext } from '../../context';

export function register(func: Command, _ctx: CliContext): void {
  func
    .command('create')
    .description('(being implemented)')
    .action(() => {
      throw new CliError('kuack func create: not implemented yet');
    });
}
