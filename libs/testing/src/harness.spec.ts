import { wrapReconciler } from '@kuack/controller';
import { configMap, withData, withUid } from './builders';
import { eventf } from './events';
import { runRow } from './table';

const CONFIGMAP = { apiVersion: 'v1', kind: 'ConfigMap' };

// A reconciler that writes a status and records an Event, to prove the harness catches what a row omits.
const factory = (ctx: Parameters<Parameters<typeof runRow>[1]>[0]) =>
  wrapReconciler({
    gvk: CONFIGMAP,
    lister: ctx.lister(CONFIGMAP),
    client: ctx.client,
    logger: ctx.logger,
    recorder: ctx.recorder,
    reconciler: {
      async reconcileKind(rctx, cm) {
        cm.status = { seen: true };
        rctx.event('Normal', 'Seen', 'saw it');
      },
    },
  });

describe('table harness', () => {
  const objects = [configMap('ns', 'a', withUid('u'), withData({ x: '1' }))];

  it('fails a row that omits a status update or an event the reconciler made', async () => {
    await expect(
      runRow(
        { name: 'missing status', key: 'ns/a', objects, wantEvents: [eventf('Normal', 'Seen', 'saw it')] },
        factory,
      ),
    ).rejects.toThrow(/statusUpdates/);
    await expect(
      runRow(
        {
          name: 'missing event',
          key: 'ns/a',
          objects,
          wantStatusUpdates: [
            {
              ...CONFIGMAP,
              metadata: { name: 'a', namespace: 'ns' },
              status: { seen: true, observedGeneration: 1 },
            },
          ],
        },
        factory,
      ),
    ).rejects.toThrow(/events/);
  });

  it('fails a row that wants an error when none happened', async () => {
    await expect(runRow({ name: 'want error', key: 'ns/gone', wantErr: true }, factory)).rejects.toThrow();
  });

  it('passes the complete row', async () => {
    await runRow(
      {
        name: 'complete',
        key: 'ns/a',
        objects,
        wantStatusUpdates: [
          {
            ...CONFIGMAP,
            metadata: { name: 'a', namespace: 'ns' },
            status: { seen: true, observedGeneration: 1 },
          },
        ],
        wantEvents: [eventf('Normal', 'Seen', 'saw it')],
      },
      factory,
    );
  });
});
