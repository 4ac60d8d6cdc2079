import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api } from './api';
import { bootstrap } from './bootstrap';
import { Store } from './store';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.test}
spec:
  group: example.test
  scope: Namespaced
  names: {plural: things, kind: Thing}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object}}
`;

describe('bootstrap', () => {
  it('creates namespaces, Knative config maps (config-domain localhost) and CRDs, idempotently, skipping unchanged manifests', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-bootstrap-'));
    const crdDir = path.join(dir, 'crds');
    fs.mkdirSync(crdDir);
    fs.writeFileSync(path.join(crdDir, 'thing.yaml'), CRD);
    const store = new Store(path.join(dir, 'state.db'));
    const api = new Api(store);
    const options = { crdDir, localMode: true, crdDigestFile: path.join(dir, 'crds.sha256') };
    bootstrap(api, options);
    expect(store.get('core/namespaces', '', 'knative-serving')).toBeDefined();
    expect(store.get('core/configmaps', 'knative-serving', 'config-domain')?.data).toEqual({ localhost: '' });
    for (const name of [
      'config-autoscaler',
      'config-network',
      'config-features',
      'config-gc',
      'config-defaults',
      'config-deployment',
      'config-observability',
    ]) {
      expect(store.get('core/configmaps', 'knative-serving', name)).toBeDefined();
    }
    expect(store.get('core/configmaps', 'knative-eventing', 'config-br-defaults')).toBeDefined();
    expect(api.registry.find('example.test', 'v1', 'things')?.kind).toBe('Thing');
    const rv = store.resourceVersion;
    bootstrap(api, options);
    expect(store.resourceVersion).toBe(rv);
    fs.writeFileSync(
      path.join(crdDir, 'thing.yaml'),
      CRD.replace(
        'names: {plural: things, kind: Thing}',
        'names: {plural: things, kind: Thing, shortNames: [th]}',
      ),
    );
    bootstrap(api, options);
    expect(api.registry.find('example.test', 'v1', 'things')?.shortNames).toEqual(['th']);
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
