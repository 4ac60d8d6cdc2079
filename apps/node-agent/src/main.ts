import { connect } from '@kuack/controller';
import { NodeAgent } from '@kuack/kubelet';
import { createLogger, watchParent } from '@kuack/observability';
import { parseFlags } from './flags';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const logger = createLogger({ name: 'node-agent' });
  const agent = new NodeAgent({
    client: connect({ kubeconfigPath: flags.kubeconfig, userAgent: 'kuack-node-agent' }),
    dataDir: flags.dataDir,
    nodeName: flags.nodeName,
    podsLogDir: flags.podsLogDir,
    podCidr: flags.podCidr,
    labels: flags.labels,
    taints: flags.taints,
    maxPods: flags.maxPods,
    reserved: flags.reserved,
    logServerPort: flags.logPort,
    platformStopGraceMs: flags.stopGraceMs,
    logger,
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Pods get at most the stop grace; an unreachable API server must not hold the exit up much longer.
    setTimeout(() => {
      logger.error('stopping took too long; exiting');
      process.exit(1);
    }, flags.stopGraceMs + 5000).unref();
    agent.stop().then(
      () => process.exit(0),
      (err: Error) => {
        logger.error({ err: err.message }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Under `kuack up`: if the supervisor is killed hard, stop the Pods and exit rather than orphan them.
  watchParent(stop);
  await agent.start();
  process.stdout.write(`node agent ready: node ${agent.nodeName}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`node-agent: ${(err as Error).message}\n`);
  process.exit(1);
});
