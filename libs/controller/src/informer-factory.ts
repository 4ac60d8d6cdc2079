import type { Logger } from 'pino';
import type { KubeClient } from './client';
import { Informer, type InformerOptions } from './informer';
import { type Gvk, type KubeObject, gvkKey } from './objects';

export interface InformerFactoryOptions {
  /** Resync period for informers that do not set their own (default 10 h like Knative's controllers). */
  defaultResyncMs?: number;
  logger?: Logger;
  /**
   * Limits every informer that names no namespace to this one (a controller that serves one namespace, or test
   * files sharing an API server without seeing each other's objects). Cluster-scoped kinds are unaffected.
   * Default: $KUACK_WATCH_NAMESPACE (the operator convention, so every Kuack component honours it), else all.
   */
  namespace?: string;
}

/**
 * One informer per kind (and namespace/selector) per process, shared by every controller that asks for it,
 * so N reconcilers watching Pods cost one list+watch.
 */
export class InformerFactory {
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private started = false;

  constructor(
    readonly client: KubeClient,
    private readonly options: InformerFactoryOptions = {},
  ) {}

  informerFor<T extends KubeObject = KubeObject>(
    gvk: Gvk,
    requested: Omit<InformerOptions<T>, 'gvk'> = {},
  ): Informer<T> {
    const scope = this.options.namespace ?? (process.env.KUACK_WATCH_NAMESPACE || undefined);
    const options = { ...requested, namespace: requested.namespace ?? scope };
    const key = [
      gvkKey(gvk),
      options.namespace ?? '',
      options.labelSelector ?? '',
      options.fieldSelector ?? '',
    ].join('|');
    let informer = this.informers.get(key) as Informer<T> | undefined;
    if (!informer) {
      informer = new Informer<T>(this.client, {
        resyncPeriodMs: this.options.defaultResyncMs ?? 10 * 60 * 60 * 1000,
        logger: this.options.logger,
        ...options,
        gvk,
      });
      this.informers.set(key, informer as unknown as Informer<KubeObject>);
      if (this.started) informer.start();
    } else if (options.indexers) {
      for (const [name, fn] of Object.entries(options.indexers)) {
        try {
          informer.addIndexer(name, fn);
        } catch {
          // the same indexer asked for twice by two controllers: keep the first
        }
      }
    }
    return informer;
  }

  /** Starts every informer made so far and any made later. */
  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
  }

  /** Resolves when every informer has listed once (the `synced` gate before workers start). */
  async waitForSync(signal?: AbortSignal): Promise<void> {
    const all = Promise.all([...this.informers.values()].map((i) => i.synced));
    if (!signal) {
      await all;
      return;
    }
    await Promise.race([
      all,
      new Promise<void>((_, reject) =>
        signal.addEventListener('abort', () => reject(new Error('informer sync aborted')), { once: true }),
      ),
    ]);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  all(): Informer<KubeObject>[] {
    return [...this.informers.values()];
  }
}
