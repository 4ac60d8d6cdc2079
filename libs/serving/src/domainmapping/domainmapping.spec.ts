import { domainMappingConditionSet, preProcessReconcile } from '@kuack/api';
import { networkConfig, wrapReconciler } from '@kuack/controller';
import { type TableContext, configMap, eventf, tableTest, withData } from '@kuack/testing';
import { CONFIG_MAP, KINGRESS, SERVICE } from '../resources/kinds';
import { clock, cond, ingressStatus } from '../testing/fixtures';
import { domainMappingReconciler } from './domainmapping';
import { DOMAIN_MAPPING, type DomainMappingObject, makeDomainMappingIngress } from './resources';

const CLASS = 'kuack.ingress.networking.knative.dev';
const NETWORK = configMap('knative-serving', 'config-network', withData({ 'ingress-class': CLASS }));
const LOCAL = configMap(
  'knative-serving',
  'config-network',
  withData({ 'ingress-class': CLASS, 'kuack-gateway-http-port': '8080' }),
);
const networkOf = (ctx: TableContext) =>
  networkConfig.parse(
    (
      ctx.client.peek(CONFIG_MAP, 'config-network', 'knative-serving') as
        { data?: Record<string, string> } | undefined
    )?.data ?? {},
  );
const factory = (ctx: TableContext) =>
  wrapReconciler<DomainMappingObject>({
    gvk: DOMAIN_MAPPING,
    lister: ctx.lister(DOMAIN_MAPPING),
    client: ctx.client,
    logger: ctx.logger,
    recorder: ctx.recorder,
    reconciler: domainMappingReconciler({
      ingresses: ctx.lister(KINGRESS),
      domainMappings: ctx.lister(DOMAIN_MAPPING),
      network: () => networkOf(ctx),
      clock,
    }),
    hooks: { preProcess: (dm) => void preProcessReconcile(dm, domainMappingConditionSet, clock) },
  });

function dm(
  namespace = 'default',
  extra: Partial<DomainMappingObject['spec']> = {},
  created = '2026-01-01T00:00:00Z',
): DomainMappingObject {
  return {
    apiVersion: 'serving.knative.dev/v1beta1',
    kind: 'DomainMapping',
    metadata: {
      name: 'hello.example.org',
      namespace,
      uid: `uid-dm-${namespace}`,
      generation: 1,
      creationTimestamp: created,
    },
    spec: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello' }, ...extra },
  };
}
const ksvc = (address?: string, namespace = 'default') => ({
  ...SERVICE,
  metadata: { name: 'hello', namespace },
  spec: {},
  status: address ? { address: { url: address } } : {},
});
const TARGET = { serviceName: 'hello', host: 'hello.default.svc.cluster.local' };
const NOT_CONFIGURED = ['IngressNotConfigured', 'Ingress has not yet been reconciled.'] as const;
const TLS_OFF = cond('CertificateProvisioned', 'True', 'TLSNotEnabled', 'external-domain-tls is not enabled');
const statusOf = (status: unknown, namespace = 'default') => [
  { kind: 'DomainMapping', metadata: { name: 'hello.example.org', namespace }, status },
];

describe('makeDomainMappingIngress', () => {
  it('routes the domain to the target Service, rewriting the host and keeping the original one in a header', () => {
    expect(makeDomainMappingIngress(dm(), TARGET, { ingressClass: CLASS, httpOption: 'Enabled' })).toEqual({
      apiVersion: 'networking.internal.knative.dev/v1alpha1',
      kind: 'Ingress',
      metadata: {
        name: 'hello.example.org',
        namespace: 'default',
        annotations: { 'networking.knative.dev/ingress.class': CLASS },
        labels: {
          'serving.knative.dev/domainMappingUID': 'uid-dm-default',
          'serving.knative.dev/domainMappingNamespace': 'default',
        },
        ownerReferences: [
          {
            apiVersion: 'serving.knative.dev/v1beta1',
            kind: 'DomainMapping',
            name: 'hello.example.org',
            uid: 'uid-dm-default',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        httpOption: 'Enabled',
        rules: [
          {
            hosts: ['hello.example.org'],
            visibility: 'ExternalIP',
            http: {
              paths: [
                {
                  rewriteHost: 'hello.default.svc.cluster.local',
                  splits: [
                    {
                      serviceNamespace: 'default',
                      serviceName: 'hello',
                      servicePort: 80,
                      percent: 100,
                      appendHeaders: { 'K-Original-Host': 'hello.example.org' },
                    },
                  ],
                },
              ],
            },
          },
        ],
      },
    });
  });
});

tableTest(
  'DomainMapping reconciler',
  [
    {
      name: 'a mapping to a Knative Service: KIngress created, url and address for the domain',
      key: 'default/hello.example.org',
      objects: [NETWORK, dm(), ksvc('http://hello.default.svc.cluster.local')],
      wantCreates: [makeDomainMappingIngress(dm(), TARGET, { ingressClass: CLASS, httpOption: 'Enabled' })],
      wantStatusUpdates: statusOf({
        observedGeneration: 1,
        url: 'http://hello.example.org',
        address: { url: 'http://hello.example.org' },
        conditions: [
          TLS_OFF,
          cond('DomainClaimed', 'True'),
          cond('IngressReady', 'Unknown', ...NOT_CONFIGURED),
          cond('Ready', 'Unknown', ...NOT_CONFIGURED),
          cond('ReferenceResolved', 'True'),
        ],
      }),
      wantEvents: [eventf('Normal', 'Created', 'Created Ingress "hello.example.org"')],
    },
    {
      name: 'a Ready KIngress makes the mapping Ready (local mode: the URL carries the gateway port)',
      key: 'default/hello.example.org',
      objects: [
        LOCAL,
        dm(),
        ksvc('http://hello.default.svc.cluster.local'),
        {
          ...makeDomainMappingIngress(dm(), TARGET, { ingressClass: CLASS, httpOption: 'Enabled' }),
          status: ingressStatus('True'),
        },
      ],
      wantStatusUpdates: statusOf({
        observedGeneration: 1,
        url: 'http://hello.example.org:8080',
        address: { url: 'http://hello.example.org:8080' },
        conditions: [
          TLS_OFF,
          cond('DomainClaimed', 'True'),
          cond('IngressReady', 'True'),
          cond('Ready', 'True'),
          cond('ReferenceResolved', 'True'),
        ],
      }),
    },
    {
      name: 'a target without an address: ReferenceResolved False',
      key: 'default/hello.example.org',
      objects: [NETWORK, dm(), ksvc()],
      wantErr: 'address not set',
      wantStatusUpdates: statusOf({
        observedGeneration: 1,
        url: 'http://hello.example.org',
        address: { url: 'http://hello.example.org' },
        conditions: [
          TLS_OFF,
          cond('DomainClaimed', 'True'),
          cond('IngressReady', 'Unknown', ...NOT_CONFIGURED),
          expect.objectContaining({ type: 'Ready', status: 'False', reason: 'ResolveFailed' }),
          expect.objectContaining({ type: 'ReferenceResolved', status: 'False', reason: 'ResolveFailed' }),
        ],
      }),
      wantEvents: [expect.stringMatching(/^Warning InternalError address not set/) as unknown as string],
    },
    {
      name: 'a target in another namespace: ReferenceResolved False (must be in the same namespace)',
      key: 'default/hello.example.org',
      objects: [
        NETWORK,
        dm('default', {
          ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', namespace: 'other' },
        }),
        ksvc('http://hello.other.svc.cluster.local', 'other'),
      ],
      wantErr: 'must be in same namespace as DomainMapping',
      wantStatusUpdates: statusOf({
        observedGeneration: 1,
        url: 'http://hello.example.org',
        address: { url: 'http://hello.example.org' },
        conditions: [
          TLS_OFF,
          cond('DomainClaimed', 'True'),
          cond('IngressReady', 'Unknown', ...NOT_CONFIGURED),
          cond(
            'Ready',
            'False',
            'ResolveFailed',
            'resolved URI "http://hello.other.svc.cluster.local" must be in same namespace as DomainMapping',
          ),
          cond(
            'ReferenceResolved',
            'False',
            'ResolveFailed',
            'resolved URI "http://hello.other.svc.cluster.local" must be in same namespace as DomainMapping',
          ),
        ],
      }),
      wantEvents: [
        eventf(
          'Warning',
          'InternalError',
          'resolved URI "http://hello.other.svc.cluster.local" must be in same namespace as DomainMapping',
        ),
      ],
    },
    {
      name: 'the same domain mapped earlier in another namespace: DomainClaimed False DomainAlreadyClaimed',
      key: 'b/hello.example.org',
      objects: [
        NETWORK,
        dm('a', {}, '2025-12-01T00:00:00Z'),
        dm('b'),
        ksvc('http://hello.b.svc.cluster.local', 'b'),
      ],
      wantErr: 'namespace "b" does not own the domain "hello.example.org"',
      wantStatusUpdates: statusOf(
        {
          observedGeneration: 1,
          url: 'http://hello.example.org',
          address: { url: 'http://hello.example.org' },
          conditions: [
            cond('CertificateProvisioned', 'Unknown'),
            cond(
              'DomainClaimed',
              'False',
              'DomainAlreadyClaimed',
              'The domain name is already in use by another DomainMapping',
            ),
            cond('IngressReady', 'Unknown', ...NOT_CONFIGURED),
            cond(
              'Ready',
              'False',
              'DomainAlreadyClaimed',
              'The domain name is already in use by another DomainMapping',
            ),
            cond('ReferenceResolved', 'Unknown'),
          ],
        },
        'b',
      ),
      wantEvents: [
        eventf('Warning', 'InternalError', 'namespace "b" does not own the domain "hello.example.org"'),
      ],
    },
    {
      name: 'a TLS secret given: https URL, certificate provided externally, KIngress TLS for the domain',
      key: 'default/hello.example.org',
      objects: [
        NETWORK,
        dm('default', { tls: { secretName: 'hello-tls' } }),
        ksvc('http://hello.default.svc.cluster.local'),
      ],
      wantCreates: [
        makeDomainMappingIngress(dm('default', { tls: { secretName: 'hello-tls' } }), TARGET, {
          ingressClass: CLASS,
          httpOption: 'Enabled',
          tls: [{ hosts: ['hello.example.org'], secretName: 'hello-tls', secretNamespace: 'default' }],
        }),
      ],
      wantStatusUpdates: statusOf({
        observedGeneration: 1,
        url: 'https://hello.example.org',
        address: { url: 'https://hello.example.org' },
        conditions: [
          cond(
            'CertificateProvisioned',
            'True',
            'CertificateExternallyProvided',
            'TLS certificate was provided externally',
          ),
          cond('DomainClaimed', 'True'),
          cond('IngressReady', 'Unknown', ...NOT_CONFIGURED),
          cond('Ready', 'Unknown', ...NOT_CONFIGURED),
          cond('ReferenceResolved', 'True'),
        ],
      }),
      wantEvents: [eventf('Normal', 'Created', 'Created Ingress "hello.example.org"')],
    },
  ],
  factory,
);
