import fs from 'node:fs';
import { createLogger, watchParent } from '@kuack/observability';
import { listeningLine, parseFlags } from './flags';
import { startGateway } from './gateway';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const logger = createLogger({ name: 'gateway' });
  const gateway = await startGateway({
    kubeconfigPath: flags.kubeconfig,
    ingressClass: flags.ingressClass,
    bind: flags.bind,
    httpPort: flags.httpPort,
    httpsPort: flags.httpsPort,
    internalHttpPort: flags.internalHttpPort,
    adminPort: flags.adminPort,
    loadBalancers: {
      publicDomainInternal: flags.publicDomainInternal,
      privateDomainInternal: flags.privateDomainInternal,
    },
    serveClusterLocal: flags.serveClusterLocal,
    maxHeaderBytes: flags.maxHeaderBytes,
    drainMs: flags.drainSeconds * 1000,
    logger,
  });
  const line = listeningLine(gateway);
  if (flags.readyFile) fs.writeFileSync(flags.readyFile, `${line}\n`);
  process.stdout.write(`${line}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(
      () => {
        logger.error('stopping took too long; exiting');
        process.exit(1);
      },
      flags.drainSeconds * 1000 + 5000,
    ).unref();
    gateway.close().then(
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
  process.stderr.write(`gateway: ${(err as Error).message}\n`);
  process.exit(1);
});
