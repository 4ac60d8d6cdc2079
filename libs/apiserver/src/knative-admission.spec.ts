import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api } from './api';
import { ApiError } from './errors';
import { knativeAdmission } from './knative-admission';
import { Store } from './store';

describe('Knative admission in the embedded API', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-admission-'));
  const store = new Store(path.join(dir, 'state.db'));
  const api = new Api(store, knativeAdmission());
  api.create(api.registry.find('', 'v1', 'namespaces')!, '', { metadata: { name: 'default' } });
  const crd = api.registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
  api.create(crd, '', {
    metadata: { name: 'services.serving.knative.dev' },
    spec: {
      group: 'serving.knative.dev',
      scope: 'Namespaced',
      names: { plural: 'services', kind: 'Service', shortNames: ['ksvc'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
  });
  const ksvc = api.registry.find('serving.knative.dev', 'v1', 'services')!;

  afterAll(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('defaults a Knative Service on create', () => {
    const created = api.create(ksvc, 'default', {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'hello' },
      spec: { template: { spec: { containers: [{ image: 'example.test/hello:1' }] } } },
    });
    const spec = created.spec as {
      template: { spec: { containers: { name: string }[]; timeoutSeconds: number } };
      traffic: unknown[];
    };
    expect(spec.template.spec.containers[0].name).toBe('user-container');
    expect(spec.template.spec.timeoutSeconds).toBe(300);
    expect(spec.traffic).toEqual([{ latestRevision: true, percent: 100 }]);
  });

  it('bumps the generation when an update changes the spec (admission returns a new object)', () => {
    const current = store.get('serving.knative.dev/services', 'default', 'hello')!;
    const spec = current.spec as { template: { spec: { containers: { env?: unknown[] }[] } } };
    spec.template.spec.containers[0].env = [{ name: 'TARGET', value: 'again' }];
    const updated = api.update(ksvc, 'default', 'hello', current);
    expect(updated.metadata.generation).toBe(2);
    const unchanged = api.update(ksvc, 'default', 'hello', updated);
    expect(unchanged.metadata.generation).toBe(2);
  });

  it('denies an invalid one like a webhook would (400 naming the webhook and the field)', () => {
    let error: unknown;
    try {
      api.create(ksvc, 'default', {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: { name: 'bad' },
        spec: { template: { spec: { containers: [] } } },
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe(400);
    expect((error as ApiError).message).toMatch(
      /^admission webhook "validation.webhook.serving.knative.dev" denied the request: validation failed: .*spec.template.spec.containers/,
    );
    expect(store.get('serving.knative.dev/services', 'default', 'bad')).toBeUndefined();
  });

  it('leaves kinds libs/api does not know alone', () => {
    const cmType = api.registry.find('', 'v1', 'configmaps')!;
    expect(api.create(cmType, 'default', { metadata: { name: 'c' }, data: { a: '1' } }).data).toEqual({
      a: '1',
    });
  });
});

describe('CRD deletion', () => {
  it('deletes the custom resources with their CRD, so a re-created CRD starts empty', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-crd-delete-'));
    const store = new Store(path.join(dir, 'state.db'));
    const api = new Api(store);
    api.create(api.registry.find('', 'v1', 'namespaces')!, '', { metadata: { name: 'default' } });
    const crdType = api.registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
    const crd = {
      metadata: { name: 'things.example.test' },
      spec: {
        group: 'example.test',
        scope: 'Namespaced',
        names: { plural: 'things', kind: 'Thing' },
        versions: [
          { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
        ],
      },
    };
    api.create(crdType, '', crd);
    const things = api.registry.find('example.test', 'v1', 'things')!;
    api.create(things, 'default', { metadata: { name: 't1', finalizers: ['example.test/keep'] } });
    api.delete(crdType, '', 'things.example.test');
    expect(api.registry.find('example.test', 'v1', 'things')).toBeUndefined();
    api.create(crdType, '', crd);
    expect(
      api.list(api.registry.find('example.test', 'v1', 'things')!, 'default', { labels: [], fields: [] })
        .items,
    ).toEqual([]);
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
