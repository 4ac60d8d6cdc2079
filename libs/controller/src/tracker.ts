import type { EventHandler } from './informer';
import { isResync } from './informer';
import { type KubeObject, splitApiVersion } from './objects';
import { matchesLabels } from './store';

/** What a key depends on: one object by name, or every object matching a label selector. */
export interface TrackedRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
  selector?: Record<string, string>;
}

interface Entry {
  ref: TrackedRef;
  expiresAt: number;
}

/**
 * Remembers which keys reference which objects they do not own (a Trigger's subscriber Service, a Route's
 * Configurations) and enqueues those keys when a referenced object changes. Tracking is a lease: a reconciler
 * re-tracks on every reconcile, and references not renewed within `leaseMs` are forgotten.
 */
export class Tracker {
  private readonly byKey = new Map<string, Map<string, Entry>>();

  constructor(
    private readonly enqueue: (key: string) => void,
    private readonly leaseMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  track(ref: TrackedRef, key: string): void {
    if (!ref.name && !ref.selector)
      throw new Error(`tracker: a reference to ${ref.kind} needs name or selector`);
    if (ref.name && ref.selector)
      throw new Error(`tracker: a reference to ${ref.kind} takes name or selector, not both`);
    let refs = this.byKey.get(key);
    if (!refs) this.byKey.set(key, (refs = new Map()));
    refs.set(refId(ref), { ref, expiresAt: this.now() + this.leaseMs });
  }

  /** Forgets everything `key` tracked (call when the tracking object is deleted). */
  untrackAll(key: string): void {
    this.byKey.delete(key);
  }

  /** Enqueues every key tracking `obj`; returns them. */
  onChanged(obj: KubeObject): string[] {
    const now = this.now();
    const hits: string[] = [];
    for (const [key, refs] of this.byKey) {
      for (const [id, entry] of refs) {
        if (entry.expiresAt < now) {
          refs.delete(id);
          continue;
        }
        if (matches(entry.ref, obj)) {
          hits.push(key);
          break;
        }
      }
      if (refs.size === 0) this.byKey.delete(key);
    }
    for (const key of hits) this.enqueue(key);
    return hits;
  }

  /** An informer handler for a referenced kind. */
  handler<T extends KubeObject>(): EventHandler<T> {
    return {
      onAdd: (obj) => this.onChanged(obj),
      onUpdate: (old, obj) => {
        if (isResync(old, obj)) return;
        this.onChanged(obj);
        // A selector may have stopped matching: whoever matched before must look again.
        if (JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(obj.metadata.labels ?? {}))
          this.onChanged(old);
      },
      onDelete: (obj) => this.onChanged(obj),
    };
  }
}

function refId(ref: TrackedRef): string {
  const sel = ref.selector
    ? Object.entries(ref.selector)
        .sort()
        .map(([k, v]) => `${k}=${v}`)
        .join(',')
    : '';
  return [ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name ?? '', sel].join('|');
}

function matches(ref: TrackedRef, obj: KubeObject): boolean {
  if (ref.kind !== obj.kind) return false;
  if (splitApiVersion(ref.apiVersion).group !== splitApiVersion(obj.apiVersion ?? '').group) return false;
  if ((ref.namespace ?? '') !== (obj.metadata.namespace ?? '')) return false;
  if (ref.name) return ref.name === obj.metadata.name;
  return matchesLabels(obj, ref.selector ?? {});
}
