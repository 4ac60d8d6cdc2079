/**
 * The bundled queue-proxy as a real process in front of a real user HTTP server, both on a loopback address
 * of their own (the "Pod IP"), as the node agent runs them.
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import {
  bundleQueueProxy,
  startQueueProxyProcess,
  type QueueProxyProcess,
} from './testing/queue-proxy-process';

jest.setTimeout(30_000);

const POD_IP = `127.0.${10 + Math.floor(Math.random() * 200)}.${2 + Math.floor(Math.random() * 250)}`;

let bundle: { file: string; cleanup: () => Promise<void> };
const processes: QueueProxyProcess[] = [];
const servers: http.Server[] = [];

beforeAll(async () => {
  bundle = await bundleQueueProxy();
});
afterAll(async () => {
  await bundle?.cleanup();
});
afterEach(async () => {
  for (const p of processes.splice(0)) {
    p.kill();
    await p.exited;
  }
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** The user container: /headers echoes the request headers; /sleep?ms=N answers after N ms; /block waits for release(). */
class UserServer {
  inFlight = 0;
  maxInFlight = 0;
  received = 0;
  private waiting: Array<() => void> = [];
  server = http.createServer((req, res) => this.handle(req, res));
  port = 0;

  async listen(port = 0): Promise<this> {
    await new Promise<void>((r) => this.server.listen(port, POD_IP, r));
    this.port = (this.server.address() as AddressInfo).port;
    servers.push(this.server);
    return this;
  }

  release(): void {
    this.waiting.splice(0).forEach((w) => w());
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.received++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    const url = new URL(req.url ?? '/', 'http://x');
    const ms = Number(url.searchParams.get('ms') ?? 0);
    switch (url.pathname) {
      case '/headers':
        return void res.end(JSON.stringify(req.headers));
      case '/sleep':
        return void setTimeout(() => res.end('slept'), ms);
      case '/first-byte-then-sleep':
        res.writeHead(200);
        res.write('started;');
        return void setTimeout(() => res.end('done'), ms);
      case '/block':
        return void this.waiting.push(() => res.end('released'));
      case '/silent':
        return; // never answers
      default:
        res.end('hello');
    }
  }
}

interface Reply {
  status: number;
  body: string;
}

function get(port: number, path: string, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: POD_IP, port, path, headers, agent: false }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const probe = (qp: QueueProxyProcess) =>
  get(qp.serving, '/', { 'k-network-probe': 'queue', 'user-agent': 'kube-probe/1.30' });

async function eventually<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what}: still ${JSON.stringify(last)}`);
}

async function startQP(
  user: UserServer | { port: number },
  env: Record<string, string> = {},
): Promise<QueueProxyProcess> {
  const qp = await startQueueProxyProcess(bundle.file, {
    SERVING_NAMESPACE: 'qp-test',
    SERVING_CONFIGURATION: 'hello',
    SERVING_REVISION: 'hello-00001',
    SERVING_POD: 'hello-00001-deployment-x',
    SERVING_POD_IP: POD_IP,
    QUEUE_BIND_ADDRESS: POD_IP,
    USER_PORT: String(user.port),
    CONTAINER_CONCURRENCY: '0',
    REVISION_TIMEOUT_SECONDS: '30',
    SERVING_READINESS_PROBE: JSON.stringify({
      tcpSocket: { port: user.port, host: '127.0.0.1' },
      successThreshold: 1,
    }),
    QUEUE_DRAIN_PERIOD_SECONDS: '0.3',
    ...env,
  });
  processes.push(qp);
  return qp;
}

describe('queue-proxy (bundled, real processes)', () => {
  it('proxies to the user container on the Pod IP, strips the revision headers and adds forwarding headers', async () => {
    const user = await new UserServer().listen();
    const qp = await startQP(user);
    const res = await get(qp.serving, '/headers', {
      'knative-serving-revision': 'hello-00001',
      'knative-serving-namespace': 'qp-test',
      'x-custom': 'kept',
      host: 'hello.qp-test.localhost',
    });
    expect(res.status).toBe(200);
    const headers = JSON.parse(res.body);
    expect(headers['knative-serving-revision']).toBeUndefined();
    expect(headers['knative-serving-namespace']).toBeUndefined();
    expect(headers).toMatchObject({
      'x-custom': 'kept',
      host: 'hello.qp-test.localhost',
      'x-forwarded-proto': 'http',
    });
    // The client's address (the kernel picks 127.0.0.1 as source for loopback destinations).
    expect(headers['x-forwarded-for']).toMatch(/^127\.\d+\.\d+\.\d+$/);
    expect(headers.forwarded).toBe(
      `for=${headers['x-forwarded-for']};host=hello.qp-test.localhost;proto=http`,
    );
  });

  it('answers K-Network-Probe: queue with 503 until the user container listens, then 200 "queue"', async () => {
    const placeholder = await new UserServer().listen();
    const port = placeholder.port;
    placeholder.server.close();
    servers.splice(servers.indexOf(placeholder.server), 1);
    const qp = await startQP({ port });
    expect((await probe(qp)).status).toBe(503);
    await new UserServer().listen(port);
    const ready = await eventually(
      () => probe(qp),
      (r) => r.status === 200,
      'probe after the user container listens',
    );
    expect(ready.body).toBe('queue');
  });

  it('with containerConcurrency=1 never lets two requests overlap under 5 concurrent clients', async () => {
    const user = await new UserServer().listen();
    const qp = await startQP(user, { CONTAINER_CONCURRENCY: '1' });
    const client = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await get(qp.serving, '/sleep?ms=20')).status);
      return statuses;
    };
    const results = (await Promise.all([client(), client(), client(), client(), client()])).flat();
    expect(results).toEqual(Array(20).fill(200));
    expect(user.received).toBe(20);
    expect(user.maxInFlight).toBe(1);
  });

  it('answers 503 beyond containerConcurrency + 10×cc queued requests', async () => {
    const user = await new UserServer().listen();
    const qp = await startQP(user, { CONTAINER_CONCURRENCY: '1' });
    const replies: Reply[] = [];
    const all = Array.from({ length: 13 }, () => get(qp.serving, '/block').then((r) => (replies.push(r), r)));
    await eventually(
      async () => replies.length,
      (n) => n === 2,
      'overflow replies',
    );
    expect(replies.map((r) => r.status)).toEqual([503, 503]);
    expect(replies[0].body).toContain('queue full');
    expect(user.inFlight).toBe(1);
    // Release one at a time: each queued request reaches the container after the previous one ended.
    while (replies.length < 13) {
      user.release();
      await new Promise((r) => setTimeout(r, 5));
    }
    const statuses = (await Promise.all(all)).map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(11);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    expect(user.maxInFlight).toBe(1);
  });

  it('answers 504 "request timeout" for timeoutSeconds, responseStartTimeoutSeconds and idleTimeoutSeconds', async () => {
    const user = await new UserServer().listen();
    const [total, start, idle] = await Promise.all([
      startQP(user, { REVISION_TIMEOUT_SECONDS: '1' }),
      startQP(user, { REVISION_TIMEOUT_SECONDS: '30', REVISION_RESPONSE_START_TIMEOUT_SECONDS: '1' }),
      startQP(user, { REVISION_TIMEOUT_SECONDS: '30', REVISION_IDLE_TIMEOUT_SECONDS: '1' }),
    ]);
    const [t, s, i, fastEnough, startedInTime] = await Promise.all([
      get(total.serving, '/sleep?ms=2500'),
      get(start.serving, '/sleep?ms=2500'),
      get(idle.serving, '/silent'),
      get(total.serving, '/sleep?ms=10'),
      // The response starts at once: the response-start timeout no longer applies.
      get(start.serving, '/first-byte-then-sleep?ms=1500'),
    ]);
    expect(t).toEqual({ status: 504, body: 'request timeout\n' });
    expect(s).toEqual({ status: 504, body: 'request timeout\n' });
    expect(i).toEqual({ status: 504, body: 'request timeout\n' });
    expect(fastEnough).toEqual({ status: 200, body: 'slept' });
    expect(startedInTime).toEqual({ status: 200, body: 'started;done' });
  });

  it('on SIGTERM fails probes, keeps serving during the drain period, completes the in-flight request and exits 0', async () => {
    const user = await new UserServer().listen();
    const qp = await startQP(user, { QUEUE_DRAIN_PERIOD_SECONDS: '0.5' });
    await eventually(
      () => probe(qp),
      (r) => r.status === 200,
      'ready',
    );
    const inFlight = get(qp.serving, '/sleep?ms=1500');
    await eventually(
      async () => user.inFlight,
      (n) => n === 1,
      'request reached the user container',
    );
    qp.kill('SIGTERM');
    const during = await eventually(
      () => probe(qp),
      (r) => r.status === 503,
      'probe fails while draining',
    );
    expect(during.body).toBe('shutting down');
    expect(await get(qp.serving, '/')).toEqual({ status: 200, body: 'hello' });
    expect(await inFlight).toEqual({ status: 200, body: 'slept' });
    expect(await qp.exited).toBe(0);
  });

  it('reports stats since the previous scrape on :9090/stats, counting activator-proxied requests, and Prometheus text on /metrics', async () => {
    const user = await new UserServer().listen();
    const qp = await startQP(user);
    await get(qp.metrics, '/stats'); // starts a fresh period
    await get(qp.serving, '/');
    await get(qp.serving, '/', { 'k-proxy-request': 'activator' });
    await probe(qp); // probes are not requests
    const stat = JSON.parse((await get(qp.metrics, '/stats')).body);
    expect(stat).toMatchObject({
      podName: 'hello-00001-deployment-x',
      requestCount: 2,
      proxiedRequestCount: 1,
    });
    expect(stat.averageConcurrentRequests).toBeGreaterThan(0);
    expect(typeof stat.timestamp).toBe('number');
    expect(JSON.parse((await get(qp.metrics, '/stats')).body)).toMatchObject({ requestCount: 0 });
    const metrics = await get(qp.metrics, '/metrics');
    expect(metrics.body).toContain('queue_average_concurrent_requests{destination_namespace="qp-test"');
    expect(metrics.body).toMatch(/queue_requests_total\{[^}]*response_code_class="2xx"\} 2/);
  });

  it('answers /wait-for-drain on the admin port', async () => {
    const user = await new UserServer().listen();
    const qp = await startQP(user);
    expect((await get(qp.admin, '/wait-for-drain')).status).toBe(200);
    // Draining fails probes until, no shutdown having followed, the drain is cancelled after a second.
    expect((await probe(qp)).status).toBe(503);
    await eventually(
      () => probe(qp),
      (r) => r.status === 200,
      'probe after the drain was cancelled',
    );
  });

  it('passes protocol upgrades (WebSocket-style) through to the user container', async () => {
    const user = await new UserServer().listen();
    user.server.on('upgrade', (_req, socket: Duplex) => {
      socket.write('HTTP/1.1 101 Switching Protocols\r\nupgrade: echo\r\nconnection: Upgrade\r\n\r\n');
      socket.pipe(socket);
    });
    const qp = await startQP(user);
    const echoed = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(qp.serving, POD_IP);
      let data = '';
      sock.on('data', (c) => {
        data += c.toString();
        if (data.includes('ping')) {
          sock.destroy();
          resolve(data);
        }
      });
      sock.on('error', reject);
      sock.write('GET /ws HTTP/1.1\r\nhost: x\r\nconnection: Upgrade\r\nupgrade: echo\r\n\r\nping');
    });
    expect(echoed).toMatch(/^HTTP\/1.1 101 Switching Protocols\r\n/);
    expect(echoed.endsWith('\r\n\r\nping')).toBe(true);
  });

  it('exits 2 naming the variable when the env is incomplete', async () => {
    await expect(startQueueProxyProcess(bundle.file, { SERVING_NAMESPACE: 'x' })).rejects.toThrow(
      /exited \(2\)[\s\S]*SERVING_POD_IP: is required/,
    );
  });
});
