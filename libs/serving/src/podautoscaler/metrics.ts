import type { AutoscalerSpec, ScaleResult } from '@kuack/autoscaler';
import { Gauge, type Registry } from 'prom-client';

const LABELS = ['namespace_name', 'revision_name'] as const;
type Label = (typeof LABELS)[number];

/** Knative's autoscaler metrics (names of its Prometheus exporter), one series per revision. */
export interface AutoscalerMetrics {
  record(key: string, spec: AutoscalerSpec, result: ScaleResult): void;
  forget(key: string): void;
}

const cache = new WeakMap<Registry, AutoscalerMetrics>();

export function autoscalerMetrics(registry: Registry): AutoscalerMetrics {
  const cached = cache.get(registry);
  if (cached) return cached;
  const gauge = (name: string, help: string) =>
    new Gauge<Label>({ name, help, labelNames: [...LABELS], registers: [registry] });
  const g = {
    desired: gauge('autoscaler_desired_pods', 'Number of pods the KPA wants'),
    ebc: gauge('autoscaler_excess_burst_capacity', 'Excess burst capacity observed by the KPA'),
    panic: gauge('autoscaler_panic_mode', '1 while the KPA is in panic mode, else 0'),
    stableConcurrency: gauge(
      'autoscaler_stable_request_concurrency',
      'Average concurrency over the stable window',
    ),
    panicConcurrency: gauge(
      'autoscaler_panic_request_concurrency',
      'Average concurrency over the panic window',
    ),
    targetConcurrency: gauge('autoscaler_target_concurrency_per_pod', 'Target concurrency per pod'),
    stableRps: gauge(
      'autoscaler_stable_requests_per_second',
      'Average requests per second over the stable window',
    ),
    panicRps: gauge(
      'autoscaler_panic_requests_per_second',
      'Average requests per second over the panic window',
    ),
    targetRps: gauge('autoscaler_target_requests_per_second', 'Target requests per second per pod'),
  };
  const labelsOf = (key: string) => {
    const [namespace_name = '', revision_name = ''] = key.split('/');
    return { namespace_name, revision_name };
  };
  const m: AutoscalerMetrics = {
    record(key, spec, r) {
      const labels = labelsOf(key);
      g.panic.set(labels, r.inPanic ? 1 : 0);
      if (!r.scaleValid) return;
      g.desired.set(labels, r.desiredPodCount);
      g.ebc.set(labels, r.excessBurstCapacity);
      const [stable, panic, target] =
        spec.metric === 'rps'
          ? [g.stableRps, g.panicRps, g.targetRps]
          : [g.stableConcurrency, g.panicConcurrency, g.targetConcurrency];
      stable.set(labels, r.observedStableValue ?? 0);
      panic.set(labels, r.observedPanicValue ?? 0);
      target.set(labels, spec.targetValue);
    },
    forget(key) {
      for (const gauge of Object.values(g)) gauge.remove(labelsOf(key));
    },
  };
  cache.set(registry, m);
  return m;
}
