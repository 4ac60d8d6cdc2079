/* eslint-disable @typescript-eslint/no-explicit-any */
import crypto from 'node:crypto';
import { RawClient, until, type OpenWatch } from './client';

export interface ConformanceTarget {
  client: RawClient;
  close(): Promise<void>;
}

const suffix = () => crypto.randomBytes(3).toString('hex');
const cm = (
  name: string,
  labels: Record<string, string> = {},
  data: Record<string, string> = { a: '1' },
) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, labels },
  data,
});

function deployment(name: string, replicas = 1) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'main',
              image: 'example.test/app:1',
              ports: [{ containerPort: 8080 }],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
            },
          ],
        },
      },
    },
  };
}

async function waitForEvents(w: OpenWatch, n: number, what: string): Promise<void> {
  await until(
    `${n} ${what} watch events (have ${w.events.length})`,
    () => w.events.filter((e) => e.type !== 'BOOKMARK').length >= n,
    15_000,
  );
}

/**
 * The SAME cases run against the embedded cluster and against the real kube-apiserver. A case asserts what
 * kube-apiserver does; a difference is a failure unless docs/embedded-cluster.md lists it as a gap.
 */
export function conformanceSuite(targetName: string, start: () => Promise<ConformanceTarget>): void {
  describe(`Kubernetes API conformance: ${targetName}`, () => {
    let target: ConformanceTarget;
    let c: RawClient;
    const ns = `conf-${targetName}-${suffix()}`;
    const nsPath = `/api/v1/namespaces/${ns}`;
    const cms = `${nsPath}/configmaps`;
    const deploys = `/apis/apps/v1/namespaces/${ns}/deployments`;

    beforeAll(async () => {
      target = await start();
      c = target.client;
      const r = await c.post('/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
      });
      expect(r.status).toBe(201);
    }, 120_000);

    afterAll(async () => {
      await c?.del(nsPath);
      await target?.close();
    });

    describe('CRUD and conflicts', () => {
      it('creates with uid, resourceVersion and creationTimestamp; no generation on a ConfigMap', async () => {
        const r = await c.post(cms, cm('crud-a'));
        expect(r.status).toBe(201);
        expect(r.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
        expect(Number(r.body.metadata.resourceVersion)).toBeGreaterThan(0);
        expect(r.body.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(r.body.metadata.generation).toBeUndefined();
        expect(r.body.metadata.namespace).toBe(ns);
      });

      it('refuses a duplicate with 409 AlreadyExists', async () => {
        const r = await c.post(cms, cm('crud-a'));
        expect(r.status).toBe(409);
        expect(r.body).toMatchObject({
          kind: 'Status',
          status: 'Failure',
          reason: 'AlreadyExists',
          code: 409,
          details: { name: 'crud-a', kind: 'configmaps' },
        });
      });

      it('updates with the current resourceVersion and refuses a stale one with 409 Conflict', async () => {
        const current = (await c.get(`${cms}/crud-a`)).body;
        const updated = await c.put(`${cms}/crud-a`, { ...current, data: { a: '2' } });
        expect(updated.status).toBe(200);
        expect(Number(updated.body.metadata.resourceVersion)).toBeGreaterThan(
          Number(current.metadata.resourceVersion),
        );
        expect(updated.body.metadata.uid).toBe(current.metadata.uid);
        const stale = await c.put(`${cms}/crud-a`, { ...current, data: { a: '3' } });
        expect(stale.status).toBe(409);
        expect(stale.body.reason).toBe('Conflict');
        expect((await c.get(`${cms}/crud-a`)).body.data).toEqual({ a: '2' });
      });

      it('does not bump resourceVersion on a no-op update', async () => {
        const current = (await c.get(`${cms}/crud-a`)).body;
        const same = await c.put(`${cms}/crud-a`, current);
        expect(same.status).toBe(200);
        expect(same.body.metadata.resourceVersion).toBe(current.metadata.resourceVersion);
      });

      it('answers 404 NotFound with details', async () => {
        const r = await c.get(`${cms}/missing`);
        expect(r.status).toBe(404);
        expect(r.body).toMatchObject({
          reason: 'NotFound',
          code: 404,
          details: { name: 'missing', kind: 'configmaps' },
        });
        expect(r.body.message).toBe('configmaps "missing" not found');
      });

      it('refuses an invalid name with 422 Invalid naming metadata.name', async () => {
        const r = await c.post(cms, cm('Not_Valid'));
        expect(r.status).toBe(422);
        expect(r.body.reason).toBe('Invalid');
        expect(r.body.details.causes.map((x: any) => x.field)).toContain('metadata.name');
      });

      it('generates a name from generateName', async () => {
        const r = await c.post(cms, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { generateName: 'gen-' },
        });
        expect(r.status).toBe(201);
        expect(r.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
      });

      it('deletes, then the object is gone', async () => {
        expect((await c.del(`${cms}/crud-a`)).status).toBe(200);
        expect((await c.get(`${cms}/crud-a`)).status).toBe(404);
        expect((await c.del(`${cms}/crud-a`)).status).toBe(404);
      });

      it('refuses to create in a namespace that does not exist', async () => {
        const r = await c.post(`/api/v1/namespaces/nope-${suffix()}/configmaps`, cm('x'));
        expect(r.status).toBe(404);
        expect(r.body.details.kind).toBe('namespaces');
      });

      it('refuses a request without credentials', async () => {
        const r = await c.anonymousGet(cms);
        expect([401, 403]).toContain(r.status);
        expect(r.body.kind).toBe('Status');
      });
    });

    describe('generation', () => {
      it('bumps metadata.generation on spec changes only', async () => {
        const created = await c.post(deploys, deployment('gen'));
        expect(created.status).toBe(201);
        expect(created.body.metadata.generation).toBe(1);
        const labelled = await c.patch(`${deploys}/gen`, { metadata: { labels: { extra: 'x' } } }, 'merge');
        expect(labelled.body.metadata.generation).toBe(1);
        const scaled = await c.patch(`${deploys}/gen`, { spec: { replicas: 3 } }, 'merge');
        expect(scaled.body.metadata.generation).toBe(2);
        const status = await c.patch(`${deploys}/gen/status`, { status: { observedGeneration: 2 } }, 'merge');
        expect(status.status).toBe(200);
        expect(status.body.metadata.generation).toBe(2);
        expect(status.body.status.observedGeneration).toBe(2);
      });

      it('ignores status on the main resource and spec on the status subresource', async () => {
        const main = await c.patch(`${deploys}/gen`, { status: { observedGeneration: 99 } }, 'merge');
        expect(main.body.status.observedGeneration).toBe(2);
        const sub = await c.patch(`${deploys}/gen/status`, { spec: { replicas: 7 } }, 'merge');
        expect(sub.body.spec.replicas).toBe(3);
      });
    });

    describe('scale subresource', () => {
      it('reads and patches Deployment replicas through /scale (autoscaling/v1 Scale)', async () => {
        expect((await c.post(deploys, deployment('scaled', 2))).status).toBe(201);
        const scale = await c.get(`${deploys}/scaled/scale`);
        expect(scale.status).toBe(200);
        expect(scale.body).toMatchObject({
          kind: 'Scale',
          apiVersion: 'autoscaling/v1',
          metadata: { name: 'scaled', namespace: ns },
          spec: { replicas: 2 },
        });
        expect(scale.body.status.selector).toBe('app=scaled');
        const patched = await c.patch(`${deploys}/scaled/scale`, { spec: { replicas: 5 } }, 'merge');
        expect(patched.status).toBe(200);
        expect(patched.body.spec.replicas).toBe(5);
        const dep = (await c.get(`${deploys}/scaled`)).body;
        expect(dep.spec.replicas).toBe(5);
        expect(dep.metadata.generation).toBe(2);
        const stale = await c.put(`${deploys}/scaled/scale`, { ...scale.body, spec: { replicas: 1 } });
        expect(stale.status).toBe(409);
        const negative = await c.patch(`${deploys}/scaled/scale`, { spec: { replicas: -1 } }, 'merge');
        expect(negative.status).toBe(422);
      });
    });

    describe('selectors', () => {
      beforeAll(async () => {
        for (const [name, labels] of [
          ['sel-1', { tier: 'web', env: 'prod' }],
          ['sel-2', { tier: 'web', env: 'dev' }],
          ['sel-3', { tier: 'db' }],
          ['sel-4', {}],
        ] as [string, Record<string, string>][]) {
          expect((await c.post(cms, cm(name, { group: 'sel', ...labels }))).status).toBe(201);
        }
      });
      const names = async (query: string) =>
        ((await c.get(`${cms}?${query}`)).body.items as any[])
          .map((i) => i.metadata.name)
          .filter((n: string) => n.startsWith('sel-'))
          .sort();
      const label = (s: string) => `labelSelector=${encodeURIComponent(`group=sel,${s}`)}`;

      it.each([
        ['tier=web', ['sel-1', 'sel-2']],
        ['tier==web', ['sel-1', 'sel-2']],
        ['tier!=web', ['sel-3', 'sel-4']],
        ['env in (prod,dev)', ['sel-1', 'sel-2']],
        ['env notin (prod)', ['sel-2', 'sel-3', 'sel-4']],
        ['tier', ['sel-1', 'sel-2', 'sel-3']],
        ['!tier', ['sel-4']],
        ['tier=web,env=prod', ['sel-1']],
      ])('label selector %s', async (selector, expected) => {
        expect(await names(label(selector))).toEqual(expected);
      });

      it('field selectors metadata.name and metadata.namespace', async () => {
        expect(await names(`fieldSelector=${encodeURIComponent('metadata.name=sel-3')}`)).toEqual(['sel-3']);
        expect(
          await names(`fieldSelector=${encodeURIComponent('metadata.name!=sel-3')}&${label('tier')}`),
        ).toEqual(['sel-1', 'sel-2']);
        const all = await c.get(
          `/api/v1/configmaps?fieldSelector=${encodeURIComponent(`metadata.namespace=${ns}`)}&${label('tier=db')}`,
        );
        expect(all.status).toBe(200);
        expect(all.body.items.map((i: any) => i.metadata.name)).toEqual(['sel-3']);
      });

      it('refuses an unsupported field selector with 400', async () => {
        const r = await c.get(`${cms}?fieldSelector=${encodeURIComponent('data.a=1')}`);
        expect(r.status).toBe(400);
        expect(r.body.reason).toBe('BadRequest');
      });

      it('field selectors on events (involvedObject.*) and pods (spec.nodeName)', async () => {
        const event = {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: 'ev-1' },
          involvedObject: { kind: 'ConfigMap', name: 'sel-1', namespace: ns },
          reason: 'Tested',
          message: 'hello',
          type: 'Normal',
        };
        expect((await c.post(`${nsPath}/events`, event)).status).toBe(201);
        const hit = await c.get(
          `${nsPath}/events?fieldSelector=${encodeURIComponent('involvedObject.name=sel-1,involvedObject.kind=ConfigMap')}`,
        );
        expect(hit.body.items.map((e: any) => e.metadata.name)).toEqual(['ev-1']);
        const miss = await c.get(
          `${nsPath}/events?fieldSelector=${encodeURIComponent('involvedObject.name=other')}`,
        );
        expect(miss.body.items).toEqual([]);
        const v1 = await c.get(`/apis/events.k8s.io/v1/namespaces/${ns}/events/ev-1`);
        expect(v1.status).toBe(200);
        expect(v1.body).toMatchObject({
          apiVersion: 'events.k8s.io/v1',
          note: 'hello',
          regarding: { name: 'sel-1' },
        });
        const pod = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p-1' },
          spec: { nodeName: 'node-x', containers: [{ name: 'c', image: 'example.test/x:1' }] },
        };
        expect((await c.post(`${nsPath}/pods`, pod)).status).toBe(201);
        const onNode = await c.get(
          `${nsPath}/pods?fieldSelector=${encodeURIComponent('spec.nodeName=node-x')}`,
        );
        expect(onNode.body.items.map((p: any) => p.metadata.name)).toEqual(['p-1']);
        await c.del(`${nsPath}/pods/p-1`, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 });
      });
    });

    describe('pagination', () => {
      beforeAll(async () => {
        for (let i = 0; i < 7; i++)
          expect((await c.post(cms, cm(`page-${i}`, { group: 'page' }))).status).toBe(201);
      });

      it('pages with limit and continue until done', async () => {
        const q = `labelSelector=group%3Dpage&limit=3`;
        const first = await c.get(`${cms}?${q}`);
        expect(first.body.items).toHaveLength(3);
        expect(first.body.metadata.continue).toBeTruthy();
        // kube-apiserver counts the remaining items only for lists without selectors.
        expect(first.body.metadata.remainingItemCount).toBeUndefined();
        const second = await c.get(
          `${cms}?${q}&continue=${encodeURIComponent(first.body.metadata.continue)}`,
        );
        expect(second.body.items).toHaveLength(3);
        const third = await c.get(
          `${cms}?${q}&continue=${encodeURIComponent(second.body.metadata.continue)}`,
        );
        expect(third.body.items).toHaveLength(1);
        expect(third.body.metadata.continue).toBeFalsy();
        const all = [...first.body.items, ...second.body.items, ...third.body.items].map(
          (i: any) => i.metadata.name,
        );
        expect(all).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5', 'page-6']);
      });

      it('refuses a malformed continue token with 400', async () => {
        const r = await c.get(`${cms}?limit=1&continue=garbage`);
        expect(r.status).toBe(400);
      });
    });

    describe('watch', () => {
      it('streams ADDED, MODIFIED, DELETED from a resourceVersion and resumes from the middle', async () => {
        const list = await c.get(`${cms}?labelSelector=group%3Dwatch`);
        const rv = list.body.metadata.resourceVersion;
        const w = await c.watch(`${cms}?watch=true&labelSelector=group%3Dwatch&resourceVersion=${rv}`);
        await c.post(cms, cm('watch-1', { group: 'watch' }));
        await c.patch(`${cms}/watch-1`, { data: { a: 'changed' } }, 'merge');
        await c.del(`${cms}/watch-1`);
        await waitForEvents(w, 3, 'live');
        w.stop();
        const events = w.events.filter((e) => e.type !== 'BOOKMARK');
        expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
        expect(events[1].object.data).toEqual({ a: 'changed' });
        const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
        expect(rvs[0]).toBeLessThan(rvs[1]);
        expect(rvs[1]).toBeLessThan(rvs[2]);

        const resumed = await c.watch(
          `${cms}?watch=true&labelSelector=group%3Dwatch&resourceVersion=${events[0].object.metadata.resourceVersion}`,
        );
        await waitForEvents(resumed, 2, 'resumed');
        resumed.stop();
        expect(resumed.events.filter((e) => e.type !== 'BOOKMARK').map((e) => e.type)).toEqual([
          'MODIFIED',
          'DELETED',
        ]);
      });

      it('turns label transitions into ADDED and DELETED for a filtered watch', async () => {
        await c.post(cms, cm('watch-2', { group: 'watch2', phase: 'a' }));
        const rv = (await c.get(`${cms}/watch-2`)).body.metadata.resourceVersion;
        const w = await c.watch(
          `${cms}?watch=true&resourceVersion=${rv}&labelSelector=${encodeURIComponent('group=watch2,phase=b')}`,
        );
        await c.patch(`${cms}/watch-2`, { metadata: { labels: { phase: 'b' } } }, 'merge');
        await c.patch(`${cms}/watch-2`, { metadata: { labels: { phase: 'c' } } }, 'merge');
        await waitForEvents(w, 2, 'transition');
        w.stop();
        expect(w.events.filter((e) => e.type !== 'BOOKMARK').map((e) => e.type)).toEqual([
          'ADDED',
          'DELETED',
        ]);
      });

      it('answers a compacted resourceVersion with an ERROR event carrying 410 Expired', async () => {
        const w = await c.watch(`${cms}?watch=true&resourceVersion=1`);
        await until('an ERROR event', () => w.events.length >= 1, 15_000);
        w.stop();
        expect(w.events[0].type).toBe('ERROR');
        expect(w.events[0].object).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
      });

      it('refuses sendInitialEvents as kube-apiserver 1.33 does by default (WatchList gate off)', async () => {
        const r = await c.get(
          `${cms}?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan`,
        );
        expect(r.status).toBe(422);
        expect(r.body.reason).toBe('Invalid');
      });

      it('starts from the current state with resourceVersion=0 (ADDED for existing objects)', async () => {
        const w = await c.watch(`${cms}?watch=true&labelSelector=group%3Dpage&resourceVersion=0`);
        await waitForEvents(w, 7, 'initial');
        w.stop();
        expect(new Set(w.events.filter((e) => e.type !== 'BOOKMARK').map((e) => e.type))).toEqual(
          new Set(['ADDED']),
        );
      });
    });

    describe('patches', () => {
      beforeAll(async () => {
        expect((await c.post(cms, cm('patch-1', {}, { a: '1', b: '2' }))).status).toBe(201);
        expect((await c.post(deploys, deployment('smp'))).status).toBe(201);
      });

      it('merge patch: objects merge, null deletes', async () => {
        const r = await c.patch(`${cms}/patch-1`, { data: { b: null, c: '3' } }, 'merge');
        expect(r.status).toBe(200);
        expect(r.body.data).toEqual({ a: '1', c: '3' });
      });

      it('JSON patch: add, replace, remove, and a failing test op refuses the whole patch', async () => {
        const r = await c.patch(
          `${cms}/patch-1`,
          [
            { op: 'add', path: '/data/d', value: '4' },
            { op: 'replace', path: '/data/a', value: 'one' },
            { op: 'remove', path: '/data/c' },
          ],
          'json',
        );
        expect(r.status).toBe(200);
        expect(r.body.data).toEqual({ a: 'one', d: '4' });
        const failed = await c.patch(
          `${cms}/patch-1`,
          [
            { op: 'test', path: '/data/a', value: 'nope' },
            { op: 'remove', path: '/data/a' },
          ],
          'json',
        );
        expect(failed.status).toBe(422);
        expect((await c.get(`${cms}/patch-1`)).body.data).toEqual({ a: 'one', d: '4' });
      });

      it('a patch carrying a stale resourceVersion conflicts', async () => {
        const r = await c.patch(
          `${cms}/patch-1`,
          { metadata: { resourceVersion: '1' }, data: { z: '1' } },
          'merge',
        );
        expect(r.status).toBe(409);
        expect(r.body.reason).toBe('Conflict');
      });

      it('strategic merge patch merges containers by name, env by name and ports by containerPort', async () => {
        const r = await c.patch(
          `${deploys}/smp`,
          {
            spec: {
              template: {
                spec: {
                  containers: [
                    {
                      name: 'main',
                      env: [
                        { name: 'B', value: 'two' },
                        { name: 'C', value: '3' },
                      ],
                      ports: [{ containerPort: 9090 }],
                    },
                    { name: 'sidecar', image: 'example.test/side:1' },
                  ],
                },
              },
            },
          },
          'strategic',
        );
        expect(r.status).toBe(200);
        const containers = r.body.spec.template.spec.containers;
        expect(containers.map((x: any) => x.name)).toEqual(['main', 'sidecar']);
        expect(containers[0].image).toBe('example.test/app:1');
        const env = Object.fromEntries(containers[0].env.map((e: any) => [e.name, e.value]));
        expect(env).toEqual({ A: '1', B: 'two', C: '3' });
        expect(containers[0].ports.map((p: any) => p.containerPort).sort()).toEqual([8080, 9090]);
      });

      it('strategic merge patch $patch: delete removes a list element by key', async () => {
        const r = await c.patch(
          `${deploys}/smp`,
          { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
          'strategic',
        );
        expect(r.status).toBe(200);
        expect(r.body.spec.template.spec.containers.map((x: any) => x.name)).toEqual(['main']);
      });
    });

    describe('finalizers and deletion', () => {
      it('keeps an object with finalizers until they are removed', async () => {
        await c.post(cms, { ...cm('fin-1'), metadata: { name: 'fin-1', finalizers: ['example.test/hold'] } });
        const deleted = await c.del(`${cms}/fin-1`);
        expect(deleted.status).toBe(200);
        const held = await c.get(`${cms}/fin-1`);
        expect(held.status).toBe(200);
        expect(held.body.metadata.deletionTimestamp).toBeTruthy();
        expect(held.body.metadata.finalizers).toEqual(['example.test/hold']);
        const released = await c.patch(`${cms}/fin-1`, { metadata: { finalizers: null } }, 'merge');
        expect(released.status).toBe(200);
        expect((await c.get(`${cms}/fin-1`)).status).toBe(404);
      });

      it('garbage-collects dependents of a deleted owner (background)', async () => {
        const owner = (await c.post(cms, cm('owner-1'))).body;
        const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner-1', uid: owner.metadata.uid };
        for (const n of ['dep-1', 'dep-2']) {
          expect(
            (await c.post(cms, { ...cm(n), metadata: { name: n, ownerReferences: [ref] } })).status,
          ).toBe(201);
        }
        expect(
          (
            await c.del(`${cms}/owner-1`, {
              apiVersion: 'v1',
              kind: 'DeleteOptions',
              propagationPolicy: 'Background',
            })
          ).status,
        ).toBe(200);
        await until(
          'dependents to be collected',
          async () =>
            (await c.get(`${cms}/dep-1`)).status === 404 && (await c.get(`${cms}/dep-2`)).status === 404,
        );
      }, 60_000);

      it('orphans dependents with propagationPolicy=Orphan', async () => {
        const owner = (await c.post(cms, cm('owner-2'))).body;
        const ref = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner-2', uid: owner.metadata.uid };
        expect(
          (await c.post(cms, { ...cm('dep-3'), metadata: { name: 'dep-3', ownerReferences: [ref] } })).status,
        ).toBe(201);
        const orphaned = await c.del(`${cms}/owner-2`, {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          propagationPolicy: 'Orphan',
        });
        expect(orphaned.status).toBe(200);
        await until('the owner to be gone', async () => (await c.get(`${cms}/owner-2`)).status === 404);
        const dep = await c.get(`${cms}/dep-3`);
        expect(dep.status).toBe(200);
        expect(dep.body.metadata.ownerReferences ?? []).toEqual([]);
      }, 60_000);

      it('foreground deletion: the owner waits (foregroundDeletion finalizer) until blocking dependents are gone', async () => {
        const owner = (await c.post(cms, cm('owner-3'))).body;
        const ref = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: 'owner-3',
          uid: owner.metadata.uid,
          blockOwnerDeletion: true,
        };
        const held = {
          ...cm('dep-4'),
          metadata: { name: 'dep-4', ownerReferences: [ref], finalizers: ['example.test/hold'] },
        };
        expect((await c.post(cms, held)).status).toBe(201);
        const r = await c.del(`${cms}/owner-3`, {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          propagationPolicy: 'Foreground',
        });
        expect(r.status).toBe(200);
        expect(r.body.metadata.finalizers).toContain('foregroundDeletion');
        expect(r.body.metadata.deletionTimestamp).toBeTruthy();
        await until('the dependent to be marked for deletion', async () =>
          Boolean((await c.get(`${cms}/dep-4`)).body.metadata?.deletionTimestamp),
        );
        expect((await c.get(`${cms}/owner-3`)).status).toBe(200);
        expect((await c.patch(`${cms}/dep-4`, { metadata: { finalizers: null } }, 'merge')).status).toBe(200);
        await until('the owner to be gone', async () => (await c.get(`${cms}/owner-3`)).status === 404);
      }, 60_000);

      it('deletes a namespace: Terminating, emptied, then gone', async () => {
        const other = `conf-ns-${suffix()}`;
        expect(
          (
            await c.post('/api/v1/namespaces', {
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: { name: other },
            })
          ).status,
        ).toBe(201);
        // A finalizer holds the namespace in Terminating until the case releases it (no race with the controller).
        const inside = { ...cm('inside'), metadata: { name: 'inside', finalizers: ['example.test/hold'] } };
        expect((await c.post(`/api/v1/namespaces/${other}/configmaps`, inside)).status).toBe(201);
        const r = await c.del(`/api/v1/namespaces/${other}`);
        expect(r.status).toBe(200);
        expect(r.body.status.phase).toBe('Terminating');
        const refused = await c.post(`/api/v1/namespaces/${other}/configmaps`, cm('late'));
        expect(refused.status).toBe(403);
        await until('the held object to be marked for deletion', async () =>
          Boolean(
            (await c.get(`/api/v1/namespaces/${other}/configmaps/inside`)).body.metadata?.deletionTimestamp,
          ),
        );
        const released = await c.patch(
          `/api/v1/namespaces/${other}/configmaps/inside`,
          { metadata: { finalizers: null } },
          'merge',
        );
        expect(released.status).toBe(200);
        await until(
          'the namespace to be gone',
          async () => (await c.get(`/api/v1/namespaces/${other}`)).status === 404,
          60_000,
        );
      }, 90_000);
    });

    describe('custom resources', () => {
      const group = 'conformance.kuack.dev';
      const plural = `widgets${suffix()}`;
      const kind = `Widget${plural.slice(7)}`;
      const crdName = `${plural}.${group}`;
      const crs = `/apis/${group}/v1/namespaces/${ns}/${plural}`;
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: crdName },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural, singular: plural.slice(0, -1), kind, shortNames: [`w${plural.slice(7)}`] },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              subresources: { status: {} },
              additionalPrinterColumns: [
                { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
                { name: 'Mode', type: 'string', jsonPath: '.spec.mode' },
                { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
              ],
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: {
                    spec: {
                      type: 'object',
                      required: ['replicas'],
                      properties: {
                        replicas: { type: 'integer', minimum: 1 },
                        mode: { type: 'string', enum: ['fast', 'slow'], default: 'slow' },
                        tags: { type: 'array', items: { type: 'string' } },
                      },
                    },
                    status: {
                      type: 'object',
                      properties: {
                        conditions: {
                          type: 'array',
                          items: {
                            type: 'object',
                            properties: { type: { type: 'string' }, status: { type: 'string' } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      };

      beforeAll(async () => {
        const r = await c.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
        expect(r.status).toBe(201);
        await until('the CRD to be Established', async () => {
          const got = await c.get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crdName}`);
          return (got.body.status?.conditions ?? []).some(
            (x: any) => x.type === 'Established' && x.status === 'True',
          );
        });
        await until('the resource to be served', async () => (await c.get(crs)).status === 200);
      }, 60_000);

      afterAll(async () => {
        await c?.del(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crdName}`);
      });

      it('is listed in discovery with its short name', async () => {
        const r = await c.get(`/apis/${group}/v1`);
        expect(r.status).toBe(200);
        const res = r.body.resources.find((x: any) => x.name === plural);
        expect(res).toMatchObject({ kind, namespaced: true, shortNames: [`w${plural.slice(7)}`] });
        expect(res.verbs).toEqual(
          expect.arrayContaining(['create', 'get', 'list', 'watch', 'patch', 'update', 'delete']),
        );
        expect(r.body.resources.some((x: any) => x.name === `${plural}/status`)).toBe(true);
      });

      it('prunes unknown fields, applies defaults, drops status on create, sets generation 1', async () => {
        const r = await c.post(crs, {
          apiVersion: `${group}/v1`,
          kind,
          metadata: { name: 'w1' },
          spec: { replicas: 2, unknown: 'x' },
          status: { conditions: [{ type: 'Ready', status: 'True' }] },
          extra: { y: 1 },
        });
        expect(r.status).toBe(201);
        expect(r.body.spec).toEqual({ replicas: 2, mode: 'slow' });
        expect(r.body.extra).toBeUndefined();
        expect(r.body.status).toBeUndefined();
        expect(r.body.metadata.generation).toBe(1);
      });

      it('validates against the schema with 422 and field paths', async () => {
        const r = await c.post(crs, {
          apiVersion: `${group}/v1`,
          kind,
          metadata: { name: 'bad' },
          spec: { replicas: 0, mode: 'warp', tags: [1] },
        });
        expect(r.status).toBe(422);
        expect(r.body.reason).toBe('Invalid');
        const fields = r.body.details.causes.map((x: any) => x.field).sort();
        expect(fields).toEqual(['spec.mode', 'spec.replicas', 'spec.tags[0]']);
        const missing = await c.post(crs, {
          apiVersion: `${group}/v1`,
          kind,
          metadata: { name: 'bad2' },
          spec: {},
        });
        expect(missing.status).toBe(422);
        expect(missing.body.details.causes.map((x: any) => [x.field, x.reason])).toEqual([
          ['spec.replicas', 'FieldValueRequired'],
        ]);
      });

      it('status subresource: status only through /status, generation only on spec changes', async () => {
        const status = await c.patch(
          `${crs}/w1/status`,
          { status: { conditions: [{ type: 'Ready', status: 'True' }] }, spec: { replicas: 9 } },
          'merge',
        );
        expect(status.status).toBe(200);
        expect(status.body.status.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
        expect(status.body.spec.replicas).toBe(2);
        expect(status.body.metadata.generation).toBe(1);
        const main = await c.patch(
          `${crs}/w1`,
          { spec: { replicas: 3 }, status: { conditions: [] } },
          'merge',
        );
        expect(main.body.spec.replicas).toBe(3);
        expect(main.body.status.conditions).toEqual([{ type: 'Ready', status: 'True' }]);
        expect(main.body.metadata.generation).toBe(2);
        const meta = await c.patch(`${crs}/w1`, { metadata: { annotations: { a: 'b' } } }, 'merge');
        expect(meta.body.metadata.generation).toBe(2);
      });

      it('refuses strategic merge patch on a custom resource with 415', async () => {
        const r = await c.patch(`${crs}/w1`, { spec: { replicas: 4 } }, 'strategic');
        expect(r.status).toBe(415);
        expect(r.body.reason).toBe('UnsupportedMediaType');
      });

      it('serves printer columns as a Table', async () => {
        const r = await c.get(crs, {
          Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
        });
        expect(r.status).toBe(200);
        expect(r.body.kind).toBe('Table');
        expect(r.body.columnDefinitions.map((x: any) => x.name)).toEqual([
          'Name',
          'Replicas',
          'Mode',
          'Ready',
        ]);
        expect(r.body.rows).toHaveLength(1);
        expect(r.body.rows[0].cells).toEqual(['w1', 3, 'slow', 'True']);
        expect(r.body.rows[0].object.metadata.name).toBe('w1');
      });

      it('serves a built-in list as a Table with Name first', async () => {
        const r = await c.get(`${cms}?limit=1`, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
        expect(r.body.kind).toBe('Table');
        expect(r.body.columnDefinitions[0].name).toBe('Name');
        expect(r.body.columnDefinitions.map((x: any) => x.name)).toEqual(['Name', 'Data', 'Age']);
      });
    });
  });
}
