// A sample CRD and reconciler for the integration tests: a Widget whose reconciler keeps a ConfigMap child
// carrying spec.message, mirrors it into status and has a finalizer.
import { pino } from 'pino';
import type { KubeClient } from '../client';
import { createOrUpdate } from '../children';
import { Controller } from '../controller';
import { enqueueControllerOf, enqueueHandler } from '../enqueue';
import { isAlreadyExists, isNotFound } from '../errors';
import { KubeEventRecorder } from '../events';
import { InformerFactory } from '../informer-factory';
import type { KubeObject } from '../objects';
import { type Reconciler, wrapReconciler } from '../reconciler';
import { ConfigReader, type ConfigParser } from '../config/parse';
import { ConfigStore } from '../config/store';
import { globalResyncOnConfigChange } from '../enqueue';

export const GROUP = 'ctrltest.kuack.dev';
export const WIDGET = { apiVersion: `${GROUP}/v1`, kind: 'Widget' };
export const CONFIGMAP = { apiVersion: 'v1', kind: 'ConfigMap' };
export const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' };
export const FINALIZER = `widgets.${GROUP}`;

export type Widget = KubeObject & {
  spec?: { message?: string };
  status?: { message?: string; observedGeneration?: number };
};
export type ConfigMap = KubeObject & { data?: Record<string, string> };

export const logger = pino({ level: process.env.KUACK_TEST_LOG ?? 'silent' });

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

/** Installs the Widget CRD (idempotent) and waits until it is served. */
export async function installWidgetCrd(client: KubeClient): Promise<void> {
  const gvk = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' };
  try {
    await client.create(CRD);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  for (let i = 0; i < 100; i++) {
    const crd = await client.get<
      KubeObject & { status?: { conditions?: { type: string; status: string }[] } }
    >(gvk, CRD.metadata.name);
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) {
      try {
        await client.list(WIDGET, { limit: 1 });
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('Widget CRD not established within 20 s');
}

export async function createNamespace(client: KubeClient, name: string): Promise<void> {
  try {
    await client.create({ ...NAMESPACE, metadata: { name } });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

export function widget(namespace: string, name: string, message: string): Widget {
  return { ...WIDGET, metadata: { namespace, name }, spec: { message } };
}

/** A tiny config for the sample: `suffix` is appended to every child's message (at most 10 characters). */
export const widgetConfig: ConfigParser<{ suffix: string }> = {
  name: 'config-widget',
  defaults: () => ({ suffix: '' }),
  parse(data) {
    const r = new ConfigReader('config-widget', data);
    const suffix = r.string('suffix', '');
    if (suffix.length > 10) r.fail('suffix', `at most 10 characters, got ${suffix.length}`);
    return { suffix };
  },
};

export interface WidgetController {
  config: ConfigStore;
  factory: InformerFactory;
  controller: Controller;
  recorder: KubeEventRecorder;
  finalized: string[];
  reconciled: string[];
}

/** Builds the sample controller: Widget informer + owned ConfigMaps informer, both scoped to one namespace. */
export function widgetController(client: KubeClient, namespace: string, name = 'widget'): WidgetController {
  const factory = new InformerFactory(client, { logger });
  const widgets = factory.informerFor<Widget>(WIDGET, { namespace });
  const configMaps = factory.informerFor<ConfigMap>(CONFIGMAP, { namespace });
  const recorder = new KubeEventRecorder(client, 'widget-controller', logger);
  const config = new ConfigStore([widgetConfig], { logger });
  const finalized: string[] = [];
  const reconciled: string[] = [];
  const reconciler: Reconciler<Widget> = {
    async reconcileKind(ctx, w) {
      reconciled.push(ctx.key);
      const child: ConfigMap = {
        ...CONFIGMAP,
        metadata: {
          name: `${w.metadata.name}-child`,
          namespace: w.metadata.namespace,
          labels: { app: 'widget' },
        },
        data: { message: `${w.spec?.message ?? ''}${config.get(widgetConfig).suffix}` },
      };
      const { action } = await createOrUpdate(ctx.client, w, child, { lister: configMaps });
      if (action !== 'unchanged')
        ctx.event(
          'Normal',
          action === 'created' ? 'Created' : 'Updated',
          `${action} ConfigMap "${child.metadata.name}"`,
        );
      w.status = { ...w.status, message: w.spec?.message };
    },
    async finalizeKind(ctx) {
      finalized.push(ctx.key);
    },
  };
  const controller = new Controller({
    name,
    logger,
    workers: 4,
    reconcile: wrapReconciler({
      gvk: WIDGET,
      lister: widgets,
      client,
      reconciler,
      logger,
      recorder,
      finalizerName: FINALIZER,
    }),
  });
  widgets.addHandler(enqueueHandler(controller));
  configMaps.addHandler(enqueueControllerOf(controller, WIDGET));
  // Config first, then the resync, so the reconciles it triggers see the new config.
  configMaps.addHandler(config.handler());
  configMaps.addHandler(globalResyncOnConfigChange(controller, widgets, [widgetConfig.name]));
  return { factory, controller, recorder, finalized, reconciled, config };
}

/** Deletes a test namespace; first strips the Widgets' finalizers, since their controller has stopped. */
export async function deleteNamespace(client: KubeClient, namespace: string): Promise<void> {
  const widgets = await client.list<Widget>(WIDGET, { namespace }).catch(() => ({ items: [] as Widget[] }));
  for (const w of widgets.items) {
    if (w.metadata.finalizers?.length)
      await client
        .patch(WIDGET, w.metadata.name as string, namespace, { metadata: { finalizers: null } })
        .catch(() => undefined);
  }
  await client.delete(NAMESPACE, namespace).catch(() => undefined);
}
