import type { Ingress } from '@kuack/api';
import { goJsonSpec, ingressProbeHash } from './probe-hash';

// The expected JSON and hash were produced by Go's encoding/json + crypto/sha256 over the same Ingress (a
// throwaway program with the KIngress field tags), so the gateway's hash matches what Knative's prober computes.
const ing: Ingress = {
  metadata: { name: 'hello', namespace: 'default' },
  spec: {
    httpOption: 'Enabled',
    rules: [
      {
        hosts: ['b.example', 'a<&>.example'],
        visibility: 'ExternalIP',
        http: {
          paths: [
            {
              headers: { Z: { exact: '' }, 'K-Tag': { exact: 'x' } },
              splits: [
                {
                  serviceNamespace: 'default',
                  serviceName: 'r1',
                  servicePort: 80,
                  percent: 0,
                  appendHeaders: { b: '1', a: '2' },
                },
                { serviceNamespace: 'default', serviceName: 'r2', servicePort: 'http', percent: 50 },
              ],
              appendHeaders: { X: 'y' },
            },
          ],
        },
      },
      { visibility: 'ClusterLocal' },
    ],
    tls: [{ hosts: ['a.example'], secretName: 's' }],
  },
};

describe('ingress probe hash', () => {
  it('serializes the spec as Go does', () => {
    expect(goJsonSpec(ing.spec!)).toBe(
      '{"tls":[{"hosts":["a.example"],"secretName":"s"}],"rules":[{"hosts":["b.example","a\\u003c\\u0026\\u003e.example"],' +
        '"visibility":"ExternalIP","http":{"paths":[{"headers":{"K-Tag":{"exact":"x"},"Z":{"exact":""}},"splits":[' +
        '{"serviceNamespace":"default","serviceName":"r1","servicePort":80,"appendHeaders":{"a":"2","b":"1"}},' +
        '{"serviceNamespace":"default","serviceName":"r2","servicePort":"http","percent":50}],"appendHeaders":{"X":"y"}}]}},' +
        '{"visibility":"ClusterLocal"}],"httpOption":"Enabled"}',
    );
  });

  it('hashes spec + namespace + name', () => {
    expect(ingressProbeHash(ing)).toBe('0e4f4d89012efd90a934c4fa47ab12469be4a3384afc34783f1f576d9fda231a');
  });

  it('an empty spec is {}', () => {
    expect(goJsonSpec({})).toBe('{}');
  });
});
