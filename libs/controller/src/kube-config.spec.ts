import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { coreApi, loadKubeConfig } from './kube-config';

const kubeconfig = `
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster: { server: 'https://127.0.0.1:6443' }
users:
- name: admin
  user: { token: test-token }
contexts:
- name: local
  context: { cluster: local, user: admin, namespace: default }
current-context: local
`;

describe('client-node under Jest', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-kc-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads a kubeconfig file and builds a typed CoreV1Api client', async () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, kubeconfig);
    const kc = loadKubeConfig(file);
    expect(kc).toBeInstanceOf(KubeConfig);
    expect(kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
    expect(kc.getCurrentUser()?.token).toBe('test-token');
    const api = coreApi(kc);
    expect(api).toBeInstanceOf(CoreV1Api);
    expect(typeof api.listNamespacedPod).toBe('function');
  });

  it('refuses a kubeconfig without a current cluster, naming the file', () => {
    const file = path.join(dir, 'empty');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
    expect(() => loadKubeConfig(file)).toThrow(`kubeconfig ${file}: no current cluster`);
  });
});
