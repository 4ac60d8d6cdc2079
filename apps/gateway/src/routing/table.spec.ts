import { ingress, rule, toRevision } from './ingress-builder';
import { type RouteQuery, RoutingTable, pathOf } from './table';

const q = (
  host: string,
  url = '/',
  headers: RouteQuery['headers'] = {},
  listener: 'http' | 'https' = 'http',
) => ({
  host,
  url,
  headers,
  listener,
});

const hello = ingress('hello', [
  rule(['hello.default.example.com'], [{ splits: [toRevision('hello-00001')] }]),
  rule(
    ['hello.default', 'hello.default.svc', 'hello.default.svc.cluster.local'],
    [{ splits: [toRevision('hello-00001')] }],
    'ClusterLocal',
  ),
]);

function routedTo(table: RoutingTable, query: RouteQuery): string {
  const d = table.lookup(query);
  if (d.kind !== 'route') return d.kind;
  return d.path.splits.map((s) => s.serviceName).join(',');
}

describe('RoutingTable.lookup', () => {
  const table = RoutingTable.build([hello]);

  it.each([
    ['exact host', 'hello.default.example.com', 'hello-00001'],
    ['host with port', 'hello.default.example.com:8080', 'hello-00001'],
    ['upper case host', 'HELLO.default.example.com', 'hello-00001'],
    ['cluster-local short host', 'hello.default', 'hello-00001'],
    ['cluster-local full host with port', 'hello.default.svc.cluster.local:80', 'hello-00001'],
    ['unknown host', 'bye.default.example.com', 'not-found'],
    ['no host', '', 'not-found'],
  ])('%s', (_name, host, want) => {
    expect(routedTo(table, q(host))).toBe(want);
  });

  it('names the host (without port) and the reason when nothing matches', () => {
    expect(table.lookup(q('bye.default.example.com:8080'))).toEqual({
      kind: 'not-found',
      host: 'bye.default.example.com',
      reason: 'host',
    });
  });

  it('a single split without percent gets 100', () => {
    const d = table.lookup(q('hello.default.example.com'));
    expect(d.kind === 'route' && d.path.splits[0].percent).toBe(100);
  });

  it('ClusterLocal hosts are left out when the listener does not serve them', () => {
    const publicOnly = (host: string) => ({ ...q(host), clusterLocal: false });
    expect(routedTo(table, publicOnly('hello.default.svc.cluster.local'))).toBe('not-found');
    expect(routedTo(table, publicOnly('hello.default.example.com'))).toBe('hello-00001');
  });

  it('path prefixes: the first matching path wins', () => {
    const t = RoutingTable.build([
      ingress('paths', [
        rule(
          ['p.example.com'],
          [
            { path: '/api', splits: [toRevision('api')] },
            { path: '/', splits: [toRevision('root')] },
          ],
        ),
      ]),
    ]);
    expect(routedTo(t, q('p.example.com', '/api/users?x=1'))).toBe('api');
    expect(routedTo(t, q('p.example.com', '/apix'))).toBe('api'); // literal prefix, as Envoy's prefix match
    expect(routedTo(t, q('p.example.com', '/other'))).toBe('root');
    expect(routedTo(t, q('p.example.com', 'http://p.example.com/api/x'))).toBe('api');
  });

  it('a host whose paths do not match is not-found with reason path', () => {
    const t = RoutingTable.build([
      ingress('only-api', [rule(['p.example.com'], [{ path: '/api', splits: [toRevision('api')] }])]),
    ]);
    expect(t.lookup(q('p.example.com', '/web'))).toMatchObject({ kind: 'not-found', reason: 'path' });
  });

  it('header match (tag header routing as the Route emits it): exact value first, default path after', () => {
    const t = RoutingTable.build([
      ingress('tagged', [
        rule(
          ['hello.default.example.com'],
          [
            { headers: { 'Knative-Serving-Tag': { exact: 'blue' } }, splits: [toRevision('blue-rev')] },
            { headers: { 'Knative-Serving-Tag': { exact: 'green' } }, splits: [toRevision('green-rev')] },
            { splits: [toRevision('default-rev')] },
          ],
        ),
      ]),
    ]);
    const h = 'hello.default.example.com';
    expect(routedTo(t, q(h, '/', { 'knative-serving-tag': 'blue' }))).toBe('blue-rev');
    expect(routedTo(t, q(h, '/', { 'knative-serving-tag': 'green' }))).toBe('green-rev');
    expect(routedTo(t, q(h, '/', { 'knative-serving-tag': 'red' }))).toBe('default-rev');
    expect(routedTo(t, q(h, '/'))).toBe('default-rev');
  });

  it('an empty exact header match requires only that the header be present', () => {
    const t = RoutingTable.build([
      ingress('present', [
        rule(['h.example.com'], [{ headers: { 'X-Canary': { exact: '' } }, splits: [toRevision('canary')] }]),
      ]),
    ]);
    expect(routedTo(t, q('h.example.com', '/', { 'x-canary': 'anything' }))).toBe('canary');
    expect(routedTo(t, q('h.example.com', '/'))).toBe('not-found');
  });

  it('a rule without hosts takes every host no other rule names', () => {
    const t = RoutingTable.build([
      hello,
      ingress('catch-all', [
        { visibility: 'ExternalIP', http: { paths: [{ splits: [toRevision('any')] }] } },
      ]),
    ]);
    expect(routedTo(t, q('whatever.example.com'))).toBe('any');
    expect(routedTo(t, q('hello.default.example.com'))).toBe('hello-00001');
  });

  it('the same host in two Ingresses: the older one wins', () => {
    const older = ingress('older', [rule(['dup.example.com'], [{ splits: [toRevision('old')] }])], {
      created: '2026-01-01T00:00:00Z',
    });
    const newer = ingress('newer', [rule(['dup.example.com'], [{ splits: [toRevision('new')] }])], {
      created: '2026-02-01T00:00:00Z',
    });
    expect(routedTo(RoutingTable.build([newer, older]), q('dup.example.com'))).toBe('old');
  });

  it('httpOption Redirected redirects plain HTTP on ExternalIP rules only', () => {
    const t = RoutingTable.build([
      ingress(
        'secure',
        [
          rule(['s.example.com'], [{ splits: [toRevision('s')] }]),
          rule(['s.default.svc.cluster.local'], [{ splits: [toRevision('s')] }], 'ClusterLocal'),
        ],
        { httpOption: 'Redirected' },
      ),
    ]);
    expect(t.lookup(q('s.example.com')).kind).toBe('redirect');
    expect(t.lookup(q('s.example.com', '/', {}, 'https')).kind).toBe('route');
    expect(t.lookup(q('s.default.svc.cluster.local')).kind).toBe('route');
  });

  it('keeps path and split appendHeaders and rewriteHost', () => {
    const t = RoutingTable.build([
      ingress('dm', [
        rule(
          ['app.example.org'],
          [
            {
              rewriteHost: 'hello.default.svc.cluster.local',
              appendHeaders: { 'K-Original-Host': 'app.example.org' },
              splits: [toRevision('hello')],
            },
          ],
        ),
      ]),
    ]);
    const d = t.lookup(q('app.example.org'));
    expect(d).toMatchObject({
      kind: 'route',
      path: {
        rewriteHost: 'hello.default.svc.cluster.local',
        appendHeaders: { 'K-Original-Host': 'app.example.org' },
        ingressKey: 'default/dm',
      },
    });
  });

  it('lists its hosts', () => {
    expect(table.hosts()).toEqual([
      'hello.default',
      'hello.default.example.com',
      'hello.default.svc',
      'hello.default.svc.cluster.local',
    ]);
  });
});

describe('pathOf', () => {
  it.each([
    ['/a/b?c=d', '/a/b'],
    ['/a#frag', '/a'],
    ['http://h:80/x?y', '/x'],
    ['http://h', '/'],
    ['*', '/'],
    [undefined, '/'],
  ])('%s → %s', (url, want) => {
    expect(pathOf(url)).toBe(want);
  });
});
