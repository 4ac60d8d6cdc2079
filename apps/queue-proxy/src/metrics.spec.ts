import { renderMetrics } from './metrics';

describe('renderMetrics', () => {
  it('renders Knative autoscaling gauges with the revision labels and response counters', () => {
    const text = renderMetrics(
      { destination_revision: 'hello-00001', destination_pod: 'p"1' },
      {
        last: {
          averageConcurrency: 1.5,
          averageProxiedConcurrency: 0.5,
          requestCount: 4,
          proxiedRequestCount: 2,
          periodMs: 2000,
        },
        uptimeSeconds: 12,
        queueDepth: 3,
        responses: { '2xx': 7, '5xx': 1 },
      },
    );
    expect(text).toContain(
      'queue_requests_per_second{destination_revision="hello-00001",destination_pod="p\\"1"} 2\n',
    );
    expect(text).toContain(
      'queue_proxied_operations_per_second{destination_revision="hello-00001",destination_pod="p\\"1"} 1\n',
    );
    expect(text).toContain(
      'queue_average_concurrent_requests{destination_revision="hello-00001",destination_pod="p\\"1"} 1.5\n',
    );
    expect(text).toContain('queue_depth{destination_revision="hello-00001",destination_pod="p\\"1"} 3\n');
    expect(text).toContain(
      'queue_requests_total{destination_revision="hello-00001",destination_pod="p\\"1",response_code_class="5xx"} 1\n',
    );
    expect(text).toContain('# TYPE queue_requests_total counter');
  });
});
