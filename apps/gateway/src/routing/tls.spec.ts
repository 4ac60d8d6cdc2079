import { ingress, rule, toRevision } from './ingress-builder';
import { TlsTable } from './tls';

describe('TlsTable', () => {
  const table = TlsTable.build([
    ingress('a', [rule(['a.example.com'], [{ splits: [toRevision('a')] }])], {
      namespace: 'shop',
      tls: [{ hosts: ['a.example.com'], secretName: 'a-cert' }],
    }),
    ingress('wild', [rule(['x.apps.example.com'], [{ splits: [toRevision('x')] }])], {
      tls: [{ hosts: ['*.apps.example.com'], secretName: 'wild', secretNamespace: 'certs' }],
    }),
    ingress('nohosts', [rule(['n.example.com', 'm.example.com'], [{ splits: [toRevision('n')] }])], {
      tls: [{ secretName: 'n-cert' }],
    }),
  ]);

  it.each([
    ['a.example.com', { namespace: 'shop', name: 'a-cert' }],
    ['A.Example.com', { namespace: 'shop', name: 'a-cert' }],
    ['y.apps.example.com', { namespace: 'certs', name: 'wild' }],
    ['m.example.com', { namespace: 'default', name: 'n-cert' }],
    ['deep.y.apps.example.com', undefined],
    ['other.example.com', undefined],
    [undefined, undefined],
  ])('%s → %j', (name, want) => {
    expect(table.lookup(name)).toEqual(want);
  });

  it('lists the referenced Secrets', () => {
    expect([...table.secretKeys()].sort()).toEqual(['certs/wild', 'default/n-cert', 'shop/a-cert']);
  });
});
