// Table tests of @kuack/controller's reconciler wrapper (finalizers, status diff, conflict retry, events,
// observedGeneration) through this library's harness; they live here because controller cannot depend on
// testing (testing depends on controller).
import {
  type KubeObject,
  type Reconciler,
  PermanentError,
  createOrUpdate,
  wrapReconciler,
} from '@kuack/controller';
import {
  configMap,
  object,
  withData,
  withDeletionTimestamp,
  withFinalizers,
  withGeneration,
  withOwner,
  withSpec,
  withStatus,
  withUid,
} from './builders';
import { eventf } from './events';
import { conflict, failOn } from './fake-client';
import { type TableContext, tableTest } from './table';

const WIDGET = { apiVersion: 'test.kuack.dev/v1', kind: 'Widget' };
const CONFIGMAP = { apiVersion: 'v1', kind: 'ConfigMap' };
const FINALIZER = 'widgets.test.kuack.dev';

type Widget = KubeObject & {
  spec?: { message?: string; fail?: string };
  status?: { observedGeneration?: number; message?: string };
};

const widget = (...opts: Parameters<typeof object>[4][]) =>
  object<Widget>(WIDGET.apiVersion, WIDGET.kind, 'ns', 'w', withUid('w-uid'), ...opts);

/** The sample reconciler: a ConfigMap child carrying spec.message; status.message mirrors it. */
function factory(withFinalizer: boolean) {
  return (ctx: TableContext) => {
    const reconciler: Reconciler<Widget> = {
      async reconcileKind(rctx, w) {
        if (w.spec?.fail === 'permanent') throw new PermanentError('spec.fail: cannot do that');
        if (w.spec?.fail) throw new Error(w.spec.fail);
        const child = configMap(
          'ns',
          `${w.metadata.name}-child`,
          withData({ message: w.spec?.message ?? '' }),
        );
        const { action } = await createOrUpdate(rctx.client, w, child, { lister: ctx.lister(CONFIGMAP) });
        if (action !== 'unchanged')
          rctx.event(
            'Normal',
            action === 'created' ? 'Created' : 'Updated',
            `${action} ConfigMap "${child.metadata.name}"`,
          );
        w.status = { ...w.status, message: w.spec?.message };
      },
      ...(withFinalizer
        ? {
            async finalizeKind(rctx) {
              rctx.event('Normal', 'Finalized', 'cleaned up');
            },
          }
        : {}),
    };
    return wrapReconciler<Widget>({
      gvk: WIDGET,
      lister: ctx.lister(WIDGET),
      client: ctx.client,
      reconciler,
      logger: ctx.logger,
      recorder: ctx.recorder,
      finalizerName: FINALIZER,
    });
  };
}

const owner = widget(withSpec({ message: 'hi' }));
const child = (message: string) => configMap('ns', 'w-child', withOwner(owner), withData({ message }));

tableTest(
  'reconciler wrapper without finalizer',
  [
    { name: 'object gone: nothing to do', key: 'ns/w' },
    {
      name: 'creates the child with an owner reference, sets status and observedGeneration',
      key: 'ns/w',
      objects: [widget(withSpec({ message: 'hi' }), withGeneration(3))],
      wantCreates: [child('hi')],
      wantStatusUpdates: [
        {
          ...WIDGET,
          metadata: { name: 'w', namespace: 'ns' },
          status: { message: 'hi', observedGeneration: 3 },
        },
      ],
      wantEvents: [eventf('Normal', 'Created', 'created ConfigMap "w-child"')],
    },
    {
      name: 'steady state: no writes at all',
      key: 'ns/w',
      objects: [
        widget(
          withSpec({ message: 'hi' }),
          withGeneration(1),
          withStatus({ message: 'hi', observedGeneration: 1 }),
        ),
        child('hi'),
      ],
    },
    {
      name: 'changed spec: one patch of the child',
      key: 'ns/w',
      objects: [
        widget(
          withSpec({ message: 'new' }),
          withGeneration(1),
          withStatus({ message: 'hi', observedGeneration: 1 }),
        ),
        child('hi'),
      ],
      wantPatches: [
        {
          kind: 'ConfigMap',
          namespace: 'ns',
          name: 'w-child',
          patch: { data: { message: 'new' }, metadata: { resourceVersion: expect.any(String) } },
        },
      ],
      wantStatusUpdates: [
        {
          ...WIDGET,
          metadata: { name: 'w', namespace: 'ns' },
          status: { message: 'new', observedGeneration: 1 },
        },
      ],
      wantEvents: [eventf('Normal', 'Updated', 'updated ConfigMap "w-child"')],
    },
    {
      name: 'status conflict: retried on a fresh read',
      key: 'ns/w',
      objects: [widget(withSpec({ message: 'hi' }), withGeneration(1)), child('hi')],
      reactors: [failOn('updateStatus', 'Widget', conflict('Widget'))],
      wantStatusUpdates: [
        {
          ...WIDGET,
          metadata: { name: 'w', namespace: 'ns' },
          status: { message: 'hi', observedGeneration: 1 },
        },
        {
          ...WIDGET,
          metadata: { name: 'w', namespace: 'ns' },
          status: { message: 'hi', observedGeneration: 1 },
        },
      ],
      postConditions: (client) =>
        expect(client.peek<Widget>(WIDGET, 'w', 'ns')?.status).toEqual({
          message: 'hi',
          observedGeneration: 1,
        }),
    },
    {
      name: 'reconcile error: Warning event, error returned, status still written',
      key: 'ns/w',
      objects: [widget(withSpec({ fail: 'boom' }), withGeneration(2))],
      wantErr: 'boom',
      wantStatusUpdates: [
        { ...WIDGET, metadata: { name: 'w', namespace: 'ns' }, status: { observedGeneration: 2 } },
      ],
      wantEvents: [eventf('Warning', 'InternalError', 'boom')],
    },
    {
      name: 'permanent error passes through as permanent',
      key: 'ns/w',
      objects: [
        widget(withSpec({ fail: 'permanent' }), withStatus({ observedGeneration: 1 }), withGeneration(1)),
      ],
      wantErr: 'spec.fail: cannot do that',
      wantEvents: [eventf('Warning', 'InternalError', 'spec.fail: cannot do that')],
    },
    {
      name: 'a child owned by someone else is not touched',
      key: 'ns/w',
      objects: [
        widget(
          withSpec({ message: 'hi' }),
          withGeneration(1),
          withStatus({ message: 'hi', observedGeneration: 1 }),
        ),
        configMap('ns', 'w-child', withData({ message: 'theirs' })),
      ],
      wantErr: 'is not controlled by Widget "w"',
      wantEvents: [
        eventf(
          'Warning',
          'InternalError',
          'ConfigMap "ns/w-child" exists and is not controlled by Widget "w"',
        ),
      ],
    },
  ],
  factory(false),
);

tableTest(
  'reconciler wrapper with finalizer',
  [
    {
      name: 'adds the finalizer by patch before reconciling',
      key: 'ns/w',
      objects: [
        widget(
          withSpec({ message: 'hi' }),
          withGeneration(1),
          withStatus({ message: 'hi', observedGeneration: 1 }),
        ),
        child('hi'),
      ],
      wantPatches: [
        {
          kind: 'Widget',
          namespace: 'ns',
          name: 'w',
          patch: { metadata: { finalizers: [FINALIZER], resourceVersion: expect.any(String) } },
        },
      ],
      wantEvents: [eventf('Normal', 'FinalizerUpdate', 'Updated "w" finalizers')],
    },
    {
      name: 'being deleted: finalizeKind runs, then the finalizer is removed, other finalizers kept',
      key: 'ns/w',
      objects: [widget(withFinalizers('other', FINALIZER), withDeletionTimestamp())],
      wantPatches: [
        {
          kind: 'Widget',
          namespace: 'ns',
          name: 'w',
          patch: { metadata: { finalizers: ['other'], resourceVersion: expect.any(String) } },
        },
      ],
      wantEvents: [
        eventf('Normal', 'Finalized', 'cleaned up'),
        eventf('Normal', 'FinalizerUpdate', 'Updated "w" finalizers'),
      ],
    },
    {
      name: 'being deleted without our finalizer: nothing',
      key: 'ns/w',
      objects: [widget(withFinalizers('other'), withDeletionTimestamp())],
    },
    {
      name: 'finalizer patch conflict: error, retried by the queue',
      key: 'ns/w',
      objects: [widget(withSpec({ message: 'hi' }))],
      reactors: [failOn('patch', 'Widget', conflict('Widget'))],
      wantErr: 'the object has been modified',
      wantPatches: [
        {
          kind: 'Widget',
          namespace: 'ns',
          name: 'w',
          patch: { metadata: { finalizers: [FINALIZER], resourceVersion: expect.any(String) } },
        },
      ],
      wantEvents: [
        eventf(
          'Warning',
          'FinalizerUpdateFailed',
          'Failed to update finalizers for "w": Operation cannot be fulfilled on Widget: the object has been modified',
        ),
      ],
    },
  ],
  factory(true),
);
