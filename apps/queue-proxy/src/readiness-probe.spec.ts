import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { parseReadinessProbe, runReadinessChecks } from './readiness-probe';

const POD_IP = '127.0.0.1';

describe('parseReadinessProbe', () => {
  it('reads Knative default TCP probe and maps the local host to the Pod IP', () => {
    expect(
      parseReadinessProbe('{"tcpSocket":{"port":8080,"host":"127.0.0.1"},"successThreshold":1}', '127.1.0.9'),
    ).toEqual({
      checks: [{ kind: 'tcp', host: '127.1.0.9', port: 8080 }],
      periodMs: 0,
      timeoutMs: 1000,
      successThreshold: 1,
      failureThreshold: 3,
    });
  });

  it('reads an httpGet probe with headers, scheme, period and thresholds', () => {
    const spec = parseReadinessProbe(
      JSON.stringify({
        httpGet: {
          path: 'healthz',
          port: '8080',
          scheme: 'HTTPS',
          httpHeaders: [{ name: 'X-A', value: 'b' }],
        },
        periodSeconds: 2,
        timeoutSeconds: 3,
        successThreshold: 2,
        failureThreshold: 5,
      }),
      '127.1.0.9',
    );
    expect(spec).toEqual({
      checks: [
        {
          kind: 'http',
          host: '127.1.0.9',
          port: 8080,
          path: '/healthz',
          scheme: 'https',
          headers: [['X-A', 'b']],
        },
      ],
      periodMs: 2000,
      timeoutMs: 3000,
      successThreshold: 2,
      failureThreshold: 5,
    });
  });

  it('accepts an array of probes (several containers)', () => {
    const spec = parseReadinessProbe('[{"tcpSocket":{"port":1}},{"tcpSocket":{"port":2}}]', POD_IP);
    expect(spec.checks.map((c) => c.port)).toEqual([1, 2]);
  });

  it.each([
    ['not json', /SERVING_READINESS_PROBE: is not JSON/],
    ['{"exec":{"command":["true"]}}', /exec probes/],
    ['{"tcpSocket":{"port":"http"}}', /SERVING_READINESS_PROBE\.tcpSocket\.port: must be a port number/],
    ['{}', /needs httpGet, tcpSocket or grpc/],
    ['[]', /has no probe/],
  ])('rejects %s naming the field', (json, message) => {
    expect(() => parseReadinessProbe(json, POD_IP)).toThrow(message);
  });
});

describe('runReadinessChecks', () => {
  const closers: Array<() => void> = [];
  afterEach(() => closers.splice(0).forEach((c) => c()));

  async function listenOn(server: net.Server): Promise<number> {
    await new Promise<void>((r) => server.listen(0, POD_IP, r));
    closers.push(() => server.close());
    return (server.address() as AddressInfo).port;
  }
  async function freePort(): Promise<number> {
    const s = net.createServer();
    const port = await listenOn(s);
    s.close();
    return port;
  }

  it('passes a TCP check when something listens and fails it otherwise', async () => {
    const port = await listenOn(net.createServer((s) => s.destroy()));
    expect(await runReadinessChecks([{ kind: 'tcp', host: POD_IP, port }], 100)).toBe(true);
    expect(await runReadinessChecks([{ kind: 'tcp', host: POD_IP, port: await freePort() }], 100)).toBe(
      false,
    );
  });

  it('passes an HTTP check on 2xx/3xx, sends the probe headers, and fails on 5xx or a timeout', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const port = await listenOn(
      http.createServer((req, res) => {
        seen.push(req.headers);
        if (req.url === '/hang') return;
        res.statusCode = req.url === '/ok' ? 200 : req.url === '/redirect' ? 302 : 500;
        res.end();
      }),
    );
    const check = (path: string) =>
      runReadinessChecks(
        [{ kind: 'http', host: POD_IP, port, path, scheme: 'http', headers: [['X-Probe', 'yes']] }],
        100,
      );
    expect(await check('/ok')).toBe(true);
    expect(await check('/redirect')).toBe(true);
    expect(await check('/fail')).toBe(false);
    expect(await check('/hang')).toBe(false);
    expect(seen[0]).toMatchObject({ 'x-probe': 'yes', 'user-agent': 'kube-probe/kuack' });
  });
});
