import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { proxyUpgrade, type UpgradeOutcome } from './upgrade';
import { closedPort, deferred } from './testing/servers';

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

async function listen(server: http.Server | net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => {
    server.close();
    if (server instanceof http.Server) server.closeAllConnections();
  });
  return (server.address() as AddressInfo).port;
}

/** An upstream that switches to a line echo protocol on `Upgrade: echo`, and answers 426 otherwise. */
async function echoUpstream(): Promise<number> {
  const server = http.createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('upgrade required');
  });
  server.on('upgrade', (req, socket: net.Socket, head: Buffer) => {
    if (req.headers.upgrade !== 'echo') {
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 3\r\nconnection: close\r\n\r\nbad');
      return;
    }
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nupgrade: echo\r\nconnection: Upgrade\r\nx-fwd: ${req.headers['x-forwarded-for']}\r\n\r\n`,
    );
    if (head.length) socket.write(head);
    socket.pipe(socket);
  });
  return listen(server);
}

async function proxyServer(targetPort: number, outcomes: UpgradeOutcome[]): Promise<number> {
  const server = http.createServer((_req, res) => res.end('plain'));
  server.on('upgrade', (req, socket, head) => {
    void proxyUpgrade(req, socket, head, { host: '127.0.0.1', port: targetPort }).then((o) =>
      outcomes.push(o),
    );
  });
  return listen(server);
}

function rawExchange(port: number, request: string, until: (data: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    sock.on('data', (c) => {
      data += c.toString();
      if (until(data)) {
        sock.destroy();
        resolve(data);
      }
    });
    sock.on('end', () => resolve(data));
    sock.on('error', reject);
    sock.write(request);
  });
}

describe('proxyUpgrade', () => {
  it('splices client and upstream after a 101 and carries bytes both ways', async () => {
    const outcomes: UpgradeOutcome[] = [];
    const port = await proxyServer(await echoUpstream(), outcomes);
    const got = deferred<string>();
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    sock.on('data', (c) => {
      data += c.toString();
      if (data.includes('ping\n')) got.resolve(data);
    });
    sock.write('GET /ws HTTP/1.1\r\nhost: x\r\nconnection: Upgrade\r\nupgrade: echo\r\n\r\n');
    sock.write('ping\n');
    const text = await got.promise;
    sock.destroy();
    expect(text).toMatch(/^HTTP\/1.1 101 Switching Protocols\r\n/);
    expect(text).toContain('x-fwd: 127.0.0.1');
    expect(text.endsWith('\r\n\r\nping\n')).toBe(true);
    expect(outcomes).toEqual(['upgraded']);
  });

  it('relays a refusal of the upgrade as a normal response', async () => {
    const outcomes: UpgradeOutcome[] = [];
    const port = await proxyServer(await echoUpstream(), outcomes);
    const text = await rawExchange(
      port,
      'GET / HTTP/1.1\r\nhost: x\r\nconnection: Upgrade\r\nupgrade: other\r\n\r\n',
      (d) => d.endsWith('bad'),
    );
    expect(text).toMatch(/^HTTP\/1.1 400 Bad Request/);
  });

  it('answers 502 when the upstream is not there', async () => {
    const port = await proxyServer(await closedPort(), []);
    const text = await rawExchange(
      port,
      'GET / HTTP/1.1\r\nhost: x\r\nconnection: Upgrade\r\nupgrade: echo\r\n\r\n',
      () => false,
    );
    expect(text).toMatch(/^HTTP\/1.1 502 Bad Gateway/);
  });
});
