import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/** What a test backend saw of one request. */
export interface Seen {
  backend: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A tiny HTTP server standing in for a revision: answers JSON naming itself and echoing the request headers;
 * `/hold` starts a response and waits for `release()`; POST `/echo` streams the body back; upgrades echo bytes.
 */
export class Backend {
  readonly server: http.Server;
  readonly held = new Set<http.ServerResponse>();
  /** Requests to /hold whose client went away before release. */
  aborted = 0;
  port = 0;

  constructor(readonly name: string) {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('upgrade', (_req: http.IncomingMessage, socket: Duplex) => {
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n' +
          `x-backend: ${this.name}\r\n\r\n`,
      );
      socket.pipe(socket);
    });
  }

  async listen(host: string): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, host, resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  release(): void {
    for (const res of this.held) res.end(`released ${this.name}\n`);
    this.held.clear();
  }

  close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.url === '/hold') {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-backend': this.name });
      res.write('started\n');
      this.held.add(res);
      res.on('close', () => {
        if (!res.writableFinished) this.aborted++;
        this.held.delete(res);
      });
      return;
    }
    if (req.method === 'POST' && req.url === '/echo') {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-backend': this.name });
      req.pipe(res);
      return;
    }
    const seen: Seen = { backend: this.name, url: req.url ?? '', headers: req.headers };
    res.writeHead(200, { 'content-type': 'application/json', 'x-backend': this.name });
    res.end(JSON.stringify(seen));
  }
}
