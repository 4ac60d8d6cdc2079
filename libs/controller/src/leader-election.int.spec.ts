import { eventually, requireServices } from '@kuack/testenv';
import { connect } from './connect';
import { ControllerManager } from './manager';
import {
  type Widget,
  createNamespace,
  deleteNamespace,
  installWidgetCrd,
  logger,
  widget,
  widgetController,
} from './int/widget-fixture';

jest.setTimeout(120_000);

const NS = `leader-int-${process.pid}`;
const LEASE = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 };
let client: ReturnType<typeof connect>;

beforeAll(async () => {
  const env = await requireServices(['kube']);
  client = connect({ kubeconfigPath: env.kube.kubeconfigPath });
  await installWidgetCrd(client);
  await createNamespace(client, NS);
}, 600_000);

afterAll(async () => {
  if (client) await deleteNamespace(client, NS);
});

function replica(identity: string) {
  const wc = widgetController(client, NS, `widget-${identity}`);
  const manager = new ControllerManager({
    factory: wc.factory,
    controllers: [wc.controller],
    logger,
    leaderElection: { name: 'widget-controller', namespace: NS, identity, ...LEASE },
  });
  return { ...wc, manager, identity };
}

describe('leader election on a coordination.k8s.io/v1 Lease', () => {
  it('one leader reconciles; when it dies the follower takes over within the lease duration; a graceful stop hands over at once', async () => {
    const a = replica('a');
    const b = replica('b');
    await a.manager.start();
    await eventually(() => expect(a.manager.isLeader()).toBe(true));
    await b.manager.start();
    const replicas = [a, b];
    const cleanup: (() => Promise<void>)[] = [() => b.manager.stop()];
    try {
      await client.create(widget(NS, 'one', 'hello'));
      await eventually(async () =>
        expect(
          (await client.get<Widget>({ apiVersion: 'ctrltest.kuack.dev/v1', kind: 'Widget' }, 'one', NS))
            .status?.message,
        ).toBe('hello'),
      );
      expect(replicas.filter((r) => r.manager.isLeader()).map((r) => r.identity)).toEqual(['a']);
      expect(a.reconciled).toContain(`${NS}/one`);
      expect(b.reconciled).toEqual([]);

      // The leader dies: it stops renewing and does not release.
      const died = Date.now();
      await a.manager.stop({ release: false });
      await eventually(() => expect(b.manager.isLeader()).toBe(true), {
        timeoutMs: LEASE.leaseDurationMs + 2 * LEASE.retryPeriodMs,
        intervalMs: 50,
      });
      const failoverMs = Date.now() - died;
      logger.info({ failoverMs }, 'failover');
      expect(failoverMs).toBeGreaterThanOrEqual(LEASE.leaseDurationMs - LEASE.retryPeriodMs);
      await client.create(widget(NS, 'two', 'again'));
      await eventually(() => expect(b.reconciled).toContain(`${NS}/two`));
      expect(a.reconciled).not.toContain(`${NS}/two`);
      const lease = await client.get<{
        metadata: object;
        spec: { holderIdentity: string; leaseTransitions: number };
      }>({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' }, 'widget-controller', NS);
      expect(lease.spec.holderIdentity).toBe('b');
      expect(lease.spec.leaseTransitions).toBe(1);

      // A graceful stop releases the lease: a new replica leads long before the lease would have expired.
      const c = replica('c');
      cleanup.push(() => c.manager.stop());
      await c.manager.start();
      await new Promise((r) => setTimeout(r, LEASE.retryPeriodMs * 2));
      expect(c.manager.isLeader()).toBe(false);
      await b.manager.stop();
      await eventually(() => expect(c.manager.isLeader()).toBe(true), {
        timeoutMs: LEASE.leaseDurationMs - LEASE.retryPeriodMs,
        intervalMs: 50,
      });
    } finally {
      for (const stop of cleanup) await stop();
    }
  });
});
