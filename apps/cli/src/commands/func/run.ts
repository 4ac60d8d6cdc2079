import type { Command } from 'commander';
import { CliError, type CliContext } from '../../context';

export function register(func: Command, _ctx: CliContext): void {
  func
    .command('run')
    .description('(being implemented)')
    .action(() => {
      throw new CliError('kuack func run: not implemented yet');
    });
}
