import type { Container, Probe } from './pod.types';

export type ProbeKind = 'startup' | 'readiness' | 'liveness';

export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** Kubernetes defaults: period 10 s, timeout 1 s, success 1, failure 3, no initial delay. */
export function probeTiming(probe: Probe): ProbeTiming {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    timeoutMs: (probe.timeoutSeconds ?? 1) * 1000,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

/** The port a probe targets: a number, or the name of one of the container's ports. */
export function resolveProbePort(port: number | string, container: Container): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = container.ports?.find((p) => p.name === port);
  if (!named) throw new Error(`probe port "${port}" is not a port name of container ${container.name}`);
  return named.containerPort;
}

/**
 * Consecutive results against thresholds (the kubelet's prober worker): the outcome flips to success after
 * `successThreshold` successes in a row and to failure after `failureThreshold` failures in a row.
 */
export class ProbeState {
  private successes = 0;
  private failures = 0;
  outcome: 'unknown' | 'success' | 'failure' = 'unknown';

  constructor(private readonly timing: Pick<ProbeTiming, 'successThreshold' | 'failureThreshold'>) {}

  /** Records one result; returns true when the outcome changed. */
  record(ok: boolean): boolean {
    const before = this.outcome;
    if (ok) {
      this.failures = 0;
      this.successes++;
      if (this.successes >= this.timing.successThreshold) this.outcome = 'success';
    } else {
      this.successes = 0;
      this.failures++;
      if (this.failures >= this.timing.failureThreshold) this.outcome = 'failure';
    }
    return this.outcome !== before;
  }
}
