import { eventually, requireServices } from '@kuack/testenv';
import { connect } from './connect';
import { isNotFound } from './errors';
import { KubeEventRecorder } from './events';
import type { KubeObject } from './objects';
import { ControllerManager } from './manager';
import {
  CONFIGMAP,
  type ConfigMap,
  FINALIZER,
  WIDGET,
  type Widget,
  createNamespace,
  deleteNamespace,
  installWidgetCrd,
  logger,
  widget,
  widgetConfig,
  widgetController,
} from './int/widget-fixture';

jest.setTimeout(120_000);

const NS = `ctrl-int-${process.pid}`;
let client: ReturnType<typeof connect>;

beforeAll(async () => {
  const env = await requireServices(['kube']);
  client = connect({ kubeconfigPath: env.kube.kubeconfigPath, fieldManager: 'kuack-int-test' });
  await installWidgetCrd(client);
  await createNamespace(client, NS);
}, 600_000);

afterAll(async () => {
  if (client) await deleteNamespace(client, NS);
});

describe('a controller against the real kube-apiserver', () => {
  const wc = () => widgetController(client, NS);
  let running: ReturnType<typeof wc>;
  let manager: ControllerManager;

  beforeAll(async () => {
    running = wc();
    manager = new ControllerManager({ factory: running.factory, controllers: [running.controller], logger });
    await manager.start();
  });
  afterAll(async () => manager?.stop());

  it('create → the child appears with a controller owner reference, status and a finalizer', async () => {
    const created = await client.create(widget(NS, 'w1', 'hello'));
    const child = await eventually(() => client.get<ConfigMap>(CONFIGMAP, 'w1-child', NS));
    expect(child.data).toEqual({ message: 'hello' });
    expect(child.metadata.ownerReferences).toEqual([
      {
        apiVersion: WIDGET.apiVersion,
        kind: 'Widget',
        name: 'w1',
        uid: created.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const w = await eventually(async () => {
      const got = await client.get<Widget>(WIDGET, 'w1', NS);
      expect(got.status).toEqual({ message: 'hello', observedGeneration: 1 });
      return got;
    });
    expect(w.metadata.finalizers).toEqual([FINALIZER]);
    await running.recorder.flush();
    const events = await client.list<ConfigMap & { reason?: string; involvedObject?: { name?: string } }>(
      { apiVersion: 'v1', kind: 'Event' },
      { namespace: NS },
    );
    expect(
      events.items
        .filter((e) => e.involvedObject?.name === 'w1')
        .map((e) => e.reason)
        .sort(),
    ).toEqual(['Created', 'FinalizerUpdate']);
  });

  it('records a repeated Event once, with a count', async () => {
    const w = await client.get<Widget>(WIDGET, 'w1', NS);
    const recorder = new KubeEventRecorder(client, 'dedupe-test', logger);
    recorder.event(w, 'Warning', 'Repeated', 'same message');
    recorder.event(w, 'Warning', 'Repeated', 'same message');
    recorder.event(w, 'Warning', 'Repeated', 'same message');
    await recorder.flush();
    const events = await client.list<KubeObject & { reason?: string; count?: number }>(
      { apiVersion: 'v1', kind: 'Event' },
      { namespace: NS },
    );
    expect(events.items.filter((e) => e.reason === 'Repeated').map((e) => e.count)).toEqual([3]);
  });

  it('change → the child is patched exactly once, then nothing more is written', async () => {
    await eventually(() =>
      client.get<Widget>(WIDGET, 'w1', NS).then((w) => expect(w.status?.message).toBe('hello')),
    );
    const before = client.stats.snapshot()['patch configmaps'] ?? 0;
    const w = await client.get<Widget>(WIDGET, 'w1', NS);
    await client.update({ ...w, spec: { message: 'changed' } });
    await eventually(async () => {
      const got = await client.get<Widget>(WIDGET, 'w1', NS);
      expect(got.status).toEqual({ message: 'changed', observedGeneration: 2 });
    });
    expect((await client.get<ConfigMap>(CONFIGMAP, 'w1-child', NS)).data).toEqual({ message: 'changed' });
    // Reconcile once more (the status write and the child's own update enqueue it) and prove it writes nothing.
    running.controller.enqueueKey(`${NS}/w1`);
    await eventually(() =>
      expect(running.controller.queue.length + running.controller.queue.inFlight).toBe(0),
    );
    expect((client.stats.snapshot()['patch configmaps'] ?? 0) - before).toBe(1);
  });

  it('a conflicting writer changes the child → the reconciler restores it', async () => {
    const child = await client.get<ConfigMap>(CONFIGMAP, 'w1-child', NS);
    await client.update({ ...child, data: { message: 'vandalized', extra: 'x' } });
    await eventually(async () =>
      expect((await client.get<ConfigMap>(CONFIGMAP, 'w1-child', NS)).data).toEqual({ message: 'changed' }),
    );
    // A writer racing the status update: spec changes between the cache read and the status write.
    for (let i = 0; i < 5; i++) await client.patch(WIDGET, 'w1', NS, { spec: { message: `race-${i}` } });
    await eventually(async () => {
      const w = await client.get<Widget>(WIDGET, 'w1', NS);
      expect(w.status?.message).toBe('race-4');
      expect(w.status?.observedGeneration).toBe(w.metadata.generation);
      expect((await client.get<ConfigMap>(CONFIGMAP, 'w1-child', NS)).data).toEqual({ message: 'race-4' });
    });
  });

  it('a config change resyncs every Widget; a bad value is refused and the last good config stays', async () => {
    await client.create(widget(NS, 'w3', 'three'));
    await eventually(async () =>
      expect((await client.get<ConfigMap>(CONFIGMAP, 'w3-child', NS)).data).toEqual({ message: 'three' }),
    );
    await client.create({
      ...CONFIGMAP,
      metadata: { name: 'config-widget', namespace: NS },
      data: { suffix: '!' },
    });
    await eventually(async () => {
      expect((await client.get<ConfigMap>(CONFIGMAP, 'w3-child', NS)).data).toEqual({ message: 'three!' });
      expect((await client.get<ConfigMap>(CONFIGMAP, 'w1-child', NS)).data).toEqual({ message: 'race-4!' });
    });
    await client.patch(CONFIGMAP, 'config-widget', NS, { data: { suffix: 'far-too-long-suffix' } });
    await eventually(() =>
      expect(running.config.lastError('config-widget')?.message).toBe(
        'ConfigMap config-widget, key "suffix": at most 10 characters, got 19',
      ),
    );
    expect(running.config.get(widgetConfig)).toEqual({ suffix: '!' });
    running.controller.enqueueKey(`${NS}/w3`);
    await eventually(() =>
      expect(running.controller.queue.length + running.controller.queue.inFlight).toBe(0),
    );
    expect((await client.get<ConfigMap>(CONFIGMAP, 'w3-child', NS)).data).toEqual({ message: 'three!' });
    await client.delete(CONFIGMAP, 'config-widget', NS);
    await eventually(async () =>
      expect((await client.get<ConfigMap>(CONFIGMAP, 'w3-child', NS)).data).toEqual({ message: 'three' }),
    );
  });

  it('delete → finalizeKind runs, the finalizer goes, the child is garbage-collected', async () => {
    await client.create(widget(NS, 'w2', 'bye'));
    await eventually(() => client.get(CONFIGMAP, 'w2-child', NS));
    await eventually(async () =>
      expect((await client.get<Widget>(WIDGET, 'w2', NS)).metadata.finalizers).toEqual([FINALIZER]),
    );
    await client.delete(WIDGET, 'w2', NS);
    const presence = (gvk: typeof WIDGET, name: string) =>
      client.get(gvk, name, NS).then(
        () => 'present',
        (e) => (isNotFound(e) ? 'gone' : String(e)),
      );
    await eventually(async () => expect(await presence(WIDGET, 'w2')).toBe('gone'));
    expect(running.finalized).toEqual([`${NS}/w2`]);
    await eventually(async () => expect(await presence(CONFIGMAP, 'w2-child')).toBe('gone'), {
      timeoutMs: 60_000,
    });
  });
});
