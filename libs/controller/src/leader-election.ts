import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { sleep } from './backoff';
import type { KubeClient } from './client';
import { isAlreadyExists, isConflict, isNotFound } from './errors';
import type { KubeObject } from './objects';

const LEASE = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' } as const;

interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number;
  acquireTime?: string | null;
  renewTime?: string | null;
  leaseTransitions?: number;
}

type Lease = KubeObject & { spec?: LeaseSpec };

export interface LeaderElectionOptions {
  client: KubeClient;
  /** Lease name, one per controller (e.g. `serving-controller.route`). */
  name: string;
  namespace: string;
  identity?: string;
  /** How long a lease stays valid without renewal; followers wait this long before taking over (default 15 s). */
  leaseDurationMs?: number;
  /** The leader gives up when it could not renew for this long (default 10 s; must be < leaseDuration). */
  renewDeadlineMs?: number;
  /** Pause between tries to acquire or renew (default 2 s). */
  retryPeriodMs?: number;
  logger?: Logger;
}

export interface LeaderCallbacks {
  /** Starts the work; the signal aborts when leadership is lost or the elector stops. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  onStoppedLeading?(): void | Promise<void>;
  onNewLeader?(identity: string): void;
}

export function defaultIdentity(): string {
  return `${os.hostname()}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, with client-go's timing model: expiry is judged by when
 * this process last saw the lease record change (local clock), never by comparing clocks across machines.
 */
export class LeaderElector {
  readonly identity: string;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly stopper = new AbortController();
  private observed: { rv?: string; holder?: string; at: number } = { at: 0 };
  private leading = false;
  private running: Promise<void> | undefined;
  private releaseOnStop = true;

  constructor(private readonly options: LeaderElectionOptions) {
    this.identity = options.identity ?? defaultIdentity();
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (this.renewDeadlineMs >= this.leaseDurationMs)
      throw new Error('leader election: renewDeadlineMs must be less than leaseDurationMs');
    if (this.retryPeriodMs >= this.renewDeadlineMs)
      throw new Error('leader election: retryPeriodMs must be less than renewDeadlineMs');
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** Campaigns until `stop()`: acquire, lead until renewals fail, then campaign again. */
  run(callbacks: LeaderCallbacks): Promise<void> {
    this.running ??= this.loop(callbacks);
    return this.running;
  }

  /**
   * Stops campaigning; a leader stops its work and releases the lease so a follower takes over at once.
   * `release: false` leaves the lease to expire (what a crashed leader does; tests use it).
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    this.releaseOnStop = options.release ?? true;
    this.stopper.abort();
    await this.running;
  }

  private async loop(callbacks: LeaderCallbacks): Promise<void> {
    const stop = this.stopper.signal;
    while (!stop.aborted) {
      if (!(await this.tryAcquireOrRenew(callbacks))) {
        await sleep(this.retryPeriodMs, stop);
        continue;
      }
      this.leading = true;
      const work = new AbortController();
      this.options.logger?.info({ lease: this.options.name, identity: this.identity }, 'became leader');
      try {
        await callbacks.onStartedLeading(work.signal);
      } catch (err) {
        this.options.logger?.error({ err: (err as Error).message }, 'onStartedLeading failed');
      }
      let lastRenew = Date.now();
      while (!stop.aborted) {
        await sleep(this.retryPeriodMs, stop);
        if (stop.aborted) break;
        if (await this.tryAcquireOrRenew(callbacks)) lastRenew = Date.now();
        else if (Date.now() - lastRenew > this.renewDeadlineMs || this.observed.holder !== this.identity)
          break;
      }
      work.abort();
      this.leading = false;
      this.options.logger?.info({ lease: this.options.name, identity: this.identity }, 'stopped leading');
      await callbacks.onStoppedLeading?.();
      if (stop.aborted && this.releaseOnStop) await this.release();
    }
  }

  private async tryAcquireOrRenew(callbacks: LeaderCallbacks): Promise<boolean> {
    const { client, name, namespace } = this.options;
    const now = new Date();
    const leaseSeconds = Math.max(1, Math.ceil(this.leaseDurationMs / 1000));
    let current: Lease;
    try {
      current = await client.get<Lease>(LEASE, name, namespace);
    } catch (err) {
      if (!isNotFound(err)) return this.failed(err);
      try {
        const created = await client.create<Lease>({
          ...LEASE,
          metadata: { name, namespace },
          spec: {
            holderIdentity: this.identity,
            leaseDurationSeconds: leaseSeconds,
            acquireTime: micro(now),
            renewTime: micro(now),
            leaseTransitions: 0,
          },
        });
        this.observe(created, callbacks);
        return true;
      } catch (createErr) {
        return isAlreadyExists(createErr) ? false : this.failed(createErr);
      }
    }
    this.observe(current, callbacks);
    const spec = current.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const heldByOther = holder !== '' && holder !== this.identity;
    if (heldByOther && Date.now() < this.observed.at + (spec.leaseDurationSeconds ?? leaseSeconds) * 1000)
      return false;

    const takingOver = holder !== this.identity;
    const next: Lease = {
      ...current,
      spec: {
        ...spec,
        holderIdentity: this.identity,
        leaseDurationSeconds: leaseSeconds,
        renewTime: micro(now),
        acquireTime: takingOver ? micro(now) : spec.acquireTime,
        leaseTransitions: (spec.leaseTransitions ?? 0) + (takingOver && holder !== '' ? 1 : 0),
      },
    };
    try {
      this.observe(await client.update(next), callbacks);
      return true;
    } catch (err) {
      return isConflict(err) ? false : this.failed(err);
    }
  }

  private observe(lease: Lease, callbacks: LeaderCallbacks): void {
    const rv = lease.metadata.resourceVersion;
    const holder = lease.spec?.holderIdentity ?? '';
    if (rv !== this.observed.rv) {
      if (holder && holder !== this.observed.holder) callbacks.onNewLeader?.(holder);
      this.observed = { rv, holder, at: Date.now() };
    }
  }

  private failed(err: unknown): false {
    this.options.logger?.warn(
      { lease: this.options.name, err: (err as Error).message },
      'leader election request failed',
    );
    return false;
  }

  /** Hands the lease back (empty holder, 1 s duration) so a follower acquires it on its next try. */
  private async release(): Promise<void> {
    const { client, name, namespace } = this.options;
    try {
      const current = await client.get<Lease>(LEASE, name, namespace);
      if (current.spec?.holderIdentity !== this.identity) return;
      await client.update<Lease>({
        ...current,
        spec: {
          ...current.spec,
          holderIdentity: null,
          leaseDurationSeconds: 1,
          renewTime: micro(new Date()),
        },
      });
    } catch (err) {
      this.options.logger?.warn({ err: (err as Error).message }, 'releasing the lease failed');
    }
  }
}

/** MicroTime as the API server writes it (RFC 3339 with microseconds). */
function micro(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
