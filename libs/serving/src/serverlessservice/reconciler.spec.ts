import { type KubeObject, ownerRefTo, wrapReconciler } from '@kuack/controller';
import { type TableRow, eventf, runRow } from '@kuack/testing';
import { chooseSubset } from './endpoints';
import { serverlessServiceReconciler } from './reconciler';
import { makePrivateService, makePublicEndpoints, makePublicService } from './resources/services';
import {
  ENDPOINTS,
  type EndpointSubset,
  type EndpointsObject,
  SERVERLESS_SERVICE,
  SERVICE,
  type ServerlessServiceObject,
  type ServiceObject,
} from './types';

const T = '2026-01-01T00:00:00Z';
const KEY = 'default/hello-00001';

function sks(mode: 'Serve' | 'Proxy', numActivators = 0, status?: ServerlessServiceObject['status']) {
  const s: ServerlessServiceObject = {
    apiVersion: 'networking.internal.knative.dev/v1alpha1',
    kind: 'ServerlessService',
    metadata: {
      name: 'hello-00001',
      namespace: 'default',
      uid: 'uid-hello-00001',
      generation: 1,
      labels: { 'serving.knative.dev/revision': 'hello-00001', 'serving.knative.dev/service': 'hello' },
    },
    spec: {
      mode,
      numActivators,
      protocolType: 'http1',
      objectRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'hello-00001-deployment' },
    },
  };
  return status ? { ...s, status } : s;
}

const owned = <T extends KubeObject>(o: T, owner: KubeObject): T => ({
  ...o,
  metadata: { ...o.metadata, ownerReferences: [ownerRefTo(owner)] },
});

function endpoints(namespace: string, name: string, subsets: EndpointSubset[]): EndpointsObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace }, subsets };
}

const podsEps = (ready: string[], notReady: string[] = []) =>
  endpoints('default', 'hello-00001-private', [
    {
      addresses: ready.map((ip) => ({ ip })),
      ...(notReady.length ? { notReadyAddresses: notReady.map((ip) => ({ ip })) } : {}),
      ports: [
        { name: 'http', port: 8012, protocol: 'TCP' },
        { name: 'http-autometric', port: 9090, protocol: 'TCP' },
        { name: 'http-queueadm', port: 8022, protocol: 'TCP' },
      ],
    },
  ]);
const activatorEps = (...ips: string[]) =>
  endpoints('knative-serving', 'activator-service', [
    { addresses: ips.map((ip) => ({ ip })), ports: [{ name: 'http', port: 8012, protocol: 'TCP' }] },
  ]);
const servingSubset = (...ips: string[]): EndpointSubset[] => [
  { addresses: ips.map((ip) => ({ ip })), ports: [{ name: 'http', port: 8012, protocol: 'TCP' }] },
];

const cond = (type: string, status: string, reason?: string, message?: string, severity?: string) => ({
  type,
  status,
  ...(severity ? { severity } : {}),
  lastTransitionTime: T,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});
const activatorCond = (populated: boolean) =>
  cond(
    'ActivatorEndpointsPopulated',
    populated ? 'True' : 'False',
    'ActivatorEndpointsPopulated',
    'Revision is backed by Activator',
    'Info',
  );
const noBackends = [
  cond('EndpointsPopulated', 'Unknown', 'NoHealthyBackends', 'K8s Service is not ready'),
  cond('Ready', 'Unknown', 'NoHealthyBackends', 'K8s Service is not ready'),
];
const populated = [cond('EndpointsPopulated', 'True'), cond('Ready', 'True')];

function statusUpdate(conditions: object[]) {
  return {
    kind: 'ServerlessService',
    metadata: { name: 'hello-00001', namespace: 'default' },
    status: {
      observedGeneration: 1,
      serviceName: 'hello-00001',
      privateServiceName: 'hello-00001-private',
      conditions,
    },
  } as unknown as KubeObject;
}

/** Everything an SKS already owns: both Services and (empty) public Endpoints. */
function children(s: ServerlessServiceObject, publicSubsets: EndpointSubset[] = []) {
  return [
    owned(makePrivateService(s), s),
    owned(makePublicService(s), s),
    owned(makePublicEndpoints(s, publicSubsets), s),
  ];
}

function run(row: TableRow) {
  return runRow(row, (ctx) =>
    wrapReconciler<ServerlessServiceObject>({
      gvk: SERVERLESS_SERVICE,
      lister: ctx.lister<ServerlessServiceObject>(SERVERLESS_SERVICE),
      client: ctx.client,
      logger: ctx.logger,
      recorder: ctx.recorder,
      reconciler: serverlessServiceReconciler({
        services: ctx.lister<ServiceObject>(SERVICE),
        endpoints: ctx.lister<EndpointsObject>(ENDPOINTS),
        systemNamespace: 'knative-serving',
        clock: () => new Date(T),
      }),
    }),
  );
}

const publicEndpointsUpdate = (s: ServerlessServiceObject, subsets: EndpointSubset[]) => ({
  ...owned(makePublicEndpoints(s, []), s),
  metadata: { ...owned(makePublicEndpoints(s, []), s).metadata, uid: 'uid-hello-00001', generation: 1 },
  subsets,
});

const serve = sks('Serve');
const proxy = sks('Proxy');

const rows: TableRow[] = [
  {
    name: 'a new SKS: private Service, public Service and public Endpoints; no pods yet',
    key: KEY,
    objects: [serve],
    wantCreates: [
      owned(makePrivateService(serve), serve),
      owned(makePublicService(serve), serve),
      owned(makePublicEndpoints(serve, []), serve),
    ],
    wantStatusUpdates: [statusUpdate([activatorCond(true), ...noBackends])],
  },
  {
    name: 'Serve: the public Endpoints are the ready pods on 8012 http',
    key: KEY,
    objects: [
      serve,
      ...children(serve),
      podsEps(['127.1.0.3', '127.1.0.2'], ['127.1.0.9']),
      activatorEps('127.0.0.1'),
    ],
    wantUpdates: [publicEndpointsUpdate(serve, servingSubset('127.1.0.2', '127.1.0.3'))],
    wantStatusUpdates: [statusUpdate([activatorCond(false), ...populated])],
  },
  {
    name: 'Proxy: the public Endpoints are the activator',
    key: KEY,
    objects: [proxy, ...children(proxy), podsEps(['127.1.0.2']), activatorEps('127.0.0.1')],
    wantUpdates: [publicEndpointsUpdate(proxy, servingSubset('127.0.0.1'))],
    wantStatusUpdates: [statusUpdate([activatorCond(true), ...populated])],
  },
  {
    name: 'Serve without a ready pod is forced to Proxy',
    key: KEY,
    objects: [serve, ...children(serve), podsEps([], ['127.1.0.2']), activatorEps('127.0.0.1')],
    wantUpdates: [publicEndpointsUpdate(serve, servingSubset('127.0.0.1'))],
    wantStatusUpdates: [statusUpdate([activatorCond(true), ...noBackends])],
  },
  {
    name: 'Proxy without a registered activator is forced to Serve',
    key: KEY,
    objects: [proxy, ...children(proxy), podsEps(['127.1.0.2'])],
    wantUpdates: [publicEndpointsUpdate(proxy, servingSubset('127.1.0.2'))],
    wantStatusUpdates: [statusUpdate([activatorCond(true), ...populated])],
  },
  (() => {
    const s = sks('Proxy', 1);
    const chosen = [...chooseSubset(['10.0.0.1', '10.0.0.2', '10.0.0.3'], 1, 'hello-00001')];
    return {
      name: 'numActivators picks that many activators',
      key: KEY,
      objects: [s, ...children(s), podsEps(['127.1.0.2']), activatorEps('10.0.0.1', '10.0.0.2', '10.0.0.3')],
      wantUpdates: [publicEndpointsUpdate(s, servingSubset(...chosen))],
      wantStatusUpdates: [statusUpdate([activatorCond(true), ...populated])],
    };
  })(),
  (() => {
    const s = sks('Serve', 0, {
      observedGeneration: 1,
      serviceName: 'hello-00001',
      privateServiceName: 'hello-00001-private',
      conditions: [activatorCond(false), ...populated] as never,
    });
    return {
      name: 'steady state writes nothing',
      key: KEY,
      objects: [
        s,
        ...children(s, servingSubset('127.1.0.2')),
        podsEps(['127.1.0.2']),
        activatorEps('127.0.0.1'),
      ],
    };
  })(),
  (() => {
    const drifted = owned(makePrivateService(serve), serve);
    drifted.spec = { ...drifted.spec, selector: { app: 'other' } };
    return {
      name: 'a changed private Service selector is patched back',
      key: KEY,
      objects: [
        serve,
        drifted,
        owned(makePublicService(serve), serve),
        owned(makePublicEndpoints(serve, servingSubset('127.1.0.2')), serve),
        podsEps(['127.1.0.2']),
        activatorEps('127.0.0.1'),
      ],
      wantPatches: [
        {
          kind: 'Service',
          namespace: 'default',
          name: 'hello-00001-private',
          patch: { metadata: { resourceVersion: expect.any(String) }, spec: makePrivateService(serve).spec },
        },
      ],
      wantStatusUpdates: [statusUpdate([activatorCond(false), ...populated])],
    };
  })(),
  {
    name: 'a public Service it does not own: EndpointsPopulated False NotOwned',
    key: KEY,
    objects: [serve, owned(makePrivateService(serve), serve), makePublicService(serve)],
    wantErr: 'does not own Service: hello-00001',
    wantStatusUpdates: [
      {
        kind: 'ServerlessService',
        metadata: { name: 'hello-00001', namespace: 'default' },
        status: {
          observedGeneration: 1,
          privateServiceName: 'hello-00001-private',
          conditions: [
            cond(
              'EndpointsPopulated',
              'False',
              'NotOwned',
              'Resource hello-00001 of type Service is not owned by SKS',
            ),
            cond('Ready', 'False', 'NotOwned', 'Resource hello-00001 of type Service is not owned by SKS'),
          ],
        },
      } as unknown as KubeObject,
    ],
    wantEvents: [eventf('Warning', 'InternalError', 'SKS: hello-00001 does not own Service: hello-00001')],
  },
  {
    name: 'public Endpoints it does not own: EndpointsPopulated False NotOwned',
    key: KEY,
    objects: [
      serve,
      owned(makePrivateService(serve), serve),
      owned(makePublicService(serve), serve),
      makePublicEndpoints(serve, []),
    ],
    wantErr: 'does not own Endpoints',
    wantStatusUpdates: [
      statusUpdate([
        cond(
          'EndpointsPopulated',
          'False',
          'NotOwned',
          'Resource hello-00001 of type Endpoints is not owned by SKS',
        ),
        cond('Ready', 'False', 'NotOwned', 'Resource hello-00001 of type Endpoints is not owned by SKS'),
      ]),
    ],
    wantEvents: [eventf('Warning', 'InternalError', 'SKS: hello-00001 does not own Endpoints: hello-00001')],
  },
];

describe('ServerlessService reconciler', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, row) => run(row));
});

describe('SKS Services', () => {
  const s = sks('Serve');
  it('public: named after the SKS, port 80 http → 8012, no selector, SKS labels', () => {
    expect(makePublicService(s)).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'hello-00001',
        namespace: 'default',
        labels: {
          'serving.knative.dev/revision': 'hello-00001',
          'serving.knative.dev/service': 'hello',
          'networking.internal.knative.dev/serverlessservice': 'hello-00001',
          'networking.internal.knative.dev/serviceType': 'Public',
        },
        annotations: {},
      },
      spec: { ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8012 }] },
    });
  });
  it('private: selects the revision, http/metrics/admin ports', () => {
    const p = makePrivateService(s);
    expect(p.metadata.name).toBe('hello-00001-private');
    expect(p.metadata.labels?.['networking.internal.knative.dev/serviceType']).toBe('Private');
    expect(p.spec).toEqual({
      selector: { 'serving.knative.dev/revision': 'hello-00001' },
      ports: [
        { name: 'http', protocol: 'TCP', port: 80, targetPort: 8012 },
        { name: 'http-autometric', protocol: 'TCP', port: 9090, targetPort: 9090 },
        { name: 'http-queueadm', protocol: 'TCP', port: 8022, targetPort: 8022 },
      ],
    });
  });
  it('chooseSubset is stable and spreads', () => {
    const ips = ['a', 'b', 'c', 'd'];
    expect([...chooseSubset(ips, 2, 'x')]).toEqual([...chooseSubset([...ips].reverse(), 2, 'x')]);
    expect(chooseSubset(ips, 2, 'x').size).toBe(2);
    expect(chooseSubset(ips, 0, 'x').size).toBe(4);
    const picks = new Set(Array.from({ length: 20 }, (_, i) => [...chooseSubset(ips, 1, `rev-${i}`)][0]));
    expect(picks.size).toBeGreaterThan(1);
  });
});
