import { wrapReconciler } from '@kuack/controller';
import { type TableContext, eventf, tableTest } from '@kuack/testing';
import { CONFIGURATION, REVISION, ROUTE, type RouteObject } from '../resources/kinds';
import { T, clock, cond, configuration, revision, route } from '../testing/fixtures';
import { labelerReconciler } from './labeler';
import { routingMetadataPatch } from './metadata';

const FINALIZER = 'routes.serving.knative.dev';
const factory = (ctx: TableContext) =>
  wrapReconciler<RouteObject>({
    gvk: ROUTE,
    lister: ctx.lister(ROUTE),
    client: ctx.client,
    logger: ctx.logger,
    recorder: ctx.recorder,
    reconciler: labelerReconciler({
      configurations: ctx.lister(CONFIGURATION),
      revisions: ctx.lister(REVISION),
      now: clock,
    }),
    skipStatusUpdates: true,
  });

const latest = { configurationName: 'hello', latestRevision: true, percent: 100 };
const readyRoute = (
  traffic: RouteObject['spec']['traffic'],
  statusTraffic: RouteObject['spec']['traffic'],
) => ({
  ...route('hello', { traffic }, { finalizers: [FINALIZER] }),
  status: { observedGeneration: 1, traffic: statusTraffic, conditions: [cond('Ready', 'True')] },
});
const routed = {
  'serving.knative.dev/routes': 'hello',
  'serving.knative.dev/routingStateModified': '2025-12-01T00:00:00Z',
};
const active = { 'serving.knative.dev/routingState': 'active' };
const config = configuration('hello', {
  latestCreatedRevisionName: 'hello-00002',
  latestReadyRevisionName: 'hello-00001',
});

tableTest(
  'labeler',
  [
    {
      name: 'a new Route: finalizer added; the followed Configuration and its latest created revision list the route, the revision goes active',
      key: 'default/hello',
      objects: [route('hello', { traffic: [latest] }), config, revision('hello-00002', { generation: 2 })],
      wantPatches: [
        {
          kind: 'Route',
          namespace: 'default',
          name: 'hello',
          patch: { metadata: { finalizers: [FINALIZER], resourceVersion: expect.any(String) } },
        },
        {
          kind: 'Revision',
          namespace: 'default',
          name: 'hello-00002',
          patch: {
            metadata: {
              labels: active,
              annotations: {
                'serving.knative.dev/routes': 'hello',
                'serving.knative.dev/routingStateModified': T,
              },
            },
          },
        },
        {
          kind: 'Configuration',
          namespace: 'default',
          name: 'hello',
          patch: { metadata: { annotations: { 'serving.knative.dev/routes': 'hello' } } },
        },
      ],
      wantEvents: [eventf('Normal', 'FinalizerUpdate', 'Updated "hello" finalizers')],
    },
    {
      name: 'a Ready Route no longer sending traffic to a revision: its route annotation goes, routingState reserve',
      key: 'default/hello',
      objects: [
        readyRoute([latest], [{ revisionName: 'hello-00002', percent: 100, latestRevision: true }]),
        configuration(
          'hello',
          { latestCreatedRevisionName: 'hello-00002', latestReadyRevisionName: 'hello-00002' },
          { annotations: { 'serving.knative.dev/routes': 'hello' } },
        ),
        revision('hello-00001', { labels: active, annotations: routed }),
        revision('hello-00002', { generation: 2, labels: active, annotations: routed }),
      ],
      wantPatches: [
        {
          kind: 'Revision',
          namespace: 'default',
          name: 'hello-00001',
          patch: {
            metadata: {
              labels: { 'serving.knative.dev/routingState': 'reserve' },
              annotations: {
                'serving.knative.dev/routes': null,
                'serving.knative.dev/routingStateModified': T,
              },
            },
          },
        },
      ],
    },
    {
      name: 'a Route still rolling out (Ready Unknown) keeps the old revision listed',
      key: 'default/hello',
      objects: [
        {
          ...readyRoute([latest], [{ revisionName: 'hello-00001', percent: 100, latestRevision: true }]),
          status: { observedGeneration: 1, conditions: [cond('Ready', 'Unknown')] },
        },
        configuration(
          'hello',
          { latestCreatedRevisionName: 'hello-00002' },
          { annotations: { 'serving.knative.dev/routes': 'hello' } },
        ),
        revision('hello-00001', { labels: active, annotations: routed }),
        revision('hello-00002', { generation: 2, labels: active, annotations: routed }),
      ],
    },
    {
      name: 'a deleted Route unlists itself everywhere and releases its finalizer',
      key: 'default/hello',
      objects: [
        { ...route('hello', { traffic: [latest] }, { finalizers: [FINALIZER], deletionTimestamp: T }) },
        configuration(
          'hello',
          { latestCreatedRevisionName: 'hello-00001' },
          { annotations: { 'serving.knative.dev/routes': 'hello,other' } },
        ),
        revision('hello-00001', { labels: active, annotations: routed }),
      ],
      wantPatches: [
        {
          kind: 'Revision',
          namespace: 'default',
          name: 'hello-00001',
          patch: {
            metadata: {
              labels: { 'serving.knative.dev/routingState': 'reserve' },
              annotations: {
                'serving.knative.dev/routes': null,
                'serving.knative.dev/routingStateModified': T,
              },
            },
          },
        },
        {
          kind: 'Configuration',
          namespace: 'default',
          name: 'hello',
          patch: { metadata: { annotations: { 'serving.knative.dev/routes': 'other' } } },
        },
        {
          kind: 'Route',
          namespace: 'default',
          name: 'hello',
          patch: { metadata: { finalizers: [], resourceVersion: expect.any(String) } },
        },
      ],
      wantEvents: [eventf('Normal', 'FinalizerUpdate', 'Updated "hello" finalizers')],
    },
  ],
  factory,
);

describe('routingMetadataPatch', () => {
  const rev = revision('r', { labels: active, annotations: { 'serving.knative.dev/routes': 'a,b' } });
  it('adds a route to the sorted list without touching a routingState that is already right', () => {
    expect(routingMetadataPatch(rev, 'c', { remove: false, withRoutingState: true, now: clock() })).toEqual({
      metadata: { annotations: { 'serving.knative.dev/routes': 'a,b,c' } },
    });
  });
  it('removes one of several routes and stays active', () => {
    expect(routingMetadataPatch(rev, 'a', { remove: true, withRoutingState: true, now: clock() })).toEqual({
      metadata: { annotations: { 'serving.knative.dev/routes': 'b' } },
    });
  });
  it('is undefined when nothing changes', () => {
    expect(
      routingMetadataPatch(rev, 'a', { remove: false, withRoutingState: true, now: clock() }),
    ).toBeUndefined();
  });
});
