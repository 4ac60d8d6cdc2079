import { childPatch } from './children';
import type { KubeObject } from './objects';

const owner = {
  apiVersion: 'x.dev/v1',
  kind: 'W',
  name: 'w',
  uid: 'u1',
  controller: true,
  blockOwnerDeletion: true,
};
const existing: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'c',
    namespace: 'ns',
    resourceVersion: '7',
    labels: { app: 'w', 'added-by-someone': 'x' },
    ownerReferences: [owner],
  },
  data: { a: '1', b: '2' },
};

describe('childPatch', () => {
  it('is undefined when every field the controller sets already matches (no write storm)', () => {
    const want: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'ns', labels: { app: 'w' }, ownerReferences: [owner] },
      data: { a: '1', b: '2' },
    };
    expect(childPatch(existing, want, ['data'])).toBeUndefined();
  });

  it('patches changed and removed keys of owned maps, guarded by the resourceVersion', () => {
    const want: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'ns', ownerReferences: [owner] },
      data: { a: '9' },
    };
    expect(childPatch(existing, want, ['data'])).toEqual({
      data: { a: '9', b: null },
      metadata: { resourceVersion: '7' },
    });
  });

  it('sends a changed spec whole and ignores fields the server added', () => {
    const ex = { ...existing, spec: { replicas: 1, strategy: { type: 'RollingUpdate' } } };
    const want: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'c', ownerReferences: [owner] },
      spec: { replicas: 1 },
    };
    expect(childPatch(ex, want, [])).toBeUndefined();
    expect(childPatch(ex, { ...want, spec: { replicas: 3 } }, [])).toEqual({
      spec: { replicas: 3 },
      metadata: { resourceVersion: '7' },
    });
  });
});
