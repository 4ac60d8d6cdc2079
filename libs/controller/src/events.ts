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

export interface EventRecorderOptions {
  logger?: Logger;
  /** Events written at the same time (default 4). */
  concurrency?: number;
  /** Events waiting beyond this are dropped with a log line, like Knative's bounded broadcaster (default 1000). */
  maxPending?: number;
  /** Deduplication memory (default 4096 distinct Events). */
  maxRemembered?: number;
}

/**
 * Writes Events through the client, deduplicated like client-go's correlator: the same object, type,
 * reason and message bumps `count` and `lastTimestamp` of the existing Event instead of making a new one.
 * Writes are asynchronous (a few at a time, in order per distinct Event); failures are logged, never thrown
 * into a reconcile.
 */
export class KubeEventRecorder implements EventRecorder {
  private readonly seen = new Map<string, Recorded>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly slots: (() => void)[] = [];
  private running = 0;
  private pending = 0;
  private readonly concurrency: number;
  private readonly maxPending: number;
  private readonly maxRemembered: number;
  private readonly logger?: Logger;

  constructor(
    private readonly client: KubeClient,
    private readonly component: string,
    options: EventRecorderOptions | Logger = {},
  ) {
    const o: EventRecorderOptions = isLogger(options) ? { logger: options } : options;
    this.logger = o.logger;
    this.concurrency = o.concurrency ?? 4;
    this.maxPending = o.maxPending ?? 1000;
    this.maxRemembered = o.maxRemembered ?? 4096;
  }

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    if (this.pending >= this.maxPending) {
      this.logger?.warn({ reason, object: obj.metadata.name }, 'too many Events waiting; dropping one');
      return;
    }
    this.pending++;
    const key = dedupeKeyOf(obj, type, reason, message);
    const next = (this.chains.get(key) ?? Promise.resolve())
      .then(() => this.inSlot(() => this.write(key, obj, type, reason, message)))
      .catch((err) => this.logger?.warn({ err: (err as Error).message, reason }, 'recording an Event failed'))
      .finally(() => {
        this.pending--;
        if (this.chains.get(key) === next) this.chains.delete(key);
      });
    this.chains.set(key, next);
  }

  /** Resolves when every Event recorded so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  private async inSlot<T>(fn: () => Promise<T>): Promise<T> {
    // A finishing write hands its slot straight to the next waiter, so at most `concurrency` run.
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.slots.push(resolve));
    else this.running++;
    try {
      return await fn();
    } finally {
      const next = this.slots.shift();
      if (next) next();
      else this.running--;
    }
  }

  private async write(
    dedupeKey: string,
    obj: KubeObject,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<void> {
    const namespace = obj.metadata.namespace || 'default';
    const now = new Date().toISOString();
    const prior = this.seen.get(dedupeKey);
    if (prior) {
      prior.count++;
      try {
        await this.client.patch({ apiVersion: 'v1', kind: 'Event' }, prior.name, prior.namespace, {
          count: prior.count,
          lastTimestamp: now,
        });
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

function dedupeKeyOf(obj: KubeObject, type: EventType, reason: string, message: string): string {
  return [
    obj.metadata.uid,
    obj.kind,
    obj.metadata.namespace || 'default',
    obj.metadata.name,
    type,
    reason,
    message,
  ].join('\u0000');
}

function isLogger(v: unknown): v is Logger {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Logger).child === 'function' &&
    typeof (v as Logger).info === 'function'
  );
}
