// kuack func deploy against the real kube-apiserver of the test environment (no serving controller there):
// the Service and Triggers it writes, the update path, and how waiting reports Ready=False and Ready=True
// (the test plays the controller by writing the status).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  ApiextensionsV1Api,
  KubeConfig,
  loadYaml,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import type { KubeClient, KubeObject } from '@kuack/controller';
import { eventually, requireServices } from '@kuack/testenv';
import { runCli } from '../../program';
import { captureCli, REPO_ROOT } from '../../testing/capture-cli';
import { SERVICE_GVK, TRIGGER_GVK, type ServiceObject } from './service-apply';

jest.setTimeout(240_000);

const suffix = `${process.pid}-${Date.now().toString(36)}`;
const NS = `func-deploy-int-${process.pid}`;
let kubeconfig: string;
let registry: string;
let base: string;
let client: KubeClient;
let work: string;
let cacheDir: string;
// The CLI loads these libraries lazily; the test does too (static imports of lazy libraries are forbidden).
let fns: typeof import('@kuack/functions');
const previousCache = process.env.KUACK_CACHE_DIR;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function env(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run \`npm run testenv -- up kube registry\` and export what \`npm run testenv -- env\` prints`,
    );
  return value;
}

async function ensureCrds(kc: KubeConfig, names: string[]): Promise<void> {
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  for (const name of names) {
    const crd = loadYaml<V1CustomResourceDefinition>(
      fs.readFileSync(path.join(REPO_ROOT, 'charts/kuack/files/crds', `${name}.yaml`), 'utf8'),
    );
    try {
      await ext.createCustomResourceDefinition({ body: crd });
    } catch (err) {
      if ((err as { code?: number }).code !== 409) throw err;
    }
    await eventually(async () => {
      const got = await ext.readCustomResourceDefinition({ name });
      if (!got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'))
        throw new Error(`${name} not Established`);
    });
  }
}

beforeAll(async () => {
  await requireServices(['kube', 'registry']);
  fns = await import('@kuack/functions');
  const { connect } = await import('@kuack/controller');
  kubeconfig = env('KUBECONFIG');
  registry = env('OCI_REGISTRY');
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  await ensureCrds(kc, ['services.serving.knative.dev', 'triggers.eventing.knative.dev']);
  client = connect({ kubeconfigPath: kubeconfig });
  try {
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  } catch (err) {
    if ((err as Error).name !== 'AlreadyExistsError' && !/already exists/i.test((err as Error).message))
      throw err;
  }
  base = (await fns.pushStandInBase(registry, `kuack-func-deploy-test/node-${suffix}`)).reference;
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-func-deploy-'));
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kuack-func-deploy-cache-'));
  process.env.KUACK_CACHE_DIR = cacheDir;
}, 900_000);

afterAll(async () => {
  process.env.KUACK_CACHE_DIR = previousCache;
  await client?.delete({ apiVersion: 'v1', kind: 'Namespace' }, NS).catch(() => undefined);
  for (const dir of [work, cacheDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Plays the serving controller: writes the Service's status for its current generation. */
async function setStatus(name: string, status: Record<string, unknown>): Promise<void> {
  await eventually(async () => {
    const service = await client.get<ServiceObject>(SERVICE_GVK, name, NS);
    await client.updateStatus({
      ...service,
      status: { observedGeneration: service.metadata.generation, ...status },
    } as KubeObject);
  });
}

describe('kuack func deploy (real kube-apiserver)', () => {
  it('creates the Service and Triggers, reports Ready=False, then updates and prints the URL when Ready', async () => {
    const name = `deploy-${suffix}`;
    const root = path.join(work, name);
    fns.createFunction({
      root,
      language: 'typescript',
      template: 'http',
      templatesRoot: fns.templatesDir(REPO_ROOT),
    });
    const yaml = fs.readFileSync(path.join(root, 'func.yaml'), 'utf8');
    fs.writeFileSync(
      path.join(root, 'func.yaml'),
      `${yaml}deploy:\n  options:\n    scale:\n      min: 1\n    resources:\n      limits:\n        concurrency: 5\n  subscriptions:\n    - source: default\n      filters:\n        type: com.example.ping\n`,
    );
    const args = [
      'func',
      'deploy',
      '-p',
      root,
      '-n',
      NS,
      '--kubeconfig',
      kubeconfig,
      '-r',
      `${registry}/kuack-func-deploy-test`,
      '--base-image',
      base,
      '--timeout',
      '60',
    ];

    const first = captureCli();
    const failing = runCli(args, first.ctx);
    await setStatus(name, {
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'RevisionFailed',
          message: 'Revision "x-00001" failed with message: image pull failed.',
        },
      ],
    });
    expect(await failing).toBe(1);
    expect(first.err()).toContain(
      `kuack: Service ${NS}/${name} is not ready: Ready=False RevisionFailed: Revision "x-00001" failed with message: image pull failed.`,
    );
    const service = await client.get<ServiceObject>(SERVICE_GVK, name, NS);
    const template = (
      service.spec as {
        template: { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> };
      }
    ).template;
    const container = (template.spec.containers as Array<{ image: string; env: unknown[] }>)[0]!;
    expect(container.image).toMatch(
      new RegExp(`^${registry.replace(/\./g, '\\.')}/kuack-func-deploy-test/${name}@sha256:[a-f0-9]{64}$`),
    );
    expect(template.spec.containerConcurrency).toBe(5);
    expect(template.metadata.annotations['autoscaling.knative.dev/min-scale']).toBe('1');
    expect(service.metadata.labels).toMatchObject({
      'function.knative.dev/name': name,
      'function.knative.dev/runtime': 'typescript',
    });
    const trigger = await client.get<KubeObject & { spec: Record<string, unknown> }>(
      TRIGGER_GVK,
      `${name}-function-trigger-0`,
      NS,
    );
    expect(trigger.spec).toMatchObject({
      broker: 'default',
      filter: { attributes: { type: 'com.example.ping' } },
    });
    expect(trigger.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Service', name, uid: service.metadata.uid }),
    ]);
    const saved = fns.readFuncYaml(root)!.func;
    expect(saved.deploy?.image).toBe(container.image);
    expect(saved.namespace).toBe(NS);

    const second = captureCli();
    const succeeding = runCli([...args, '-e', 'GREETING=hello'], second.ctx);
    await eventually(async () => {
      const s = await client.get<ServiceObject>(SERVICE_GVK, name, NS);
      if ((s.metadata.generation ?? 0) < 2) throw new Error('not updated yet');
    });
    await setStatus(name, {
      url: `http://${name}.${NS}.example.com`,
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    expect(await succeeding).toBe(0);
    expect(second.err()).toContain('the source did not change since the last build');
    expect(second.out()).toContain(`updated Service ${NS}/${name}`);
    expect(second.out()).toContain(
      `function ${name} deployed in namespace "${NS}" at http://${name}.${NS}.example.com`,
    );
    const updated = await client.get<ServiceObject>(SERVICE_GVK, name, NS);
    const env = (updated.spec as { template: { spec: { containers: Array<{ env: unknown[] }> } } }).template
      .spec.containers[0]!.env;
    expect(env).toEqual(expect.arrayContaining([{ name: 'GREETING', value: 'hello' }]));
    expect(fns.readFuncYaml(root)!.func.run?.envs).toEqual([{ name: 'GREETING', value: 'hello' }]);

    const kube = ['-n', NS, '--kubeconfig', kubeconfig];
    const described = captureCli();
    expect(await runCli(['func', 'describe', '-p', root, ...kube, '-o', 'json'], described.ctx)).toBe(0);
    expect(JSON.parse(described.out())).toMatchObject({
      name,
      namespace: NS,
      url: `http://${name}.${NS}.example.com`,
      ready: 'True',
      subscriptions: [{ source: 'default', filters: { type: 'com.example.ping' } }],
    });
    const listed = captureCli();
    expect(await runCli(['func', 'list', ...kube], listed.ctx)).toBe(0);
    expect(listed.out()).toMatch(
      new RegExp(`^${name}\\s+${NS}\\s+typescript\\s+http://${name}\\.${NS}\\.example\\.com\\s+True$`, 'm'),
    );
    const deleted = captureCli();
    expect(await runCli(['func', 'delete', name, ...kube], deleted.ctx)).toBe(0);
    expect(deleted.out()).toBe(`deleted function ${name} in namespace ${NS} and 1 Trigger(s)\n`);
    await expect(client.get(SERVICE_GVK, name, NS)).rejects.toThrow();
    await expect(client.get(TRIGGER_GVK, `${name}-function-trigger-0`, NS)).rejects.toThrow();
    const again = captureCli();
    expect(await runCli(['func', 'delete', name, ...kube], again.ctx)).toBe(1);
    expect(again.err()).toBe(`kuack: function ${name} is not deployed in namespace ${NS}\n`);
  });

  it('--remote builds with the func-builder service, which pushes to the Basic-auth registry', async () => {
    // bin/kuack.js rebuilds stale bundles, the func-builder service's among them.
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'bin/kuack.js'), '--version']);
    const port = await freePort();
    const authRegistry = env('OCI_REGISTRY_AUTH');
    const builder = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/apps/func-builder/main.js')], {
      env: {
        ...process.env,
        FUNC_BUILDER_PORT: String(port),
        FUNC_BUILDER_TOKEN: 'remote-token',
        FUNC_BUILDER_REGISTRY: `${authRegistry}/kuack-func-deploy-test`,
        FUNC_BUILDER_REGISTRY_USERNAME: env('OCI_REGISTRY_AUTH_USER'),
        FUNC_BUILDER_REGISTRY_PASSWORD: env('OCI_REGISTRY_AUTH_PASSWORD'),
        FUNC_BUILDER_BASE_IMAGE: base,
        FUNC_BUILDER_CACHE_DIR: cacheDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    builder.stdout!.on('data', (c) => (output += String(c)));
    builder.stderr!.on('data', (c) => (output += String(c)));
    try {
      await eventually(() => {
        if (!output.includes('func-builder listening'))
          throw new Error(`func-builder not listening: ${output}`);
      });
      const name = `remote-${suffix}`;
      const root = path.join(work, name);
      fns.createFunction({
        root,
        language: 'node',
        template: 'http',
        templatesRoot: fns.templatesDir(REPO_ROOT),
      });
      const builderUrl = `http://127.0.0.1:${port}`;
      const kube = ['-n', NS, '--kubeconfig', kubeconfig];
      const wrongToken = captureCli();
      expect(
        await runCli(
          [
            'func',
            'deploy',
            '-p',
            root,
            ...kube,
            '--remote',
            '--builder-url',
            builderUrl,
            '--builder-token',
            'nope',
          ],
          wrongToken.ctx,
        ),
      ).toBe(1);
      expect(wrongToken.err()).toContain(
        `kuack: the build service at ${builderUrl} answered 403: the bearer token is not valid for this build service`,
      );

      const cli = captureCli();
      const code = await runCli(
        [
          'func',
          'deploy',
          '-p',
          root,
          ...kube,
          '--remote',
          '--builder-url',
          builderUrl,
          '--builder-token',
          'remote-token',
          '--no-wait',
        ],
        cli.ctx,
      );
      expect({ code, err: code === 0 ? '' : cli.err() }).toEqual({ code: 0, err: '' });
      expect(cli.err()).toContain('function layer');
      const service = await client.get<ServiceObject>(SERVICE_GVK, name, NS);
      const image = (service.spec as { template: { spec: { containers: Array<{ image: string }> } } })
        .template.spec.containers[0]!.image;
      expect(image).toMatch(
        new RegExp(
          `^${authRegistry.replace(/\./g, '\\.')}/kuack-func-deploy-test/${name}@sha256:[a-f0-9]{64}$`,
        ),
      );
    } finally {
      builder.kill('SIGTERM');
    }
  });

  it('fails with one line when the registry password is wrong', async () => {
    const name = `badpw-${suffix}`;
    const root = path.join(work, name);
    fns.createFunction({
      root,
      language: 'node',
      template: 'http',
      templatesRoot: fns.templatesDir(REPO_ROOT),
    });
    const cli = captureCli();
    const code = await runCli(
      [
        'func',
        'build',
        '-p',
        root,
        '-r',
        `${env('OCI_REGISTRY_AUTH')}/kuack-func-deploy-test`,
        '--base-image',
        base,
        '--push',
        '--username',
        env('OCI_REGISTRY_AUTH_USER'),
        '--password',
        'wrong',
      ],
      cli.ctx,
    );
    expect(code).toBe(1);
    const lines = cli
      .err()
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('kuack:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^kuack: .*failed at registry 127\.0\.0\.1:\d+, .*HTTP 401 unauthorized/);
  });

  it('fails with one line for a symlink escaping the function folder and for a missing lockfile', async () => {
    const name = `bad-${suffix}`;
    const root = path.join(work, name);
    fns.createFunction({
      root,
      language: 'node',
      template: 'http',
      templatesRoot: fns.templatesDir(REPO_ROOT),
    });
    fs.symlinkSync('../../etc/passwd', path.join(root, 'secrets'));
    const escaping = captureCli();
    expect(await runCli(['func', 'build', '-p', root], escaping.ctx)).toBe(1);
    expect(escaping.err()).toContain(
      'kuack: symlink "secrets" points to "../../etc/passwd", outside the function folder; function symlinks must stay inside it',
    );

    fs.unlinkSync(path.join(root, 'secrets'));
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    fs.writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ ...pkg, dependencies: { ms: '2.1.3' } }),
    );
    fs.rmSync(path.join(root, 'package-lock.json'), { force: true });
    const noLock = captureCli();
    expect(await runCli(['func', 'build', '-p', root], noLock.ctx)).toBe(1);
    expect(noLock.err()).toMatch(
      /kuack: .*package\.json lists dependencies \(ms\) but there is no package-lock\.json: run `npm install`/,
    );
  });
});
