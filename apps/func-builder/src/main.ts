import { createLogger, GracefulShutdown } from '@kuack/observability';
import { createBuilderApp, listen } from './builder-app';
import { settingsFromEnv } from './settings';

async function main(): Promise<void> {
  const settings = settingsFromEnv();
  const logger = createLogger({ name: 'func-builder' });
  const { app } = createBuilderApp({ settings, logger });
  const server = await listen(app, settings.host, settings.port);
  const address = server.address();
  logger.info({ address }, 'func-builder listening');
  process.stdout.write(
    `func-builder listening on ${typeof address === 'object' && address ? `${address.address}:${address.port}` : String(address)}\n`,
  );
  new GracefulShutdown({ logger, deadlineMs: 10 * 60_000 })
    .add(
      'stop accepting builds, finish running ones',
      () => new Promise<void>((resolve) => server.close(() => resolve())),
    )
    .listen();
}

main().catch((err: unknown) => {
  process.stderr.write(`func-builder: ${(err as Error).message}\n`);
  process.exit(1);
});
