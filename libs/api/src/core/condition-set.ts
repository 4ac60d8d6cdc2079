// Knative's apis.ConditionSet: a "happy" condition (Ready or Succeeded) derived from dependent conditions.
// Status changes go through a ConditionManager so lastTransitionTime moves only when a condition changes.
import {
  type Condition,
  type ConditionSeverity,
  type ConditionStatus,
  type Status,
  getCondition,
} from './conditions';

export type Clock = () => Date;

/** metav1.Time serialization: RFC 3339, whole seconds, UTC. */
export function formatTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class ConditionSet {
  readonly dependents: readonly string[];

  constructor(
    readonly happy: string,
    dependents: readonly string[],
  ) {
    this.dependents = dependents.filter((d) => d !== happy);
  }

  /** Ready-style set: Ready = AND of the dependents. */
  static living(...dependents: string[]): ConditionSet {
    return new ConditionSet('Ready', dependents);
  }

  /** Succeeded-style set (batch). */
  static batch(...dependents: string[]): ConditionSet {
    return new ConditionSet('Succeeded', dependents);
  }

  /** A manager that mutates `status.conditions` in place. */
  manage(status: Status, clock: Clock = () => new Date()): ConditionManager {
    return new ConditionManager(this, status, clock);
  }

  isTerminal(type: string): boolean {
    return type === this.happy || this.dependents.includes(type);
  }

  severity(type: string): ConditionSeverity {
    return this.isTerminal(type) ? '' : 'Info';
  }
}

export class ConditionManager {
  constructor(
    readonly set: ConditionSet,
    readonly status: Status,
    private readonly clock: Clock,
  ) {}

  getCondition(type: string): Condition | undefined {
    return getCondition(this.status, type);
  }

  getTopLevelCondition(): Condition | undefined {
    return this.getCondition(this.set.happy);
  }

  isHappy(): boolean {
    return this.getTopLevelCondition()?.status === 'True';
  }

  /** Sets a condition; keeps lastTransitionTime (and changes nothing) when only the time would differ. */
  setCondition(cond: Condition): void {
    const next = normalize(cond);
    const others: Condition[] = [];
    for (const c of this.status.conditions ?? []) {
      if (c.type !== next.type) {
        others.push(c);
      } else if (sameExceptTime(c, next)) {
        return;
      }
    }
    next.lastTransitionTime = formatTime(this.clock());
    others.push(next);
    others.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
    this.status.conditions = others;
  }

  /** Removes a non-terminal condition; terminal ones cannot be cleared. */
  clearCondition(type: string): void {
    if (this.set.isTerminal(type)) throw new Error('clearing terminal conditions not implemented');
    if (!this.status.conditions?.some((c) => c.type === type)) return;
    this.status.conditions = this.status.conditions.filter((c) => c.type !== type);
  }

  markTrue(type: string): void {
    this.setCondition({ type, status: 'True', severity: this.set.severity(type) });
    this.recomputeHappiness(type);
  }

  markTrueWithReason(type: string, reason: string, message: string): void {
    this.setCondition({ type, status: 'True', reason, message, severity: this.set.severity(type) });
    this.recomputeHappiness(type);
  }

  /** Unknown; the happy condition follows when `type` is a dependent, unless a dependent already failed. */
  markUnknown(type: string, reason: string, message: string): void {
    this.setCondition({ type, status: 'Unknown', reason, message, severity: this.set.severity(type) });
    let isDependent = false;
    for (const dep of this.set.dependents) {
      if (this.getCondition(dep)?.status === 'False') {
        if (this.getTopLevelCondition()?.status !== 'False') this.markFalse(this.set.happy, reason, message);
        return;
      }
      if (dep === type) isDependent = true;
    }
    if (isDependent) {
      this.setCondition({
        type: this.set.happy,
        status: 'Unknown',
        reason,
        message,
        severity: this.set.severity(this.set.happy),
      });
    }
  }

  /** False; a failing dependent makes the happy condition False with the same reason and message. */
  markFalse(type: string, reason: string, message: string): void {
    const types = [type];
    if (this.set.dependents.includes(type)) types.push(this.set.happy);
    for (const t of types) {
      this.setCondition({ type: t, status: 'False', reason, message, severity: this.set.severity(t) });
    }
  }

  /** Adds missing terminal conditions: Unknown, or True when the happy condition already is. */
  initializeConditions(): void {
    let happy = this.getTopLevelCondition();
    if (!happy) {
      this.setCondition({ type: this.set.happy, status: 'Unknown' });
      happy = this.getTopLevelCondition();
    }
    const status: ConditionStatus = happy?.status === 'True' ? 'True' : 'Unknown';
    for (const dep of this.set.dependents) {
      if (!this.getCondition(dep)) this.setCondition({ type: dep, status });
    }
  }

  private recomputeHappiness(changed: string): void {
    const unhappy = this.findUnhappyDependent();
    if (unhappy) {
      this.setCondition({
        type: this.set.happy,
        status: unhappy.status,
        reason: unhappy.reason,
        message: unhappy.message,
        severity: this.set.severity(this.set.happy),
      });
    } else if (changed !== this.set.happy) {
      this.setCondition({
        type: this.set.happy,
        status: 'True',
        severity: this.set.severity(this.set.happy),
      });
    }
  }

  private findUnhappyDependent(): Pick<Condition, 'status' | 'reason' | 'message'> | undefined {
    if (this.set.dependents.length === 0) return undefined;
    const errorLevel = (this.status.conditions ?? []).filter(
      (c) => (c.severity ?? '') === '' && c.type !== this.set.happy,
    );
    // Newest first, so the most recent failure explains the happy condition.
    const byNewest = errorLevel
      .map((c, i) => ({ c, i }))
      .sort((a, b) => (b.c.lastTransitionTime ?? '').localeCompare(a.c.lastTransitionTime ?? '') || a.i - b.i)
      .map((x) => x.c);
    const failed = byNewest.find((c) => c.status === 'False');
    if (failed) return failed;
    const unknown = byNewest.find((c) => c.status === 'Unknown');
    if (unknown) return unknown;
    if (this.set.dependents.length > errorLevel.length) return { status: 'Unknown' };
    return undefined;
  }
}

function normalize(c: Condition): Condition {
  const out: Condition = { type: c.type, status: c.status };
  if (c.severity) out.severity = c.severity;
  if (c.lastTransitionTime) out.lastTransitionTime = c.lastTransitionTime;
  if (c.reason) out.reason = c.reason;
  if (c.message) out.message = c.message;
  return out;
}

function sameExceptTime(a: Condition, b: Condition): boolean {
  return (
    a.status === b.status &&
    (a.severity ?? '') === (b.severity ?? '') &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '')
  );
}

/** Reason Knative's reconcilers use when a new generation was seen but not yet reconciled. */
export const FailedGenerationBump = 'NewObservedGenFailure';

interface KRShaped {
  metadata?: { generation?: number };
  status?: Status;
}

/** Before reconciling (knative/pkg PreProcessReconcile): initialize, and mark Unknown on a new generation. */
export function preProcessReconcile(obj: KRShaped, set: ConditionSet, clock?: Clock): ConditionManager {
  obj.status ??= {};
  const mgr = set.manage(obj.status, clock);
  mgr.initializeConditions();
  if ((obj.status.observedGeneration ?? 0) !== (obj.metadata?.generation ?? 0)) {
    mgr.markUnknown(set.happy, FailedGenerationBump, 'unsuccessfully observed a new generation');
  }
  return mgr;
}

/** After a successful reconcile (knative/pkg PostProcessReconcile): record the observed generation. */
export function postProcessReconcile(obj: KRShaped): void {
  obj.status ??= {};
  obj.status.observedGeneration = obj.metadata?.generation ?? 0;
}

/** Ready as Knative clients see it: the happy condition True AND the current generation observed. */
export function isReady(obj: KRShaped, set: ConditionSet = ConditionSet.living()): boolean {
  const happy = getCondition(obj.status, set.happy);
  return (
    happy?.status === 'True' && (obj.status?.observedGeneration ?? 0) === (obj.metadata?.generation ?? 0)
  );
}
