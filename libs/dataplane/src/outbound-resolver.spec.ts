import {
  createOutboundClient,
  resolveOutbound,
  serviceOfHost,
  type ServiceDirectory,
} from './outbound-resolver';
import { startServer } from './testing/servers';

const services: ServiceDirectory = {
  isKnativeService: (name, ns) => name === 'hello' && ns === 'default',
  endpointOf: (name, ns, port) =>
    name === 'db' && ns === 'data' && port === 5432 ? { host: '127.1.0.9', port: 5432 } : undefined,
};
const local = {
  mode: 'local' as const,
  gateway: { host: '127.0.0.1', port: 8080, httpsPort: 8443 },
  services,
};

describe('resolveOutbound', () => {
  it.each([
    [
      'http://hello.default.localhost:8080/x',
      { host: '127.0.0.1', port: 8080, hostHeader: 'hello.default.localhost:8080', via: 'gateway' },
    ],
    [
      'https://hello.default.localhost/x',
      { host: '127.0.0.1', port: 8443, hostHeader: 'hello.default.localhost', via: 'gateway' },
    ],
    [
      'http://localhost:3000/',
      { host: '127.0.0.1', port: 3000, hostHeader: 'localhost:3000', via: 'loopback' },
    ],
    [
      'http://hello.default.svc.cluster.local/',
      { host: '127.0.0.1', port: 8080, hostHeader: 'hello.default.svc.cluster.local', via: 'gateway' },
    ],
    [
      'http://db.data.svc:5432/',
      { host: '127.1.0.9', port: 5432, hostHeader: 'db.data.svc:5432', via: 'endpoints' },
    ],
    ['http://example.com/', { host: 'example.com', port: 80, hostHeader: 'example.com', via: 'dns' }],
  ])('local mode: %s', (url, want) => expect(resolveOutbound(new URL(url), local)).toMatchObject(want));

  it('uses DNS for everything on a cluster', () => {
    expect(
      resolveOutbound(new URL('http://hello.default.svc.cluster.local/'), { mode: 'cluster', services }),
    ).toMatchObject({
      host: 'hello.default.svc.cluster.local',
      port: 80,
      via: 'dns',
    });
  });

  it('names the Service when it has no ready endpoint, and refuses other schemes', () => {
    expect(() => resolveOutbound(new URL('http://cache.data.svc.cluster.local/'), local)).toThrow(
      /Service data\/cache has no ready endpoint/,
    );
    expect(() => resolveOutbound(new URL('ftp://x/'), local)).toThrow(/only http and https/);
  });

  it('recognises Service hosts', () => {
    expect(serviceOfHost('a.b.svc.cluster.local')).toEqual({ name: 'a', namespace: 'b' });
    expect(serviceOfHost('a.b.svc')).toEqual({ name: 'a', namespace: 'b' });
    expect(serviceOfHost('a.b.c.svc')).toBeUndefined();
    expect(serviceOfHost('example.com')).toBeUndefined();
  });
});

describe('createOutboundClient', () => {
  it('sends *.localhost requests to the gateway with the Host header kept', async () => {
    const gw = await startServer((req, res) => res.end(`${req.headers.host} ${req.url}`));
    const client = createOutboundClient({ mode: 'local', gateway: { host: '127.0.0.1', port: gw.port } });
    try {
      const res = await client.request('http://hello.default.localhost:8080/path?q=1', {
        method: 'POST',
        body: 'x',
      });
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe('hello.default.localhost:8080 /path?q=1');
    } finally {
      client.close();
      await gw.close();
    }
  });
});
