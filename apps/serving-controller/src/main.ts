import { writeFileSync } from 'node:fs';
import { createLogger, resolveLogLevel, watchParent } from '@kuack/observability';
import { startServingController } from './app';
import { FlagError, HelpRequested, parseFlags } from './flags';

async function main(): Promise<void> {
  let flags;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (err) {
    if (err instanceof HelpRequested) {
      process.stdout.write(`${err.message}\n`);
      process.exit(0);
    }
    if (err instanceof FlagError) {
      process.stderr.write(`serving-controller: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger({
    name: 'serving-controller',
    level: resolveLogLevel(flags.logLevel ?? process.env.LOG_LEVEL),
  });
  const handle = await startServingController({ flags, logger });
  const { health, autoscaler, webhook } = handle.ports;
  const line = `listening health=${health} autoscaler=${autoscaler}${webhook !== undefined ? ` webhook=${webhook}` : ''}`;
  process.stdout.write(`${line}\n`);
  if (flags.readyFile) writeFileSync(flags.readyFile, `${line}\n`);

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping');
    setTimeout(() => {
      logger.error('stopping took too long; exiting');
      process.exit(1);
    }, 10_000).unref();
    handle.stop().then(
      () => process.exit(0),
      (err: Error) => {
        logger.error({ err: err.message }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // Under `kuack up`: when the supervisor is gone, stop rather than linger.
  watchParent(() => stop('parent exited'));
  handle.started.catch((err: Error) => {
    if (stopping) return; // stopped before the caches synced
    logger.error({ err: err.message }, 'controllers failed to start');
    process.exit(1);
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`serving-controller: ${(err as Error).message}\n`);
  process.exit(1);
});
