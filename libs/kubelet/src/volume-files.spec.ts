import type { Pod } from './pod.types';
import {
  VolumeError,
  configMapData,
  keyFiles,
  planVolume,
  secretData,
  volumeSourceNames,
} from './volume-files';

const text = (files: { path: string; content: Buffer; mode: number }[]) =>
  files.map((f) => [f.path, f.content.toString('utf8'), f.mode.toString(8)]);

const pod: Pod = {
  metadata: {
    name: 'p',
    namespace: 'ns',
    uid: 'u1',
    labels: { b: '2', a: 'say "hi"' },
    annotations: { x: 'y' },
  },
  spec: { containers: [] },
};

describe('keyFiles', () => {
  const data = configMapData({
    data: { b: 'B', a: 'A' },
    binaryData: { bin: Buffer.from([1, 2]).toString('base64') },
  });

  it('writes every key, sorted, mode defaultMode or 0644; binaryData decoded', () => {
    const files = keyFiles('configmap', 'cm', data, {});
    expect(text(files).map(([p, , m]) => [p, m])).toEqual([
      ['a', '644'],
      ['b', '644'],
      ['bin', '644'],
    ]);
    expect(files[2].content).toEqual(Buffer.from([1, 2]));
    expect(keyFiles('configmap', 'cm', data, { defaultMode: 0o440 })[0].mode).toBe(0o440);
  });

  it('items pick keys to paths, with their own mode over defaultMode', () => {
    expect(
      text(
        keyFiles('configmap', 'cm', data, {
          defaultMode: 0o400,
          items: [
            { key: 'a', path: 'x/y', mode: 0o600 },
            { key: 'b', path: 'z' },
          ],
        }),
      ),
    ).toEqual([
      ['x/y', 'A', '600'],
      ['z', 'B', '400'],
    ]);
  });

  it('a missing source or key fails unless optional', () => {
    expect(() => keyFiles('secret', 's', undefined, {})).toThrow(new VolumeError('secret "s" not found'));
    expect(keyFiles('secret', 's', undefined, { optional: true })).toEqual([]);
    expect(() => keyFiles('configmap', 'cm', data, { items: [{ key: 'nope', path: 'n' }] })).toThrow(
      'configmap "cm" references non-existent key: nope',
    );
    expect(
      keyFiles('configmap', 'cm', data, { optional: true, items: [{ key: 'nope', path: 'n' }] }),
    ).toEqual([]);
  });

  it('refuses paths leaving the volume', () => {
    expect(() => keyFiles('configmap', 'cm', data, { items: [{ key: 'a', path: '../etc/passwd' }] })).toThrow(
      'must be relative and may not contain ".."',
    );
    expect(() => keyFiles('configmap', 'cm', data, { items: [{ key: 'a', path: '/abs' }] })).toThrow(
      'must be relative',
    );
  });
});

describe('planVolume', () => {
  const sources = {
    configMaps: new Map([['root-ca', configMapData({ data: { 'ca.crt': 'CA' } })]]),
    secrets: new Map([['s', secretData({ data: { k: Buffer.from('v').toString('base64') } })]]),
  };

  it('downwardAPI: names, labels and annotations as sorted key="value" lines', () => {
    const plan = planVolume(
      pod,
      {
        name: 'info',
        downwardAPI: {
          items: [
            { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
            { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            { path: 'one', fieldRef: { fieldPath: "metadata.labels['b']" } },
          ],
        },
      },
      sources,
    );
    expect(plan.kind === 'files' && text(plan.files)).toEqual([
      ['name', 'p', '644'],
      ['labels', 'a="say \\"hi\\""\nb="2"', '644'],
      ['one', '2', '644'],
    ]);
  });

  it('projected: configMap, secret and downwardAPI sources together; the service account token is left out', () => {
    const plan = planVolume(
      pod,
      {
        name: 'kube-api-access',
        projected: {
          defaultMode: 0o444,
          sources: [
            { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
            { configMap: { name: 'root-ca', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { secret: { name: 's' } },
            {
              downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] },
            },
          ],
        },
      },
      sources,
    );
    expect(plan.kind === 'files' && text(plan.files)).toEqual([
      ['ca.crt', 'CA', '444'],
      ['k', 'v', '444'],
      ['namespace', 'ns', '444'],
    ]);
  });

  it('emptyDir, hostPath, and kinds the agent cannot provide', () => {
    expect(planVolume(pod, { name: 'e', emptyDir: {} }, sources)).toEqual({ kind: 'emptyDir' });
    expect(planVolume(pod, { name: 'h', hostPath: { path: '/srv' } }, sources)).toEqual({
      kind: 'hostPath',
      path: '/srv',
    });
    expect(
      planVolume(pod, { name: 'pvc', persistentVolumeClaim: { claimName: 'c' } } as never, sources),
    ).toEqual({
      kind: 'unsupported',
      message: 'volume "pvc": persistentVolumeClaim volumes are not supported in local mode',
    });
  });

  it('lists the ConfigMaps and Secrets the volumes project', () => {
    expect(
      volumeSourceNames({
        ...pod,
        spec: {
          containers: [],
          volumes: [
            { name: 'a', configMap: { name: 'c1' } },
            { name: 'b', secret: { secretName: 's1' } },
            {
              name: 'c',
              projected: { sources: [{ configMap: { name: 'c2' } }, { secret: { name: 's1' } }] },
            },
          ],
        },
      }),
    ).toEqual({ configMaps: ['c1', 'c2'], secrets: ['s1'] });
  });
});
