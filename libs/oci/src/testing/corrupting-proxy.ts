import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CorruptingProxy {
  host: string;
  /** Blob requests answered with one byte flipped. */
  corrupted: number;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a registry that flips one byte in the body of every blob GET, keeping its
 * length: the client must notice by digest, not by size.
 */
export async function startCorruptingProxy(upstream: string): Promise<CorruptingProxy> {
  const [upstreamHost, upstreamPort] = upstream.split(':');
  const state = { corrupted: 0 };
  const server = http.createServer((req, res) => {
    const forward = http.request(
      {
        host: upstreamHost,
        port: Number(upstreamPort),
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream },
      },
      (upstreamRes) => {
        const corrupt =
          req.method === 'GET' && /\/blobs\/sha256:/.test(req.url ?? '') && upstreamRes.statusCode === 200;
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        if (!corrupt) {
          upstreamRes.pipe(res);
          return;
        }
        state.corrupted++;
        let flipped = false;
        upstreamRes.on('data', (chunk: Buffer) => {
          if (!flipped && chunk.length > 0) {
            chunk = Buffer.from(chunk);
            chunk[Math.floor(chunk.length / 2)]! ^= 0xff;
            flipped = true;
          }
          res.write(chunk);
        });
        upstreamRes.on('end', () => res.end());
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    get corrupted() {
      return state.corrupted;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
