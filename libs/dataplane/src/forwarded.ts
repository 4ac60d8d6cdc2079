import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { Header } from './headers';

/** The peer address of the connection, with the IPv4-mapped IPv6 prefix removed. */
export function clientAddress(req: IncomingMessage): string {
  const addr = req.socket.remoteAddress ?? '';
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}

/** The scheme the client used on this hop. */
export function requestProtocol(req: IncomingMessage): 'http' | 'https' {
  return (req.socket as TLSSocket).encrypted ? 'https' : 'http';
}

/** A node of RFC 7239: IPv6 addresses are quoted and bracketed. */
export function forwardedNode(address: string): string {
  return address.includes(':') ? `"[${address}]"` : address;
}

function single(value: string | string[] | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * Adds this hop to the forwarding headers of `headers` (the outgoing copy of `req.headers`):
 * X-Forwarded-For gets the peer appended; X-Forwarded-Proto and X-Forwarded-Host are set when absent; and
 * Forwarded gets `for=<peer>` appended, or is built from the X-Forwarded-* values when absent (the shape
 * of Knative's forwarded shim: `for=<client>;host=<host>;proto=<proto>, for=<proxy>…`).
 */
export function addForwardingHeaders(req: IncomingMessage, headers: OutgoingHttpHeaders): void {
  const peer = clientAddress(req);
  const xff = single(headers[Header.XForwardedFor]);
  headers[Header.XForwardedFor] = xff ? `${xff}, ${peer}` : peer;
  if (headers[Header.XForwardedProto] === undefined) headers[Header.XForwardedProto] = requestProtocol(req);
  if (headers[Header.XForwardedHost] === undefined && req.headers.host !== undefined) {
    headers[Header.XForwardedHost] = req.headers.host;
  }
  const existing = single(headers[Header.Forwarded]);
  if (existing) {
    headers[Header.Forwarded] = `${existing}, for=${forwardedNode(peer)}`;
    return;
  }
  headers[Header.Forwarded] = buildForwarded(
    single(headers[Header.XForwardedFor]) ?? '',
    single(headers[Header.XForwardedProto]) ?? '',
    single(headers[Header.XForwardedHost]) ?? '',
  );
}

/** RFC 7239 Forwarded value from X-Forwarded-For/Proto/Host. */
export function buildForwarded(xff: string, proto: string, host: string): string {
  const nodes = xff
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  const first: string[] = [];
  if (nodes.length > 0) first.push(`for=${forwardedNode(nodes[0])}`);
  if (host) first.push(`host=${quoteIfNeeded(host)}`);
  if (proto) first.push(`proto=${proto}`);
  return [first.join(';'), ...nodes.slice(1).map((n) => `for=${forwardedNode(n)}`)]
    .filter((e) => e)
    .join(', ');
}

/** RFC 7239 values are tokens or quoted strings; a host with a port contains ':' and must be quoted. */
function quoteIfNeeded(value: string): string {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`;
}
