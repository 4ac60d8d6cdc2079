import { buildSliceEndpoints, buildSubsets, resolveTargetPort } from './endpoints';
import type { Pod, Service } from './types';

function pod(
  name: string,
  ip: string | undefined,
  ready: boolean,
  extra: Partial<Pod['metadata']> = {},
): Pod {
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, labels: { app: 'a' }, ...extra },
    spec: {
      nodeName: 'node-1',
      containers: [
        {
          name: 'c',
          ports: [
            { name: 'http', containerPort: 8080 },
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
          ],
        },
      ],
    },
    status: {
      phase: 'Running',
      ...(ip ? { podIP: ip } : {}),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}
const svc = (ports: NonNullable<Service['spec']>['ports'], publish = false): Service => ({
  metadata: { name: 's', namespace: 'ns' },
  spec: { selector: { app: 'a' }, ports, publishNotReadyAddresses: publish },
});

describe('target port resolution', () => {
  it.each([
    [{ port: 80, targetPort: 9000 }, 9000],
    [{ port: 80 }, 80],
    [{ port: 80, targetPort: 'http' }, 8080],
    [{ port: 53, targetPort: 'dns', protocol: 'UDP' }, 53],
    [{ port: 53, targetPort: 'dns' }, undefined],
    [{ port: 80, targetPort: 'nope' }, undefined],
  ])('%j → %p', (port, want) => expect(resolveTargetPort(pod('p', '10.0.0.1', true), port)).toBe(want));
});

describe('Endpoints subsets', () => {
  it('lists ready pods as addresses, the others as notReadyAddresses, skips pods without an IP or terminating', () => {
    const pods = [
      pod('b', '10.0.0.2', true),
      pod('a', '10.0.0.1', true),
      pod('c', '10.0.0.3', false),
      pod('noip', undefined, true),
      pod('bye', '10.0.0.9', true, { deletionTimestamp: '2026-01-01T00:00:00Z' }),
    ];
    expect(buildSubsets(svc([{ name: 'web', port: 80, targetPort: 'http' }]), pods)).toEqual([
      {
        addresses: [
          {
            ip: '10.0.0.1',
            nodeName: 'node-1',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' },
          },
          {
            ip: '10.0.0.2',
            nodeName: 'node-1',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'b', uid: 'uid-b' },
          },
        ],
        notReadyAddresses: [
          {
            ip: '10.0.0.3',
            nodeName: 'node-1',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'c', uid: 'uid-c' },
          },
        ],
        ports: [{ name: 'web', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('publishNotReadyAddresses lists every pod as ready; no pods gives no subsets', () => {
    const s = buildSubsets(svc([{ port: 80 }], true), [pod('c', '10.0.0.3', false)]);
    expect(s).toEqual([
      { addresses: [expect.objectContaining({ ip: '10.0.0.3' })], ports: [{ port: 80, protocol: 'TCP' }] },
    ]);
    expect(buildSubsets(svc([{ port: 80 }]), [])).toEqual([]);
  });

  it('drops a pod whose named port does not resolve', () => {
    const other: Pod = { ...pod('x', '10.0.0.5', true), spec: { containers: [{ name: 'c' }] } };
    expect(buildSubsets(svc([{ port: 80, targetPort: 'http' }]), [other])).toEqual([]);
  });
});

describe('EndpointSlice endpoints', () => {
  it('carries readiness as conditions', () => {
    const [slice] = buildSliceEndpoints(svc([{ name: 'web', port: 80, targetPort: 'http' }]), [
      pod('a', '10.0.0.1', true),
      pod('c', '10.0.0.3', false),
    ]);
    expect(slice.ports).toEqual([{ name: 'web', port: 8080, protocol: 'TCP' }]);
    expect(slice.endpoints.map((e) => [e.addresses[0], e.conditions])).toEqual([
      ['10.0.0.1', { ready: true, serving: true, terminating: false }],
      ['10.0.0.3', { ready: false, serving: false, terminating: false }],
    ]);
  });
});
