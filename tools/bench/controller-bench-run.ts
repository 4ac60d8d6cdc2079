// One run of controller-bench.mjs, bundled by esbuild: N Widgets exist before the controller starts (cold
// start); measure until every Widget has its ConfigMap child and an up-to-date status, counting the API
// requests the controller's own client made.
import { ControllerManager, connect } from '@kuack/controller';
import {
  CONFIGMAP,
  WIDGET,
  type Widget,
  createNamespace,
  installWidgetCrd,
  logger,
  widget,
  widgetController,
} from '../../libs/controller/src/int/widget-fixture';

export interface RunResult {
  objects: number;
  workers: number;
  /** Baseline: the test's writer creating the N Widgets, 25 requests in flight (what the API server sustains). */
  seedSeconds: number;
  syncSeconds: number;
  convergeSeconds: number;
  requests: Record<string, number>;
  totalRequests: number;
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

export async function run(
  kubeconfigPath: string,
  namespace: string,
  objects: number,
  workers: number,
): Promise<RunResult> {
  const writer = connect({ kubeconfigPath });
  await installWidgetCrd(writer);
  await createNamespace(writer, namespace);
  const names = Array.from({ length: objects }, (_, i) => `w-${String(i).padStart(5, '0')}`);
  const seedStarted = process.hrtime.bigint();
  await inBatches(names, 25, (name) => writer.create(widget(namespace, name, `hello ${name}`)));
  const seedSeconds = Number(process.hrtime.bigint() - seedStarted) / 1e9;

  const client = connect({ kubeconfigPath });
  // Discovery of the CRD's group is part of a cold start: do not pre-warm it.
  const wc = widgetController(client, namespace, 'bench');
  (wc.controller.options as { workers?: number }).workers = workers;
  const manager = new ControllerManager({ factory: wc.factory, controllers: [wc.controller], logger });
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  await manager.start();
  const syncSeconds = seconds();
  const widgets = wc.factory.informerFor<Widget>(WIDGET, { namespace });
  const children = wc.factory.informerFor(CONFIGMAP, { namespace });
  const converged = () =>
    widgets
      .list()
      .filter(
        (w) =>
          w.status?.message === w.spec?.message && w.status?.observedGeneration === w.metadata.generation,
      ).length === objects && children.bySelector({ app: 'widget' }).length === objects;
  while (!converged()) await new Promise((r) => setTimeout(r, 20));
  const convergeSeconds = seconds();
  await wc.recorder.flush();
  const requests = client.stats.snapshot();
  const totalRequests = client.stats.total();

  // Clean up with the controller still running: it removes the finalizers so the namespace can go.
  await writer.delete({ apiVersion: 'v1', kind: 'Namespace' }, namespace);
  for (let i = 0; i < 600; i++) {
    const left = await writer.get({ apiVersion: 'v1', kind: 'Namespace' }, namespace).then(
      () => true,
      () => false,
    );
    if (!left) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await manager.stop();
  return { objects, workers, seedSeconds, syncSeconds, convergeSeconds, requests, totalRequests };
}
