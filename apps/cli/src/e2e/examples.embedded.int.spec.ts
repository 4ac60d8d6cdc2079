import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { KubeObject } from '@kuack/controller';
import { eventually, requireServices } from '@kuack/testenv';
import { REPO_ROOT, readLogs, startPlatform, type Platform } from './platform';
import { condition, getViaGateway } from './serving-suite';

// What a newcomer gets from `npm start`: examples/hello deployed and answering, and the Knative Service manifests
// of examples/manifests applying unchanged: Ready when local mode can run their image, else saying why.
const SERVICE = { apiVersion: 'serving.knative.dev/v1', kind: 'Service' };

function exampleServices(): KubeObject[] {
  const dir = path.join(REPO_ROOT, 'examples/manifests');
  return (
    fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('serving-') && f.endsWith('.yaml'))
      .flatMap((f) => YAML.parseAllDocuments(fs.readFileSync(path.join(dir, f), 'utf8')))
      .map((d) => d.toJSON() as KubeObject)
      .filter((o) => o?.apiVersion === SERVICE.apiVersion && o.kind === 'Service')
      // Their own namespaces, so examples/manifests' `default/hello` does not meet examples/hello's.
      .map((o) => ({
        ...o,
        metadata: { ...o.metadata, namespace: `manifests-${o.metadata.namespace ?? 'default'}` },
      }))
  );
}

function configMapsMountedBy(svc: KubeObject): string[] {
  const volumes =
    (svc.spec as { template?: { spec?: { volumes?: { configMap?: { name: string } }[] } } })?.template?.spec
      ?.volumes ?? [];
  return volumes.flatMap((v) => (v.configMap ? [v.configMap.name] : []));
}

describe('examples on the local platform', () => {
  let platform: Platform;

  beforeAll(async () => {
    await requireServices([]);
    platform = await startPlatform(undefined, { examples: true });
  }, 180_000);

  afterAll(async () => {
    expect(await platform?.stop()).toEqual([]);
  }, 60_000);

  it('kuack up deploys examples/hello and prints its URL, which answers', async () => {
    const url = `http://hello.default.localhost:${platform.gatewayPort}`;
    expect(platform.output()).toContain(`example: hello (examples/hello): ${url}`);
    const res = await eventually(
      async () => {
        const r = await getViaGateway(platform.gatewayPort, 'hello.default.localhost');
        if (r.status !== 200)
          throw new Error(`answered ${r.status} ${r.body}\n${readLogs(platform.dataDir, 5)}`);
        return r;
      },
      { timeoutMs: 90_000 },
    );
    expect(res.body).toBe('Hello Kuack! (revision hello-00001)\n');
  }, 120_000);

  it("examples/manifests' Services apply unchanged and each is Ready or says why not", async () => {
    const services = exampleServices();
    expect(services.length).toBeGreaterThan(0);
    const namespaces = new Set(services.map((s) => s.metadata.namespace!));
    for (const ns of namespaces)
      await platform.client
        .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } })
        .catch(() => undefined);
    // The ConfigMaps the manifests mount are the reader's to provide (the files hold only Knative kinds).
    for (const svc of services)
      for (const name of configMapsMountedBy(svc))
        await platform.client.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace: svc.metadata.namespace },
          data: { example: 'true' },
        });
    for (const svc of services) await platform.client.create(svc);
    for (const svc of services) {
      const ns = svc.metadata.namespace!;
      const settled = await eventually(
        async () => {
          const s = await platform.client.get<KubeObject & { status?: { conditions?: [] } }>(
            SERVICE,
            svc.metadata.name!,
            ns,
          );
          const ready = condition(s as never, 'Ready');
          if (ready?.status === 'Unknown' || !ready)
            throw new Error(`${ns}/${svc.metadata.name}: ${JSON.stringify(ready)}`);
          return s;
        },
        { timeoutMs: 120_000 },
      );
      const ready = condition(settled as never, 'Ready')!;
      if (ready.status === 'False') {
        // Their images live on public registries this machine cannot reach: the reason must say so.
        const configs = condition(settled as never, 'ConfigurationsReady');
        expect(ready.reason).toBeTruthy();
        expect(configs?.message ?? ready.message).toMatch(/image|pull/i);
      }
    }
  }, 300_000);
});
