import http from 'node:http';
import net from 'node:net';
import type { Ingress, IngressRule, IngressTLS } from '@kuack/api';
import { type KubeClient, type KubeObject, connect, isAlreadyExists, isNotFound } from '@kuack/controller';
import { eventually } from '@kuack/testenv';
import { createCertificateAuthority, issueCertificate } from '@kuack/tls';
import pino from 'pino';
import { INGRESS_GVK, type RunningGateway, startGateway } from '../gateway';
import { INGRESS_CLASS_ANNOTATION } from '../ingress-class';
import { ingressProbeHash } from '../routing/probe-hash';
import { Backend, type Seen } from './backends';
import { get, getTls } from './client';

export interface GatewayTestCluster {
  kubeconfigPath: string;
  /** An address the backends bind that the API server accepts in Endpoints. */
  backendHost: string;
  close(): Promise<void>;
}

type IngressObject = Ingress & KubeObject;

/**
 * The test's own ingress class (the --ingress-class flag), so the gateways of this file and those other test
 * files start against the same API server never take each other's Ingresses.
 */
const TEST_CLASS = 'gateway-int-test.ingress.networking.knative.dev';

const split = (ns: string, service: string, percent?: number) => ({
  serviceNamespace: ns,
  serviceName: service,
  servicePort: 80,
  ...(percent !== undefined ? { percent } : {}),
  appendHeaders: { 'Knative-Serving-Revision': service, 'Knative-Serving-Namespace': ns },
});

function ingress(
  ns: string,
  name: string,
  rules: IngressRule[],
  extra: { tls?: IngressTLS[]; httpOption?: string; ingressClass?: string } = {},
): IngressObject {
  return {
    apiVersion: INGRESS_GVK.apiVersion,
    kind: INGRESS_GVK.kind,
    metadata: {
      name,
      namespace: ns,
      annotations: { [INGRESS_CLASS_ANNOTATION]: extra.ingressClass ?? TEST_CLASS },
    },
    spec: {
      rules,
      ...(extra.tls ? { tls: extra.tls } : {}),
      ...(extra.httpOption ? { httpOption: extra.httpOption } : {}),
    },
  };
}

async function ensure(client: KubeClient, obj: KubeObject): Promise<void> {
  try {
    await client.create(obj);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const current = await client.get(
      { apiVersion: obj.apiVersion as string, kind: obj.kind as string },
      obj.metadata.name as string,
      obj.metadata.namespace,
    );
    await client.update({
      ...obj,
      metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion },
    });
  }
}

function conditions(ing: IngressObject): Record<string, string> {
  return Object.fromEntries((ing.status?.conditions ?? []).map((c) => [c.type, c.status]));
}

/**
 * The gateway against a real API server. The Services and Endpoints pointing at two tiny HTTP servers are
 * written by this test itself: in the platform the ServerlessService reconciler (someone else's) writes them.
 */
export function gatewaySuite(label: string, setup: () => Promise<GatewayTestCluster>): void {
  describe(`gateway (${label})`, () => {
    const ns = `gw-int-${label}`;
    let cluster: GatewayTestCluster;
    let client: KubeClient;
    let gateway: RunningGateway;
    const a = new Backend('rev-a');
    const b = new Backend('rev-b');
    const ca = createCertificateAuthority({ commonName: 'gateway-test-ca' });
    const secureHost = `secure.${ns}.localhost`;

    const service = (name: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: { ports: [{ name: 'http', port: 80, targetPort: 8012 }] },
    });
    const endpoints = (name: string, backend: Backend): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace: ns },
      subsets: [{ addresses: [{ ip: cluster.backendHost }], ports: [{ name: 'http', port: backend.port }] }],
    });
    const getIngress = (name: string) => client.get<IngressObject>(INGRESS_GVK, name, ns);
    const readyIngress = (name: string, generation = 1) =>
      eventually(async () => {
        const ing = await getIngress(name);
        expect(conditions(ing)).toEqual({
          Ready: 'True',
          NetworkConfigured: 'True',
          LoadBalancerReady: 'True',
        });
        expect(ing.status?.observedGeneration).toBe(generation);
        return ing;
      });
    const seen = (body: string) => JSON.parse(body) as Seen;

    beforeAll(async () => {
      cluster = await setup();
      client = connect({ kubeconfigPath: cluster.kubeconfigPath });
      await a.listen(cluster.backendHost);
      await b.listen(cluster.backendHost);
      try {
        await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
      for (const [name, backend] of [
        ['rev-a', a],
        ['rev-b', b],
      ] as const) {
        await ensure(client, service(name));
        await ensure(client, endpoints(name, backend));
      }
      await ensure(client, service('no-endpoints'));
      try {
        await client.delete({ apiVersion: 'v1', kind: 'Endpoints' }, 'no-endpoints', ns);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      const cert = issueCertificate(ca, { commonName: secureHost, dnsNames: [secureHost], usage: 'server' });
      await ensure(client, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'secure-cert', namespace: ns },
        type: 'kubernetes.io/tls',
        data: {
          'tls.crt': Buffer.from(cert.certPem).toString('base64'),
          'tls.key': Buffer.from(cert.keyPem).toString('base64'),
        },
      } as KubeObject);

      gateway = await startGateway({
        ingressClass: TEST_CLASS,
        kubeconfigPath: cluster.kubeconfigPath,
        httpPort: 0,
        httpsPort: 0,
        adminPort: 0,
        drainMs: 2000,
        logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
      });

      const ingresses = [
        ingress(ns, 'other-class', [rule([`other.${ns}.localhost`], [{ splits: [split(ns, 'rev-a')] }])], {
          ingressClass: 'istio.ingress.networking.knative.dev',
        }),
        ingress(ns, 'hello', [
          rule([`hello.${ns}.localhost`], [{ splits: [split(ns, 'rev-a')] }]),
          rule([`hello.${ns}.svc.cluster.local`], [{ splits: [split(ns, 'rev-b')] }], 'ClusterLocal'),
        ]),
        ingress(ns, 'split', [
          rule([`split.${ns}.localhost`], [{ splits: [split(ns, 'rev-a', 50), split(ns, 'rev-b', 50)] }]),
        ]),
        ingress(ns, 'empty', [rule([`empty.${ns}.localhost`], [{ splits: [split(ns, 'no-endpoints')] }])]),
        ingress(ns, 'secure', [rule([secureHost], [{ splits: [split(ns, 'rev-a')] }])], {
          tls: [{ hosts: [secureHost], secretName: 'secure-cert' }],
          httpOption: 'Redirected',
        }),
        // What the DomainMapping reconciler emits: the mapped domain rewritten to the route's cluster-local host.
        ingress(ns, 'app.example.test', [
          rule(
            ['app.example.test'],
            [
              {
                rewriteHost: `hello.${ns}.svc.cluster.local`,
                splits: [
                  {
                    serviceNamespace: ns,
                    serviceName: 'hello',
                    servicePort: 80,
                    percent: 100,
                    appendHeaders: { 'K-Original-Host': 'app.example.test' },
                  },
                ],
              },
            ],
          ),
        ]),
      ];
      for (const ing of [...ingresses, ingress(ns, 'broken', [])]) {
        try {
          await client.delete(INGRESS_GVK, ing.metadata.name as string, ns);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      for (const ing of ingresses) await client.create(ing);
    });

    afterAll(async () => {
      await gateway?.close();
      await a.close();
      await b.close();
      await cluster?.close();
    });

    it('marks its Ingresses Ready with load balancer addresses and the observed generation', async () => {
      for (const name of ['hello', 'split', 'empty', 'secure', 'app.example.test']) {
        const ing = await readyIngress(name);
        expect(ing.status?.publicLoadBalancer).toEqual({
          ingress: [{ domainInternal: 'kuack-gateway.knative-serving.svc.cluster.local' }],
        });
        expect(ing.status?.privateLoadBalancer).toEqual({
          ingress: [{ domainInternal: 'kuack-gateway-internal.knative-serving.svc.cluster.local' }],
        });
      }
    });

    it('leaves Ingresses of another class alone', async () => {
      await readyIngress('hello');
      const other = await getIngress('other-class');
      expect(other.status?.conditions ?? []).toEqual([]);
      const r = await get(gateway.httpPort, `other.${ns}.localhost`);
      expect(r.status).toBe(404);
    });

    it('routes by Host (with or without port) with the appended and forwarding headers', async () => {
      await readyIngress('hello');
      for (const host of [`hello.${ns}.localhost`, `hello.${ns}.localhost:${gateway.httpPort}`]) {
        const r = await get(gateway.httpPort, host, '/path?q=1');
        expect(r.status).toBe(200);
        const s = seen(r.body);
        expect(s.backend).toBe('rev-a');
        expect(s.url).toBe('/path?q=1');
        expect(s.headers.host).toBe(host);
        expect(s.headers['knative-serving-revision']).toBe('rev-a');
        expect(s.headers['knative-serving-namespace']).toBe(ns);
        expect(s.headers['x-forwarded-for']).toBe('127.0.0.1');
        expect(s.headers['x-forwarded-proto']).toBe('http');
        expect(s.headers.forwarded).toContain('for=127.0.0.1');
        expect(s.headers.forwarded).toContain('proto=http');
      }
    });

    it('replaces K-Network-Hash: override with the Ingress hash Knative computes (probe contract)', async () => {
      const ing = await readyIngress('split');
      const r = await get(gateway.httpPort, `split.${ns}.localhost`, '/', { 'k-network-hash': 'override' });
      expect(seen(r.body).headers['k-network-hash']).toBe(ingressProbeHash(ing));
    });

    it('answers ClusterLocal hosts too (local mode is one machine)', async () => {
      await readyIngress('hello');
      const r = await get(gateway.httpPort, `hello.${ns}.svc.cluster.local`);
      expect(seen(r.body).backend).toBe('rev-b');
    });

    it('with --serve-cluster-local=false ClusterLocal hosts answer only on the internal listener', async () => {
      await readyIngress('hello');
      const split = await startGateway({
        ingressClass: TEST_CLASS,
        kubeconfigPath: cluster.kubeconfigPath,
        httpPort: 0,
        httpsPort: null,
        internalHttpPort: 0,
        adminPort: null,
        serveClusterLocal: false,
        logger: pino({ level: process.env.LOG_LEVEL ?? 'silent' }),
      });
      try {
        const local = `hello.${ns}.svc.cluster.local`;
        expect((await get(split.httpPort, local)).status).toBe(404);
        expect(seen((await get(split.internalHttpPort as number, local)).body).backend).toBe('rev-b');
        expect(seen((await get(split.httpPort, `hello.${ns}.localhost`)).body).backend).toBe('rev-a');
        expect(
          seen((await get(split.internalHttpPort as number, `hello.${ns}.localhost`)).body).backend,
        ).toBe('rev-a');
      } finally {
        await split.close();
      }
    });

    it('reports an unroutable Ingress NetworkConfigured False naming the field', async () => {
      await client.create(ingress(ns, 'broken', [rule([`broken.${ns}.localhost`], [{ splits: [] }])]));
      const broken = await eventually(async () => {
        const ing = await getIngress('broken');
        expect(conditions(ing)).toMatchObject({ NetworkConfigured: 'False', Ready: 'False' });
        return ing;
      });
      expect(broken.status?.conditions?.find((c) => c.type === 'NetworkConfigured')).toMatchObject({
        reason: 'InvalidIngress',
        message: 'spec.rules[0].http.paths[0].splits: must not be empty',
      });
      expect((await get(gateway.httpPort, `broken.${ns}.localhost`)).status).toBe(404);
    });

    it('404 with a plain message naming an unknown host', async () => {
      const r = await get(gateway.httpPort, `nobody.${ns}.localhost:8080`);
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toMatch(/^text\/plain/);
      expect(r.body).toBe(`no route for host "nobody.${ns}.localhost"\n`);
    });

    it('503 naming the service when it has no ready endpoints', async () => {
      await readyIngress('empty');
      const r = await get(gateway.httpPort, `empty.${ns}.localhost`);
      expect(r.status).toBe(503);
      expect(r.body).toBe(`no ready endpoints for service "${ns}/no-endpoints"\n`);
    });

    it('follows Endpoints changes (pods becoming ready, Serve/Proxy switches) without a restart', async () => {
      await readyIngress('empty');
      const host = `empty.${ns}.localhost`;
      await ensure(client, endpoints('no-endpoints', a));
      await eventually(async () =>
        expect(seen((await get(gateway.httpPort, host)).body).backend).toBe('rev-a'),
      );
      await ensure(client, endpoints('no-endpoints', b));
      await eventually(async () =>
        expect(seen((await get(gateway.httpPort, host)).body).backend).toBe('rev-b'),
      );
      await client.delete({ apiVersion: 'v1', kind: 'Endpoints' }, 'no-endpoints', ns);
      await eventually(async () => expect((await get(gateway.httpPort, host)).status).toBe(503));
    });

    it('splits 50/50: over 200 requests each side gets at least 25%', async () => {
      await readyIngress('split');
      const counts: Record<string, number> = {};
      for (let i = 0; i < 200; i++) {
        const r = await get(gateway.httpPort, `split.${ns}.localhost`);
        const s = seen(r.body);
        expect(s.headers['knative-serving-revision']).toBe(s.backend);
        counts[s.backend] = (counts[s.backend] ?? 0) + 1;
      }
      expect(counts['rev-a']).toBeGreaterThanOrEqual(50);
      expect(counts['rev-b']).toBeGreaterThanOrEqual(50);
    });

    it('terminates TLS with the certificate of the SNI name (verified by the client)', async () => {
      await readyIngress('secure');
      const httpsPort = gateway.httpsPort as number;
      const r = await eventually(() => getTls(httpsPort, secureHost, ca.certPem, '/x'));
      expect(r.authorized).toBe(true);
      expect(r.certificateCn).toBe(secureHost);
      expect(r.status).toBe(200);
      const s = seen(r.body);
      expect(s.backend).toBe('rev-a');
      expect(s.headers['x-forwarded-proto']).toBe('https');
    });

    it('fails the handshake for a name without a certificate', async () => {
      await expect(
        getTls(gateway.httpsPort as number, `hello.${ns}.localhost`, ca.certPem),
      ).rejects.toThrow();
    });

    it('redirects plain HTTP to HTTPS for httpOption Redirected', async () => {
      await readyIngress('secure');
      const r = await get(gateway.httpPort, `${secureHost}:${gateway.httpPort}`, '/a?b=1');
      expect(r.status).toBe(301);
      expect(r.headers.location).toBe(`https://${secureHost}:${gateway.httpsPort}/a?b=1`);
    });

    it('routes a DomainMapping-style Ingress (rewriteHost) through the cluster-local route', async () => {
      await readyIngress('app.example.test');
      const r = await get(gateway.httpPort, 'app.example.test');
      expect(r.status).toBe(200);
      const s = seen(r.body);
      expect(s.backend).toBe('rev-b');
      expect(s.headers.host).toBe(`hello.${ns}.svc.cluster.local`);
      expect(s.headers['k-original-host']).toBe('app.example.test');
      expect(s.headers['knative-serving-revision']).toBe('rev-b');
    });

    it('431 for oversized request headers', async () => {
      const r = await get(gateway.httpPort, `hello.${ns}.localhost`, '/', { 'x-big': 'x'.repeat(100_000) });
      expect(r.status).toBe(431);
      expect(r.body).toContain('request headers too large');
    });

    it('streams a request body through and back', async () => {
      await readyIngress('hello');
      const chunk = Buffer.alloc(64 * 1024, 'k');
      const body = await new Promise<Buffer>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: gateway.httpPort,
            method: 'POST',
            path: '/echo',
            headers: { host: `hello.${ns}.localhost` },
            agent: false,
          },
          (res) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => parts.push(c));
            res.on('end', () => resolve(Buffer.concat(parts)));
          },
        );
        req.on('error', reject);
        for (let i = 0; i < 16; i++) req.write(chunk);
        req.end();
      });
      expect(body.length).toBe(16 * chunk.length);
      expect(body.every((c) => c === 'k'.charCodeAt(0))).toBe(true);
    });

    it('passes a WebSocket upgrade through', async () => {
      await readyIngress('hello');
      const echoed = await new Promise<{ status: number; backend: string; data: string }>(
        (resolve, reject) => {
          const socket = net.connect(gateway.httpPort, '127.0.0.1');
          let buffer = '';
          socket.on('connect', () =>
            socket.write(
              `GET /ws HTTP/1.1\r\nHost: hello.${ns}.localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
            ),
          );
          socket.on('data', (d: Buffer) => {
            buffer += d.toString();
            const end = buffer.indexOf('\r\n\r\n');
            if (end < 0) return;
            const head = buffer.slice(0, end);
            const rest = buffer.slice(end + 4);
            if (rest === '') {
              socket.write('ping');
              return;
            }
            socket.destroy();
            resolve({
              status: Number(head.split(' ')[1]),
              backend: /x-backend: (\S+)/i.exec(head)?.[1] ?? '',
              data: rest,
            });
          });
          socket.on('error', reject);
        },
      );
      expect(echoed).toEqual({ status: 101, backend: 'rev-a', data: 'ping' });
    });

    it('a client that disconnects aborts the upstream request', async () => {
      await readyIngress('hello');
      const before = a.aborted;
      await new Promise<void>((resolve, reject) => {
        const req = http.get(
          {
            host: '127.0.0.1',
            port: gateway.httpPort,
            path: '/hold',
            headers: { host: `hello.${ns}.localhost` },
            agent: false,
          },
          (res) => {
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          },
        );
        req.on('error', () => undefined);
        setTimeout(() => reject(new Error('no response head')), 10_000).unref();
      });
      await eventually(() => expect(a.aborted).toBe(before + 1));
    });

    it('serves /healthz, /readyz and request metrics on the admin port', async () => {
      await get(gateway.httpPort, `hello.${ns}.localhost`);
      await get(gateway.httpPort, `nobody.${ns}.localhost`);
      const admin = gateway.adminPort as number;
      expect((await get(admin, '127.0.0.1', '/healthz')).body).toBe('ok\n');
      expect((await get(admin, '127.0.0.1', '/readyz')).status).toBe(200);
      const metrics = (await get(admin, '127.0.0.1', '/metrics')).body;
      expect(metrics).toMatch(/kuack_gateway_requests_total\{[^}]*listener="http",code="200"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/kuack_gateway_requests_total\{[^}]*listener="http",code="404"[^}]*\} [1-9]/);
      expect(metrics).toMatch(
        /kuack_gateway_request_duration_seconds_count\{[^}]*listener="http"[^}]*\} [1-9]/,
      );
    });

    it('applies a route change without dropping the request in flight', async () => {
      await readyIngress('hello');
      // A request in flight to rev-a, held open by the backend.
      const inFlight = new Promise<{ status: number; body: string }>((resolve, reject) => {
        http
          .get(
            {
              host: '127.0.0.1',
              port: gateway.httpPort,
              path: '/hold',
              headers: { host: `hello.${ns}.localhost` },
              agent: false,
            },
            (res) => {
              let body = '';
              res.on('data', (c: Buffer) => (body += c.toString()));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            },
          )
          .on('error', reject);
      });
      await eventually(() => expect(a.held.size).toBe(1));

      const current = await getIngress('hello');
      await client.update({
        ...current,
        spec: {
          rules: [
            rule([`hello.${ns}.localhost`], [{ splits: [split(ns, 'rev-b')] }]),
            rule([`hello.${ns}.svc.cluster.local`], [{ splits: [split(ns, 'rev-b')] }], 'ClusterLocal'),
          ],
        },
      });
      const updated = await readyIngress('hello', (current.metadata.generation ?? 1) + 1);
      expect(updated.metadata.generation).toBe((current.metadata.generation ?? 1) + 1);
      const r = await get(gateway.httpPort, `hello.${ns}.localhost`);
      expect(seen(r.body).backend).toBe('rev-b');

      a.release();
      await expect(inFlight).resolves.toEqual({ status: 200, body: 'started\nreleased rev-a\n' });
    });
  });
}

function rule(
  hosts: string[],
  paths: NonNullable<IngressRule['http']>['paths'],
  visibility: 'ExternalIP' | 'ClusterLocal' = 'ExternalIP',
): IngressRule {
  return { hosts, visibility, http: { paths } };
}
