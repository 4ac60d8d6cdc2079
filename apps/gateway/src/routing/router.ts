import type { Ingress } from '@kuack/api';
import { ingressProblem } from './check';
import { RoutingTable, ingressKey } from './table';

/**
 * The gateway's current set of Ingresses and the routing snapshot built from them. Every change builds a new
 * snapshot; requests already resolved keep theirs.
 */
export class Router {
  private readonly ingresses = new Map<string, Ingress>();
  private readonly problems = new Map<string, string>();
  private current: RoutingTable;
  /** Snapshots built so far (a test checks that an unchanged Ingress does not rebuild). */
  builds = 0;

  constructor() {
    this.current = RoutingTable.empty();
  }

  get table(): RoutingTable {
    return this.current;
  }

  /**
   * Loads (or reloads) an Ingress; rebuilds only when its uid or spec generation changed. An Ingress that
   * cannot be routed is not loaded (its previous version, if any, keeps serving) and its problem is kept
   * for the status.
   */
  upsert(ing: Ingress): boolean {
    const key = ingressKey(ing);
    const problem = ingressProblem(ing);
    if (problem) {
      this.problems.set(key, problem);
      return false;
    }
    this.problems.delete(key);
    const prev = this.ingresses.get(key);
    if (prev && sameVersion(prev, ing)) return false;
    this.ingresses.set(key, ing);
    this.rebuild();
    return true;
  }

  remove(key: string): boolean {
    this.problems.delete(key);
    if (!this.ingresses.delete(key)) return false;
    this.rebuild();
    return true;
  }

  /** The generation of the Ingress as loaded, or undefined when it is not loaded. */
  loadedGeneration(key: string): number | undefined {
    const ing = this.ingresses.get(key);
    return ing ? (ing.metadata?.generation ?? 0) : undefined;
  }

  /** Why the last version offered for `key` was not loaded, if it was refused. */
  problemOf(key: string): string | undefined {
    return this.problems.get(key);
  }

  keys(): string[] {
    return [...this.ingresses.keys()].sort();
  }

  private rebuild(): void {
    this.current = RoutingTable.build(this.ingresses.values());
    this.builds++;
  }
}

function sameVersion(a: Ingress, b: Ingress): boolean {
  const ga = a.metadata?.generation;
  const gb = b.metadata?.generation;
  if (a.metadata?.uid !== b.metadata?.uid) return false;
  if (ga !== undefined && gb !== undefined) return ga === gb;
  return a.metadata?.resourceVersion === b.metadata?.resourceVersion;
}
