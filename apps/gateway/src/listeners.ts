import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type tls from 'node:tls';
import { writeRawError } from '@kuack/dataplane';

export interface ListenerHandlers {
  request: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  upgrade: (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;
}

export interface ServerLimits {
  /** Request line + headers, bytes; beyond → 431. */
  maxHeaderBytes: number;
}

/**
 * Malformed requests get an answer instead of a silent close: oversized headers → 431 naming the limit,
 * other parse errors → 400. Connections already gone are just destroyed.
 */
export function answerClientError(limits: ServerLimits) {
  return (err: Error & { code?: string }, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      writeRawError(socket, 431, `request headers too large (limit ${limits.maxHeaderBytes} bytes)`);
      return;
    }
    writeRawError(socket, 400, `bad request: ${err.code ?? err.message}`);
  };
}

const SOCKETS = Symbol('sockets');
type TrackedServer = http.Server & { [SOCKETS]?: Set<Duplex> };

function configure<S extends http.Server>(server: S, handlers: ListenerHandlers, limits: ServerLimits): S {
  // Upgraded (WebSocket) sockets leave node:http's own tracking; keep them to cut them at the end of a drain.
  const sockets = new Set<Duplex>();
  (server as TrackedServer)[SOCKETS] = sockets;
  server.on(server instanceof https.Server ? 'secureConnection' : 'connection', (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', handlers.request);
  server.on('upgrade', handlers.upgrade);
  server.on('clientError', answerClientError(limits));
  // Revisions have their own timeouts (queue-proxy); long streams through the gateway are not cut here.
  server.requestTimeout = 0;
  return server;
}

export function createHttpListener(handlers: ListenerHandlers, limits: ServerLimits): http.Server {
  return configure(http.createServer({ maxHeaderSize: limits.maxHeaderBytes }), handlers, limits);
}

/** HTTPS with the certificate chosen per SNI name; a name without a certificate fails the handshake. */
export function createHttpsListener(
  handlers: ListenerHandlers,
  limits: ServerLimits,
  contextFor: (serverName: string) => tls.SecureContext | undefined,
): https.Server {
  const server = https.createServer({
    maxHeaderSize: limits.maxHeaderBytes,
    ALPNProtocols: ['http/1.1'],
    SNICallback: (serverName, cb) => {
      const context = contextFor(serverName);
      if (context) cb(null, context);
      else cb(new Error(`no certificate for "${serverName}"`));
    },
  });
  return configure(server, handlers, limits);
}

export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(new Error(`listen ${host}:${port}: ${err.message}`));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting, lets in-flight requests finish within `graceMs`, then cuts what is left. */
export function closeServer(server: http.Server, graceMs: number): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      for (const socket of (server as TrackedServer)[SOCKETS] ?? []) socket.destroy();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
