import { Command, CommanderError } from 'commander';
import { CliError, type CliContext } from './context';
import * as cluster from './commands/cluster';
import * as func from './commands/func';
import * as image from './commands/image';
import * as up from './commands/up';
import * as validate from './commands/validate';
import * as version from './commands/version';

/** Every command module of `kuack`; each later component adds its own here. */
const COMMANDS = [version, up, image, cluster, validate, func];

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('kuack')
    .description(
      'Knative, written in TypeScript: Serving, Eventing and Functions, on a cluster or on one machine',
    )
    .version(ctx.version, '-v, --version', 'print the version')
    .showHelpAfterError('(run kuack --help for usage)')
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .exitOverride();
  for (const command of COMMANDS) command.register(program, ctx);
  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so tests drive it in-process. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliError) {
      ctx.stderr.write(`kuack: ${err.message}\n`);
      return err.exitCode;
    }
    ctx.stderr.write(`kuack: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
