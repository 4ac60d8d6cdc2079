import { type EndpointsObject, UpstreamPicker } from './endpoints';
import { ingress, rule, toRevision } from './ingress-builder';
import { ingressProbeHash } from './probe-hash';
import { httpsLocation, resolveRequest } from './resolve';
import { seededRandom } from './split';
import { RoutingTable } from './table';

function endpoints(addresses: Record<string, string>): UpstreamPicker {
  return new UpstreamPicker((key) => {
    const ip = addresses[key];
    if (!ip) return undefined;
    const e: EndpointsObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: key.split('/')[1], namespace: key.split('/')[0] },
      subsets: [{ addresses: [{ ip }], ports: [{ name: 'http', port: 8012 }] }],
    };
    return e;
  });
}

const q = (host: string, url = '/', listener: 'http' | 'https' = 'http') => ({
  host,
  url,
  headers: {},
  listener,
});

describe('resolveRequest', () => {
  const hello = ingress('hello', [
    rule(
      ['hello.default.localhost'],
      [
        {
          appendHeaders: { 'Knative-Serving-Default-Route': 'true' },
          splits: [toRevision('hello-00001', 50), toRevision('hello-00002', 50)],
        },
      ],
    ),
    rule(['hello.default.svc.cluster.local'], [{ splits: [toRevision('hello-00001')] }], 'ClusterLocal'),
  ]);
  const mapped = ingress('app.example.org', [
    rule(
      ['app.example.org'],
      [
        {
          rewriteHost: 'hello.default.svc.cluster.local',
          splits: [
            {
              serviceNamespace: 'default',
              serviceName: 'hello',
              servicePort: 80,
              appendHeaders: { 'K-Original-Host': 'app.example.org' },
            },
          ],
        },
      ],
    ),
  ]);
  const table = RoutingTable.build([
    hello,
    mapped,
    ingress('external', [
      rule(
        ['ext.example.org'],
        [
          {
            rewriteHost: 'somewhere.else.example',
            splits: [{ serviceNamespace: 'default', serviceName: 'ext', servicePort: 80 }],
          },
        ],
      ),
    ]),
    ingress('secure', [rule(['secure.example.org'], [{ splits: [toRevision('s')] }])], {
      httpOption: 'Redirected',
    }),
  ]);
  const picker = endpoints({
    'default/hello-00001': '127.1.0.1',
    'default/hello-00002': '127.1.0.2',
    'default/ext': '127.1.0.9',
  });

  it('proxies to the chosen split with path and split headers lower-cased', () => {
    const r = resolveRequest(table, picker, q('hello.default.localhost:8080'), { random: () => 0.1 });
    expect(r).toMatchObject({
      kind: 'proxy',
      target: { host: '127.1.0.1', port: 8012 },
      headers: {
        'knative-serving-default-route': 'true',
        'knative-serving-revision': 'hello-00001',
        'knative-serving-namespace': 'default',
      },
    });
    expect(r.kind === 'proxy' && r.host).toBeUndefined();
  });

  it('splits 50/50 over 200 requests with each side at least 25%', () => {
    const random = seededRandom(1);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 200; i++) {
      const r = resolveRequest(table, picker, q('hello.default.localhost'), { random });
      if (r.kind !== 'proxy') throw new Error(r.kind);
      counts[r.headers['knative-serving-revision']] =
        (counts[r.headers['knative-serving-revision']] ?? 0) + 1;
    }
    expect(counts['hello-00001']).toBeGreaterThanOrEqual(50);
    expect(counts['hello-00002']).toBeGreaterThanOrEqual(50);
  });

  it('K-Network-Hash: override becomes the hash of the Ingress that routed the request (probe contract)', () => {
    const query = { ...q('app.example.org'), headers: { 'k-network-hash': 'override' } };
    const r = resolveRequest(table, picker, query);
    expect(r.kind === 'proxy' && r.headers['k-network-hash']).toBe(ingressProbeHash(mapped));
    expect(ingressProbeHash(mapped)).not.toBe(ingressProbeHash(hello));
    const plain = resolveRequest(table, picker, {
      ...q('app.example.org'),
      headers: { 'k-network-hash': 'abc' },
    });
    expect(plain.kind === 'proxy' && plain.headers['k-network-hash']).toBeUndefined();
  });

  it('rewriteHost to one of our hosts routes again through the table (DomainMapping)', () => {
    const r = resolveRequest(table, picker, q('app.example.org'));
    expect(r).toMatchObject({
      kind: 'proxy',
      target: { host: '127.1.0.1' },
      host: 'hello.default.svc.cluster.local',
      headers: { 'k-original-host': 'app.example.org', 'knative-serving-revision': 'hello-00001' },
    });
  });

  it('rewriteHost to a host we do not route goes to the split itself with the Host rewritten', () => {
    expect(resolveRequest(table, picker, q('ext.example.org'))).toMatchObject({
      kind: 'proxy',
      target: { host: '127.1.0.9' },
      host: 'somewhere.else.example',
    });
  });

  it('no ready endpoints → unavailable naming the service', () => {
    expect(resolveRequest(table, endpoints({}), q('hello.default.svc.cluster.local'))).toEqual({
      kind: 'unavailable',
      service: 'default/hello-00001',
    });
  });

  it('unknown host → not-found naming the host', () => {
    expect(resolveRequest(table, picker, q('nope.localhost:8080'))).toEqual({
      kind: 'not-found',
      host: 'nope.localhost',
      reason: 'host',
    });
  });

  it('Redirected on plain HTTP → https location with the HTTPS port', () => {
    expect(
      resolveRequest(table, picker, q('secure.example.org:8080', '/a?b=1'), { httpsPort: 8443 }),
    ).toEqual({
      kind: 'redirect',
      location: 'https://secure.example.org:8443/a?b=1',
    });
    expect(resolveRequest(table, picker, q('secure.example.org', '/', 'https')).kind).toBe('unavailable');
  });
});

describe('httpsLocation', () => {
  it.each([
    ['a.example', '/x', 443, 'https://a.example/x'],
    ['a.example:80', '/x?y', 8443, 'https://a.example:8443/x?y'],
    ['[::1]:8080', '/', 8443, 'https://[::1]:8443/'],
    ['a.example', 'http://a.example/p?q', undefined, 'https://a.example/p?q'],
  ])('%s %s %s → %s', (host, url, port, want) => {
    expect(httpsLocation({ host, url, headers: {}, listener: 'http' }, port)).toBe(want);
  });
});
