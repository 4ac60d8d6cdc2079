import { IMAGE, defaulted, ksvc, template } from '../../test/support';
import type { Service } from './service.types';

describe('Service defaults', () => {
  it.each<[string, unknown[] | undefined, unknown[]]>([
    ['no traffic → 100% latest', undefined, [{ percent: 100, latestRevision: true }]],
    ['empty traffic → 100% latest', [], [{ percent: 100, latestRevision: true }]],
    [
      'latestRevision follows revisionName, percent 0',
      [{ revisionName: 'hello-a', percent: 100 }, { tag: 'next' }],
      [
        { revisionName: 'hello-a', percent: 100, latestRevision: false },
        { tag: 'next', percent: 0, latestRevision: true },
      ],
    ],
  ])('%s', (_n, traffic, want) => {
    const s = defaulted(
      ksvc({ ...template({ containers: [{ image: IMAGE }] }), ...(traffic ? { traffic } : {}) }),
    ) as Service;
    expect(s.spec!.traffic).toEqual(want);
  });

  it('records creator and lastModifier for the requesting user', () => {
    const s = defaulted(ksvc(template({ containers: [{ image: IMAGE }] })), undefined, undefined, {
      username: 'alice',
    }) as Service;
    expect(s.metadata!.annotations).toEqual({
      'serving.knative.dev/creator': 'alice',
      'serving.knative.dev/lastModifier': 'alice',
    });
    const changed = ksvc(template({ containers: [{ image: `${IMAGE}-2` }] }), {
      annotations: s.metadata!.annotations,
    });
    const updated = defaulted(changed, s, undefined, { username: 'bob' }) as Service;
    expect(updated.metadata!.annotations).toEqual({
      'serving.knative.dev/creator': 'alice',
      'serving.knative.dev/lastModifier': 'bob',
    });
  });

  it('does not re-default a template that keeps its BYO name on update', () => {
    const old = ksvc(template({ containers: [{ image: IMAGE }] }, { name: 'hello-v1' }));
    const next = defaulted(old, old) as Service;
    expect(next.spec!.template!.spec).toEqual({ containers: [{ image: IMAGE }] });
  });
});
