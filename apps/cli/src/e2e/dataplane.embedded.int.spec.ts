import fs from 'node:fs';
import path from 'node:path';
import type { KubeObject } from '@kuack/controller';
import { eventually, requireServices } from '@kuack/testenv';
import { storeDataplaneImage } from './dataplane-image';
import { readLogs, startPlatform, type Platform } from './platform';
import { condition, getViaGateway } from './serving-suite';

// The data plane end to end (issue #11) through `kuack up` on the embedded cluster: scale from and to zero,
// panic and the KPA decision, containerConcurrency, the three timeouts, the activator leaving and re-entering
// the path, and scale-down under load. Windows are short (config-autoscaler patched after start).

beforeAll(() => requireServices([]), 600_000);

const NS = 'e2e-dataplane';
const IMAGE = 'kuack.local/e2e-dataplane:1';
const SERVICE = { apiVersion: 'serving.knative.dev/v1', kind: 'Service' };
const PA = { apiVersion: 'autoscaling.internal.knative.dev/v1alpha1', kind: 'PodAutoscaler' };
const SKS = { apiVersion: 'networking.internal.knative.dev/v1alpha1', kind: 'ServerlessService' };
const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' };
const POD = { apiVersion: 'v1', kind: 'Pod' };
const ENDPOINTS = { apiVersion: 'v1', kind: 'Endpoints' };
const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap' };

type Obj = KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };
type Reply = Awaited<ReturnType<typeof getViaGateway>>;

function service(
  name: string,
  { annotations = {}, spec = {} }: { annotations?: Record<string, string>; spec?: Record<string, unknown> },
) {
  return {
    ...SERVICE,
    metadata: { name, namespace: NS },
    spec: {
      template: {
        metadata: { annotations },
        spec: { ...spec, containers: [{ image: IMAGE, env: [{ name: 'TARGET', value: name }] }] },
      },
    },
  };
}

// Every Service of the file, created at once so their first Pods start in parallel.
const SERVICES = [
  service('zero', {}),
  service('t-total', {
    annotations: { 'autoscaling.knative.dev/min-scale': '1' },
    spec: { timeoutSeconds: 2 },
  }),
  service('t-start', {
    annotations: { 'autoscaling.knative.dev/min-scale': '1' },
    spec: { timeoutSeconds: 30, responseStartTimeoutSeconds: 2 },
  }),
  service('t-idle', {
    annotations: { 'autoscaling.knative.dev/min-scale': '1' },
    spec: { timeoutSeconds: 30, idleTimeoutSeconds: 2 },
  }),
  service('cc1', {
    annotations: { 'autoscaling.knative.dev/min-scale': '1', 'autoscaling.knative.dev/max-scale': '2' },
    spec: { containerConcurrency: 1 },
  }),
  // target 4 at 100%: 7 clients → panic average ≈ 7 → 2 pods, with margin on both sides of the ceiling.
  service('burst', {
    annotations: {
      'autoscaling.knative.dev/min-scale': '1',
      'autoscaling.knative.dev/max-scale': '3',
      'autoscaling.knative.dev/target': '4',
      'autoscaling.knative.dev/target-utilization-percentage': '100',
    },
  }),
  // cc 10, TBC 5, one pod: idle EBC = 10 − 5 − 0 = 5 (Serve); 8 in flight → 10 − 5 − 8 < 0 (Proxy).
  service('ebc', {
    annotations: {
      'autoscaling.knative.dev/min-scale': '1',
      'autoscaling.knative.dev/max-scale': '1',
      'autoscaling.knative.dev/target-burst-capacity': '5',
    },
    spec: { containerConcurrency: 10 },
  }),
];

const host = (name: string) => `${name}.${NS}.localhost`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `clients` loops of GETs until `stop()` resolves; every reply is kept. */
function load(platform: Platform, name: string, path: string, clients: number) {
  const replies: Reply[] = [];
  const errors: string[] = [];
  let stopped = false;
  const loops = Array.from({ length: clients }, async () => {
    while (!stopped) {
      try {
        replies.push(await getViaGateway(platform.gatewayPort, host(name), path));
      } catch (err) {
        errors.push(String(err));
      }
    }
  });
  return {
    replies,
    errors,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

function statuses(replies: Reply[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of replies) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

/** The serving-controller's per-revision autoscaler gauges from its /metrics. */
async function autoscalerGauges(platform: Platform, revision: string): Promise<Record<string, number>> {
  const port = healthPort(platform);
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const gauges: Record<string, number> = {};
  const series = new RegExp(
    `^(autoscaler_[a-z_]+)\\{(?=[^}]*namespace_name="${NS}")(?=[^}]*revision_name="${revision}")[^}]*\\} (\\S+)$`,
  );
  for (const line of text.split('\n')) {
    const m = series.exec(line);
    if (m) gauges[m[1]!] = Number(m[2]);
  }
  return gauges;
}

let cachedHealthPort: number | undefined;
function healthPort(platform: Platform): number {
  if (cachedHealthPort) return cachedHealthPort;
  const dir = path.join(platform.dataDir, 'logs');
  for (const f of fs.readdirSync(dir)) {
    const m = /listening health=(\d+)/.exec(fs.readFileSync(path.join(dir, f), 'utf8'));
    if (m) return (cachedHealthPort = Number(m[1]));
  }
  throw new Error(`no "listening health=<port>" line in ${dir}`);
}

/** The tails of every container log the node agent wrote (for a failure message). */
function containerLogs(dataDir: string, lines = 15): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/^\d+\.log$/.test(e.name) && full.includes('user-container'))
        out.push(
          `--- ${path.relative(dataDir, full)}\n${fs.readFileSync(full, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')}`,
        );
    }
  };
  walk(dataDir);
  return out.join('\n');
}

describe('the data plane end to end on the embedded cluster', () => {
  let platform: Platform;
  const get = (gvk: typeof PA, name: string) => platform.client.get<Obj>(gvk, name, NS);
  const pods = async (revision: string) =>
    (
      await platform.client.list<Obj>(POD, {
        namespace: NS,
        labelSelector: `serving.knative.dev/revision=${revision}`,
      })
    ).items;
  const ready = (name: string) =>
    eventually(
      async () => {
        const svc = await get(SERVICE, name);
        if (condition(svc as never, 'Ready')?.status !== 'True')
          throw new Error(`Service ${name} not Ready: ${JSON.stringify(svc.status)}`);
      },
      { timeoutMs: 120_000 },
    );

  beforeAll(async () => {
    platform = await startPlatform();
    await storeDataplaneImage(platform.imageStore, IMAGE);
    const cm = await platform.client.get<KubeObject & { data?: Record<string, string> }>(
      CONFIG_MAP,
      'config-autoscaler',
      'knative-serving',
    );
    await platform.client.update({
      ...cm,
      // A 3 s panic window: at 10% of 6 s it would be one 1 s bucket, whose average reads 0 whenever the
      // decision falls in a second with no stat yet (Knative's bucket semantics), so panic would never show.
      data: {
        ...cm.data,
        'stable-window': '6s',
        'panic-window-percentage': '50',
        'scale-to-zero-grace-period': '6s',
      },
    });
    await platform.client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
    for (const s of SERVICES) await platform.client.create(s);
    try {
      await Promise.all(SERVICES.map((s) => ready(s.metadata.name)));
    } catch (err) {
      const list = await platform.client.list<Obj>(POD, { namespace: NS });
      const states = list.items.map(
        (p) => `${p.metadata.name}: ${JSON.stringify(p.status?.containerStatuses)}`,
      );
      process.stdout.write(
        `${states.join('\n')}\n${containerLogs(platform.dataDir)}\n${readLogs(platform.dataDir, 100)}\n`,
      );
      throw err;
    }
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  }, 60_000);

  it('an idle revision goes to zero Pods after the grace period, and the first request wakes it with a 200', async () => {
    await eventually(
      async () => {
        const left = await pods('zero-00001');
        if (left.length > 0) throw new Error(`${left.length} Pods left`);
      },
      { timeoutMs: 90_000 },
    );
    const pa = await get(PA, 'zero-00001');
    expect(pa.status?.desiredScale).toBe(0);
    expect((await get(SKS, 'zero-00001')).spec?.mode).toBe('Proxy');
    const res = await getViaGateway(platform.gatewayPort, host('zero'));
    expect(res.status).toBe(200);
    expect(res.body).toBe('zero from zero-00001');
    expect((await pods('zero-00001')).length).toBeGreaterThanOrEqual(1);
  }, 150_000);

  it('504 on each timeout; a request within its limits answers 200', async () => {
    const [total, start, idle] = await Promise.all([
      getViaGateway(platform.gatewayPort, host('t-total'), '/sleep?ms=6000'),
      getViaGateway(platform.gatewayPort, host('t-start'), '/sleep?ms=6000'),
      getViaGateway(platform.gatewayPort, host('t-idle'), '/sleep?ms=6000'),
    ]);
    expect([total.status, start.status, idle.status]).toEqual([504, 504, 504]);
    const [quick, firstByteAtOnce, dripping] = await Promise.all([
      getViaGateway(platform.gatewayPort, host('t-total'), '/sleep?ms=200'),
      // Past responseStartTimeoutSeconds, but the first byte came at once.
      getViaGateway(platform.gatewayPort, host('t-start'), '/stream?ms=4000'),
      // Longer than idleTimeoutSeconds in all, never idle that long.
      getViaGateway(platform.gatewayPort, host('t-idle'), '/drip?n=8&ms=500'),
    ]);
    expect([quick.status, quick.body]).toEqual([200, 't-total from t-total-00001']);
    expect([firstByteAtOnce.status, firstByteAtOnce.body]).toEqual([200, 'first;last']);
    expect([dripping.status, dripping.body]).toEqual([200, '........done']);
  }, 60_000);

  it('containerConcurrency=1 under 5 concurrent clients never overlaps', async () => {
    const replies = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const mine: Reply[] = [];
        for (let i = 0; i < 20; i++)
          mine.push(await getViaGateway(platform.gatewayPort, host('cc1'), '/overlap?ms=100'));
        return mine;
      }),
    );
    const all = replies.flat();
    expect(statuses(all)).toEqual({ 200: 100 });
    expect(new Set(all.map((r) => r.body))).toEqual(new Set(['1']));
  }, 120_000);

  it('a burst enters panic and scales up as the KPA decides; panic is left; scale down under load drops nothing', async () => {
    const { autoscalerConfig } = await import('@kuack/controller');
    const { autoscalerSpecFor, KpaAutoscaler } = await import('@kuack/autoscaler');
    const revision = 'burst-00001';
    const cm = await platform.client.get<KubeObject & { data?: Record<string, string> }>(
      CONFIG_MAP,
      'config-autoscaler',
      'knative-serving',
    );
    const config = autoscalerConfig.parse(cm.data ?? {});
    const burst = load(platform, 'burst', '/sleep?ms=500', 7);
    const steady = load(platform, 'burst', '/sleep?ms=500', 1);
    const panicSeen: number[] = [];
    const watchPanic = async (until: () => boolean) => {
      while (!until()) {
        const g = await autoscalerGauges(platform, revision).catch(() => ({}) as Record<string, number>);
        if (g.autoscaler_panic_mode !== undefined) panicSeen.push(g.autoscaler_panic_mode);
        await sleep(250);
      }
    };
    let phase = 'burst';
    const watcher = watchPanic(() => phase === 'done');
    try {
      // Scaled up by the burst.
      await eventually(
        async () => {
          const d = await get(DEPLOYMENT, `${revision}-deployment`);
          if (((d.spec?.replicas as number) ?? 0) < 2)
            throw new Error(`replicas ${String(d.spec?.replicas)}`);
        },
        { timeoutMs: 60_000 },
      );
      // Under the steady burst, once settled: the PA's desired scale is libs/autoscaler's decision for the
      // averages the serving-controller reports (read in one /metrics snapshot).
      const decision = await eventually(
        async () => {
          const pa = await get(PA, revision);
          const g = await autoscalerGauges(platform, revision);
          const stable = g.autoscaler_stable_request_concurrency;
          const panic = g.autoscaler_panic_request_concurrency;
          if (stable === undefined || panic === undefined) throw new Error(`no gauges: ${JSON.stringify(g)}`);
          const spec = autoscalerSpecFor(pa as never, config);
          const readyPods = Number(pa.status?.actualScale ?? 0);
          const kpa = new KpaAutoscaler({
            key: `${NS}/${revision}`,
            spec,
            metrics: { stableAndPanic: () => undefined },
            readyPods: 1,
            nowMs: 0,
          });
          const want = kpa.decide(Date.now(), readyPods, stable, panic).desiredPodCount;
          const observed = {
            gauge: g.autoscaler_desired_pods,
            pa: pa.status?.desiredScale,
            panicMode: g.autoscaler_panic_mode,
          };
          if (observed.panicMode !== 0 || observed.gauge !== want || observed.pa !== want)
            throw new Error(
              `decision ${want} for ${JSON.stringify({ stable, panic, readyPods })}, observed ${JSON.stringify(observed)}`,
            );
          return want;
        },
        { timeoutMs: 60_000 },
      );
      expect(decision).toBe(2);
      // Down to one client: the KPA scales back to one Pod while requests keep flowing.
      phase = 'steady';
      await burst.stop();
      await eventually(
        async () => {
          const d = await get(DEPLOYMENT, `${revision}-deployment`);
          if (d.spec?.replicas !== 1) throw new Error(`replicas ${String(d.spec?.replicas)}`);
          const running = (await pods(revision)).filter((p) => !p.metadata.deletionTimestamp);
          if (running.length !== 1) throw new Error(`${running.length} Pods`);
        },
        { timeoutMs: 90_000 },
      );
      await sleep(3000); // requests keep flowing while the removed Pod drains
    } finally {
      phase = 'done';
      await burst.stop();
      await steady.stop();
      await watcher;
    }
    expect(panicSeen).toContain(1);
    expect(panicSeen.slice(panicSeen.indexOf(1))).toContain(0);
    expect(burst.errors).toEqual([]);
    expect(steady.errors).toEqual([]);
    expect(Object.keys(statuses([...burst.replies, ...steady.replies]))).toEqual(['200']);
    expect(steady.replies.length).toBeGreaterThan(0);
  }, 240_000);

  it('the activator leaves the path when the excess burst capacity is ≥ 0 and returns when it drops', async () => {
    const revision = 'ebc-00001';
    const activatorAddresses = async () => {
      const ep = await platform.client.get<
        KubeObject & { subsets?: { addresses?: { ip: string }[]; ports?: { port: number }[] }[] }
      >(ENDPOINTS, 'activator-service', 'knative-serving');
      return (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
    };
    const publicAddresses = async () => {
      const ep = await platform.client.get<KubeObject & { subsets?: { addresses?: { ip: string }[] }[] }>(
        ENDPOINTS,
        revision,
        NS,
      );
      return (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip));
    };
    const mode = async () => (await get(SKS, revision)).spec?.mode;
    const viaActivator = async () => {
      const r = await getViaGateway(platform.gatewayPort, host('ebc'), '/headers');
      expect(r.status).toBe(200);
      return (JSON.parse(r.body) as Record<string, string>)['k-proxy-request'] === 'activator';
    };
    const activator = await activatorAddresses();
    expect(activator.length).toBeGreaterThan(0);
    const servedDirectly = async () =>
      eventually(
        async () => {
          if ((await mode()) !== 'Serve') throw new Error(`mode ${String(await mode())}`);
          const addresses = await publicAddresses();
          if (addresses.length === 0 || addresses.some((a) => activator.includes(a)))
            throw new Error(`public endpoints ${addresses.join(',')}`);
          if (await viaActivator()) throw new Error('still through the activator');
        },
        { timeoutMs: 60_000 },
      );
    await servedDirectly();

    const busy = load(platform, 'ebc', '/sleep?ms=500', 8);
    try {
      await eventually(
        async () => {
          const m = await mode();
          if (m !== 'Proxy')
            throw new Error(
              `mode ${String(m)}, gauges ${JSON.stringify(await autoscalerGauges(platform, revision))}`,
            );
          if (!(await viaActivator())) throw new Error('not through the activator');
        },
        { timeoutMs: 60_000 },
      );
      expect(await publicAddresses()).toEqual(expect.arrayContaining(activator));
    } finally {
      await busy.stop();
    }
    await servedDirectly();
    expect(busy.errors).toEqual([]);
    expect(Object.keys(statuses(busy.replies))).toEqual(['200']);
  }, 180_000);
});
