import type { Command } from 'commander';
import { CliError, type CliContext } from '../../context';

export function register(func: Command, _ctx: CliContext): void {
  func
    .command('config')
    .description('(being implemented)')
    .action(() => {
      throw new CliError('kuack func config: not implemented yet');
    });
}
