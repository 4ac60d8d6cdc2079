import { IMAGE, defaulted } from '../../test/support';
import type { Configuration } from './configuration.types';

const cfg = (template: Record<string, unknown>, meta: Record<string, unknown> = {}): Configuration => ({
  apiVersion: 'serving.knative.dev/v1',
  kind: 'Configuration',
  metadata: { name: 'hello', namespace: 'default', ...meta },
  spec: { template },
});

describe('Configuration defaults', () => {
  it('defaults the revision template', () => {
    const c = defaulted(cfg({ spec: { containers: [{ image: IMAGE }] } }));
    expect(c.spec!.template!.spec).toMatchObject({
      timeoutSeconds: 300,
      containerConcurrency: 0,
      containers: [{ name: 'user-container' }],
    });
  });

  it('sets creator/lastModifier only when no owner (a Service) created it', () => {
    const user = { username: 'alice' };
    expect(
      defaulted(cfg({ spec: { containers: [{ image: IMAGE }] } }), undefined, undefined, user).metadata!
        .annotations,
    ).toEqual({
      'serving.knative.dev/creator': 'alice',
      'serving.knative.dev/lastModifier': 'alice',
    });
    const owned = cfg(
      { spec: { containers: [{ image: IMAGE }] } },
      {
        ownerReferences: [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'hello', uid: 'u' }],
      },
    );
    expect(defaulted(owned, undefined, undefined, user).metadata!.annotations).toBeUndefined();
  });
});
