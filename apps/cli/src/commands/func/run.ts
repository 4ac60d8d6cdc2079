import type { Command } from 'commander';
import { CliError, type CliContext } from '../../context';
import { asUserErrors, functionRoot, loadFunctions, pathOption } from './load';

interface RunFlags {
  path?: string;
  address?: string;
  json?: boolean;
  build: string;
}

export function register(func: Command, ctx: CliContext): void {
  pathOption(
    func
      .command('run')
      .description('run the function on this machine with the Kuack runtime (Ctrl-C stops it)')
      .option('--address <host:port>', 'where to listen (default 127.0.0.1:8080, or the next free port)')
      .option('--json', 'print the address as JSON ({"address","host","port","pid"})')
      .option('--build <when>', 'run the package.json build script first: auto, true or false', 'auto'),
  ).action((flags: RunFlags) => asUserErrors(() => run(ctx, flags)));
}

async function run(ctx: CliContext, flags: RunFlags): Promise<void> {
  if (!['auto', 'true', 'false'].includes(flags.build))
    throw new CliError(`--build: "${flags.build}" must be auto, true or false`);
  const fns = await loadFunctions();
  const sdk = await fns.ensureFunctionSdk(ctx.rootDir, ctx.version);
  const output = flags.json ? ctx.stderr : ctx.stdout;
  let running;
  try {
    running = await fns.startLocalRun({
      root: functionRoot(flags),
      runtimeFile: sdk.runtimeFile,
      address: flags.address,
      build: flags.build as 'auto' | 'true' | 'false',
      output,
      warn: (message) => ctx.stderr.write(`warning: ${message}\n`),
    });
  } catch (err) {
    if (err instanceof fns.FuncYamlError) throw err;
    throw new CliError((err as Error).message);
  }
  if (flags.json) {
    ctx.stdout.write(
      JSON.stringify({
        address: running.url.replace(/\/$/, ''),
        host: running.host,
        port: String(running.port),
        pid: running.pid,
      }) + '\n',
    );
  } else {
    ctx.stderr.write(`Function running on ${running.url}\n`);
  }
  let stopping = false;
  const stop = () => {
    stopping = true;
    void running.stop();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const code = await running.exited;
    if (code !== 0 && !stopping && code !== 128 + 15)
      throw new CliError(`the function exited with code ${code}`, code);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
