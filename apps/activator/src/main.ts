import { connect } from '@kuack/controller';
import { createLogger, watchParent } from '@kuack/observability';
import { startActivator } from './activator';
import { parseFlags } from './flags';

async function main(): Promise<void> {
  let flags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`activator: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger({ name: 'activator' });
  const activator = await startActivator({
    client: connect({ kubeconfigPath: flags.kubeconfig, userAgent: 'kuack-activator' }),
    host: flags.host,
    port: flags.port,
    autoscalerUrl: flags.autoscalerUrl,
    registerEndpoints: flags.registerEndpoints,
    systemNamespace: flags.systemNamespace,
    podName: process.env.POD_NAME,
    drainMs: flags.drainSeconds * 1000,
    logger,
  });
  process.stdout.write(`activator listening on ${flags.host}:${activator.port}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), flags.drainSeconds * 1000 + 10_000).unref();
    activator.stop().then(
      () => process.exit(0),
      (err: Error) => {
        logger.error({ err: err.message }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  watchParent(stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`activator: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
