// The Service, Configuration, Route and labeler controllers of libs/serving, in process, against an API server
// with a garbage collector (the real kube-apiserver + kube-controller-manager of tools/testenv, or the embedded
// cluster). The Revision reconciler (Deployment, PodAutoscaler, SKS) and the gateway are other components: this test
// stands in for them by writing the Revision's Ready status and the KIngress status itself. That is allowed
// HERE only, because those reconcilers are not under test; the end-to-end tests get readiness from the real
// node agent, queue-proxy and gateway.
import fs from 'node:fs';
import path from 'node:path';
import {
  ConfigStore,
  ControllerManager,
  InformerFactory,
  type KubeClient,
  type KubeObject,
  domainConfig,
  featuresConfig,
  isNotFound,
  networkConfig,
} from '@kuack/controller';
import { eventually } from '@kuack/testenv';
import pino from 'pino';
import { parse as parseYaml } from 'yaml';
import { configurationController } from '../configuration';
import { labelerController } from '../labeler';
import { DOMAIN_MAPPING, domainMappingController } from '../domainmapping';
import {
  CONFIG_MAP,
  CONFIGURATION,
  type ConfigurationObject,
  type IngressObject,
  KINGRESS,
  REVISION,
  type RevisionObject,
  ROUTE,
  type RouteObject,
  SERVICE,
  type ServiceObject,
} from '../resources/kinds';
import { K8S_SERVICE, routeController } from '../route';
import { serviceController } from '../service';

export const ROOT = path.resolve(__dirname, '../../../..');
export const CRD_DIR = path.join(ROOT, 'charts/kuack/files/crds');
const CRD_FILES = [
  'services.serving.knative.dev.yaml',
  'configurations.serving.knative.dev.yaml',
  'revisions.serving.knative.dev.yaml',
  'routes.serving.knative.dev.yaml',
  'ingresses.networking.internal.knative.dev.yaml',
  'domainmappings.serving.knative.dev.yaml',
];

const CLASS = 'kuack.ingress.networking.knative.dev';
const CRD = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' };
const logger = pino({ level: process.env.LOG_LEVEL ?? 'silent' });

/** Installs (or replaces) the CRDs the test needs and waits until they are Established. */
export async function installCrds(client: KubeClient): Promise<void> {
  for (const file of CRD_FILES) {
    const crd = parseYaml(
      fs.readFileSync(path.join(ROOT, 'charts/kuack/files/crds', file), 'utf8'),
    ) as KubeObject;
    try {
      await client.create(crd);
    } catch (err) {
      const current = await client.get(CRD, crd.metadata.name as string);
      await client.update({
        ...crd,
        metadata: { ...crd.metadata, resourceVersion: current.metadata.resourceVersion },
      });
      void err;
    }
  }
  await eventually(async () => {
    for (const file of CRD_FILES) {
      const name = file.replace(/\.yaml$/, '');
      const got = (await client.get(CRD, name)) as KubeObject & {
        status?: { conditions?: { type: string; status: string }[] };
      };
      if (!got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        throw new Error(`${name} not Established`);
    }
  });
}

export interface ServingApi {
  client: KubeClient;
  close(): Promise<void>;
}

/** The scenario, against the API server `setup` gives (CRDs installed). */
export function serviceRouteSuite(name: string, setup: () => Promise<ServingApi>): void {
  describe(`Service/Configuration/Route controllers on ${name}`, () => {
    const NS = `serving-routes-${name}-${process.pid}`;
    let client: KubeClient;
    let close: (() => Promise<void>) | undefined;
    let manager: ControllerManager;

    const get = <T extends KubeObject>(gvk: { apiVersion: string; kind: string }, name: string) =>
      client.get<T>(gvk, name, NS);
    const readyCondition = (o: { status?: unknown }) =>
      (
        (o.status as { conditions?: { type: string; status: string; reason?: string }[] })?.conditions ?? []
      ).find((c) => c.type === 'Ready');

    /** Stands in for the Revision reconciler: the Revision's status says Ready for its generation. */
    async function markRevisionReady(name: string): Promise<void> {
      const rev = await get<RevisionObject>(REVISION, name);
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const c = (type: string) => ({ type, status: 'True', lastTransitionTime: now });
      await client.updateStatus({
        ...rev,
        status: {
          observedGeneration: rev.metadata.generation,
          conditions: [c('ContainerHealthy'), c('Ready'), c('ResourcesAvailable')],
        },
      });
    }

    /** Stands in for the gateway: the KIngress of its current generation is Ready. */
    async function markIngressReady(name = 'hello'): Promise<number> {
      const ing = await get<IngressObject>(KINGRESS, name);
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const c = (type: string) => ({ type, status: 'True', lastTransitionTime: now });
      await client.updateStatus({
        ...ing,
        status: {
          observedGeneration: ing.metadata.generation,
          conditions: [c('LoadBalancerReady'), c('NetworkConfigured'), c('Ready')],
          publicLoadBalancer: {
            ingress: [{ domainInternal: 'kuack-gateway.knative-serving.svc.cluster.local' }],
          },
          privateLoadBalancer: {
            ingress: [{ domainInternal: 'kuack-gateway-internal.knative-serving.svc.cluster.local' }],
          },
        },
      });
      return ing.metadata.generation as number;
    }

    beforeAll(async () => {
      ({ client, close } = await setup());
      await client.create({ ...NAMESPACE, metadata: { name: NS } });
      await client.create({
        ...CONFIG_MAP,
        metadata: { name: 'config-network', namespace: NS },
        data: { 'ingress-class': CLASS, 'kuack-gateway-http-port': '8080' },
      });
      await client.create({
        ...CONFIG_MAP,
        metadata: { name: 'config-domain', namespace: NS },
        data: { 'example.com': '' },
      });

      const factory = new InformerFactory(client, { logger });
      const config = new ConfigStore([networkConfig, domainConfig, featuresConfig], { logger });
      factory.informerFor(CONFIG_MAP, { namespace: NS }).addHandler(config.handler());
      const deps = { factory, logger, config, systemNamespace: NS };
      manager = new ControllerManager({
        factory,
        logger,
        controllers: [
          serviceController(deps).controller,
          configurationController(deps).controller,
          routeController(deps).controller,
          labelerController(deps).controller,
          domainMappingController(deps).controller,
        ],
      });
      await manager.start();
    });

    afterAll(async () => {
      await manager?.stop();
      await client?.delete(NAMESPACE, NS).catch(() => undefined);
      await close?.();
    });

    const template = (image: string) => ({ spec: { containers: [{ image }] } });

    it('a Service becomes a Configuration, a Revision, a Route and a KIngress, is Ready with its URL, rolls to a new template, and its children go with it', async () => {
      await client.create({
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: { name: 'hello', namespace: NS, labels: { team: 'a' } },
        spec: { template: template('ghcr.io/kuack/hello:1') },
      });
      const svc = await get<ServiceObject>(SERVICE, 'hello');

      // The children: same name, owned by the Service; the Revision named {config}-00001 with its labels.
      const config = await eventually(() => get<ConfigurationObject>(CONFIGURATION, 'hello'));
      const route = await eventually(() => get<RouteObject>(ROUTE, 'hello'));
      for (const child of [config, route]) {
        expect(child.metadata.ownerReferences).toEqual([
          expect.objectContaining({
            kind: 'Service',
            name: 'hello',
            uid: svc.metadata.uid,
            controller: true,
          }),
        ]);
        expect(child.metadata.labels).toMatchObject({ team: 'a', 'serving.knative.dev/service': 'hello' });
      }
      expect(route.spec.traffic).toEqual([
        { configurationName: 'hello', latestRevision: true, percent: 100 },
      ]);
      const rev1 = await eventually(() => get<RevisionObject>(REVISION, 'hello-00001'));
      expect(rev1.metadata.labels).toMatchObject({
        'serving.knative.dev/configuration': 'hello',
        'serving.knative.dev/configurationGeneration': '1',
        'serving.knative.dev/service': 'hello',
        'serving.knative.dev/routingState': 'active',
      });
      expect(rev1.metadata.ownerReferences).toEqual([
        expect.objectContaining({
          kind: 'Configuration',
          name: 'hello',
          uid: config.metadata.uid,
          controller: true,
        }),
      ]);

      // Not Ready yet: the Route waits for a ready revision.
      await eventually(async () => {
        const r = await get<RouteObject>(ROUTE, 'hello');
        expect(r.status?.conditions).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              type: 'AllTrafficAssigned',
              status: 'Unknown',
              reason: 'RevisionMissing',
            }),
          ]),
        );
      });

      await markRevisionReady('hello-00001');
      const ingress = await eventually(() => get<IngressObject>(KINGRESS, 'hello'));
      expect(ingress.metadata.annotations?.['networking.knative.dev/ingress.class']).toBe(CLASS);
      expect(ingress.metadata.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'Route', name: 'hello', uid: route.metadata.uid, controller: true }),
      ]);
      expect(ingress.spec?.rules?.map((r) => [r.visibility, r.hosts])).toEqual([
        ['ClusterLocal', [`hello.${NS}`, `hello.${NS}.svc`, `hello.${NS}.svc.cluster.local`]],
        ['ExternalIP', [`hello.${NS}.example.com`]],
      ]);
      expect(ingress.spec?.rules?.[1].http?.paths[0].splits).toEqual([
        {
          serviceNamespace: NS,
          serviceName: 'hello-00001',
          servicePort: 80,
          percent: 100,
          appendHeaders: { 'Knative-Serving-Revision': 'hello-00001', 'Knative-Serving-Namespace': NS },
        },
      ]);

      await markIngressReady();
      const ready = await eventually(async () => {
        const s = await get<ServiceObject>(SERVICE, 'hello');
        expect(readyCondition(s)?.status).toBe('True');
        expect(s.status?.observedGeneration).toBe(s.metadata.generation);
        return s;
      });
      expect(ready.status).toMatchObject({
        url: `http://hello.${NS}.example.com:8080`,
        address: { url: `http://hello.${NS}.svc.cluster.local` },
        latestCreatedRevisionName: 'hello-00001',
        latestReadyRevisionName: 'hello-00001',
        traffic: [{ revisionName: 'hello-00001', percent: 100, latestRevision: true }],
      });
      expect(readyCondition(await get<RouteObject>(ROUTE, 'hello'))?.status).toBe('True');
      // The Route's cluster name resolves through its placeholder Service, which now names the gateway.
      await eventually(async () => {
        const placeholder = await client.get<
          KubeObject & { spec?: { type?: string; externalName?: string } }
        >(K8S_SERVICE, 'hello', NS);
        expect(placeholder.spec).toMatchObject({
          type: 'ExternalName',
          externalName: 'kuack-gateway-internal.knative-serving.svc.cluster.local',
        });
      });

      // A new template: a second Revision; traffic stays on the first until the second is Ready.
      await client.patch(SERVICE, 'hello', NS, { spec: { template: template('ghcr.io/kuack/hello:2') } });
      const rev2 = await eventually(() => get<RevisionObject>(REVISION, 'hello-00002'));
      expect(rev2.metadata.labels?.['serving.knative.dev/configurationGeneration']).toBe('2');
      await eventually(async () => {
        const s = await get<ServiceObject>(SERVICE, 'hello');
        expect(s.status?.latestCreatedRevisionName).toBe('hello-00002');
        expect(s.status?.latestReadyRevisionName).toBe('hello-00001');
        expect(s.status?.traffic).toEqual([
          { revisionName: 'hello-00001', percent: 100, latestRevision: true },
        ]);
      });
      await markRevisionReady('hello-00002');
      await eventually(async () => {
        const ing = await get<IngressObject>(KINGRESS, 'hello');
        expect(ing.spec?.rules?.[1].http?.paths[0].splits.map((s) => s.serviceName)).toEqual(['hello-00002']);
      });
      await markIngressReady();
      await eventually(async () => {
        const s = await get<ServiceObject>(SERVICE, 'hello');
        expect(readyCondition(s)?.status).toBe('True');
        expect(s.status?.traffic).toEqual([
          { revisionName: 'hello-00002', percent: 100, latestRevision: true },
        ]);
        expect(s.status?.latestReadyRevisionName).toBe('hello-00002');
      });
      // The labeler moved the first revision out of routing.
      await eventually(async () => {
        const r1 = await get<RevisionObject>(REVISION, 'hello-00001');
        expect(r1.metadata.labels?.['serving.knative.dev/routingState']).toBe('reserve');
      });

      // A DomainMapping to the Service: a KIngress for the domain, rewriting the host to the Service's address.
      const domain = `app-${process.pid}.example.org`;
      await client.create({
        ...DOMAIN_MAPPING,
        metadata: { name: domain, namespace: NS },
        spec: { ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello' } },
      });
      const dmIngress = await eventually(() => get<IngressObject>(KINGRESS, domain));
      expect(dmIngress.spec?.rules).toEqual([
        expect.objectContaining({
          hosts: [domain],
          visibility: 'ExternalIP',
          http: {
            paths: [
              expect.objectContaining({
                rewriteHost: `hello.${NS}.svc.cluster.local`,
                splits: [
                  expect.objectContaining({ serviceName: 'hello', serviceNamespace: NS, percent: 100 }),
                ],
              }),
            ],
          },
        }),
      ]);
      await markIngressReady(domain);
      await eventually(async () => {
        const dm = await get<KubeObject & { status?: { url?: string } }>(DOMAIN_MAPPING, domain);
        expect(readyCondition(dm)?.status).toBe('True');
        expect(dm.status?.url).toBe(`http://${domain}:8080`);
      });
      await client.delete(DOMAIN_MAPPING, domain, NS);

      // Delete: the garbage collector removes every child.
      await client.delete(SERVICE, 'hello', NS);
      await eventually(
        async () => {
          for (const [gvk, name] of [
            [CONFIGURATION, 'hello'],
            [ROUTE, 'hello'],
            [REVISION, 'hello-00001'],
            [REVISION, 'hello-00002'],
            [KINGRESS, 'hello'],
            [K8S_SERVICE, 'hello'],
          ] as const) {
            const gone = await get(gvk, name).then(
              () => false,
              (err) => isNotFound(err),
            );
            if (!gone) throw new Error(`${gvk.kind} ${name} still exists`);
          }
        },
        { timeoutMs: 90_000 },
      );
    });
  });
}
