import { ConfigError, parseQueueProxyEnv } from './config';
import { createJsonLogger } from './logger';
import { startQueueProxy } from './queue-proxy';

async function main(): Promise<void> {
  let cfg;
  try {
    cfg = parseQueueProxyEnv(process.env);
  } catch (err) {
    process.stderr.write(`queue-proxy: ${(err as Error).message}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  }
  const log = createJsonLogger({
    name: 'queue-proxy',
    revision: `${cfg.namespace}/${cfg.revision}`,
    pod: cfg.pod,
  });
  const qp = await startQueueProxy(cfg, log);
  log.info('started', { serving: qp.servingPort, admin: qp.adminPort, metrics: qp.metricsPort });
  // A line tests and tools can wait for (ports are real even when 0 was asked).
  process.stdout.write(
    `listening serving=${qp.servingPort} admin=${qp.adminPort} metrics=${qp.metricsPort}\n`,
  );
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    log.info('received signal, draining', { signal });
    void qp.shutdown().then(() => process.exit(0));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

main().catch((err: unknown) => {
  process.stderr.write(`queue-proxy: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
