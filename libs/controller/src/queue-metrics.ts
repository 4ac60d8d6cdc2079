import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface QueueMetrics {
  depth: Gauge<'name'>;
  adds: Counter<'name'>;
  retries: Counter<'name'>;
  reconcileDuration: Histogram<'name' | 'outcome'>;
}

const cache = new WeakMap<Registry, QueueMetrics>();

/** Work queue and reconcile metrics, made once per registry and labelled by controller name. */
export function queueMetrics(registry: Registry): QueueMetrics {
  let m = cache.get(registry);
  if (!m) {
    m = {
      depth: new Gauge({
        name: 'kuack_workqueue_depth',
        help: 'Keys waiting in the work queue',
        labelNames: ['name'],
        registers: [registry],
      }),
      adds: new Counter({
        name: 'kuack_workqueue_adds_total',
        help: 'Keys added to the work queue',
        labelNames: ['name'],
        registers: [registry],
      }),
      retries: new Counter({
        name: 'kuack_workqueue_retries_total',
        help: 'Keys re-queued after a failed reconcile',
        labelNames: ['name'],
        registers: [registry],
      }),
      reconcileDuration: new Histogram({
        name: 'kuack_reconcile_duration_seconds',
        help: 'Time spent reconciling one key, by outcome (success, error, permanent_error)',
        labelNames: ['name', 'outcome'],
        buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        registers: [registry],
      }),
    };
    cache.set(registry, m);
  }
  return m;
}
