import type { Logger } from 'pino';
import type { KubeClient } from './client';
import { isNotFound } from './errors';
import type { KubeObject } from './objects';

export type EventType = 'Normal' | 'Warning';

/** Records core/v1 Events about objects (what `kubectl describe` shows). */
export interface EventRecorder {
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
}

interface Recorded {
  name: string;
  namespace: string;
  count: number;
}

/**
 * Writes Events through the client, deduplicated like client-go's correlator: the same object, type,
 * reason and message bumps `count` and `lastTimestamp` of the existing Event instead of making a new one.
 * Writes are asynchronous and serialized; failures are logged, never thrown into a reconcile.
 */
export class KubeEventRecorder implements EventRecorder {
  private readonly seen = new Map<string, Recorded>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: KubeClient,
    private readonly component: string,
    private readonly logger?: Logger,
    private readonly maxRemembered = 4096,
  ) {}

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    this.chain = this.chain.then(() => this.write(obj, type, reason, message)).catch((err) => {
      this.logger?.warn({ err: (err as Error).message, reason }, 'recording an Event failed');
    });
  }

  /** Resolves when every Event recorded so far is written (tests, shutdown). */
  flush(): Promise<void> {
    return this.chain;
  }

  private async write(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = obj.metadata.namespace || 'default';
    const dedupeKey = [obj.metadata.uid, obj.kind, namespace, obj.metadata.name, type, reason, message].join('\u0000');
    const now = new Date().toISOString();
    const prior = this.seen.get(dedupeKey);
    if (prior) {
      prior.count++;
      try {
        await this.client.patch({ apiVersion: 'v1', kind: 'Event' }, prior.name, prior.namespace, { count: prior.count, lastTimestamp: now });
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.seen.delete(dedupeKey);
      }
    }
    const name = `${obj.metadata.name}.${Date.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`;
    await this.client.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
      },
      type,
      reason,
      message: message.slice(0, 1024),
      source: { component: this.component },
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      reportingComponent: this.component,
    });
    if (this.seen.size >= this.maxRemembered) this.seen.delete(this.seen.keys().next().value as string);
    this.seen.set(dedupeKey, { name, namespace, count: 1 });
  }
}
