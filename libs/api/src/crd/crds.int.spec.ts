// The generated CRDs against a real kube-apiserver (tools/testenv): they install and become Established,
// every valid example applies and reads back unchanged (nothing pruned), the status subresource works,
// and the API server's own schema refuses a structurally wrong object.
import fs from 'node:fs';
import path from 'node:path';
import {
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  loadYaml,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { eventually, requireServices } from '@kuack/testenv';
import { admit } from '../admit';
import type { KObject } from '../core/object';
import { parseManifests } from '../manifests/validate-manifests';
import { defaultRegistry } from '../kinds';
import { CRD_DIR } from './write-crds';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../../../..');
const NS = `api-crds-int-${process.pid}`;
const FIELD_MANAGER = 'kuack-api-int-test';
let kc: KubeConfig;
let custom: CustomObjectsApi;

// CRDs go through client-node's typed models (loadYaml maps `x-kubernetes-*` to the model's field names);
// custom objects through CustomObjectsApi, whose bodies are passed as they are. KubernetesObjectApi would
// serialize a custom resource as a bare KubernetesObject and silently drop its spec and status.
function crds(): V1CustomResourceDefinition[] {
  return fs
    .readdirSync(path.join(ROOT, CRD_DIR))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => loadYaml<V1CustomResourceDefinition>(fs.readFileSync(path.join(ROOT, CRD_DIR, f), 'utf8')));
}

function examples(): KObject[] {
  const dir = path.join(ROOT, 'examples/manifests');
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) =>
      parseManifests({ name: f, content: fs.readFileSync(path.join(dir, f), 'utf8') }).map((p) => p.object!),
    )
    .filter((o) => o.apiVersion?.includes('knative.dev'))
    .map((o) => ({ ...o, metadata: { ...o.metadata, namespace: NS } }));
}

function coordinates(o: KObject) {
  const def = defaultRegistry.get(o.apiVersion, o.kind);
  if (!def) throw new Error(`no kind ${o.apiVersion} ${o.kind}`);
  return {
    group: def.group,
    version: def.version,
    plural: def.plural,
    namespace: o.metadata!.namespace!,
    name: o.metadata!.name!,
  };
}

const create = (o: KObject) =>
  custom.createNamespacedCustomObject({
    ...coordinates(o),
    body: o,
    fieldManager: FIELD_MANAGER,
  }) as Promise<KObject>;
const get = (o: KObject) => custom.getNamespacedCustomObject(coordinates(o)) as Promise<KObject>;
const replace = (o: KObject) =>
  custom.replaceNamespacedCustomObject({
    ...coordinates(o),
    body: o,
    fieldManager: FIELD_MANAGER,
  }) as Promise<KObject>;

/** The fields a user wrote: spec, labels, annotations (the server adds metadata of its own). */
function userView(o: KObject): unknown {
  return { spec: o.spec, labels: o.metadata?.labels, annotations: o.metadata?.annotations };
}

beforeAll(async () => {
  const env = await requireServices(['kube']);
  kc = new KubeConfig();
  kc.loadFromFile(env.kube.kubeconfigPath);
  custom = kc.makeApiClient(CustomObjectsApi);
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  for (const crd of crds()) {
    try {
      await ext.createCustomResourceDefinition({ body: crd, fieldManager: FIELD_MANAGER });
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw err;
      const current = await ext.readCustomResourceDefinition({ name: crd.metadata!.name! });
      await ext.replaceCustomResourceDefinition({
        name: crd.metadata!.name!,
        body: { ...crd, metadata: { ...crd.metadata, resourceVersion: current.metadata!.resourceVersion } },
        fieldManager: FIELD_MANAGER,
      });
    }
  }
  for (const crd of crds()) {
    await eventually(
      async () => {
        const got = await ext.readCustomResourceDefinition({ name: crd.metadata!.name! });
        if (!got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
          throw new Error(`${crd.metadata!.name} not Established`);
      },
      { timeoutMs: 30_000 },
    );
  }
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: NS } } });
}, 600_000);

afterAll(async () => {
  await kc
    ?.makeApiClient(CoreV1Api)
    .deleteNamespace({ name: NS })
    .catch(() => undefined);
});

describe('generated CRDs on kube-apiserver', () => {
  it('every example applies and reads back unchanged, as written and as defaulted', async () => {
    const list = examples();
    expect(list.length).toBeGreaterThanOrEqual(7);
    for (const obj of list) {
      const created = await eventually(() => create(obj), { timeoutMs: 15_000 });
      expect({ name: obj.metadata!.name, ...(userView(created) as object) }).toEqual({
        name: obj.metadata!.name,
        ...(userView(obj) as object),
      });
      expect(userView(await get(obj))).toEqual(userView(obj));

      const { object: defaultedObj, errors } = admit(undefined, obj);
      expect(errors).toEqual([]);
      const replaced = await replace({
        ...defaultedObj,
        metadata: { ...defaultedObj.metadata, resourceVersion: created.metadata!.resourceVersion },
      });
      expect({ name: obj.metadata!.name, ...(userView(replaced) as object) }).toEqual({
        name: obj.metadata!.name,
        ...(userView(defaultedObj) as object),
      });
    }
  });

  it('status is a subresource: written through /status, ignored on the main resource', async () => {
    const svc: KObject = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'status-probe', namespace: NS },
      spec: { template: { spec: { containers: [{ image: 'nginx' }] } } },
    };
    const created = await create(svc);
    const status = {
      observedGeneration: 1,
      url: `http://status-probe.${NS}.example.com`,
      latestCreatedRevisionName: 'status-probe-00001',
      conditions: [
        {
          type: 'Ready',
          status: 'Unknown',
          reason: 'IngressNotConfigured',
          message: 'Ingress has not yet been reconciled.',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    };
    await custom.replaceNamespacedCustomObjectStatus({
      group: 'serving.knative.dev',
      version: 'v1',
      namespace: NS,
      plural: 'services',
      name: 'status-probe',
      body: { ...created, status },
    });
    const read = await get(svc);
    expect(read.status).toEqual(status);
    const updated = await replace({ ...read, status: { url: 'http://ignored' } as KObject['status'] });
    expect(updated.status).toEqual(status);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'containers as a string',
      { template: { spec: { containers: 'nope' } } },
      /spec\.template\.spec\.containers in body must be of type array/,
    ],
    [
      'a non-numeric containerPort',
      { template: { spec: { containers: [{ image: 'nginx', ports: [{ containerPort: 'http' }] }] } } },
      /containerPort in body must be of type integer/,
    ],
    [
      'traffic percent as a string',
      { template: { spec: { containers: [{ image: 'nginx' }] } }, traffic: [{ percent: 'all' }] },
      /spec\.traffic\[0\]\.percent in body must be of type integer/,
    ],
  ])('the API server refuses %s', async (_n, spec, message) => {
    const bad: KObject = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: `bad-${JSON.stringify(spec).length}`, namespace: NS },
      spec,
    };
    let error: unknown;
    try {
      await create(bad);
    } catch (err) {
      error = err;
    }
    expect((error as { code?: number } | undefined)?.code).toBe(422);
    expect(String((error as { body?: unknown }).body)).toMatch(message);
  });
});
