import { IMAGE, lines } from '../../test/support';

const cfg = (template: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Configuration',
  metadata: { name: 'hello', namespace: 'default', ...meta },
  spec: { template },
});

describe('Configuration validation', () => {
  it('validates its template like a Service', () => {
    expect(lines(cfg({ spec: { containers: [{ image: IMAGE }] } }))).toEqual([]);
    expect(
      lines(
        cfg({
          metadata: { name: 'other-1' },
          spec: { containers: [{ image: IMAGE, ports: [{ containerPort: 9090 }] }] },
        }),
      ),
    ).toEqual([
      'spec.template.spec.containers[0].ports.containerPort: invalid value: 9090 is a reserved port (9090 is a reserved port, please use a different value)',
      'spec.template.metadata.name: invalid value: "other-1" must have prefix "hello-"',
    ]);
  });

  it('autoscaling annotations are checked on the template and refused on the Configuration', () => {
    const t = {
      metadata: {
        annotations: { 'autoscaling.knative.dev/min-scale': '3', 'autoscaling.knative.dev/max-scale': '2' },
      },
      spec: { containers: [{ image: IMAGE }] },
    };
    expect(lines(cfg(t))).toEqual([
      'spec.template.metadata.annotations.autoscaling.knative.dev/max-scale: max-scale=2 is less than min-scale=3',
      'spec.template.metadata.annotations.autoscaling.knative.dev/min-scale: max-scale=2 is less than min-scale=3',
    ]);
  });
});
