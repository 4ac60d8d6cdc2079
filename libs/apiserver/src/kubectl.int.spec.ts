import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startEmbeddedCluster, type RunningCluster } from './cluster';
import { until } from './conformance/client';

const run = promisify(execFile);

/** kubectl (the machine's, v1.32) against the embedded cluster: what users type must work. */
describe('kubectl against the embedded cluster', () => {
  jest.setTimeout(60_000);
  let dir: string;
  let cluster: RunningCluster;
  const kubectl = async (...args: string[]) => {
    try {
      const { stdout } = await run('kubectl', ['--kubeconfig', cluster.kubeconfigPath, ...args], {
        timeout: 30_000,
      });
      return stdout;
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`kubectl ${args.join(' ')}: ${e.stderr || e.message}`);
    }
  };
  const manifest = (replicas: number) => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.kubectl.kuack.dev}
spec:
  group: kubectl.kuack.dev
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gd]}
  versions:
  - name: v1
    served: true
    storage: true
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: Color, type: string, jsonPath: .spec.color}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
              color: {type: string, default: blue}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: default, labels: {app: web}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: example.test/web:1
        env: [{name: A, value: "1"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: default}
data: {mode: fast}
`;

  beforeAll(async () => {
    await run('kubectl', ['version', '--client']).catch(() => {
      throw new Error('kubectl is not installed: these tests need kubectl 1.32 on PATH');
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-kubectl-'));
    cluster = await startEmbeddedCluster({ dataDir: dir, port: 0 });
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('apply -f creates, then reports unchanged, then configured', async () => {
    const file = path.join(dir, 'app.yaml');
    fs.writeFileSync(file, manifest(2));
    const created = await kubectl('apply', '-f', file);
    expect(created).toContain(
      'customresourcedefinition.apiextensions.k8s.io/gadgets.kubectl.kuack.dev created',
    );
    expect(created).toContain('deployment.apps/web created');
    expect(created).toContain('configmap/settings created');
    expect(await kubectl('apply', '-f', file)).toContain('deployment.apps/web unchanged');
    fs.writeFileSync(file, manifest(3));
    expect(await kubectl('apply', '-f', file)).toContain('deployment.apps/web configured');
    expect(
      await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.metadata.generation}'),
    ).toBe('3 2');
  });

  it("get prints server-side columns, including a CRD's printer columns", async () => {
    const deploy = await kubectl('get', 'deployments');
    expect(deploy.split('\n')[0].split(/\s+/)).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(deploy).toMatch(/^web\s+0\/3\s+0\s+0\s+\d+s/m);
    const gadget = path.join(dir, 'gadget.yaml');
    fs.writeFileSync(
      gadget,
      'apiVersion: kubectl.kuack.dev/v1\nkind: Gadget\nmetadata: {name: g1}\nspec: {size: 4}\n',
    );
    await until('the CRD to serve', async () =>
      (await kubectl('apply', '-f', gadget)).includes('gadget.kubectl.kuack.dev/g1 created'),
    );
    const table = await kubectl('get', 'gd');
    expect(table.split('\n')[0].split(/\s+/)).toEqual(['NAME', 'SIZE', 'COLOR']);
    expect(table).toMatch(/^g1\s+4\s+blue/m);
  });

  it('describe shows the object', async () => {
    const out = await kubectl('describe', 'deployment', 'web');
    expect(out).toMatch(/Name:\s+web/);
    expect(out).toMatch(/Replicas:\s+3 desired/);
    expect(out).toContain('example.test/web:1');
  });

  it('patch: strategic (default), merge and json', async () => {
    await kubectl(
      'patch',
      'deployment',
      'web',
      '-p',
      '{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"B","value":"2"}]}]}}}}',
    );
    const env = JSON.parse(
      await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].env}'),
    );
    expect(env).toHaveLength(2);
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ]),
    );
    await kubectl('patch', 'gadget', 'g1', '--type=merge', '-p', '{"spec":{"color":"red"}}');
    expect(await kubectl('get', 'gadget', 'g1', '-o', 'jsonpath={.spec.color}')).toBe('red');
    await kubectl(
      'patch',
      'configmap',
      'settings',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/data/mode","value":"slow"}]',
    );
    expect(await kubectl('get', 'cm', 'settings', '-o', 'jsonpath={.data.mode}')).toBe('slow');
  });

  it('scale changes replicas through the scale subresource', async () => {
    expect(await kubectl('scale', 'deployment', 'web', '--replicas=5')).toContain(
      'deployment.apps/web scaled',
    );
    expect(await kubectl('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).toBe('5');
  });

  it('get -w streams changes', async () => {
    const watcher = spawn('kubectl', [
      '--kubeconfig',
      cluster.kubeconfigPath,
      'get',
      'configmaps',
      '-w',
      '--output-watch-events',
    ]);
    let out = '';
    watcher.stdout.on('data', (c) => (out += c));
    try {
      await until('the initial listing', () => out.includes('settings'), 15_000);
      // `kubectl create configmap` sends protobuf (a documented gap); `create -f` sends JSON.
      const file = path.join(dir, 'watched.yaml');
      fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: watched}\ndata: {a: "1"}\n');
      await kubectl('create', '-f', file);
      await until('the ADDED event', () => /ADDED\s+watched/.test(out), 15_000);
      await kubectl('delete', 'configmap', 'watched');
      await until('the DELETED event', () => /DELETED\s+watched/.test(out), 15_000);
    } finally {
      watcher.kill();
    }
  });

  it('delete removes objects and a later get says NotFound', async () => {
    expect(await kubectl('delete', '-f', path.join(dir, 'app.yaml'))).toContain(
      'deployment.apps "web" deleted',
    );
    await expect(kubectl('get', 'deployment', 'web')).rejects.toThrow(/NotFound|not found/);
  });
});
