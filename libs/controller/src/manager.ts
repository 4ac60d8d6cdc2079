import type { Logger } from 'pino';
import type { Controller } from './controller';
import type { InformerFactory } from './informer-factory';
import { LeaderElector, type LeaderElectionOptions } from './leader-election';

export interface ManagerOptions {
  factory: InformerFactory;
  controllers: Controller[];
  logger: Logger;
  /** Without it every replica runs workers (single-replica and local mode). */
  leaderElection?: Omit<LeaderElectionOptions, 'client'>;
}

/**
 * Runs a process's controllers: informers start on every replica (warm caches), workers start after the
 * caches are synced and only on the leader; on shutdown, reconciles in progress finish before the lease is
 * released, so two leaders never reconcile at once.
 */
export class ControllerManager {
  readonly elector?: LeaderElector;
  private started = false;

  constructor(private readonly options: ManagerOptions) {
    if (options.leaderElection)
      this.elector = new LeaderElector({
        ...options.leaderElection,
        client: options.factory.client,
        logger: options.logger,
      });
  }

  isLeader(): boolean {
    return this.elector ? this.elector.isLeader() : this.started;
  }

  /** Starts informers, waits for them to sync, then campaigns (or starts workers at once). */
  async start(signal?: AbortSignal): Promise<void> {
    const { factory, controllers, logger } = this.options;
    factory.start();
    await factory.waitForSync(signal);
    logger.info({ controllers: controllers.map((c) => c.name) }, 'caches synced');
    this.started = true;
    if (!this.elector) {
      for (const c of controllers) c.start();
      return;
    }
    void this.elector.run({
      onStartedLeading: () => {
        for (const c of controllers) c.start();
      },
      onStoppedLeading: async () => {
        await Promise.all(controllers.map((c) => c.suspend()));
      },
    });
  }

  /** Drains the workers, releases the lease (unless `release: false`), stops the informers. */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    await this.elector?.stop(options);
    await Promise.all(this.options.controllers.map((c) => c.stop()));
    await this.options.factory.stop();
  }
}
