import http from 'node:http';
import type { KubeObject } from '@kuack/controller';
import { eventually } from '@kuack/testenv';
import { storeHelloImage } from './hello-image';
import type { Platform } from './platform';

// Knative Serving end to end through `kuack up`: readiness comes only from the real node agent, queue-proxy and
// gateway; this test never writes a Pod, Endpoints or KIngress status.

const SERVICE = { apiVersion: 'serving.knative.dev/v1', kind: 'Service' };
const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' };
const HELLO = 'kuack.local/e2e-hello:1';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
type Knative = KubeObject & {
  spec?: Record<string, unknown>;
  status?: {
    conditions?: Condition[];
    url?: string;
    latestReadyRevisionName?: string;
    latestCreatedRevisionName?: string;
    traffic?: { revisionName?: string; percent?: number; tag?: string; url?: string }[];
  };
};

export function condition(obj: Knative | undefined, type: string): Condition | undefined {
  return obj?.status?.conditions?.find((c) => c.type === type);
}

export function getViaGateway(
  port: number,
  host: string,
  path = '/',
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, headers: { host }, agent: false, timeout: 30_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`GET ${host}${path}: no answer in 30 s`)));
    req.end();
  });
}

function service(name: string, namespace: string, template: Record<string, unknown>, traffic?: unknown[]) {
  return {
    ...SERVICE,
    metadata: { name, namespace },
    spec: { template, ...(traffic ? { traffic } : {}) },
  };
}

function helloTemplate(target: string) {
  return { spec: { containers: [{ image: HELLO, env: [{ name: 'TARGET', value: target }] }] } };
}

export function servingSuite(label: string, start: () => Promise<Platform>, namespace: string): void {
  describe(`Knative Serving end to end on ${label}`, () => {
    let platform: Platform;
    const get = (name: string) => platform.client.get<Knative>(SERVICE, name, namespace);
    const ready = async (name: string, timeoutMs = 90_000) =>
      eventually(
        async () => {
          const svc = await get(name);
          const c = condition(svc, 'Ready');
          if (
            c?.status !== 'True' ||
            svc.metadata.generation !== (svc.status as { observedGeneration?: number })?.observedGeneration
          )
            throw new Error(`Service ${name} not Ready: ${JSON.stringify(svc.status)}`);
          return svc;
        },
        { timeoutMs },
      );

    beforeAll(async () => {
      platform = await start();
      await storeHelloImage(platform.imageStore, HELLO);
      await platform.client.create({ ...NAMESPACE, metadata: { name: namespace } }).catch(() => undefined);
    }, 180_000);

    afterAll(async () => {
      if (!platform) return;
      // On a shared API server: the node agent is gone, so its Pods and Node are removed by force, else the
      // namespace would stay Terminating.
      const pods = await platform.client
        .list({ apiVersion: 'v1', kind: 'Pod' }, { namespace })
        .catch(() => ({ items: [] as KubeObject[] }));
      for (const pod of pods.items)
        await platform.client
          .delete({ apiVersion: 'v1', kind: 'Pod' }, pod.metadata.name!, namespace, { gracePeriodSeconds: 0 })
          .catch(() => undefined);
      if (platform.nodeName)
        await platform.client
          .delete({ apiVersion: 'v1', kind: 'Node' }, platform.nodeName)
          .catch(() => undefined);
      await platform.client.delete(NAMESPACE, namespace).catch(() => undefined);
    }, 60_000);

    it('a Service becomes Ready with its URL and answers through the gateway', async () => {
      await platform.client.create(service('hello', namespace, helloTemplate('hello')));
      const svc = await ready('hello');
      const host = `hello.${namespace}.localhost`;
      expect(svc.status?.url).toBe(`http://${host}:${platform.gatewayPort}`);
      expect(svc.status?.latestReadyRevisionName).toBe('hello-00001');
      const res = await getViaGateway(platform.gatewayPort, host);
      expect(res.status).toBe(200);
      expect(res.body).toBe('hello from hello-00001');
    }, 120_000);

    it('an update makes a second Revision and traffic moves once it is Ready', async () => {
      const current = await get('hello');
      await platform.client.update({ ...current, spec: { template: helloTemplate('again') } });
      const svc = await eventually(
        async () => {
          const s = await ready('hello');
          if (s.status?.latestReadyRevisionName !== 'hello-00002') throw new Error('still on hello-00001');
          return s;
        },
        { timeoutMs: 90_000 },
      );
      expect(svc.status?.traffic).toEqual([
        expect.objectContaining({ revisionName: 'hello-00002', percent: 100, latestRevision: true }),
      ]);
      const res = await eventually(async () => {
        const r = await getViaGateway(platform.gatewayPort, `hello.${namespace}.localhost`);
        if (r.body !== 'again from hello-00002') throw new Error(`answered ${r.status} ${r.body}`);
        return r;
      });
      expect(res.status).toBe(200);
    }, 120_000);

    it('a 50/50 split with tags: both revisions answer, each tag host only its own', async () => {
      const current = await get('hello');
      await platform.client.update({
        ...current,
        spec: {
          template: helloTemplate('again'),
          traffic: [
            { revisionName: 'hello-00001', percent: 50, tag: 'one' },
            { revisionName: 'hello-00002', percent: 50, tag: 'two' },
          ],
        },
      });
      const svc = await ready('hello');
      const oneHost = `one-hello.${namespace}.localhost`;
      expect(svc.status?.traffic).toEqual([
        expect.objectContaining({ tag: 'one', url: `http://${oneHost}:${platform.gatewayPort}` }),
        expect.objectContaining({ tag: 'two' }),
      ]);
      const counts: Record<string, number> = {};
      await eventually(async () => {
        const r = await getViaGateway(platform.gatewayPort, oneHost);
        if (r.status !== 200) throw new Error(`tag host answered ${r.status}`);
      });
      for (let i = 0; i < 200; i++) {
        const r = await getViaGateway(platform.gatewayPort, `hello.${namespace}.localhost`);
        counts[r.body] = (counts[r.body] ?? 0) + 1;
      }
      expect(counts['hello from hello-00001']).toBeGreaterThanOrEqual(50);
      expect(counts['again from hello-00002']).toBeGreaterThanOrEqual(50);
      expect(counts['hello from hello-00001'] + counts['again from hello-00002']).toBe(200);
      for (let i = 0; i < 20; i++) {
        expect((await getViaGateway(platform.gatewayPort, oneHost)).body).toBe('hello from hello-00001');
        expect((await getViaGateway(platform.gatewayPort, `two-hello.${namespace}.localhost`)).body).toBe(
          'again from hello-00002',
        );
      }
    }, 180_000);

    it('a bad image makes the Service Ready=False with the reason', async () => {
      await platform.client.create(
        service('broken', namespace, {
          spec: { containers: [{ image: 'kuack.local/e2e-missing:1' }] },
        }),
      );
      const svc = await eventually(
        async () => {
          const s = await get('broken');
          const c = condition(s, 'Ready');
          if (c?.status !== 'False') throw new Error(`Ready is ${JSON.stringify(c)}`);
          return s;
        },
        { timeoutMs: 90_000 },
      );
      // As Knative: Ready takes the reason of the condition that failed last (the Route: no ready Revision, or
      // the Configuration: its Revision failed); ConfigurationsReady carries the cause.
      expect(['RevisionMissing', 'RevisionFailed']).toContain(condition(svc, 'Ready')?.reason);
      expect(condition(svc, 'Ready')?.message).toMatch(/broken/);
      const configurations = await eventually(async () => {
        const c = condition(await get('broken'), 'ConfigurationsReady');
        if (c?.status !== 'False') throw new Error(`ConfigurationsReady is ${JSON.stringify(c)}`);
        return c;
      });
      expect(configurations.reason).toBe('RevisionFailed');
      expect(configurations.message).toMatch(
        /^Revision "broken-00001" failed with message: .*kuack\.local\/e2e-missing:1/,
      );
    }, 120_000);

    it('deleting the Service removes every child', async () => {
      await platform.client.delete(SERVICE, 'hello', namespace);
      const kinds = [
        { apiVersion: 'serving.knative.dev/v1', kind: 'Configuration' },
        { apiVersion: 'serving.knative.dev/v1', kind: 'Route' },
        { apiVersion: 'serving.knative.dev/v1', kind: 'Revision' },
        { apiVersion: 'apps/v1', kind: 'Deployment' },
        { apiVersion: 'autoscaling.internal.knative.dev/v1alpha1', kind: 'PodAutoscaler' },
        { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'Ingress' },
        { apiVersion: 'v1', kind: 'Pod' },
      ];
      await eventually(
        async () => {
          for (const gvk of kinds) {
            const list = await platform.client.list(gvk, {
              namespace,
              labelSelector:
                gvk.kind === 'Ingress'
                  ? 'serving.knative.dev/route=hello'
                  : 'serving.knative.dev/service=hello',
            });
            if (list.items.length > 0)
              throw new Error(`${gvk.kind} left: ${list.items.map((i) => i.metadata.name).join(', ')}`);
          }
        },
        { timeoutMs: 90_000 },
      );
    }, 120_000);

    it('stops on Ctrl-C and leaves no process behind, Pods included', async () => {
      await platform.client.create(service('last', namespace, helloTemplate('last')));
      await ready('last');
      expect(await platform.stop()).toEqual([]);
    }, 120_000);
  });
}
