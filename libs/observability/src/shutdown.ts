import type { Logger } from 'pino';

export type ShutdownHook = () => Promise<void> | void;

export interface GracefulShutdownOptions {
  logger: Logger;
  /** The whole shutdown must finish within this many ms, else the process exits with code 1. */
  deadlineMs?: number;
  signals?: NodeJS.Signals[];
  /** Injected for tests; process.exit by default. */
  exit?: (code: number) => void;
}

interface RegisteredHook {
  name: string;
  order: number;
  hook: ShutdownHook;
}

/**
 * Ordered shutdown on SIGTERM/SIGINT: hooks run one after another by ascending `order` (stop accepting
 * traffic first, drain, then close stores), each failure logged and the rest still run; a deadline bounds
 * the whole so a stuck hook can never keep the process alive. A second signal exits at once.
 */
export class GracefulShutdown {
  private readonly hooks: RegisteredHook[] = [];
  private running: Promise<void> | undefined;
  private readonly listener = (signal: NodeJS.Signals) => this.onSignal(signal);

  constructor(private readonly options: GracefulShutdownOptions) {}

  /** Registers a hook; lower `order` runs first, equal orders run in registration order. */
  add(name: string, hook: ShutdownHook, order = 0): this {
    this.hooks.push({ name, order, hook });
    return this;
  }

  listen(): this {
    for (const signal of this.signals()) process.on(signal, this.listener);
    return this;
  }

  unlisten(): void {
    for (const signal of this.signals()) process.off(signal, this.listener);
  }

  get shuttingDown(): boolean {
    return this.running !== undefined;
  }

  /** Runs the hooks once; later calls get the same promise, which rejects when a hook failed or the deadline passed. */
  run(reason: string): Promise<void> {
    this.running ??= this.runHooks(reason);
    return this.running;
  }

  private signals(): NodeJS.Signals[] {
    return this.options.signals ?? ['SIGTERM', 'SIGINT'];
  }

  private onSignal(signal: NodeJS.Signals): void {
    const exit = this.options.exit ?? ((code: number) => process.exit(code));
    if (this.running) {
      this.options.logger.warn({ signal }, 'second signal during shutdown: exiting now');
      exit(130);
      return;
    }
    void this.run(signal).then(
      () => exit(0),
      () => exit(1),
    );
  }

  private async runHooks(reason: string): Promise<void> {
    const { logger } = this.options;
    const deadlineMs = this.options.deadlineMs ?? 10_000;
    logger.info({ reason, deadlineMs }, 'shutting down');
    const ordered = [...this.hooks].sort((a, b) => a.order - b.order);
    let failed = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
      timer.unref();
    });
    const all = (async () => {
      for (const { name, hook } of ordered) {
        try {
          await hook();
          logger.debug({ hook: name }, 'shutdown hook done');
        } catch (err) {
          failed = true;
          logger.error({ hook: name, err }, 'shutdown hook failed');
        }
      }
    })();
    const outcome = await Promise.race([all.then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    if (outcome === 'deadline') {
      logger.error({ deadlineMs }, 'shutdown deadline passed with hooks still running');
      throw new Error(`shutdown deadline of ${deadlineMs} ms passed`);
    }
    if (failed) throw new Error('one or more shutdown hooks failed');
    logger.info('shutdown complete');
  }
}
