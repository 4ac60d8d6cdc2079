import { defaulted, lines } from '../../test/support';
import { domainMappingStatus } from './domainmapping.lifecycle';
import type { DomainMapping, DomainMappingStatus } from './domainmapping.types';

const dm = (name: string, ref: Record<string, unknown> | undefined, meta: Record<string, unknown> = {}) => ({
  apiVersion: 'serving.knative.dev/v1beta1',
  kind: 'DomainMapping',
  metadata: { name, namespace: 'default', ...meta },
  spec: { ...(ref ? { ref } : {}) },
});
const ksvcRef = { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello' };

describe('DomainMapping', () => {
  it('defaults the ref namespace', () => {
    expect((defaulted(dm('hello.example.com', { ...ksvcRef })) as DomainMapping).spec!.ref.namespace).toBe(
      'default',
    );
  });

  it.each<[string, ReturnType<typeof dm>, string[]]>([
    ['valid', dm('hello.example.com', ksvcRef), []],
    [
      'single-label name',
      dm('hello', ksvcRef),
      [
        'metadata.name: invalid name "hello": name: Invalid value: "hello": should be a domain with at least two segments separated by dots',
      ],
    ],
    [
      'cluster-local subdomain',
      dm('a.default.svc.cluster.local', ksvcRef),
      [
        'metadata.name: invalid name "a.default.svc.cluster.local": must not be a subdomain of cluster local domain "cluster.local"',
      ],
    ],
    [
      'generateName',
      dm('x.example.com', ksvcRef, { generateName: 'x-' }),
      ['metadata.generateName: must not set the field(s)'],
    ],
    [
      'missing ref',
      dm('x.example.com', undefined),
      [
        'spec.ref.name: missing field(s)',
        'spec.ref.apiVersion: missing field(s)',
        'spec.ref.kind: missing field(s)',
      ],
    ],
    [
      'ref in another namespace',
      dm('x.example.com', { ...ksvcRef, namespace: 'other' }),
      ['spec.ref.namespace: mismatched namespaces (parent namespace: "default" does not match ref: "other")'],
    ],
  ])('%s', (_n, obj, want) => {
    expect(lines(obj)).toEqual(want);
  });

  it('Ready needs DomainClaimed, ReferenceResolved, IngressReady and CertificateProvisioned', () => {
    const status: DomainMappingStatus = {};
    const s = domainMappingStatus(status);
    s.initializeConditions();
    s.markDomainClaimed();
    s.markReferenceResolved();
    s.markTLSNotEnabled('external-domain-tls is not enabled');
    s.propagateIngressStatus({});
    expect(status.conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'Unknown',
      reason: 'IngressNotConfigured',
    });
    s.propagateIngressStatus({ conditions: [{ type: 'Ready', status: 'True' }] });
    expect(status.conditions!.find((c) => c.type === 'Ready')!.status).toBe('True');
    s.markDomainClaimNotOwned();
    expect(status.conditions!.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'DomainAlreadyClaimed',
    });
  });
});
