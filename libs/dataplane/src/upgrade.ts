import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { addForwardingHeaders } from './forwarded';
import { withoutHopByHop } from './hop-by-hop';
import { messageForUpstreamError, statusForUpstreamError } from './proxy-errors';
import type { ProxyTarget } from './proxy';

export interface UpgradeProxyOptions {
  headers?: Record<string, string>;
  forwarded?: boolean;
  /** The upstream must answer the upgrade within this many ms, else 504. */
  timeoutMs?: number;
}

export type UpgradeOutcome = 'upgraded' | 'refused' | 'upstream-error' | 'client-aborted';

function rawResponseHead(status: number, statusMessage: string | undefined, rawHeaders: string[]): string {
  let head = `HTTP/1.1 ${status} ${statusMessage ?? http.STATUS_CODES[status] ?? ''}\r\n`;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) head += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return `${head}\r\n`;
}

/** Writes a complete plain-text error response on a raw socket and closes it. */
export function writeRawError(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\ncontent-type: text/plain; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * Passes a protocol switch (WebSocket, h2c) through: for a node:http server's 'upgrade' event. On 101 the
 * two sockets are spliced together; any other upstream answer is relayed as is and the socket closed;
 * a connection failure answers 502 (504 on timeout).
 */
export function proxyUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  target: ProxyTarget,
  opts: UpgradeProxyOptions = {},
): Promise<UpgradeOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (o: UpgradeOutcome) => {
      if (!settled) {
        settled = true;
        resolve(o);
      }
    };
    const headers = withoutHopByHop(req.headers, true);
    if (opts.forwarded !== false) addForwardingHeaders(req, headers);
    if (opts.headers) Object.assign(headers, opts.headers);
    const upstream = http.request({
      host: target.host,
      port: target.port,
      method: req.method,
      path: req.url,
      headers,
      agent: false,
    });
    if (opts.timeoutMs) {
      upstream.setTimeout(opts.timeoutMs, () =>
        upstream.destroy(Object.assign(new Error('upgrade timeout'), { code: 'ETIMEDOUT' })),
      );
    }
    const onClientGone = () => {
      upstream.destroy();
      finish('client-aborted');
    };
    socket.once('close', onClientGone);
    socket.on('error', () => undefined);

    upstream.on('upgrade', (ures: IncomingMessage, usocket: Duplex, uhead: Buffer) => {
      upstream.setTimeout(0);
      socket.off('close', onClientGone);
      if (socket.destroyed) {
        usocket.destroy();
        finish('client-aborted');
        return;
      }
      socket.write(rawResponseHead(ures.statusCode ?? 101, ures.statusMessage, ures.rawHeaders));
      if (uhead.length > 0) socket.write(uhead);
      if (head.length > 0) usocket.write(head);
      usocket.on('error', () => socket.destroy());
      socket.on('error', () => usocket.destroy());
      usocket.on('close', () => socket.destroy());
      socket.on('close', () => usocket.destroy());
      usocket.pipe(socket);
      socket.pipe(usocket);
      finish('upgraded');
    });

    upstream.on('response', (ures: IncomingMessage) => {
      upstream.setTimeout(0);
      const rawHeaders: string[] = [];
      for (let i = 0; i + 1 < ures.rawHeaders.length; i += 2) {
        const name = ures.rawHeaders[i].toLowerCase();
        if (name === 'connection' || name === 'transfer-encoding' || name === 'keep-alive') continue;
        rawHeaders.push(ures.rawHeaders[i], ures.rawHeaders[i + 1]);
      }
      rawHeaders.push('connection', 'close');
      socket.write(rawResponseHead(ures.statusCode ?? 502, ures.statusMessage, rawHeaders));
      ures.pipe(socket);
      ures.on('end', () => finish('refused'));
    });

    upstream.on('error', (err) => {
      if (settled) return;
      writeRawError(socket, statusForUpstreamError(err), messageForUpstreamError(err));
      finish('upstream-error');
    });
    upstream.end();
  });
}
