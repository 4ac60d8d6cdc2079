import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError, type CliContext } from '../context';

interface ClusterFlags {
  dataDir: string;
  port: string;
  crdDir?: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('cluster')
    .description(
      'run the embedded Kubernetes API server alone, in the foreground (writes DATA_DIR/kubeconfig)',
    )
    .option('--data-dir <dir>', 'where state and the kubeconfig live', path.join(os.homedir(), '.kuack'))
    .option('--port <port>', 'HTTPS port on 127.0.0.1 (0 picks a free one)', '6443')
    .option('--crd-dir <dir>', "CRD manifests installed at start (default: the chart's files/crds)")
    .action((flags: ClusterFlags) => cluster(flags, ctx));
}

async function cluster(flags: ClusterFlags, ctx: CliContext): Promise<void> {
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port: "${flags.port}" is not a port number`, 2);
  const { knativeAdmission, startEmbeddedCluster } = await import('@kuack/apiserver');
  const started = Date.now();
  let running;
  try {
    running = await startEmbeddedCluster({
      dataDir: path.resolve(flags.dataDir),
      port,
      crdDir: flags.crdDir ? path.resolve(flags.crdDir) : path.join(ctx.rootDir, 'charts/kuack/files/crds'),
      admission: knativeAdmission(),
      log: (line) => ctx.stderr.write(`${line}\n`),
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new CliError(`--port: 127.0.0.1:${port} is already in use`);
    throw new CliError(e.message);
  }
  ctx.stdout.write(`Kubernetes API ready at ${running.url} (${Date.now() - started} ms)\n`);
  ctx.stdout.write(`export KUBECONFIG=${running.kubeconfigPath}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      running.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
